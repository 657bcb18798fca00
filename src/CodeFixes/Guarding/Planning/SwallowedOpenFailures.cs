using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// How a helper carried on when the held connection failed to open: the catch clauses of the <c>try</c> around its
/// <c>Open</c>, none of which throws (<c>try { conn.Open(); } catch (Exception ex) { MessageBox.Show(ex.Message); }</c>
/// then <c>return conn;</c>; an opener's <c>catch (Exception) { return false; }</c> whose value nobody reads).
/// </summary>
internal sealed class SwallowedOpenFailure : CarriedOpenFailure
{
    private SwallowedOpenFailure(IReadOnlyList<CarriedCatch> catches) => Catches = catches;

    /// <summary>Each catch clause, with the statements the factory keeps (the reports) and whether it returned null.</summary>
    public IReadOnlyList<CarriedCatch> Catches { get; }

    /// <summary>
    /// The factory's open in the same <c>try</c>: the reports run as before and the connection is handed out unopened
    /// (or null, where the helper returned null), so the caller fails or carries on as it did with the closed holder.
    /// </summary>
    public override StatementSyntax[] FactoryStatements(string local)
    {
        var open = ExpressionStatement(InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName(local), IdentifierName("Open"))));
        var catches = Catches.Select(c => WithoutUnusedName(c).WithBlock(Block(c.Kept.Select(s => s.WithoutTrivia()).Concat(c.ReturnsNull
            ? new StatementSyntax[]
            {
                ExpressionStatement(InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName(local), IdentifierName("Dispose")))),
                ReturnStatement(LiteralExpression(SyntaxKind.NullLiteralExpression)),
            }
            : Array.Empty<StatementSyntax>()))).WithoutTrivia());
        return new StatementSyntax[] { TryStatement(Block(open), List(catches), null), ReturnStatement(IdentifierName(local)) };
    }

    /// <summary><c>catch (Exception ex)</c> whose kept statements no longer read <c>ex</c> (it was only returned past): <c>catch (Exception)</c>.</summary>
    private static CatchClauseSyntax WithoutUnusedName(CarriedCatch carried) =>
        carried.Clause.Declaration is { Identifier.RawKind: (int)SyntaxKind.IdentifierToken } declaration
        && carried.Clause.Filter is null
        && !carried.Kept.Any(s => s.DescendantTokens().Any(t => t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText == declaration.Identifier.ValueText))
            ? carried.Clause.WithDeclaration(declaration.WithIdentifier(default))
            : carried.Clause;

    /// <summary>
    /// The failure handling of <paramref name="body"/>'s opens of the member: every <c>Open</c> outside a catch sits in
    /// one <c>try</c> without <c>finally</c> whose catches only report (<paramref name="isReport"/>), close the member, set
    /// it to null, or return (nothing, a bool, the member, null). Null when an open is outside such a <c>try</c> (the
    /// failure went up, as the factory's does) or when a catch does anything else.
    /// </summary>
    public static SwallowedOpenFailure? Find(SyntaxNode body, Func<ExpressionSyntax, bool> isMember, Func<StatementSyntax, bool> isReport)
    {
        var opens = body.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>()
            .Where(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Open" } access && isMember(access.Expression)
                && !i.Ancestors().TakeWhile(a => a != body).Any(a => a is CatchClauseSyntax))
            .ToList();
        var tries = opens.Select(o => o.Ancestors().TakeWhile(a => a != body).OfType<TryStatementSyntax>().FirstOrDefault(t => t.Block.Span.Contains(o.Span))).Distinct().ToList();
        if (opens.Count == 0 || tries.Count == 0 || tries[0] is not { Finally: null } tryStatement || tryStatement.Catches.Count == 0
            || !tries.Skip(1).All(other => other is { Finally: null } && HandleAlike(other, tryStatement)))
        {
            // (Several tries handle alike when the helper builds and opens in one and reopens in another,
            // WorksAhead/ArkCrossEngine's KeepConnection: whichever open fails, the same catch runs.)
            return null;
        }

        var carried = new List<CarriedCatch>();
        foreach (var clause in tryStatement.Catches)
        {
            var kept = new List<StatementSyntax>();
            var returnsNull = false;
            foreach (var statement in clause.Block.Statements)
            {
                switch (statement)
                {
                    case ReturnStatementSyntax { Expression: LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NullLiteralExpression } }:
                        returnsNull = true;
                        break;
                    case ReturnStatementSyntax { Expression: null or LiteralExpressionSyntax { RawKind: (int)SyntaxKind.FalseLiteralExpression or (int)SyntaxKind.TrueLiteralExpression } }:
                    case ReturnStatementSyntax { Expression: { } returned } when isMember(returned):
                    case ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Close" or "Dispose" } closed } } when isMember(closed.Expression):
                    case ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Right.RawKind: (int)SyntaxKind.NullLiteralExpression } cleared } when isMember(cleared.Left):
                        // The new connection is unopened already; the factory holds nothing to clear.
                        break;
                    case var report when isReport(report):
                        kept.Add(report);
                        break;
                    default:
                        return null;
                }

                if (statement is ReturnStatementSyntax)
                {
                    break;
                }
            }

            carried.Add(new CarriedCatch(clause, kept, returnsNull));
        }

        return new SwallowedOpenFailure(carried);
    }

    /// <summary>The two tries' catch clauses are the same, clause by clause (declaration, filter and statements).</summary>
    private static bool HandleAlike(TryStatementSyntax one, TryStatementSyntax other) =>
        one.Catches.Count == other.Catches.Count
        && one.Catches.Zip(other.Catches, (a, b) => SyntaxFactory.AreEquivalent(a, b)).All(same => same);
}

/// <summary>One catch clause the factory keeps: its declaration and filter, the reports it ran, whether it returned null.</summary>
internal sealed class CarriedCatch
{
    public CarriedCatch(CatchClauseSyntax clause, IReadOnlyList<StatementSyntax> kept, bool returnsNull)
    {
        Clause = clause;
        Kept = kept;
        ReturnsNull = returnsNull;
    }

    public CatchClauseSyntax Clause { get; }

    public IReadOnlyList<StatementSyntax> Kept { get; }

    public bool ReturnsNull { get; }
}
