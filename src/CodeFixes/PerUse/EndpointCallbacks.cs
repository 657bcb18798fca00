using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.PerUse;

/// <summary>
/// Minimal-API endpoints (<c>app.MapGet("/x", () =&gt; conn.Query(...))</c>): each request runs the handler lambda once,
/// so each lambda is one use that opens its own pooled connection.
/// </summary>
internal static class EndpointCallbacks
{
    /// <summary>The endpoint call (<c>app.MapGet(...)</c>) <paramref name="node"/> is part of, if any.</summary>
    public static InvocationExpressionSyntax? Around(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken) =>
        node.AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault(i => IsEndpoint(i, model, cancellationToken));

    /// <summary>
    /// The handler lambdas of every endpoint in the local's scope that use the local, in source order (always including
    /// <paramref name="endpoint"/>'s when it uses it).
    /// </summary>
    public static IReadOnlyList<SyntaxNode> Using(InvocationExpressionSyntax endpoint, VariableDeclaratorSyntax declarator, SemanticModel model, CancellationToken cancellationToken)
    {
        var local = model.GetDeclaredSymbol(declarator, cancellationToken);
        var scope = declarator.Ancestors().FirstOrDefault(a => a is BlockSyntax or CompilationUnitSyntax) ?? endpoint;
        return scope.DescendantNodes()
            .OfType<AnonymousFunctionExpressionSyntax>()
            .Where(lambda => lambda.Parent is ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax call } && IsEndpoint(call, model, cancellationToken))
            .Where(lambda => lambda.DescendantNodes().OfType<IdentifierNameSyntax>().Any(identifier =>
                identifier.Identifier.ValueText == declarator.Identifier.ValueText
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol, local)))
            .ToList<SyntaxNode>();
    }

    /// <summary>ASP.NET Core's <c>EndpointRouteBuilderExtensions.Map*</c>, the calls SC0004 reports as running on every request.</summary>
    private static bool IsEndpoint(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken) =>
        invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name } && name.StartsWith("Map", System.StringComparison.Ordinal)
        && model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { ContainingType: { Name: "EndpointRouteBuilderExtensions" } extensions }
        && extensions.ContainingNamespace?.ToDisplayString() == "Microsoft.AspNetCore.Builder";
}
