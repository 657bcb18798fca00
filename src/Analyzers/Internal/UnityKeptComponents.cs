using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// A Unity component that hands its own game object to <c>DontDestroyOnLoad</c> (<c>DontDestroyOnLoad(gameObject)</c>,
/// <c>(this)</c>, <c>(this.gameObject)</c>, <c>(transform.root.gameObject)</c>), itself or in a base class of its
/// assembly (a <c>PersistentSingleton&lt;T&gt;</c>): Unity keeps it across scene loads until the game quits, as the
/// managers of dongyoonq/Crazy-Arcade-2D and its like are kept. Read from syntax, so it holds where UnityEngine is not
/// referenced; a component without the call lives as long as its scene and is not one.
/// </summary>
internal static class UnityKeptComponents
{
    private const string DontDestroyOnLoad = "DontDestroyOnLoad";

    private static readonly string[] Word = { DontDestroyOnLoad };

    /// <summary>The method that makes <paramref name="type"/> outlive its scene ("'Awake'"), or null.</summary>
    public static string? KeepingMethod(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        if (!IsBehaviour(type))
        {
            return null;
        }

        for (var current = type; current?.BaseType is { SpecialType: not SpecialType.System_Object }; current = current.BaseType)
        {
            foreach (var reference in current.DeclaringSyntaxReferences)
            {
                if (SourceTextSearch.ContainsAnyOrEscape(reference.SyntaxTree.GetText(cancellationToken), Word, cancellationToken)
                    && KeepingCall(reference.GetSyntax(cancellationToken)) is { } call)
                {
                    return call.Ancestors().OfType<MethodDeclarationSyntax>().FirstOrDefault() is { } method ? $"'{method.Identifier.ValueText}'" : $"'{current.Name}'";
                }
            }
        }

        return null;
    }

    /// <summary>Derives from MonoBehaviour, or a networking library's NetworkBehaviour, resolved or not.</summary>
    private static bool IsBehaviour(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.Name.EndsWith("Behaviour", System.StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static InvocationExpressionSyntax? KeepingCall(SyntaxNode declaration)
    {
        foreach (var invocation in declaration.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            var name = invocation.Expression switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax or QualifiedNameSyntax or MemberAccessExpressionSyntax } access => access.Name.Identifier.ValueText,
                _ => null,
            };
            if (name == DontDestroyOnLoad && invocation.ArgumentList.Arguments.Count == 1 && IsOwnGameObject(invocation.ArgumentList.Arguments[0].Expression))
            {
                return invocation;
            }
        }

        return null;
    }

    /// <summary><c>this</c>, or a chain from it through <c>gameObject</c>, <c>transform</c> and <c>root</c> only.</summary>
    private static bool IsOwnGameObject(ExpressionSyntax argument) => argument switch
    {
        ThisExpressionSyntax => true,
        IdentifierNameSyntax { Identifier.ValueText: "gameObject" or "transform" } => true,
        MemberAccessExpressionSyntax { Name.Identifier.ValueText: "gameObject" or "transform" or "root" } access => IsOwnGameObject(access.Expression),
        _ => false,
    };
}
