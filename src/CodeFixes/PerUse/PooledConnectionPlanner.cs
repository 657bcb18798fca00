using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleConn.CodeFixes.PerUse;

/// <summary>
/// SC0004 "Open a pooled connection per use": a local connection created before a waiting loop is created, opened and
/// disposed inside each iteration instead, around the statements that use it (one scope per iteration, never per
/// statement). Opening from the provider's pool is cheap and the pool hands out a checked connection.
/// </summary>
internal static class PooledConnectionPlanner
{
    /// <summary>Adds the edits for one local to <paramref name="plan"/>; false (and nothing added) when it cannot be done safely.</summary>
    /// <param name="perUse">The waiting loop (its body is one use), or a timer callback lambda (each call is one use).</param>
    public static bool TryPlan(DocumentPlan plan, SemanticModel model, VariableDeclaratorSyntax declarator, SyntaxNode perUse, CancellationToken cancellationToken)
    {
        SyntaxNode? perUseBody = perUse is AnonymousFunctionExpressionSyntax callback
            ? (SyntaxNode?)callback.Block ?? callback.ExpressionBody
            : SyntaxShapes.LoopBody(perUse) as BlockSyntax;
        if (model.GetDeclaredSymbol(declarator, cancellationToken) is not ILocalSymbol local
            || declarator.Initializer?.Value is not { } initializer
            || initializer.DescendantNodesAndSelf().Any(n => n is AwaitExpressionSyntax)
            || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1 } declaration
            || perUseBody is null)
        {
            return false;
        }

        var declaringStatement = declaration.Parent as StatementSyntax;
        if (declaringStatement is not (LocalDeclarationStatementSyntax or UsingStatementSyntax))
        {
            return false;
        }

        // Top-level statements: the local lives in the compilation unit.
        var container = declaringStatement.Parent is GlobalStatementSyntax global ? global.Parent : declaringStatement.Parent;
        if (container is not (BlockSyntax or CompilationUnitSyntax) || !container.Span.Contains(perUse.Span)
            || (declaringStatement is UsingStatementSyntax && container is CompilationUnitSyntax))
        {
            return false;
        }

        var scopeOwner = declaringStatement is UsingStatementSyntax usingStatement ? usingStatement.Statement : container;
        var removed = new List<StatementSyntax>();
        var uses = new List<SyntaxNode>();
        foreach (var identifier in scopeOwner.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (identifier.Identifier.ValueText != local.Name
                || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol, local))
            {
                continue;
            }

            if (identifier.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Open" or "OpenAsync" or "Close" or "CloseAsync" or "Dispose" or "DisposeAsync" } access
                && access.Expression == identifier && access.Parent is InvocationExpressionSyntax call
                && SyntaxShapes.StatementOf(call) is { } statement)
            {
                // The per-use scope opens and disposes the connection itself.
                removed.Add(statement);
                continue;
            }

            if (!perUseBody.Span.Contains(identifier.Span) || identifier.Parent is AssignmentExpressionSyntax assignment && assignment.Left == identifier
                || identifier.Parent is ArgumentSyntax { RefKindKeyword.RawKind: not (int)SyntaxKind.None })
            {
                return false;
            }

            uses.Add(identifier);
        }

        if (uses.Count == 0)
        {
            return false;
        }

        var body = perUseBody as BlockSyntax;
        var start = 0;
        var end = 0;
        if (body is not null)
        {
            var indexes = uses.Select(u => SyntaxShapes.ChildIndex(body, u)).ToList();
            if (indexes.Any(i => i < 0) || plan.BlockScopes.ContainsKey(body))
            {
                return false;
            }

            start = indexes.Min();
            end = UnitPlanner.ExtendForDeclarations(body, start, indexes.Max(), uses);
        }

        var function = SyntaxShapes.EnclosingFunctions(perUseBody)?.FirstOrDefault();
        var canAwait = function is not null && SyntaxShapes.IsAsync(function)
            && !perUseBody.AncestorsAndSelf().TakeWhile(a => a != function).Any(a => a is LockStatementSyntax);
        var declaredType = declaration.Type.WithoutTrivia();
        if (canAwait && !HasOpenAsync(local.Type))
        {
            // IDbConnection has no OpenAsync: declare the created type (`var`) when it has one, else open synchronously.
            if (model.GetTypeInfo(initializer, cancellationToken).Type is { } created && HasOpenAsync(created))
            {
                declaredType = IdentifierName("var");
            }
            else
            {
                canAwait = false;
            }
        }

        var token = function is null ? null : CancellationTokenInScope(function, model);
        var arguments = token is null ? ArgumentList() : ArgumentList(SingletonSeparatedList(Argument(IdentifierName(token))));
        ExpressionSyntax open = InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName(local.Name), IdentifierName(canAwait ? "OpenAsync" : "Open")),
            canAwait ? arguments : ArgumentList());
        if (canAwait)
        {
            open = AwaitExpression(open);
        }

        var languageVersion = ((CSharpParseOptions)perUseBody.SyntaxTree.Options).LanguageVersion;
        var scope = new LeaseScope(local.Name, initializer)
        {
            Start = start,
            End = end,
            UseDeclaration = languageVersion >= LanguageVersion.CSharp8 && (body is null || end == body.Statements.Count - 1),
            ReturnsValue = body is null && function is not null && (model.GetSymbolInfo(function, cancellationToken).Symbol as IMethodSymbol)?.ReturnsVoid == false,
            Declaration = VariableDeclaration(
                declaredType.WithTrailingTrivia(Space),
                SingletonSeparatedList(VariableDeclarator(declarator.Identifier.WithoutTrivia()).WithInitializer(EqualsValueClause(initializer.WithoutTrivia())))),
            Prologue = ExpressionStatement(open),
        };
        if (body is not null)
        {
            plan.AddBlockScope(body, scope);
        }
        else
        {
            plan.ExpressionScopes[(ExpressionSyntax)perUseBody] = scope;
        }

        foreach (var statement in removed)
        {
            RemoveWithOpenOnlyIf(plan, statement);
        }

        if (declaringStatement is UsingStatementSyntax unwrapped)
        {
            plan.UnwrappedUsings.Add(unwrapped);
        }
        else
        {
            plan.RemovedStatements.Add(declaringStatement);
        }

        return true;
    }

    private static bool HasOpenAsync(ITypeSymbol type)
    {
        if (type is ITypeParameterSymbol typeParameter)
        {
            return typeParameter.ConstraintTypes.Any(HasOpenAsync);
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (!current.GetMembers("OpenAsync").IsEmpty)
            {
                return true;
            }
        }

        return false;
    }

    private static void RemoveWithOpenOnlyIf(DocumentPlan plan, StatementSyntax statement)
    {
        plan.RemovedStatements.Add(statement);
        var ifStatement = statement.Parent as IfStatementSyntax
            ?? (statement.Parent is BlockSyntax { Statements.Count: 1, Parent: IfStatementSyntax parentIf } ? parentIf : null);
        if (ifStatement is { Else: null })
        {
            plan.RemovedStatements.Add(ifStatement);
        }
    }

    private static string? CancellationTokenInScope(SyntaxNode function, SemanticModel model)
    {
        foreach (var candidate in function.AncestorsAndSelf().Where(SyntaxShapes.IsFunction))
        {
            var method = candidate switch
            {
                AnonymousFunctionExpressionSyntax lambda => model.GetSymbolInfo(lambda).Symbol as IMethodSymbol,
                _ => model.GetDeclaredSymbol(candidate) as IMethodSymbol,
            };
            var token = method?.Parameters.FirstOrDefault(p => p.Type.ToDisplayString() == "System.Threading.CancellationToken");
            if (token is not null)
            {
                return token.Name;
            }
        }

        return null;
    }
}
