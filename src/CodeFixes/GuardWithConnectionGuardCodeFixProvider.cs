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

    /// <summary>
    /// The key of the first action, the recommended fix of each finding (see <see cref="CandidatesAsync"/>): what Fix All
    /// and <c>dotnet format analyzers</c> apply.
    /// </summary>
    public const string RecommendedEquivalenceKey = "StaleConn.RecommendedConnectionFix";

    /// <summary>The equivalence key of SC0005's lifetime fix: the service (and what it takes) registered as scoped.</summary>
    public const string ScopedServiceEquivalenceKey = "StaleConn.RegisterServiceAsScoped";

    private const string Title = "Guard with ConnectionGuard";

    private const string ScopedServiceTitle = "Register the service as scoped (one connection per request)";

    private const string DataSourceTitle = "Open a pooled connection per use (data source)";

    private const string FactoryTitle = "Open a pooled connection per use";

    private static readonly FixAllProvider FixAll = new SymbolGroupingFixAllProvider<GuardTarget>(
        Title,
        TargetsAsync,
        async (solution, targets, key, cancellationToken) => key switch
        {
            RecommendedEquivalenceKey => await RecommendedAsync(solution, targets, cancellationToken).ConfigureAwait(false),
            ScopedServiceEquivalenceKey => await ServiceLifetimeFix.ScopeAsync(solution, targets, cancellationToken).ConfigureAwait(false) ?? solution,
            _ => await ConnectionGuardFix.GuardAsync(solution, targets, ModeOf(key), cancellationToken).ConfigureAwait(false),
        });

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.StaticConnection, DiagnosticIds.LongLivedServiceConnection, DiagnosticIds.SingletonServiceConnection);

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

        foreach (var diagnostic in context.Diagnostics)
        {
            var targets = (await TargetsAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false)).ToList();
            var candidates = await CandidatesAsync(context.Document.Project.Solution, targets, compilation, context.CancellationToken).ConfigureAwait(false);
            for (var i = 0; i < candidates.Count; i++)
            {
                var (title, key, fixedSolution) = candidates[i];

                // The first is the recommended fix for this finding: its key makes Fix All and `dotnet format` take the
                // recommended fix of every finding, whichever that is.
                context.RegisterCodeFix(CodeAction.Create(title, _ => Task.FromResult(fixedSolution), i == 0 ? RecommendedEquivalenceKey : key), diagnostic);
            }
        }
    }

    /// <summary>
    /// The fixes for one finding, the recommended first: SC0005's scoped registration when its service takes an injected
    /// connection; else a pooled connection per use when the holder serves concurrent code paths (request handlers, UI
    /// and bot events, several types, the thread pool) — an exclusive guard would queue them all behind one connection —
    /// and the guard for a single worker's own connection; the other second.
    /// </summary>
    private static async Task<List<(string Title, string Key, Solution Solution)>> CandidatesAsync(
        Solution solution, IReadOnlyCollection<GuardTarget> targets, Compilation compilation, CancellationToken cancellationToken)
    {
        var candidates = new List<(string Title, string Key, Solution Solution)>();
        if (targets.Count == 0)
        {
            return candidates;
        }

        if (targets.Any(t => t.IsRegistration)
            && await ServiceLifetimeFix.ScopeAsync(solution, targets, cancellationToken).ConfigureAwait(false) is { } scoped)
        {
            candidates.Add((ScopedServiceTitle, ScopedServiceEquivalenceKey, scoped));
        }

        var concurrent = false;
        (string, string, Solution)? guard = null;
        if (GuardPlanner.GuardIsAvailable(compilation))
        {
            var (fixedSolution, guardConcurrent) = await FixAsync(solution, targets, FixMode.Guard, cancellationToken).ConfigureAwait(false);
            concurrent = guardConcurrent;
            guard = fixedSolution is null ? null : (Title, EquivalenceKey, fixedSolution);
        }

        (string, string, Solution)? perUse = null;
        if (compilation.GetTypeByMetadataName("System.Data.Common.DbDataSource") is not null)
        {
            var (sourced, sourceConcurrent) = await FixAsync(solution, targets, FixMode.DataSource, cancellationToken).ConfigureAwait(false);
            concurrent |= sourceConcurrent;
            perUse = sourced is null ? null : (DataSourceTitle, DataSourceEquivalenceKey, sourced);
        }

        if (perUse is null)
        {
            var (factored, factoryConcurrent) = await FixAsync(solution, targets, FixMode.ConnectionFactory, cancellationToken).ConfigureAwait(false);
            concurrent |= factoryConcurrent;
            perUse = factored is null ? null : (FactoryTitle, FactoryEquivalenceKey, factored);
        }

        foreach (var candidate in concurrent ? new[] { perUse, guard } : new[] { guard, perUse })
        {
            if (candidate is { } found)
            {
                candidates.Add(found);
            }
        }

        return candidates;
    }

    /// <summary>Fix All and <c>dotnet format</c> with the recommended key: each finding's recommended fix, one after another.</summary>
    private static async Task<Solution> RecommendedAsync(Solution solution, IReadOnlyCollection<GuardTarget> targets, CancellationToken cancellationToken)
    {
        foreach (var registration in targets.Where(t => t.IsRegistration))
        {
            solution = await ServiceLifetimeFix.ScopeAsync(solution, new[] { registration }, cancellationToken).ConfigureAwait(false) ?? solution;
        }

        foreach (var target in targets.Where(t => !t.IsRegistration).OrderBy(t => t.Key, System.StringComparer.Ordinal))
        {
            var project = solution.GetProject(target.ProjectId);
            var compilation = project is null ? null : await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (compilation is null || await MovedToScopedAsync(target, compilation, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var candidates = await CandidatesAsync(solution, new[] { target }, compilation, cancellationToken).ConfigureAwait(false);
            if (candidates.Count > 0)
            {
                solution = candidates[0].Solution;
            }
        }

        return solution;
    }

    /// <summary>A member of a service that a scoped registration fix already moved out of the singletons.</summary>
    private static Task<bool> MovedToScopedAsync(GuardTarget target, Compilation compilation, CancellationToken cancellationToken)
    {
        if (target.Resolve(compilation)?.ContainingType is not { } owner)
        {
            return Task.FromResult(false);
        }

        var lifetimes = ServiceRegistrationIndex.For(compilation, cancellationToken).LifetimesOf(owner).ToList();
        return Task.FromResult(lifetimes.Count > 0 && lifetimes.All(l => l is ServiceLifetimeKind.Scoped or ServiceLifetimeKind.Transient));
    }

    /// <summary>The key an action has in its own right (the first carries <see cref="RecommendedEquivalenceKey"/> instead).</summary>
    internal static string? OwnKeyOf(string title) => title switch
    {
        Title => EquivalenceKey,
        DataSourceTitle => DataSourceEquivalenceKey,
        FactoryTitle => FactoryEquivalenceKey,
        ScopedServiceTitle => ScopedServiceEquivalenceKey,
        _ => null,
    };

    private static FixMode ModeOf(string? equivalenceKey) => equivalenceKey switch
    {
        DataSourceEquivalenceKey => FixMode.DataSource,
        FactoryEquivalenceKey => FixMode.ConnectionFactory,
        _ => FixMode.Guard,
    };

    /// <summary>
    /// The fixed solution, or null when a member cannot be fixed this way (SC0005 points at several: fixing only some
    /// would leave the finding and a half-done change); and whether the members serve concurrent code paths.
    /// </summary>
    private static async Task<(Solution? Solution, bool Concurrent)> FixAsync(Solution solution, IReadOnlyCollection<GuardTarget> targets, FixMode mode, CancellationToken cancellationToken)
    {
        var ((fixedSolution, notFixed), concurrent) = await ConnectionGuardFix.FixEachAsync(solution, targets, mode, cancellationToken).ConfigureAwait(false);
        return (fixedSolution == solution || notFixed.Count > 0 ? null : fixedSolution, concurrent);
    }

    /// <summary>The members a diagnostic is about: its own location, or the members its additional locations point at.</summary>
    internal static async Task<IEnumerable<GuardTarget>> TargetsAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        // SC0005 (and SC0002 for an inherited member) report elsewhere and point at the members in additional locations.
        var locations = diagnostic.AdditionalLocations.Count > 0 || diagnostic.Id == DiagnosticIds.SingletonServiceConnection
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
