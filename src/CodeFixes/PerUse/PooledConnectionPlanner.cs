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
    /// <summary>Adds the edits for one local to <paramref name="plan"/>; the reason (and nothing added) when it cannot be done safely.</summary>
    /// <param name="perUse">
    /// The waiting loop (its body is one use), or the callbacks that each get a connection per call: a timer's callback,
    /// or every minimal-API endpoint lambda that uses the local (each request is one use).
    /// </param>
    public static NoFixReason? Plan(DocumentPlan plan, SemanticModel model, VariableDeclaratorSyntax declarator, IReadOnlyList<SyntaxNode> perUse, CancellationToken cancellationToken)
    {
        var bodies = perUse.Select(p => p is AnonymousFunctionExpressionSyntax callback
            ? (SyntaxNode?)callback.Block ?? callback.ExpressionBody
            : SyntaxShapes.LoopBody(p) as BlockSyntax).ToList();
        if (model.GetDeclaredSymbol(declarator, cancellationToken) is not ILocalSymbol local
            || declarator.Initializer?.Value is not { } initializer
            || initializer.DescendantNodesAndSelf().Any(n => n is AwaitExpressionSyntax)
            || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1 } declaration
            || bodies.Count == 0 || bodies.Any(b => b is null))
        {
            return NoFixReason.PerUseUnsupportedDeclaration;
        }

        var declaringStatement = declaration.Parent as StatementSyntax;
        if (declaringStatement is not (LocalDeclarationStatementSyntax or UsingStatementSyntax))
        {
            return NoFixReason.PerUseUnsupportedDeclaration;
        }

        // Top-level statements: the local lives in the compilation unit.
        var container = declaringStatement.Parent is GlobalStatementSyntax global ? global.Parent : declaringStatement.Parent;
        if (container is not (BlockSyntax or CompilationUnitSyntax) || perUse.Any(p => !container.Span.Contains(p.Span))
            || (declaringStatement is UsingStatementSyntax && container is CompilationUnitSyntax))
        {
            return NoFixReason.PerUseUnsupportedDeclaration;
        }

        // Endpoints that share one session's state (`SET @tenant` in one, read in another) would each see a fresh session.
        if (bodies.Count > 1 && bodies.Any(b => SessionState.IsSharedBeyond(b!)))
        {
            return NoFixReason.CallbacksShareSessionState;
        }

        var scopeOwner = declaringStatement is UsingStatementSyntax usingStatement ? usingStatement.Statement : container;
        var removed = new List<StatementSyntax>();
        var uses = new Dictionary<SyntaxNode, List<SyntaxNode>>();
        foreach (var identifier in scopeOwner.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (identifier.Identifier.ValueText != local.Name
                || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol, local))
            {
                continue;
            }

            var body = bodies.FirstOrDefault(b => b!.Span.Contains(identifier.Span));
            if (identifier.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Open" or "OpenAsync" or "Close" or "CloseAsync" or "Dispose" or "DisposeAsync" } access
                && access.Expression == identifier && access.Parent is InvocationExpressionSyntax call)
            {
                // A close in a callback of its own (a shutdown hook, `ProcessExit += ...`) runs while the others may
                // still use the connection: the author's lifetime, not one the per-use scopes can keep.
                if (body is null && call.Ancestors().TakeWhile(a => a != scopeOwner).Any(a => a is AnonymousFunctionExpressionSyntax))
                {
                    return NoFixReason.ClosedOutsidePerUseScope;
                }

                // The per-use scope opens and disposes the connection itself; one opened inside an expression
                // (`Task.WhenAll(conn.OpenAsync(), ...)`) would be opened twice.
                if (SyntaxShapes.StatementOf(call) is not { } statement)
                {
                    return access.Name.Identifier.ValueText.StartsWith("Open", System.StringComparison.Ordinal)
                        ? NoFixReason.OpenInsideExpression
                        : NoFixReason.CloseInsideExpression;
                }

                removed.Add(statement);
                continue;
            }

            if (body is null || identifier.Parent is AssignmentExpressionSyntax assignment && assignment.Left == identifier
                || identifier.Parent is ArgumentSyntax { RefKindKeyword.RawKind: not (int)SyntaxKind.None })
            {
                return NoFixReason.UsedOutsidePerUseScope;
            }

            if (!uses.TryGetValue(body, out var bodyUses))
            {
                uses[body] = bodyUses = new List<SyntaxNode>();
            }

            bodyUses.Add(identifier);
        }

        if (uses.Count == 0)
        {
            return NoFixReason.UsedOutsidePerUseScope;
        }

        var scopes = new List<(SyntaxNode Body, LeaseScope Scope)>();
        foreach (var pair in uses)
        {
            var (scope, reason) = ScopeFor(plan, model, local, declaration, initializer, pair.Key, pair.Value, cancellationToken);
            if (scope is null)
            {
                return reason;
            }

            scopes.Add((pair.Key, scope));
        }

        foreach (var (body, scope) in scopes)
        {
            if (body is BlockSyntax block)
            {
                plan.AddBlockScope(block, scope);
            }
            else
            {
                plan.ExpressionScopes[(ExpressionSyntax)body] = scope;
            }
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

        return null;
    }

    /// <summary>The scope that opens the connection in one loop body or callback, around every use in it, or why there is none.</summary>
    private static (LeaseScope? Scope, NoFixReason? Reason) ScopeFor(
        DocumentPlan plan, SemanticModel model, ILocalSymbol local, VariableDeclarationSyntax declaration, ExpressionSyntax initializer,
        SyntaxNode perUseBody, List<SyntaxNode> uses, CancellationToken cancellationToken)
    {
        var body = perUseBody as BlockSyntax;
        var start = 0;
        var end = 0;
        if (body is not null)
        {
            var indexes = uses.Select(u => SyntaxShapes.ChildIndex(body, u)).ToList();
            if (indexes.Any(i => i < 0) || plan.BlockScopes.ContainsKey(body))
            {
                return (null, NoFixReason.UsedOutsidePerUseScope);
            }

            start = indexes.Min();
            end = UnitPlanner.ExtendForDeclarations(body, start, indexes.Max(), uses);
        }
        else if (plan.ExpressionScopes.ContainsKey((ExpressionSyntax)perUseBody))
        {
            return (null, NoFixReason.UsedOutsidePerUseScope);
        }

        // The innermost function, also a lambda among top-level statements (which EnclosingFunctions does not lease in).
        var function = perUseBody.AncestorsAndSelf().FirstOrDefault(SyntaxShapes.IsFunction);
        var method = function is null ? null : FunctionSymbol(function, model);
        if (function is not null && !SyntaxShapes.IsAsync(function) && method is { ReturnType: var returned } && IsPendingWork(returned)
            && uses.Any(u => body is null || u.Ancestors().TakeWhile(a => a != body).Any(a => a is ReturnStatementSyntax)))
        {
            // `() => conn.QueryAsync(...)` hands back work that still runs on the connection after the scope disposed it.
            return (null, NoFixReason.PerUseReturnsPendingWork);
        }

        var canAwait = function is not null && SyntaxShapes.IsAsync(function)
            && !perUseBody.AncestorsAndSelf().TakeWhile(a => a != function).Any(a => a is LockStatementSyntax);
        var declaredType = declaration.Type.WithoutTrivia();
        if (canAwait && !HasOpenAsync(local.Type))
        {
            // IDbConnection has no OpenAsync, and the code opened it synchronously: keep the declared type (declaring the
            // created class instead would bind the uses' extension methods and overloads to it) and open it the same way.
            canAwait = false;
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
        return (new LeaseScope(local.Name, initializer)
        {
            Start = start,
            End = end,
            UseDeclaration = languageVersion >= LanguageVersion.CSharp8 && (body is null || end == body.Statements.Count - 1),
            ReturnsValue = body is null && method is { ReturnsVoid: false }
                && !(SyntaxShapes.IsAsync(function!) && method.ReturnType is INamedTypeSymbol { IsGenericType: false } && IsPendingWork(method.ReturnType)),
            Declaration = VariableDeclaration(
                declaredType.WithTrailingTrivia(Space),
                SingletonSeparatedList(VariableDeclarator(declaration.Variables[0].Identifier.WithoutTrivia()).WithInitializer(EqualsValueClause(initializer.WithoutTrivia())))),
            Prologue = ExpressionStatement(open),
        }, null);
    }

    /// <summary>A task, value task or async stream: work that may still run when the function returns.</summary>
    private static bool IsPendingWork(ITypeSymbol type) =>
        type.Name is "Task" or "ValueTask" or "IAsyncEnumerable" or "IAsyncEnumerator"
        && type.ContainingNamespace?.ToDisplayString() is "System.Threading.Tasks" or "System.Collections.Generic";

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

    /// <summary>A lambda passed as <c>System.Delegate</c> (a minimal-API handler) binds to no symbol: its natural type's <c>Invoke</c> stands in.</summary>
    private static IMethodSymbol? FunctionSymbol(SyntaxNode function, SemanticModel model) => function switch
    {
        AnonymousFunctionExpressionSyntax lambda => model.GetSymbolInfo(lambda).Symbol as IMethodSymbol
            ?? (model.GetTypeInfo(lambda).Type as INamedTypeSymbol)?.DelegateInvokeMethod,
        _ => model.GetDeclaredSymbol(function) as IMethodSymbol,
    };

    private static string? CancellationTokenInScope(SyntaxNode function, SemanticModel model)
    {
        foreach (var candidate in function.AncestorsAndSelf().Where(SyntaxShapes.IsFunction))
        {
            var method = FunctionSymbol(candidate, model);
            var token = method?.Parameters.FirstOrDefault(p => p.Type.ToDisplayString() == "System.Threading.CancellationToken");
            if (token is not null)
            {
                return token.Name;
            }
        }

        return null;
    }
}
