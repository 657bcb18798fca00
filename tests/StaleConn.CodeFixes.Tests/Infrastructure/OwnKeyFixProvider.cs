using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace StaleConn.CodeFixes.Tests.Infrastructure;

/// <summary>
/// The connection fixer with every action under its own key: the first action carries the recommended key (so that Fix
/// All applies each finding's first fix), which would hide it from a test that asks for one fix by its key whichever
/// place it has. Fix All is the fixer's own.
/// </summary>
internal sealed class OwnKeyFixProvider : CodeFixProvider
{
    private readonly GuardWithConnectionGuardCodeFixProvider _inner = new();

    public override ImmutableArray<string> FixableDiagnosticIds => _inner.FixableDiagnosticIds;

    public override FixAllProvider? GetFixAllProvider() => _inner.GetFixAllProvider();

    public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
        _inner.RegisterCodeFixesAsync(new CodeFixContext(
            context.Document,
            context.Span,
            context.Diagnostics,
            (action, diagnostics) => context.RegisterCodeFix(WithOwnKey(action), diagnostics),
            context.CancellationToken));

    private static CodeAction WithOwnKey(CodeAction action) =>
        action.EquivalenceKey == GuardWithConnectionGuardCodeFixProvider.RecommendedEquivalenceKey
            ? CodeAction.Create(action.Title, async cancellationToken => (await action.GetOperationsAsync(cancellationToken)).OfType<ApplyChangesOperation>().Single().ChangedSolution,
                GuardWithConnectionGuardCodeFixProvider.OwnKeyOf(action.Title))
            : action;
}
