using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>Whether a project that references the member's project uses the member (the fix edits one project only).</summary>
internal static class CrossProjectUses
{
    public static Task<bool> ExistAsync(Project project, ISymbol member, CancellationToken cancellationToken) =>
        FindAsync(project, member, counts: _ => true, cancellationToken);

    /// <summary>Whether a project that references the property's project sets it (the setter the fix drops).</summary>
    public static Task<bool> SetAsync(Project project, IPropertySymbol property, CancellationToken cancellationToken) =>
        FindAsync(project, property, counts: identifier => ReferenceCollector.IsWritten(
            identifier.Parent is MemberAccessExpressionSyntax qualified && qualified.Name == identifier ? qualified : identifier), cancellationToken);

    private static async Task<bool> FindAsync(Project project, ISymbol member, System.Func<IdentifierNameSyntax, bool> counts, CancellationToken cancellationToken)
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

                SemanticModel? model = null;
                foreach (var identifier in NamedNodes.Spelling(tree, member.Name, cancellationToken).OfType<IdentifierNameSyntax>())
                {
                    model ??= compilation.GetSemanticModel(tree);
                    var symbol = model.GetSymbolInfo(identifier, cancellationToken).Symbol;
                    if (symbol is not null && DocumentationCommentId.CreateDeclarationId(symbol.OriginalDefinition) == memberId && counts(identifier))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }
}
