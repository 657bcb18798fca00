using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using StaleConn.CodeFixes.FixAll;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Lifetime;

namespace StaleConn.CodeFixes;

/// <summary>
/// "Guard with ConnectionGuard": the long-lived connection member becomes a <c>ConnectionGuard&lt;T&gt;</c>, and each
/// unit of work that used it takes one lease and uses <c>lease.Connection</c>. Offered only when the project references
/// StaleConn.Runtime. Registered first, so it is the fix <c>dotnet format analyzers</c> applies.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(GuardWithConnectionGuardCodeFixProvider))]
public sealed class GuardWithConnectionGuardCodeFixProvider : CodeFixProvider
{
    /// <summary>The stable equivalence key of the fix (also what Fix All and <c>dotnet format</c> match on).</summary>
    public const string EquivalenceKey = "StaleConn.GuardWithConnectionGuard";

    /// <summary>The equivalence key of the second fix, a pooled connection per use from the provider's data source.</summary>
    public const string DataSourceEquivalenceKey = "StaleConn.OpenPooledConnectionFromDataSource";

    /// <summary>The equivalence key of the pooled connection per use from a factory (every provider; no data source needed).</summary>
    public const string FactoryEquivalenceKey = "StaleConn.OpenPooledConnectionPerUse";

    /// <summary>The equivalence key of SC0005's lifetime fix: the service (and what it takes) registered as scoped.</summary>
    public const string ScopedServiceEquivalenceKey = "StaleConn.RegisterServiceAsScoped";

    private const string Title = "Guard with ConnectionGuard";

    private const string ScopedServiceTitle = "Register the service as scoped (one connection per request)";

    private const string DataSourceTitle = "Open a pooled connection per use (data source)";

    private const string FactoryTitle = "Open a pooled connection per use";

    private static readonly FixAllProvider FixAll = new SymbolGroupingFixAllProvider<GuardTarget>(
        Title,
        TargetsAsync,
        async (solution, targets, key, cancellationToken) => key == ScopedServiceEquivalenceKey
            ? await ServiceLifetimeFix.ScopeAsync(solution, targets, cancellationToken).ConfigureAwait(false) ?? solution
            : await ConnectionGuardFix.GuardAsync(solution, targets, ModeOf(key), cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.StaticConnection, DiagnosticIds.LongLivedServiceConnection, DiagnosticIds.SingletonServiceConnection, DiagnosticIds.HeldByLongLivedOwner);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => FixAll;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var compilation = await context.Document.Project.GetCompilationAsync(context.CancellationToken).ConfigureAwait(false);
        if (compilation is null)
        {
            return;
        }

        // The guard first (what `dotnet format` applies); a pooled connection per use second (from the provider's data
        // source where it has one, else from a factory), or first without StaleConn.Runtime.
        var guardAvailable = GuardPlanner.GuardIsAvailable(compilation);
        var dataSourceAvailable = compilation.GetTypeByMetadataName("System.Data.Common.DbDataSource") is not null;

        foreach (var diagnostic in context.Diagnostics)
        {
            var targets = (await TargetsAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false)).ToList();
            if (targets.Count == 0)
            {
                continue;
            }

            // SC0005 for a service that takes an injected connection: scoped with it (one per request) comes first.
            if (diagnostic.Id == DiagnosticIds.SingletonServiceConnection
                && await ServiceLifetimeFix.ScopeAsync(context.Document.Project.Solution, new[] { GuardTarget.ForRegistration(context.Document, diagnostic.Location.SourceSpan) }, context.CancellationToken).ConfigureAwait(false) is { } scoped)
            {
                context.RegisterCodeFix(CodeAction.Create(ScopedServiceTitle, _ => Task.FromResult(scoped), ScopedServiceEquivalenceKey), diagnostic);
            }

            if (guardAvailable && await FixAsync(context.Document.Project.Solution, targets, FixMode.Guard, context.CancellationToken).ConfigureAwait(false) is { } guarded)
            {
                context.RegisterCodeFix(CodeAction.Create(Title, _ => Task.FromResult(guarded), EquivalenceKey), diagnostic);
            }

            if (dataSourceAvailable && await FixAsync(context.Document.Project.Solution, targets, FixMode.DataSource, context.CancellationToken).ConfigureAwait(false) is { } sourced)
            {
                context.RegisterCodeFix(CodeAction.Create(DataSourceTitle, _ => Task.FromResult(sourced), DataSourceEquivalenceKey), diagnostic);
            }
            else if (await FixAsync(context.Document.Project.Solution, targets, FixMode.ConnectionFactory, context.CancellationToken).ConfigureAwait(false) is { } factored)
            {
                context.RegisterCodeFix(CodeAction.Create(FactoryTitle, _ => Task.FromResult(factored), FactoryEquivalenceKey), diagnostic);
            }
        }
    }

    private static FixMode ModeOf(string? equivalenceKey) => equivalenceKey switch
    {
        DataSourceEquivalenceKey => FixMode.DataSource,
        FactoryEquivalenceKey => FixMode.ConnectionFactory,
        _ => FixMode.Guard,
    };

    /// <summary>The fixed solution, or null when a member cannot be fixed this way (SC0005 points at several: fixing only some would leave the finding and a half-done change).</summary>
    private static async Task<Solution?> FixAsync(Solution solution, IReadOnlyCollection<GuardTarget> targets, FixMode mode, CancellationToken cancellationToken)
    {
        var (fixedSolution, notFixed) = await ConnectionGuardFix.GuardEachAsync(solution, targets, mode, cancellationToken).ConfigureAwait(false);
        return fixedSolution == solution || notFixed.Count > 0 ? null : fixedSolution;
    }

    /// <summary>The members a diagnostic is about: its own location, or the members its additional locations point at.</summary>
    internal static async Task<IEnumerable<GuardTarget>> TargetsAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        // SC0005 (and SC0002 for an inherited member) report elsewhere and point at the members in additional locations.
        // SC0007 is on the member itself; its additional location is the owner, which stays as it is.
        var locations = (diagnostic.AdditionalLocations.Count > 0 && diagnostic.Id != DiagnosticIds.HeldByLongLivedOwner) || diagnostic.Id == DiagnosticIds.SingletonServiceConnection
            ? diagnostic.AdditionalLocations
            : (IReadOnlyList<Location>)new[] { diagnostic.Location };
        var targets = new List<GuardTarget>();
        if (diagnostic.Id == DiagnosticIds.SingletonServiceConnection)
        {
            targets.Add(GuardTarget.ForRegistration(document, diagnostic.Location.SourceSpan));
        }

        foreach (var location in locations)
        {
            var locationDocument = document.Project.Solution.GetDocument(location.SourceTree);
            var model = locationDocument is null ? null : await locationDocument.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var symbol = model is null ? null : GuardTarget.SymbolAt(model, location, cancellationToken);
            if (symbol is not null && GuardTarget.FromSymbol(locationDocument!.Project.Id, symbol) is { } target)
            {
                targets.Add(target);
            }
        }

        return targets;
    }
}
