using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// <c>async</c> helpers of a holder (Cole-Graham/WabbitBot's <c>GetSharedConnectionAsync()</c>, BLRocha/MysqlBasicQuery's
/// <c>GetConnection()</c>): an accessor that builds the member if missing or not open, awaits <c>OpenAsync()</c> and
/// returns it is the sync lazy accessor with awaits. It is read as that one (a method with a block body, no parameter but
/// a <c>CancellationToken</c>, returning <c>Task</c>/<c>ValueTask</c> or a task of the connection), and its factory awaits
/// <c>OpenAsync</c> where the sync one calls <c>Open</c>.
/// </summary>
internal static class AsyncHelpers
{
    public static bool IsReadable(MethodDeclarationSyntax method, SemanticModel model) =>
        method.Modifiers.Any(SyntaxKind.AsyncKeyword)
        && method.ParameterList.Parameters.All(p => IsCancellationToken(model.GetDeclaredSymbol(p)?.Type))
        && method.ParameterList.Parameters.Count <= 1
        && model.GetDeclaredSymbol(method) is { ReturnType: INamedTypeSymbol returned }
        && returned.Name is "Task" or "ValueTask"
        && returned.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks";

    /// <summary>The token the accessor takes (<c>GetAsync(CancellationToken ct)</c>): its factory passes it to <c>OpenAsync</c>.</summary>
    public static string? TokenParameter(ConnectionHelper helper) =>
        helper.Declaration is MethodDeclarationSyntax { ParameterList.Parameters: { Count: 1 } parameters } ? parameters[0].Identifier.ValueText : null;

    /// <summary>
    /// The factory body of an async accessor: each <c>connection.Open()</c> of the sync body becomes
    /// <c>await connection.OpenAsync(token)</c>, as the accessor awaited it.
    /// </summary>
    public static BlockSyntax AwaitOpens(BlockSyntax body, string local, string? token)
    {
        var opens = body.DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Where(i => i is { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Open", Expression: IdentifierNameSyntax target } }
                && target.Identifier.ValueText == local);
        return body.ReplaceNodes(opens, (original, _) =>
        {
            var access = (MemberAccessExpressionSyntax)original.Expression;
            var arguments = token is null ? ArgumentList() : ArgumentList(SingletonSeparatedList(Argument(IdentifierName(token))));
            return AwaitExpression(InvocationExpression(access.WithName(IdentifierName("OpenAsync")), arguments)).WithTriviaFrom(original);
        });
    }

    private static bool IsCancellationToken(ITypeSymbol? type) => type?.ToDisplayString() == "System.Threading.CancellationToken";
}
