using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace StaleConn.CodeFixes.FixAll;

/// <summary>
/// Fix All for fixes that rewrite a member and all its uses: diagnostics are reduced to the distinct symbols they point
/// at, and every symbol is fixed in one solution change. (The batch fixer merges text edits per diagnostic and drops
/// the ones that overlap, which leaves a multi-file rewrite half applied.)
/// </summary>
internal sealed class SymbolGroupingFixAllProvider<TKey> : FixAllProvider
{
    private readonly Func<Document, Diagnostic, CancellationToken, Task<IEnumerable<TKey>>> _keysOf;
    private readonly Func<Solution, IReadOnlyCollection<TKey>, string?, CancellationToken, Task<Solution>> _fix;
    private readonly string _title;

    public SymbolGroupingFixAllProvider(
        string title,
        Func<Document, Diagnostic, CancellationToken, Task<IEnumerable<TKey>>> keysOf,
        Func<Solution, IReadOnlyCollection<TKey>, string?, CancellationToken, Task<Solution>> fix)
    {
        _title = title;
        _keysOf = keysOf;
        _fix = fix;
    }

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
        ImmutableArray.Create(FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution);

    public override Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        CodeAction action = CodeAction.Create(
            _title,
            cancellationToken => FixAsync(fixAllContext, cancellationToken),
            fixAllContext.CodeActionEquivalenceKey);
        return Task.FromResult<CodeAction?>(action);
    }

    private async Task<Solution> FixAsync(FixAllContext context, CancellationToken cancellationToken)
    {
        var documents = new List<Document>();
        switch (context.Scope)
        {
            case FixAllScope.Document when context.Document is not null:
                documents.Add(context.Document);
                break;
            case FixAllScope.Project:
                documents.AddRange(context.Project.Documents);
                break;
            case FixAllScope.Solution:
                foreach (var project in context.Solution.Projects)
                {
                    documents.AddRange(project.Documents);
                }

                break;
        }

        var keys = new HashSet<TKey>();
        foreach (var document in documents)
        {
            foreach (var diagnostic in await context.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false))
            {
                foreach (var key in await _keysOf(document, diagnostic, cancellationToken).ConfigureAwait(false))
                {
                    keys.Add(key);
                }
            }
        }

        return keys.Count == 0 ? context.Solution : await _fix(context.Solution, keys, context.CodeActionEquivalenceKey, cancellationToken).ConfigureAwait(false);
    }
}
