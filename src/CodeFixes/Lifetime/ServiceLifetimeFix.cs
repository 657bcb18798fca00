using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StaleConn.CodeFixes.Guarding;

namespace StaleConn.CodeFixes.Lifetime;

/// <summary>
/// SC0005 "Register the service as scoped": a singleton service that takes an injected connection becomes scoped, with
/// the connection's singleton registration and the stateless singletons that take the service — one connection per
/// request instead of one shared by every request.
/// </summary>
internal static class ServiceLifetimeFix
{
    /// <summary>The solution with every registration target moved to scoped; null when one of them cannot be.</summary>
    public static async Task<Solution?> ScopeAsync(Solution solution, IEnumerable<GuardTarget> targets, CancellationToken cancellationToken)
    {
        var original = solution;
        foreach (var group in targets.Where(t => t.IsRegistration).Select(t => t.RegistrationLocation).GroupBy(t => t.Document))
        {
            var document = solution.GetDocument(group.Key);
            var root = document is null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var compilation = document is null ? null : await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || compilation is null)
            {
                return null;
            }

            var edits = new Dictionary<SyntaxNode, SyntaxNode>();
            var removed = new HashSet<StatementSyntax>();
            foreach (var (_, span) in group)
            {
                var invocation = root.FindNode(span, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault();
                var (change, _) = invocation is null ? (null, null) : LifetimePlanner.Plan(compilation, invocation, withInjectedConnections: true, cancellationToken);
                if (change is null)
                {
                    return null;
                }

                foreach (var edit in change.Edits)
                {
                    edits[edit.Key] = edit.Value;
                }

                removed.UnionWith(change.RemovedStatements);
            }

            var rewritten = Apply(document!, root, edits, removed);
            if (rewritten is null || await ConnectionGuardFix.AddsDiagnosticsAsync(solution, rewritten.Project.Solution, new[] { group.Key }, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            solution = rewritten.Project.Solution;
        }

        return solution == original ? null : solution;
    }

    public static Document? Apply(Document document, SyntaxNode root, IReadOnlyDictionary<SyntaxNode, SyntaxNode> edits, HashSet<StatementSyntax> removed)
    {
        if (edits.Count == 0)
        {
            return null;
        }

        var newRoot = root.TrackNodes(edits.Keys.Concat(removed));
        foreach (var edit in edits)
        {
            if (newRoot.GetCurrentNode(edit.Key) is { } current)
            {
                newRoot = newRoot.ReplaceNode(current, edit.Value);
            }
        }

        foreach (var statement in removed)
        {
            // A top-level statement's wrapper cannot be left without its statement: the wrapper goes with it.
            SyntaxNode? current = newRoot.GetCurrentNode(statement);
            if (current?.Parent is GlobalStatementSyntax global)
            {
                current = global;
            }

            if (current is not null)
            {
                newRoot = newRoot.RemoveNode(current, SyntaxRemoveOptions.KeepNoTrivia)!;
            }
        }

        return document.WithSyntaxRoot(newRoot);
    }
}
