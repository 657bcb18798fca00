using System.Linq;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A <c>catch</c> that only throws what it caught (<c>catch (Exception) { throw; }</c>, <c>catch (SqlException ex) { throw ex; }</c>):
/// the failure reaches the callers as if no <c>try</c> caught it, so it handles nothing a lease outside the <c>try</c> would
/// skip. A filter (<c>when</c>) may run code, so a filtered catch is not one.
/// </summary>
internal static class RethrowOnlyCatches
{
    /// <summary>True when <paramref name="attempt"/> has a catch that does more than rethrow: a failure in its block stops there.</summary>
    public static bool Handles(TryStatementSyntax attempt) => attempt.Catches.Any(c => !IsRethrowOnly(c));

    /// <summary>True when <paramref name="clause"/> has no filter and its block is one <c>throw;</c> or <c>throw</c> of its own variable.</summary>
    public static bool IsRethrowOnly(CatchClauseSyntax clause) =>
        clause.Filter is null
        && clause.Block.Statements.Count == 1 && clause.Block.Statements[0] is ThrowStatementSyntax thrown
        && (thrown.Expression is null
            || (thrown.Expression is IdentifierNameSyntax name && clause.Declaration is { } declaration
                && name.Identifier.ValueText == declaration.Identifier.ValueText && declaration.Identifier.ValueText.Length > 0));
}
