using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StaleConn.CodeFixes.Lifetime;

namespace StaleConn.CodeFixes;

/// <summary>
/// "Register the connection as scoped" for SC0003, offered only when every consumer the compilation shows is scoped or
/// transient; each scope then gets its own connection from the pool and disposes it at the end of the scope.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ScopedRegistrationCodeFixProvider))]
public sealed class ScopedRegistrationCodeFixProvider : SpanRewriteCodeFixProvider
{
    /// <summary>The stable equivalence key of the fix.</summary>
    public const string EquivalenceKey = "StaleConn.RegisterConnectionAsScoped";

    /// <summary>Creates the fix.</summary>
    public ScopedRegistrationCodeFixProvider()
        : base("Register the connection as scoped", EquivalenceKey)
    {
    }

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.SingletonRegistration);

    private protected override async Task<Document?> RewriteAsync(Document document, SyntaxNode root, IEnumerable<Finding> findings, CancellationToken cancellationToken)
    {
        var edits = new Dictionary<SyntaxNode, SyntaxNode>();
        foreach (var finding in findings)
        {
            var invocation = root.FindNode(finding.Span, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault();
            if (invocation is not null && await ScopedRegistrationPlanner.PlanAsync(document, invocation, cancellationToken).ConfigureAwait(false) is { } planned)
            {
                foreach (var edit in planned)
                {
                    edits[edit.Key] = edit.Value;
                }
            }
        }

        return edits.Count == 0 ? null : document.WithSyntaxRoot(root.ReplaceNodes(edits.Keys, (original, _) => edits[original]));
    }
}
