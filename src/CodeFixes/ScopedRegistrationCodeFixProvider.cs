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
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Lifetime;

namespace StaleConn.CodeFixes;

/// <summary>
/// SC0003 "Register the connection as scoped" (with the stateless singletons that take it, when those are all) or, when
/// every consumer lives as long as the host, "as transient" (each consumer then gets a connection of its own). No fix when
/// no lifetime is safe; <see cref="LifetimePlanner"/> says why.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ScopedRegistrationCodeFixProvider))]
public sealed class ScopedRegistrationCodeFixProvider : CodeFixProvider
{
    /// <summary>The stable equivalence key of the scoped fix.</summary>
    public const string EquivalenceKey = "StaleConn.RegisterConnectionAsScoped";

    /// <summary>The equivalence key of the transient fix (long-lived consumers only).</summary>
    public const string TransientEquivalenceKey = "StaleConn.RegisterConnectionAsTransient";

    private const string ScopedTitle = "Register the connection as scoped";

    private const string TransientTitle = "Register the connection as transient (one per consumer)";

    private static readonly FixAllProvider FixAll = new SymbolGroupingFixAllProvider<(DocumentId Document, TextSpan Span)>(
        ScopedTitle,
        (document, diagnostic, _) => Task.FromResult<IEnumerable<(DocumentId, TextSpan)>>(new[] { (document.Id, diagnostic.Location.SourceSpan) }),
        (solution, findings, _, cancellationToken) => FixAsync(solution, findings, cancellationToken));

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.SingletonRegistration);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => FixAll;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            // Planned here, rewritten and compiled only when previewed or applied: the lightbulb must open at once. A
            // rewrite that would add a compiler diagnostic then leaves the solution as it was.
            var span = diagnostic.Location.SourceSpan;
            var (change, _, legacy) = await PlanAsync(context.Document, span, context.CancellationToken).ConfigureAwait(false);
            if (change is null && legacy is null)
            {
                continue;
            }

            var solution = context.Document.Project.Solution;
            var documentId = context.Document.Id;
            var transient = change?.Lifetime == ServiceLifetimeKind.Transient;
            context.RegisterCodeFix(
                CodeAction.Create(
                    transient ? TransientTitle : ScopedTitle,
                    async cancellationToken => (await FixOneAsync(solution, documentId, span, cancellationToken).ConfigureAwait(false)).Solution ?? solution,
                    transient ? TransientEquivalenceKey : EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>Why the registration at <paramref name="span"/> gets no lifetime fix; null when it gets one.</summary>
    internal static async Task<NoFixReason?> ReasonAsync(Document document, TextSpan span, CancellationToken cancellationToken)
    {
        var (change, reason, _) = await PlanAsync(document, span, cancellationToken).ConfigureAwait(false);
        return change is null ? reason ?? NoFixReason.AnalysisFailed : null;
    }

    private static async Task<Solution> FixAsync(Solution solution, IReadOnlyCollection<(DocumentId Document, TextSpan Span)> findings, CancellationToken cancellationToken)
    {
        // Planned against the original documents; edits of several findings (a shared cascade) merge by node.
        foreach (var group in findings.GroupBy(f => f.Document))
        {
            var document = solution.GetDocument(group.Key);
            var root = document is null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                continue;
            }

            var edits = new Dictionary<SyntaxNode, SyntaxNode>();
            var removed = new HashSet<StatementSyntax>();
            foreach (var (_, span) in group)
            {
                var (change, _, _) = await PlanAsync(document!, span, cancellationToken).ConfigureAwait(false);
                if (change is not null)
                {
                    foreach (var edit in change.Edits)
                    {
                        edits[edit.Key] = edit.Value;
                    }

                    removed.UnionWith(change.RemovedStatements);
                }
            }

            var rewritten = ServiceLifetimeFix.Apply(document!, root, edits, removed);
            if (rewritten is not null
                && !await ConnectionGuardFix.AddsDiagnosticsAsync(solution, rewritten.Project.Solution, new[] { group.Key }, cancellationToken).ConfigureAwait(false))
            {
                solution = rewritten.Project.Solution;
            }
        }

        return solution;
    }

    private static async Task<(Solution? Solution, ServiceLifetimeKind Lifetime)> FixOneAsync(Solution solution, DocumentId documentId, TextSpan span, CancellationToken cancellationToken)
    {
        var document = solution.GetDocument(documentId);
        var root = document is null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return (null, default);
        }

        var (change, _, legacy) = await PlanAsync(document!, span, cancellationToken).ConfigureAwait(false);
        var rewritten = change is not null
            ? ServiceLifetimeFix.Apply(document!, root, change.Edits, new HashSet<StatementSyntax>(change.RemovedStatements))
            : legacy is not null ? ServiceLifetimeFix.Apply(document!, root, legacy, new HashSet<StatementSyntax>()) : null;
        if (rewritten is null
            || await ConnectionGuardFix.AddsDiagnosticsAsync(solution, rewritten.Project.Solution, new[] { documentId }, cancellationToken).ConfigureAwait(false))
        {
            return (null, default);
        }

        return (rewritten.Project.Solution, change?.Lifetime ?? ServiceLifetimeKind.Scoped);
    }

    /// <summary>
    /// The lifetime change for the registration at <paramref name="span"/>; registrations the index does not read
    /// (<c>ServiceDescriptor.Singleton</c>, keyed descriptors) keep the planner that only moves to scoped.
    /// </summary>
    private static async Task<(LifetimeChange? Change, NoFixReason? Reason, IReadOnlyDictionary<SyntaxNode, SyntaxNode>? Legacy)> PlanAsync(
        Document document, TextSpan span, CancellationToken cancellationToken)
    {
        try
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var compilation = await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            var invocation = root?.FindNode(span, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault();
            if (invocation is null || compilation is null)
            {
                return (null, NoFixReason.AnalysisFailed, null);
            }

            var (change, reason) = LifetimePlanner.Plan(compilation, invocation, withInjectedConnections: false, cancellationToken);
            if (change is not null || reason != NoFixReason.AnalysisFailed)
            {
                return (change, reason, null);
            }

            return (null, NoFixReason.UnsupportedRegistration, await ScopedRegistrationPlanner.PlanAsync(document, invocation, cancellationToken).ConfigureAwait(false));
        }
        catch (System.Exception exception) when (exception is not System.OperationCanceledException)
        {
            // Half-typed code must never break the lightbulb.
            return (null, NoFixReason.AnalysisFailed, null);
        }
    }
}
