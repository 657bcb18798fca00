using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A helper's open that retries until the connection is open: <c>while (conn.State != ConnectionState.Open) { try {
/// conn.Open(); } catch (Exception ex) { Log(...); Thread.Sleep(10000); } }</c> (or the <c>do ... while</c> form). Each
/// unit of work used to wait for the server there; the factory runs the same loop over its new connection, so it still
/// does — same attempts (unbounded, as before), same delays, same reports.
/// </summary>
internal sealed class RetriedOpen : CarriedOpenFailure
{
    private readonly StatementSyntax _loop;
    private readonly IReadOnlyList<ExpressionSyntax> _memberReads;

    private RetriedOpen(StatementSyntax loop, IReadOnlyList<ExpressionSyntax> memberReads, bool returnsInside)
    {
        _loop = loop;
        _memberReads = memberReads;
        ReturnsInside = returnsInside;
    }

    /// <summary>The loop hands the member out from its <c>try</c> (<c>conn.Open(); return conn;</c>): an accessor's open.</summary>
    public bool ReturnsInside { get; }

    /// <summary>The loop over the factory's new connection, then <c>return connection;</c>.</summary>
    public override StatementSyntax[] FactoryStatements(string local) => new StatementSyntax[]
    {
        _loop.ReplaceNodes(_memberReads, (_, _) => IdentifierName(local)).WithoutTrivia(),
        ReturnStatement(IdentifierName(local)),
    };

    /// <summary>
    /// <paramref name="statement"/> as a retry-until-open loop over the member: its condition is <c>member.State !=
    /// ConnectionState.Open</c>; its body one <c>try</c> without <c>finally</c> whose block opens the member (then may
    /// report and <c>return</c> it) and whose catches only report, close the member or sleep (<c>Thread.Sleep</c> with
    /// an argument that calls nothing). Null for anything else: a bounded retry (a counter, a deadline, a <c>throw</c> or
    /// <c>break</c>), a query in the loop, a loop without a <c>try</c> (its first failure went up).
    /// </summary>
    public static RetriedOpen? Find(StatementSyntax statement, Func<ExpressionSyntax, bool> isMember, Func<StatementSyntax, bool> isReport)
    {
        var (condition, body) = statement switch
        {
            WhileStatementSyntax loop => (loop.Condition, loop.Statement),
            DoStatementSyntax loop => (loop.Condition, loop.Statement),
            _ => (null, null),
        };
        if (condition is not BinaryExpressionSyntax { RawKind: (int)SyntaxKind.NotEqualsExpression } notOpen
            || notOpen.Left is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "State" } state || !isMember(state.Expression)
            || notOpen.Right is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Open" } open
            || !open.Expression.ToString().EndsWith("ConnectionState", StringComparison.Ordinal))
        {
            return null;
        }

        var tryStatement = body switch
        {
            TryStatementSyntax single => single,
            BlockSyntax { Statements.Count: 1 } block => block.Statements[0] as TryStatementSyntax,
            _ => null,
        };
        if (tryStatement is not { Finally: null, Catches.Count: > 0 } || !OpensThenMayReturn(tryStatement.Block, isMember, isReport, out var returnsInside)
            || !tryStatement.Catches.All(c => (c.Filter is null || !Mentions(c.Filter, isMember)) && c.Block.Statements.All(s => ClosesOrReports(s, isMember, isReport) || IsSleep(s))))
        {
            return null;
        }

        var reads = statement.DescendantNodes().OfType<ExpressionSyntax>()
            .Where(e => isMember(e) && !e.Ancestors().TakeWhile(a => a != statement).OfType<ExpressionSyntax>().Any(isMember))
            .ToList();
        return new RetriedOpen(statement, reads, returnsInside);
    }

    /// <summary><c>conn.Open();</c> first, then reports, then possibly <c>return conn;</c>.</summary>
    private static bool OpensThenMayReturn(BlockSyntax block, Func<ExpressionSyntax, bool> isMember, Func<StatementSyntax, bool> isReport, out bool returns)
    {
        returns = false;
        var statements = block.Statements;
        if (statements.Count == 0 || !IsCallOnMember(statements[0], "Open", isMember))
        {
            return false;
        }

        for (var i = 1; i < statements.Count; i++)
        {
            if (i == statements.Count - 1 && statements[i] is ReturnStatementSyntax { Expression: { } returned } && isMember(returned))
            {
                returns = true;
            }
            else if (!isReport(statements[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ClosesOrReports(StatementSyntax statement, Func<ExpressionSyntax, bool> isMember, Func<StatementSyntax, bool> isReport) =>
        IsCallOnMember(statement, "Close", isMember) || isReport(statement);

    private static bool IsCallOnMember(StatementSyntax statement, string name, Func<ExpressionSyntax, bool> isMember) =>
        statement is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax access } }
        && access.Name.Identifier.ValueText == name && isMember(access.Expression);

    /// <summary><c>Thread.Sleep(10000);</c> or <c>System.Threading.Thread.Sleep(...)</c>, its argument calling nothing.</summary>
    private static bool IsSleep(StatementSyntax statement) =>
        statement is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Sleep" } sleep, ArgumentList.Arguments: { Count: 1 } arguments } }
        && arguments[0] is var delay
        && sleep.Expression.ToString() is "Thread" or "System.Threading.Thread"
        && !delay.Expression.DescendantNodesAndSelf().Any(n => n is InvocationExpressionSyntax or AssignmentExpressionSyntax or BaseObjectCreationExpressionSyntax
            or PostfixUnaryExpressionSyntax or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression });

    private static bool Mentions(SyntaxNode node, Func<ExpressionSyntax, bool> isMember) =>
        node.DescendantNodesAndSelf().OfType<ExpressionSyntax>().Any(isMember);
}
