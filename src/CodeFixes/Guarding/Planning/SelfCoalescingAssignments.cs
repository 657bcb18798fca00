using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// <c>Connection = Connection ?? new SqlConnection(cs);</c> as a statement — the spelling of
/// <c>Connection ??= new SqlConnection(cs);</c> before C# 8 (georgemihaila/mondly-challenge, SqlExpressAPI.cs): the member
/// gets the value only while it is null. It is read as that lazy initialisation: the value is the right of the
/// <c>??</c>, and the member read on its left is a null check, not a use of the connection. The fixes keep the author's
/// spelling (a C# 7.3 project has no <c>??=</c>). Both sides must name the same member on the same receiver
/// (<c>this.c = this.c ?? ...</c>, not <c>this.c = other.c ?? ...</c>).
/// </summary>
internal static class SelfCoalescingAssignments
{
    /// <summary>The value <paramref name="assignment"/> gives its member when it is a self-coalescing statement; otherwise null.</summary>
    public static ExpressionSyntax? ValueOf(AssignmentExpressionSyntax assignment, SemanticModel model) =>
        assignment.Parent is ExpressionStatementSyntax ? CoalescedValue(assignment, model) : null;

    /// <summary>
    /// The value of <c>m = m ?? value</c> wherever it stands — a statement, or an accessor's returned expression
    /// (<c>=&gt; _c = _c ?? new X(cs)</c>, which returns the member as <c>=&gt; _c ??= new X(cs)</c> does); otherwise null.
    /// </summary>
    public static ExpressionSyntax? CoalescedValue(AssignmentExpressionSyntax assignment, SemanticModel model) =>
        assignment is { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Right: BinaryExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceExpression } coalesce }
        && SameMember(assignment.Left, coalesce.Left, model)
            ? coalesce.Right
            : null;

    /// <summary>The self-coalescing statement whose <c>??</c> reads <paramref name="read"/> on its left; otherwise null.</summary>
    public static AssignmentExpressionSyntax? AroundRead(ExpressionSyntax read, SemanticModel model) =>
        read.Parent is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceExpression, Parent: AssignmentExpressionSyntax assignment } coalesce
        && coalesce.Left == read && assignment.Right == coalesce && ValueOf(assignment, model) is not null
            ? assignment
            : null;

    private static bool SameMember(ExpressionSyntax assigned, ExpressionSyntax read, SemanticModel model) =>
        SyntaxFactory.AreEquivalent(assigned, read)
        && model.GetSymbolInfo(assigned).Symbol is IFieldSymbol or IPropertySymbol
        && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(assigned).Symbol, model.GetSymbolInfo(read).Symbol);
}
