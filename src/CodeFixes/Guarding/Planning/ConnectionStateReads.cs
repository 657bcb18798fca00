using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A unit of work reads the connection's <c>State</c> as program state (<c>return SqlCon.State == ConnectionState.Open;</c>
/// as a "logged in" check, a log line): a lease's or a per-use connection is open whenever it is read, so the check would
/// always say open. Only the checks the fix removes with the <c>Open</c> they guard (<c>if (c.State != Open) c.Open();</c>)
/// may read it.
/// </summary>
internal static class ConnectionStateReads
{
    public static NoFixReason? Check(PlanContext context, MemberReferences references, IReadOnlyList<LocalCopy> copies)
    {
        // A factory that hands out a closed connection, as the accessor did, leaves the callers' own state checks true to form.
        if (!LocalCopies.HandsOutOpen(context))
        {
            return null;
        }

        var reads = references.Uses.Select(u => (Connection: u.Connection, u.Plan))
            .Concat(copies.SelectMany(c => c.References.Select(r => (Connection: (ExpressionSyntax)r, c.Plan))));
        foreach (var (connection, plan) in reads)
        {
            if (connection.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "State" } access && access.Expression == connection
                && !connection.Ancestors().OfType<StatementSyntax>().Any(plan.RemovedStatements.Contains))
            {
                return NoFixReason.ConnectionStateObserved;
            }
        }

        return null;
    }
}
