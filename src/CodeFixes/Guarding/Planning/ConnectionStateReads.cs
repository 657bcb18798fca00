using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A unit of work reads the connection's <c>State</c> as program state (<c>return SqlCon.State == ConnectionState.Open;</c>
/// as a "logged in" check, a log line): a lease's or a per-use connection is open whenever it is read, so the check would
/// always say open. Declined only where the state leaves a member other code can call (a non-private method or
/// property returns it): a private gate before an <c>Open</c> (<c>if (!Connected) Open();</c>,
/// ivan-draga/rAPB) or a UI reaction inside one method still behaves as before with an always-open connection. The checks
/// the fix removes with the <c>Open</c> they guard (<c>if (c.State != Open) c.Open();</c>) may read it anywhere. A
/// non-private member whose every caller in the solution only gates an opener the fix empties with it
/// (<c>if (_levels.IsClosed) _levels.Open();</c>, NotAloneAgain/Marine) is such a gate too (<see cref="OpenGates"/>).
/// </summary>
internal static class ConnectionStateReads
{
    public static async Task<NoFixReason?> CheckAsync(PlanContext context, MemberReferences references, IReadOnlyList<LocalCopy> copies)
    {
        // A factory that hands out a closed connection, as the accessor did, leaves the callers' own state checks true to form;
        // not where the old code opened the member and left it open (B1Q's `Connect()`), so that it read open at rest.
        if (!LocalCopies.HandsOutOpen(context) && !LeftOpen(references))
        {
            return null;
        }

        var reads = references.Uses.Select(u => (Connection: u.Connection, u.Plan))
            .Concat(copies.SelectMany(c => c.References.Select(r => (Connection: (ExpressionSyntax)r, c.Plan))));
        foreach (var (connection, plan) in reads)
        {
            if (SyntaxShapes.IsStateRead(connection)
                && !connection.Ancestors().OfType<StatementSyntax>().Any(plan.RemovedStatements.Contains)
                && ReturnedFromCallableMember((ExpressionSyntax)connection.Parent!) is { } member
                && !await OpenGates.OnlyGateEmptiedOpenersAsync(context, references, member).ConfigureAwait(false))
            {
                return NoFixReason.ConnectionStateObserved;
            }
        }

        return context.PerUseMode && LocalCopies.HandsOutOpen(context) && UnitOnlyReadingState(references)
            ? NoFixReason.ConnectionStateObserved
            : null;
    }

    /// <summary>
    /// A function whose only use of the member is reading its state (RAHUL1115/hotlmangementhinduja's form constructor:
    /// <c>if (Program.con.State == ConnectionState.Open) { databaseloading.Dispose(); }</c>). Per use it would open a
    /// connection only to find it open: a connect on the UI thread, which throws with the server down, where the old code
    /// only looked.
    /// </summary>
    private static bool UnitOnlyReadingState(MemberReferences references)
    {
        // A function that opened the member itself (anhvu2001ct/Excel-to-Form's `Sql.Open(); Console.WriteLine(Sql.State);`
        // at start-up) connected there already: the per-use connection opens where the old code did.
        var opening = references.OpenCalls
            .Select(open => SyntaxShapes.EnclosingFunctions(open) is { Count: > 0 } chain ? chain[0] : null)
            .ToList();
        var byFunction = references.Uses
            .Where(u => !u.Connection.Ancestors().OfType<StatementSyntax>().Any(u.Plan.RemovedStatements.Contains))
            .GroupBy(u => SyntaxShapes.EnclosingFunctions(u.Connection) is { Count: > 0 } chain ? chain[0] : null)
            .Where(g => !opening.Contains(g.Key));
        // A state handed out (`bool IsClosed => c.State != Open;`) is judged above, by who reads it.
        return byFunction.Any(g => g.Key is not null and not ArrowExpressionClauseSyntax and not LambdaExpressionSyntax { ExpressionBody: not null }
            && g.All(u => SyntaxShapes.IsStateRead(u.Connection)
                && !u.Connection.Ancestors().TakeWhile(a => a != g.Key).Any(a => a is ReturnStatementSyntax or ArrowExpressionClauseSyntax)));
    }

    /// <summary>
    /// Some function opens the member and does not end by closing it (B1Q/CodesDiscordBot's <c>_connection = new
    /// MySqlConnection(...); await Connection.OpenAsync();</c>, or a reconnect <c>Close(); ... Open();</c>): the member stays
    /// open between uses, so a state read said open where a new unopened connection from the factory says closed. The
    /// protocol scan's rule decides (<see cref="OpenCloseOrder"/>).
    /// </summary>
    private static bool LeftOpen(MemberReferences references)
    {
        foreach (var use in references.Uses)
        {
            if (!IsCalled(use.Connection, "Open", "OpenAsync") || SyntaxShapes.EnclosingFunctions(use.Connection) is not { Count: > 0 } chain)
            {
                continue;
            }

            var order = new OpenCloseOrder(chain[0], judged: use.Connection);
            foreach (var open in references.Uses.Where(u => IsCalled(u.Connection, "Open", "OpenAsync")))
            {
                order.Opened(open.Connection);
            }

            foreach (var close in references.CloseCalls)
            {
                order.Closed(close.Statement);
            }

            foreach (var disposing in references.DisposingUsings)
            {
                order.ClosedAtEnd(disposing.Statement);
            }

            foreach (var close in references.Uses.Where(u => IsCalled(u.Connection, "Close", "CloseAsync", "Dispose", "DisposeAsync")))
            {
                order.Closed(close.Connection);
            }

            if (!order.EndsClosed)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCalled(ExpressionSyntax connection, params string[] names) =>
        connection.Parent is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax } access && access.Expression == connection
        && names.Contains(access.Name.Identifier.ValueText);

    /// <summary>
    /// The non-private member whose value the state read is: returned (<c>return c.State == Open;</c>, an expression
    /// body) or deciding which literal is returned (<c>if (c.State == Open) return true;</c>); null when there is none.
    /// </summary>
    private static MemberDeclarationSyntax? ReturnedFromCallableMember(ExpressionSyntax stateRead)
    {
        var returned = false;
        foreach (var ancestor in stateRead.Ancestors())
        {
            switch (ancestor)
            {
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                    return null; // a lambda's or local function's value stays in its method
                case ReturnStatementSyntax or ArrowExpressionClauseSyntax:
                    returned = true;
                    break;
                case IfStatementSyntax ifStatement when ifStatement.Condition.Span.Contains(stateRead.Span) && ReturnsALiteral(ifStatement.Statement):
                    returned = true;
                    break;
                case MemberDeclarationSyntax member:
                    return returned && !IsPrivate(member) ? member : null;
            }
        }

        return null;
    }

    private static bool ReturnsALiteral(StatementSyntax statement) => statement switch
    {
        ReturnStatementSyntax { Expression: LiteralExpressionSyntax } => true,
        BlockSyntax { Statements: { Count: 1 } statements } => ReturnsALiteral(statements[0]),
        _ => false,
    };

    private static bool IsPrivate(MemberDeclarationSyntax member)
    {
        var modifiers = member.Modifiers;
        if (member is MethodDeclarationSyntax { ExplicitInterfaceSpecifier: not null } or PropertyDeclarationSyntax { ExplicitInterfaceSpecifier: not null })
        {
            return false; // reached through the interface
        }

        return !modifiers.Any(m => m.ValueText is "public" or "internal" or "protected")
            && member.Parent is not InterfaceDeclarationSyntax;
    }
}
