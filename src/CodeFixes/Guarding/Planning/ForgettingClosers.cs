using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A closer that closes the member and forgets it (<c>Connection?.Close(); Connection = null;</c>,
/// JayPaulinCodes/cst8333ProjectByJacobPaulin's <c>DbManager.Close()</c>) in a holder whose null check the factory reads
/// on the string field (<c>if (Connection == null) { ...build... }</c> becomes <c>if (this.ConnectionString == null)</c>):
/// the next check built the connection again from the configuration, so the closer stays and forgets the string instead,
/// and its calls stay where they were. A closer whose body does anything else declines (<c>AccessorCheckedForNull</c>).
/// </summary>
internal static class ForgettingClosers
{
    /// <summary>
    /// The closer with each close or dispose of the member dropped and each null write of it made a null write of the
    /// string field; null when its body is not only such statements, or a null write has no string field to stand for.
    /// </summary>
    /// <param name="closer">The closer's declaration.</param>
    /// <param name="readsMember">Whether an expression reads the member itself (through <c>this</c>, the holder's type, or bare).</param>
    /// <param name="storageAccess">The string field reached as the written member was; null when there is none.</param>
    public static MethodDeclarationSyntax? Mirrored(MethodDeclarationSyntax closer, Func<ExpressionSyntax, bool> readsMember, Func<ExpressionSyntax, ExpressionSyntax?> storageAccess)
    {
        if (closer.Body is not { Statements.Count: > 0 } body || closer.Modifiers.Any(SyntaxKind.AsyncKeyword))
        {
            return null;
        }

        var kept = new List<StatementSyntax>();
        foreach (var statement in body.Statements)
        {
            if (ClosesMember(statement, readsMember))
            {
                continue;
            }

            if (statement is not ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } write } forgets
                || !SyntaxShapes.IsNullValue(write.Right) || !readsMember(write.Left) || storageAccess(write.Left) is not { } storage)
            {
                return null;
            }

            kept.Add(forgets.WithExpression(write.WithLeft(storage.WithTriviaFrom(write.Left))));
        }

        return kept.Count == 0 ? null : closer.WithBody(body.WithStatements(List(kept))).WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>
    /// The calls of <paramref name="closer"/> that the reference step removed as calls of a closer stay: the closer now
    /// forgets the string, which the next null check builds again.
    /// </summary>
    public static void KeepCalls(PlanContext context, MemberReferences references, ConnectionHelper closer)
    {
        foreach (var (statement, _) in references.HelperCalls.Where(c => c.Helper == closer))
        {
            context.PlanFor(statement.SyntaxTree)?.RemovedStatements.Remove(statement);
        }

        // `public void Reset() => db.Close();` was emptied as a call of a closer: it keeps calling it.
        foreach (var plan in context.Plans)
        {
            foreach (var method in plan.Replacements.Keys.OfType<MethodDeclarationSyntax>().Where(m => CallsCloser(context, m, closer)).ToList())
            {
                plan.Replacements.Remove(method);
            }
        }
    }

    private static bool CallsCloser(PlanContext context, MethodDeclarationSyntax method, ConnectionHelper closer) =>
        method.ExpressionBody?.Expression is InvocationExpressionSyntax call
        && SymbolEqualityComparer.Default.Equals(context.Model(method.SyntaxTree).GetSymbolInfo(call, context.CancellationToken).Symbol?.OriginalDefinition, closer.Symbol.OriginalDefinition);

    /// <summary><c>Connection.Close();</c>, <c>Connection?.Close();</c>, <c>Connection.Dispose();</c> of the member itself.</summary>
    private static bool ClosesMember(StatementSyntax statement, Func<ExpressionSyntax, bool> readsMember) => statement switch
    {
        ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Close" or "Dispose" } access } } =>
            readsMember(access.Expression),
        ExpressionStatementSyntax { Expression: ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Close" or "Dispose" } } } conditional } =>
            readsMember(conditional.Expression),
        _ => false,
    };
}
