using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace StaleConn.Analyzers.Internal;

/// <summary>Looking through the implicit and explicit conversions the compiler wraps around a value.</summary>
internal static class ConversionOperations
{
    /// <summary>The value under any conversions: <c>(object)connection</c>, an argument converted to its parameter's type.</summary>
    public static IOperation SkipConversions(this IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }
}
