using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// The library calls that never use the connection they are handed beyond the call, and open what they use
/// themselves: so a new, unopened connection per call gets what the shared, never-opened one got.
/// <list type="bullet">
/// <item>TShock's <c>DbExt</c> (<c>TShockAPI.DB</c>): <c>Query</c>, <c>QueryReader</c>, <c>QueryScalar</c>,
/// <c>QueryReaderDict</c> copy the connection's type and string (<c>CloneEx</c>), open and dispose the copy (the reader's
/// with its <c>QueryResult</c>); <c>GetSqlType</c> reads the type's name (Pryaxis/TShock@5d585bb891ef,
/// TShockAPI/Extensions/DbExt.cs). <c>GetSqlQueryBuilder</c> (later TShock releases; not in that snapshot) picks the SQL
/// dialect's query builder for the connection. <c>SqlTableCreator</c> and <c>SqlTableEditor</c> keep the connection
/// and only hand it to those methods (TShockAPI/DB/SqlTable.cs, SqlValue.cs).</item>
/// <item>Dapper's <c>SqlMapper</c> and Dapper.Contrib's <c>SqlMapperExtensions</c>: a closed connection is opened for
/// the call and closed after it (a reader's or grid's with <c>CommandBehavior.CloseConnection</c>).</item>
/// </list>
/// A call the compilation cannot bind (the library's assembly missing from the build) counts by its name, in a file that
/// imports the library's namespace (<c>TShockAPI.DB</c>, <c>Dapper</c>). Anything else — ADO.NET, a library that may keep or open the connection — does not.
/// </summary>
internal static class SelfOpeningLibraries
{
    private static readonly HashSet<string> DbExtMethods = new(System.StringComparer.Ordinal)
    {
        "Query", "QueryReader", "QueryScalar", "QueryReaderDict", "GetSqlType", "GetSqlQueryBuilder",
    };

    private static readonly HashSet<string> TShockStores = new(System.StringComparer.Ordinal) { "SqlTableCreator", "SqlTableEditor" };

    private static readonly HashSet<string> DapperTypes = new(System.StringComparer.Ordinal)
    {
        "Dapper.SqlMapper", "Dapper.Contrib.Extensions.SqlMapperExtensions",
    };

    /// <summary>Whether <paramref name="called"/> (bound as <paramref name="info"/>) is one of those calls or creations.</summary>
    public static bool OpensItsOwn(SymbolInfo info, ExpressionSyntax called)
    {
        if (info.Symbol is IMethodSymbol method)
        {
            var owner = method.ContainingType?.OriginalDefinition.ToDisplayString();
            return method.MethodKind == MethodKind.Constructor
                ? owner is "TShockAPI.DB.SqlTableCreator" or "TShockAPI.DB.SqlTableEditor"
                : (owner == "TShockAPI.DB.DbExt" && DbExtMethods.Contains(method.Name)) || (owner is not null && DapperTypes.Contains(owner));
        }

        if (info.Symbol is not null || !info.CandidateSymbols.IsEmpty)
        {
            return false;
        }

        // Unbound: TShock's assembly is missing from the build (the plugin's project references it).
        return called switch
        {
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } =>
                (DbExtMethods.Contains(access.Name.Identifier.ValueText) && Imports(called, "TShockAPI.DB"))
                || (IsDapperName(access.Name.Identifier.ValueText) && Imports(called, "Dapper")),
            BaseObjectCreationExpressionSyntax creation => CreatedTypeName(creation) is { } name && TShockStores.Contains(name) && Imports(called, "TShockAPI.DB"),
            _ => false,
        };
    }

    /// <summary>Every extension of <c>IDbConnection</c> Dapper's <c>SqlMapper</c> declares is a <c>Query…</c> or <c>Execute…</c>.</summary>
    private static bool IsDapperName(string name) =>
        name.StartsWith("Query", System.StringComparison.Ordinal) || name.StartsWith("Execute", System.StringComparison.Ordinal);

    private static string? CreatedTypeName(BaseObjectCreationExpressionSyntax creation) => creation switch
    {
        ObjectCreationExpressionSyntax { Type: IdentifierNameSyntax name } => name.Identifier.ValueText,
        ObjectCreationExpressionSyntax { Type: QualifiedNameSyntax { Right: IdentifierNameSyntax right } } => right.Identifier.ValueText,
        _ => null,
    };

    /// <summary>A <c>using</c> of the namespace in the file (or its namespace is, or encloses, the file's).</summary>
    private static bool Imports(SyntaxNode node, string ns) =>
        node.SyntaxTree.GetRoot().DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
            .OfType<UsingDirectiveSyntax>().Any(u => u.Alias is null && u.Name?.ToString() == ns)
        || node.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Any(n => (n.Name.ToString() + ".").StartsWith(ns + ".", System.StringComparison.Ordinal));
}
