using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using StaleConn.CodeFixes.Guarding.Planning;

namespace StaleConn.CodeFixes.Guarding;

/// <summary>
/// The lightbulb's quick judgement of whether a rewrite adds a compiler diagnostic: the rewritten documents are compiled
/// with their neighbourhood only — the trees that declare a name they mention (types, static classes' members, what
/// those types derive from) and the trees with global usings — once as they were and once rewritten, and their
/// warnings and errors compared (<see cref="DiagnosticTally"/>) — in the members the rewrite touched and those that depend on them
/// (<see cref="ChangedMembers"/>), so a long file's other methods are not bound. A fresh compilation of a whole project re-creates every symbol of it; on large
/// projects that was most of the lightbulb's wait (docs/benchmarks.md). What the neighbourhood leaves out is missing on
/// both sides alike. Applying a fix still checks against the whole project (<see cref="ConnectionGuardFix.AddsDiagnosticsAsync"/>),
/// so a rewrite this check passes in error is not applied, only offered.
/// </summary>
internal static class NeighbourhoodCheck
{
    /// <summary>Rounds of following base types to the trees that declare them: a class, its base, that one's base.</summary>
    private const int BaseTypeDepth = 3;

    public static Task<bool> AddsDiagnosticsAsync(Solution before, Solution after, IReadOnlyCollection<DocumentId> documents, CancellationToken cancellationToken) =>
        AddsDiagnosticsAsync(before, after, documents, documents, cancellationToken);

    /// <summary>
    /// As the overload without <paramref name="counted"/>, counting only the documents in <paramref name="counted"/>:
    /// every rewritten document is compiled as rewritten, so the counted ones see the others as they will be.
    /// </summary>
    public static async Task<bool> AddsDiagnosticsAsync(
        Solution before, Solution after, IReadOnlyCollection<DocumentId> documents, IReadOnlyCollection<DocumentId> counted, CancellationToken cancellationToken)
    {
        var projectId = documents.First().ProjectId;
        var compilation = documents.All(d => d.ProjectId == projectId) ? await before.GetProject(projectId)!.GetCompilationAsync(cancellationToken).ConfigureAwait(false) : null;
        var replaced = new Dictionary<SyntaxTree, SyntaxTree>();
        foreach (var id in documents)
        {
            var oldTree = before.GetDocument(id) is { } oldDocument ? await oldDocument.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false) : null;
            var newTree = after.GetDocument(id) is { } newDocument ? await newDocument.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false) : null;
            if (oldTree is null || newTree is null || compilation?.ContainsSyntaxTree(oldTree) != true)
            {
                // Several projects, or a document without a tree in its compilation: the whole project decides.
                return await ConnectionGuardFix.AddsDiagnosticsAsync(before, after, counted, cancellationToken).ConfigureAwait(false);
            }

            replaced[oldTree] = newTree;
        }

        var countedTrees = new HashSet<SyntaxTree>();
        foreach (var id in counted)
        {
            if (await before.GetDocument(id)!.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false) is { } tree)
            {
                countedTrees.Add(tree);
            }
        }

        var beforeCompilation = BeforeCompilation(compilation!, Neighbourhood(compilation!, replaced, cancellationToken));
        // Replacing keeps the declarations Roslyn already read for the unchanged trees instead of reading them again.
        var afterCompilation = beforeCompilation;
        foreach (var pair in replaced)
        {
            afterCompilation = afterCompilation.ReplaceSyntaxTree(pair.Key, pair.Value);
        }

        foreach (var pair in replaced.Where(p => countedTrees.Contains(p.Key)))
        {
            // The rewritten side first: a file it leaves without a warning or error cannot have gained one, so the
            // members as they were need no binding (code that compiles, as in an editor with its references, never does).
            var changed = ChangedMembers.Of(pair.Key, pair.Value, cancellationToken);
            var afterTally = Tally(afterCompilation, pair.Value, changed?.After, cancellationToken);
            if (!afterTally.IsEmpty && afterTally.AddsTo(Tally(beforeCompilation, pair.Key, changed?.Before, cancellationToken)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The "before" side: the editor's own compilation when the neighbourhood is every tree of it — the same trees in the
    /// same order, so the same diagnostics — whose symbols the planners have already bound; else a compilation of the
    /// neighbourhood alone.
    /// </summary>
    internal static Compilation BeforeCompilation(Compilation compilation, IReadOnlyList<SyntaxTree> kept) =>
        kept.Count == compilation.SyntaxTrees.Count() ? compilation : compilation.RemoveAllSyntaxTrees().AddSyntaxTrees(kept);

    /// <summary>The compilation's trees, in its order, that the check compiles: the rewritten ones (as they were) and their neighbours.</summary>
    private static List<SyntaxTree> Neighbourhood(Compilation compilation, Dictionary<SyntaxTree, SyntaxTree> replaced, CancellationToken cancellationToken)
    {
        var wanted = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var pair in replaced)
        {
            wanted.UnionWith(NameIndex.NamesIn(pair.Key, cancellationToken));
            wanted.UnionWith(NameIndex.NamesIn(pair.Value, cancellationToken));
        }

        var included = new HashSet<SyntaxTree>(replaced.Keys);
        for (var round = 0; round <= BaseTypeDepth && wanted.Count > 0; round++)
        {
            var baseNames = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (var tree in compilation.SyntaxTrees)
            {
                if (included.Contains(tree))
                {
                    continue;
                }

                var declared = DeclaredNames.Of(tree, cancellationToken);
                if ((round == 0 && declared.HasGlobalUsings) || wanted.Overlaps(declared.Names))
                {
                    included.Add(tree);
                    baseNames.UnionWith(declared.BaseNames);
                }
            }

            baseNames.ExceptWith(wanted);
            wanted = baseNames;
        }

        return compilation.SyntaxTrees.Where(included.Contains).ToList();
    }

    /// <summary>
    /// The warnings and errors in <paramref name="spans"/> of the tree (in all of it when null): only their members are
    /// bound, neighbouring members in one ask (<see cref="SpanDiagnostics"/>).
    /// </summary>
    private static DiagnosticTally Tally(Compilation compilation, SyntaxTree tree, IReadOnlyList<TextSpan>? spans, CancellationToken cancellationToken)
    {
        var model = compilation.GetSemanticModel(tree);
        if (spans is null)
        {
            return DiagnosticTally.Of(model.GetDiagnostics(cancellationToken: cancellationToken));
        }

        return DiagnosticTally.Of(new HashSet<Diagnostic>(SpanDiagnostics.Of(model, spans, cancellationToken).SelectMany(d => d)));
    }
}
