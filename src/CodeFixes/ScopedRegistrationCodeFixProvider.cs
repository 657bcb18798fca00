using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using StaleConn.CodeFixes.FixAll;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Lifetime;

namespace StaleConn.CodeFixes;

/// <summary>
/// "Register the connection as scoped" for SC0003, offered only when every consumer the compilation shows is scoped or
/// transient; each scope then gets its own connection from the pool and disposes it at the end of the scope.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ScopedRegistrationCodeFixProvider))]
public sealed class ScopedRegistrationCodeFixProvider : CodeFixProvider
{
    /// <summary>The stable equivalence key of the fix.</summary>
    public const string EquivalenceKey = "StaleConn.RegisterConnectionAsScoped";

    private const string Title = "Register the connection as scoped";

    private static readonly FixAllProvider FixAll = new SymbolGroupingFixAllProvider<(DocumentId Document, TextSpan Registration)>(
        Title,
        (document, diagnostic, _) => Task.FromResult<IEnumerable<(DocumentId, TextSpan)>>(new[] { (document.Id, diagnostic.Location.SourceSpan) }),
        (solution, targets, _, cancellationToken) => FixAsync(solution, targets, cancellationToken));

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.SingletonRegistration);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => FixAll;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var solution = context.Document.Project.Solution;
            var fixedSolution = await FixAsync(solution, new[] { (context.Document.Id, diagnostic.Location.SourceSpan) }, context.CancellationToken).ConfigureAwait(false);
            if (fixedSolution != solution)
            {
                context.RegisterCodeFix(CodeAction.Create(Title, _ => Task.FromResult(fixedSolution), EquivalenceKey), diagnostic);
            }
        }
    }

    private static async Task<Solution> FixAsync(Solution solution, IReadOnlyCollection<(DocumentId Document, TextSpan Registration)> targets, CancellationToken cancellationToken)
    {
        foreach (var group in targets.GroupBy(t => t.Document))
        {
            try
            {
                var document = solution.GetDocument(group.Key);
                var root = document is null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                if (root is null)
                {
                    continue;
                }

                var edits = new Dictionary<SyntaxNode, SyntaxNode>();
                foreach (var target in group)
                {
                    var invocation = root.FindNode(target.Registration, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault();
                    if (invocation is not null && await ScopedRegistrationPlanner.PlanAsync(document!, invocation, cancellationToken).ConfigureAwait(false) is { } planned)
                    {
                        foreach (var edit in planned)
                        {
                            edits[edit.Key] = edit.Value;
                        }
                    }
                }

                if (edits.Count == 0)
                {
                    continue;
                }

                var rewritten = document!.WithSyntaxRoot(root.ReplaceNodes(edits.Keys, (original, _) => edits[original]));
                if (!await ConnectionGuardFix.AddsDiagnosticsAsync(solution, rewritten.Project.Solution, new[] { group.Key }, cancellationToken).ConfigureAwait(false))
                {
                    solution = rewritten.Project.Solution;
                }
            }
            catch (System.Exception exception) when (exception is not System.OperationCanceledException)
            {
                // Half-typed code must never break the lightbulb: leave this document as it is.
            }
        }

        return solution;
    }
}
