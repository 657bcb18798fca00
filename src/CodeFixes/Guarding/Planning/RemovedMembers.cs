using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>The members a fix's plans delete (close methods, openers, accessors, the member itself).</summary>
internal static class RemovedMembers
{
    /// <summary>Whether a project that references the planned one names a member the plans delete.</summary>
    public static async Task<bool> CalledFromAnotherProjectAsync(PlanContext context)
    {
        foreach (var symbol in context.Plans.SelectMany(p => p.RemovedMembers).SelectMany(d => DeclaredBy(d, context.Compilation)))
        {
            if (await CrossProjectUses.ExistAsync(context.Project, symbol, context.CancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<ISymbol> DeclaredBy(MemberDeclarationSyntax declaration, Compilation compilation)
    {
        if (!compilation.ContainsSyntaxTree(declaration.SyntaxTree))
        {
            return Enumerable.Empty<ISymbol>();
        }

        var model = SemanticModels.Of(compilation, declaration.SyntaxTree);
        return declaration is BaseFieldDeclarationSyntax field
            ? field.Declaration.Variables.Select(v => model.GetDeclaredSymbol(v)).OfType<ISymbol>()
            : new[] { model.GetDeclaredSymbol(declaration) }.OfType<ISymbol>();
    }
}
