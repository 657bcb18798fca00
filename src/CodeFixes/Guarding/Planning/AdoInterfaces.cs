using System.Linq;
using Microsoft.CodeAnalysis;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// ADO.NET's own interfaces read off a type: every provider's connection, command, reader, transaction and data adapter
/// implements <c>System.Data.IDbConnection</c>, <c>IDbCommand</c>, <c>IDataReader</c>, <c>IDbTransaction</c> or
/// <c>IDbDataAdapter</c>, so the steps tell them apart by these names without knowing the provider.
/// </summary>
internal static class AdoInterfaces
{
    /// <summary>True when <paramref name="type"/> is or implements <c>System.Data.</c><paramref name="name"/>.</summary>
    public static bool Implements(ITypeSymbol? type, string name) =>
        type is not null
        && type.AllInterfaces.Append(type as INamedTypeSymbol).Any(t => t is { ContainingNamespace: { Name: "Data", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } && t.Name == name);
}
