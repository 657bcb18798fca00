using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A start-up <c>Connect()</c> that opens the member in a <c>try</c> whose catches report the failure
/// (<c>try { conn = new MySqlConnection(cs); conn.Open(); } catch (MySqlException ex) { MessageBox.Show(ex.Message); }</c>,
/// bowlingkn and Frank-Develops' C969 <c>startConnection</c>, GT-MP's <c>Database()</c> that logs "Fatal"). Under the
/// factory fix the open went with the member, so the report moved from start-up to the first query. An opening factory
/// keeps it where it was: one pooled connection opened and given back at once (<c>OpenConn().Dispose();</c>), inside the
/// same <c>try</c>, as the guard's short lease does.
/// </summary>
internal static class HandledOpenProbes
{
    public static void Apply(PlanContext context, MemberReferences references)
    {
        if (context.Factory is not { Opens: true } factory || factory.Name.EndsWith("Async", System.StringComparison.Ordinal))
        {
            return; // an unopened factory's open stays a use of its own; an async factory cannot be disposed unawaited
        }

        foreach (var (call, statement, member, plan) in references.HandledOpens)
        {
            if (statement.Ancestors().FirstOrDefault(SyntaxShapes.IsFunction) is not { } function
                || SyntaxShapes.IsAsync(function)
                || function.AncestorsAndSelf().OfType<MemberDeclarationSyntax>().Any(plan.RemovedMembers.Contains)
                || function.AncestorsAndSelf().OfType<MemberDeclarationSyntax>().FirstOrDefault() is MethodDeclarationSyntax { Identifier.ValueText: var name } && name == factory.Name)
            {
                continue;
            }

            ExpressionSyntax target = member is MemberAccessExpressionSyntax access
                ? access.WithName(IdentifierName(factory.Name))
                : IdentifierName(factory.Name);
            var opened = factory.IsProperty ? target : InvocationExpression(target);
            plan.RemovedStatements.Remove(statement);
            plan.Replacements[call] = InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, opened, IdentifierName("Dispose")))
                .WithTriviaFrom(call);
        }
    }
}
