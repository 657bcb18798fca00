using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// What an <c>OpenAsync</c> of the member becomes when the guard opens for each lease: one short lease where the caller
/// learned from the open whether the server answers (its failure still meets the same <c>catch</c>, at the same await),
/// or a finished task where nothing waited for that answer.
/// </summary>
internal static class AsyncProbes
{
    /// <summary>
    /// <c>await conn.OpenAsync(ct).ConfigureAwait(false)</c> as <c>(await guard.AcquireAsync(ct).ConfigureAwait(false)).Dispose()</c>:
    /// <paramref name="acquire"/> is <c>guard.AcquireAsync</c> (or a data source's <c>OpenConnectionAsync</c>).
    /// </summary>
    public static ExpressionSyntax Awaited(AwaitExpressionSyntax awaited, InvocationExpressionSyntax open, ExpressionSyntax acquire)
    {
        var acquiring = awaited.ReplaceNode(open, InvocationExpression(acquire, open.ArgumentList.WithoutTrivia()).WithTriviaFrom(open));
        return InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression,
                ParenthesizedExpression(acquiring.WithoutTrivia()), IdentifierName("Dispose")))
            .WithTriviaFrom(awaited);
    }

    /// <summary>
    /// <c>conn.OpenAsync(ct)</c> started into a local as <c>Task.Run(async () => { using (await guard.AcquireAsync(ct)) { } })</c>:
    /// awaiting it later throws what acquiring threw, unwrapped, as awaiting the open did.
    /// </summary>
    public static ExpressionSyntax Task(InvocationExpressionSyntax open, ExpressionSyntax acquire, ITypeSymbol taskType)
    {
        var lease = UsingStatement(null, AwaitExpression(InvocationExpression(acquire, open.ArgumentList.WithoutTrivia())), Block());
        var probe = ParenthesizedLambdaExpression().WithAsyncKeyword(Token(SyntaxKind.AsyncKeyword)).WithBlock(Block(lease));
        return InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, TypeNames.Qualified(taskType), IdentifierName("Run")),
                ArgumentList(SingletonSeparatedList(Argument(probe))))
            .WithAdditionalAnnotations(Simplifier.Annotation, Microsoft.CodeAnalysis.Formatting.Formatter.Annotation)
            .WithTriviaFrom(open);
    }

    /// <summary><c>Task.CompletedTask</c> in place of an open whose type is <c>Task</c> (null for a <c>ValueTask</c> or a subclass's type).</summary>
    public static ExpressionSyntax? CompletedTask(InvocationExpressionSyntax open, SemanticModel model, CancellationToken cancellationToken) =>
        model.GetTypeInfo(open, cancellationToken).Type is { } openType && openType.ToDisplayString() == "System.Threading.Tasks.Task"
            ? MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, TypeNames.Qualified(openType), IdentifierName("CompletedTask"))
                .WithAdditionalAnnotations(Simplifier.Annotation)
                .WithTriviaFrom(open)
            : null;

    /// <summary>
    /// The statement that starts the open into a local task and leaves it for later (<c>var con = conn.OpenAsync();</c>,
    /// <c>Task t = conn.OpenAsync();</c>, <c>t = conn.OpenAsync();</c>) when the open is a <c>Task</c>; null otherwise.
    /// </summary>
    public static StatementSyntax? StartedTask(InvocationExpressionSyntax open, SemanticModel model, CancellationToken cancellationToken)
    {
        StatementSyntax? statement = open.Parent switch
        {
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax local } } }
                when local.UsingKeyword.IsKind(SyntaxKind.None) => local,
            AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Parent: ExpressionStatementSyntax assigned } assignment
                when assignment.Right == open && model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol is ILocalSymbol => assigned,
            _ => null,
        };
        return statement is not null && CompletedTask(open, model, cancellationToken) is not null ? statement : null;
    }
}
