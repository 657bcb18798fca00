using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// The documents a find-references search for a type or its constructors needs: those whose text spells the type's name
/// (<see cref="NameIndex"/>) or has a target-typed <c>new(</c>, which builds it without naming it. Roslyn's find-references
/// indexes every document it may search on its first search of a solution, which the lightbulb waited for
/// (docs/benchmarks.md); a global alias can name the type anywhere, so then the whole solution is searched.
/// </summary>
internal static class SearchScope
{
    public static async Task<IImmutableSet<Document>?> DocumentsThatCanNameAsync(Solution solution, string typeName, CancellationToken cancellationToken)
    {
        var scope = ImmutableHashSet.CreateBuilder<Document>();
        foreach (var document in System.Linq.Enumerable.SelectMany(solution.Projects, p => p.Documents))
        {
            if (await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false) is not { } tree)
            {
                return null;
            }

            var text = (await tree.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString();
            if (NameIndex.Mentions(tree, typeName, cancellationToken))
            {
                if (text.Contains("global using"))
                {
                    return null;
                }

                scope.Add(document);
            }
            else if (text.Contains("new(") || text.Contains("new ("))
            {
                scope.Add(document);
            }
        }

        return scope.ToImmutable();
    }
}
