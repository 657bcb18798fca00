using Microsoft.CodeAnalysis;

namespace StaleConn.Analyzers.Internal;

internal static class DisplayFormats
{
    /// <summary>Short type names for messages: <c>MySqlConnection</c>, never <c>MySqlConnection?</c>.</summary>
    public static readonly SymbolDisplayFormat TypeName = SymbolDisplayFormat.MinimallyQualifiedFormat
        .RemoveMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);
}
