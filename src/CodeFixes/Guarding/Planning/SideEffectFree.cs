using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>Expressions whose evaluation leaves the program as it was, so a statement reading them can go with them.</summary>
internal static class SideEffectFree
{
    /// <summary>Nothing assigned, incremented, awaited or captured in a lambda (calls allowed: <c>ex.ToString()</c>).</summary>
    public static bool ChangesNothing(ExpressionSyntax expression) =>
        !expression.DescendantNodesAndSelf().Any(n => n is AssignmentExpressionSyntax or AwaitExpressionSyntax or AnonymousFunctionExpressionSyntax
            || n.IsKind(SyntaxKind.PreIncrementExpression) || n.IsKind(SyntaxKind.PreDecrementExpression)
            || n.IsKind(SyntaxKind.PostIncrementExpression) || n.IsKind(SyntaxKind.PostDecrementExpression));

    /// <summary>As <see cref="ChangesNothing"/>, and no call or construction either: a condition that only reads state.</summary>
    public static bool ReadsOnly(ExpressionSyntax expression) =>
        ChangesNothing(expression) && !expression.DescendantNodesAndSelf().Any(n => n is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax);
}
