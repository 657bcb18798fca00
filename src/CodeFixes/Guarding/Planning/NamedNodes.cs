using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// The simple names of a tree by what they spell, in document order: read by one walk of the tree and kept as long as
/// the tree lives. The callers search and the subscription search walked every tree that mentions a name again on each
/// compilation, though an edit elsewhere keeps the tree (vcap-dotnet: the walks were a tenth of the first lightbulb's
/// work, docs/benchmarks.md stop 36).
/// </summary>
internal static class NamedNodes
{
    private static readonly ConditionalWeakTable<SyntaxTree, TreeNames> Trees = new();

    /// <summary>The simple names in <paramref name="tree"/> that spell <paramref name="name"/>, in document order.</summary>
    public static ImmutableArray<SimpleNameSyntax> Spelling(SyntaxTree tree, string name, CancellationToken cancellationToken) =>
        Of(tree, cancellationToken).ByName.TryGetValue(name, out var found) ? found : ImmutableArray<SimpleNameSyntax>.Empty;

    /// <summary>The simple names in <paramref name="tree"/> that spell one of <paramref name="names"/>, in document order.</summary>
    public static IEnumerable<SimpleNameSyntax> SpellingAny(SyntaxTree tree, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        // One simple name never starts where another starts (a generic name's arguments start after it), so the
        // start orders them as a walk of the tree does.
        var byName = Of(tree, cancellationToken).ByName;
        return names.Distinct()
            .SelectMany(name => byName.TryGetValue(name, out var found) ? found : ImmutableArray<SimpleNameSyntax>.Empty)
            .OrderBy(node => node.SpanStart);
    }

    /// <summary>How many simple names <paramref name="tree"/> has, indexing it if it is not yet (for the memory measure).</summary>
    public static int Count(SyntaxTree tree, CancellationToken cancellationToken) => Of(tree, cancellationToken).ByName.Values.Sum(found => found.Length);

    /// <summary>How many times <paramref name="tree"/> was walked (for tests: once while it lives).</summary>
    public static int WalksOf(SyntaxTree tree) => Trees.TryGetValue(tree, out var names) ? names.Walks : 0;

    private static TreeNames Of(SyntaxTree tree, CancellationToken cancellationToken)
    {
        if (Trees.TryGetValue(tree, out var names))
        {
            return names;
        }

        // Built outside the table's lock, so a cancelled walk leaves nothing half made behind.
        var byName = new Dictionary<string, ImmutableArray<SimpleNameSyntax>.Builder>(System.StringComparer.Ordinal);
        foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
        {
            if (node is SimpleNameSyntax simple)
            {
                var text = simple.Identifier.ValueText;
                if (!byName.TryGetValue(text, out var spelled))
                {
                    byName[text] = spelled = ImmutableArray.CreateBuilder<SimpleNameSyntax>();
                }

                spelled.Add(simple);
            }
        }

        var built = new TreeNames(byName.ToDictionary(p => p.Key, p => p.Value.ToImmutable(), System.StringComparer.Ordinal));
        var kept = Trees.GetValue(tree, _ => built);
        Interlocked.Increment(ref kept.Walks);
        return kept;
    }

    private sealed class TreeNames
    {
        public TreeNames(Dictionary<string, ImmutableArray<SimpleNameSyntax>> byName) => ByName = byName;

        public int Walks;

        public Dictionary<string, ImmutableArray<SimpleNameSyntax>> ByName { get; }
    }
}
