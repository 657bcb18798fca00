using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>Whether a project that references the member's project uses the member (the fix edits one project only).</summary>
internal static class CrossProjectUses
{
    public static async Task<bool> ExistAsync(Project project, ISymbol member, CancellationToken cancellationToken)
    {
        if (member.DeclaredAccessibility == Accessibility.Private || member is IParameterSymbol)
        {
            return false;
        }

        var memberId = DocumentationCommentId.CreateDeclarationId(member);
        foreach (var other in project.Solution.Projects)
        {
            if (other.Id == project.Id || !other.ProjectReferences.Any(r => r.ProjectId == project.Id))
            {
                continue;
            }

            var compilation = await other.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (compilation is null)
            {
                return true;
            }

            foreach (var tree in compilation.SyntaxTrees)
            {
                if (!NameIndex.Mentions(tree, member.Name, cancellationToken))
                {
                    continue;
                }

                var root = await tree.GetRootAsync(cancellationToken).ConfigureAwait(false);
                SemanticModel? model = null;
                foreach (var identifier in root.DescendantNodes().OfType<IdentifierNameSyntax>())
                {
                    if (identifier.Identifier.ValueText != member.Name)
                    {
                        continue;
                    }

                    model ??= compilation.GetSemanticModel(tree);
                    var symbol = model.GetSymbolInfo(identifier, cancellationToken).Symbol;
                    if (symbol is not null && DocumentationCommentId.CreateDeclarationId(symbol.OriginalDefinition) == memberId)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }
}
