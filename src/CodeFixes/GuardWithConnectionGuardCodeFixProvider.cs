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

    /// <summary>The equivalence key of reading the owner's connection at each use instead of keeping a copy of it.</summary>
    public const string OwnerSourceEquivalenceKey = "StaleConn.ReadOwnersConnection";

    /// <summary>The equivalence key of building a new, unopened connection per use for a member only libraries open.</summary>
    public const string LibraryFactoryEquivalenceKey = "StaleConn.BuildConnectionPerLibraryUse";

    /// <summary>The equivalence key of SC0005's lifetime fix: the service (and what it takes) registered as scoped.</summary>
    public const string ScopedServiceEquivalenceKey = "StaleConn.RegisterServiceAsScoped";

    private const string Title = "Guard with ConnectionGuard";

    private const string ScopedServiceTitle = "Register the service as scoped (one connection per request)";

    private const string DataSourceTitle = "Open a pooled connection per use (data source)";

    private const string FactoryTitle = "Open a pooled connection per use";

    private const string OwnerSourceTitle = "Read the owner's connection where it is used instead of keeping a copy";

    private static readonly FixAllProvider FixAll = new SymbolGroupingFixAllProvider<GuardTarget>(
        Title,
        TargetsAsync,
        async (solution, targets, key, cancellationToken) => key switch
        {
            RecommendedEquivalenceKey => await RecommendedAsync(solution, targets, cancellationToken).ConfigureAwait(false),
            ScopedServiceEquivalenceKey => await ServiceLifetimeFix.ScopeAsync(solution, targets, cancellationToken).ConfigureAwait(false) ?? solution,
            OwnerSourceEquivalenceKey => await EachMemberAllAsync(solution, targets, OwnerSourceFix.FixAsync, cancellationToken).ConfigureAwait(false),
            LibraryFactoryEquivalenceKey => await EachMemberAllAsync(solution, targets, (s, t, c) => LibraryFactoryFix.FixAsync(s, t, c), cancellationToken).ConfigureAwait(false),
            _ => await ConnectionGuardFix.GuardAsync(solution, targets, ModeOf(key), cancellationToken).ConfigureAwait(false),
        });

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

        foreach (var diagnostic in context.Diagnostics)
        {
            var targets = (await TargetsAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false)).ToList();
            var offers = await LightbulbOffersAsync(context.Document.Project, targets, compilation, context.CancellationToken).ConfigureAwait(false);
            for (var i = 0; i < offers.Count; i++)
            {
                var offer = offers[i];

                // The first is the recommended fix for this finding: its key makes Fix All and `dotnet format` take the
                // recommended fix of every finding, whichever that is.
                context.RegisterCodeFix(CodeAction.Create(offer.Title, offer.SolutionAsync, i == 0 ? RecommendedEquivalenceKey : offer.Key), diagnostic);
            }
        }
    }

    /// <summary>
    /// The lightbulb's offers for <paramref name="targets"/>, remembered per solution snapshot: an editor asks again
    /// for the same finding while nothing is typed (the caret comes back to the line, the menu opens, a preview), and
    /// each ask planned every fix and compiled the first again (vcap-dotnet's Node: 0.7–1.5 s of processor time a
    /// time, docs/benchmarks.md lat30). A snapshot cannot change, so neither can its offers.
    /// </summary>
    internal static async Task<IReadOnlyList<Offer>> LightbulbOffersAsync(Project project, IReadOnlyCollection<GuardTarget> targets, Compilation compilation, CancellationToken cancellationToken) =>
        await Lightbulbs.GetOrSearchAsync(
            project.Solution,
            LightbulbKey(project.Id, targets),
            async () => (IReadOnlyList<Offer>)await OffersAsync(project.Solution, targets, compilation, planOnly: true, cancellationToken).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);

    private static readonly SnapshotMemo<Solution, string, IReadOnlyList<Offer>> Lightbulbs = new();

    /// <summary>The project whose compilation the offers were ordered by, and the targets in their order.</summary>
    private static string LightbulbKey(ProjectId project, IEnumerable<GuardTarget> targets) =>
        project.Id.ToString() + "\n" + string.Join("\n", targets.Select(t => t.ProjectId.Id.ToString() + "|" + t.Key));

    /// <summary>One fix offered for a finding: its title, its own key, and the solution it makes.</summary>
    internal sealed class Offer
    {
        public Offer(string title, string key, System.Func<CancellationToken, Task<Solution>> solutionAsync, System.Func<CancellationToken, Task<bool>>? compilesAsync = null)
        {
            Title = title;
            Key = key;
            SolutionAsync = solutionAsync;
            CompilesAsync = compilesAsync ?? (_ => Task.FromResult(true));
        }

        /// <summary>Whether the rewrite adds no compiler diagnostic (true when that was already checked).</summary>
        public System.Func<CancellationToken, Task<bool>> CompilesAsync { get; }

        public string Title { get; }

        public string Key { get; }

        public System.Func<CancellationToken, Task<Solution>> SolutionAsync { get; }
    }

    /// <summary>
    /// The fixes for one finding, the recommended first: SC0005's scoped registration when its service takes an injected
    /// connection; else a pooled connection per use when the holder serves concurrent code paths (request handlers, UI
    /// and bot events, several types, the thread pool) — an exclusive guard would queue them all behind one connection —
    /// and the guard for a single worker's own connection; the other second.
    /// </summary>
    /// <param name="planOnly">
    /// The lightbulb: decide what to offer from the planners alone and rewrite only when a fix is previewed or applied
    /// (rewriting, simplifying and compiling every candidate would keep the developer waiting); a fix whose rewrite
    /// would add a compiler diagnostic then leaves the solution as it was. Fix All rewrites and checks at once.
    /// </param>
    private static async Task<List<Offer>> OffersAsync(
        Solution solution, IReadOnlyCollection<GuardTarget> targets, Compilation compilation, bool planOnly, CancellationToken cancellationToken)
    {
        var offers = new List<Offer>();
        if (targets.Count == 0)
        {
            return offers;
        }

        if (targets.Any(t => t.IsRegistration)
            && await ServiceLifetimeFix.ScopeAsync(solution, targets, cancellationToken).ConfigureAwait(false) is { } scoped)
        {
            offers.Add(new Offer(ScopedServiceTitle, ScopedServiceEquivalenceKey, _ => Task.FromResult(scoped)));
        }

        // A copy of a connection the host builds and owns (`database = TShock.DB;`): the guard and per-use fixes cannot
        // rebuild it (they decline with InterfaceWithoutConstruction), so reading the owner's member is the fix, first.
        if (await OwnerSourceOfferAsync(solution, targets, planOnly, cancellationToken).ConfigureAwait(false) is { } owned)
        {
            offers.Insert(0, owned);
            return offers;
        }

        // The guard and the per-use fix are planned side by side: the lightbulb waits for the slower, not for both.
        var guardTask = GuardPlanner.GuardIsAvailable(compilation)
            ? Task.Run(() => OfferAsync(solution, targets, FixMode.Guard, Title, EquivalenceKey, planOnly, cancellationToken), cancellationToken)
            : Task.FromResult<(Offer? Offer, bool Concurrent)>((null, false));
        var perUseTask = Task.Run(() => PerUseOfferAsync(solution, targets, compilation, planOnly, cancellationToken), cancellationToken);
        var (guard, guardConcurrent) = await guardTask.ConfigureAwait(false);
        var (perUse, perUseConcurrent) = await perUseTask.ConfigureAwait(false);
        var concurrent = guardConcurrent || perUseConcurrent;
        offers.AddRange((concurrent ? new[] { perUse, guard } : new[] { guard, perUse }).OfType<Offer>());

        // Nothing else applies because only a library that opens its own connection per call ever uses the member
        // (TShock's DbExt, Dapper): a new, unopened connection per use gives that library what it got before.
        if (offers.Count == 0
            && await LibraryFactoryOfferAsync(solution, targets, planOnly, cancellationToken).ConfigureAwait(false) is { } built)
        {
            offers.Add(built);
        }

        // The first fix is the one most take (and the one Fix All applies): it is compiled before it is offered; a second
        // is compiled when previewed or applied.
        while (offers.Count > 0 && !await offers[0].CompilesAsync(cancellationToken).ConfigureAwait(false))
        {
            offers.RemoveAt(0);
        }

        return offers;
    }

    /// <summary>"Read 'Owner.Connection' where it is used": offered when every member the finding names is such a copy.</summary>
    private static async Task<Offer?> OwnerSourceOfferAsync(Solution solution, IReadOnlyCollection<GuardTarget> targets, bool planOnly, CancellationToken cancellationToken)
    {
        var members = targets.Where(t => !t.IsRegistration).Distinct().ToList();
        if (members.Count == 0)
        {
            return null;
        }

        // A member set to a value of its own (a construction) declines without binding every use in the solution.
        foreach (var target in members)
        {
            if (await OwnerSourceFix.SurelyDeclinesAsync(solution, target, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
        }

        var plans = new List<OwnerSourcePlan>();
        foreach (var target in members)
        {
            if ((await OwnerSourceFix.PlanAsync(solution, target, cancellationToken).ConfigureAwait(false)).Value is not { } plan)
            {
                return null;
            }

            plans.Add(plan);
        }

        // One member (every finding but SC0005's): its plan is applied as planned (a rewrite of syntax alone), not planned again.
        async Task<Solution?> FixedAsync(CancellationToken token) => members.Count == 1
            ? await OwnerSourceFix.ApplyAsync(solution, plans[0], token).ConfigureAwait(false)
            : await OwnerSourceFix.FixAsync(solution, members, token).ConfigureAwait(false);

        var title = members.Count == 1 ? OwnerSourceFix.TitleFor(plans[0]) : OwnerSourceTitle;
        return new Offer(
            title,
            OwnerSourceEquivalenceKey,
            async token => await FixedAsync(token).ConfigureAwait(false) ?? solution,
            async token =>
            {
                if (await FixedAsync(token).ConfigureAwait(false) is not { } candidate)
                {
                    return false;
                }

                var changed = ChangedDocuments(solution, candidate).ToList();

                // The lightbulb judges the rewrite in its neighbourhood, as the other fixes' first offers; applying checks the files.
                return planOnly
                    ? !await NeighbourhoodCheck.AddsDiagnosticsAsync(solution, candidate, changed, token).ConfigureAwait(false)
                    : !await ConnectionGuardFix.AddsDiagnosticsAsync(solution, candidate, changed, token).ConfigureAwait(false);
            });
    }

    /// <summary>"Build a new connection for each use": offered when every member the finding names only reaches libraries that open their own.</summary>
    private static async Task<Offer?> LibraryFactoryOfferAsync(Solution solution, IReadOnlyCollection<GuardTarget> targets, bool planOnly, CancellationToken cancellationToken)
    {
        var members = targets.Where(t => !t.IsRegistration).Distinct().ToList();
        if (members.Count == 0)
        {
            return null;
        }

        var plans = new List<LibraryFactoryPlan>();
        foreach (var target in members)
        {
            if ((await LibraryFactoryFix.PlanAsync(solution, target, cancellationToken).ConfigureAwait(false))?.Value is not { } plan)
            {
                return null;
            }

            plans.Add(plan);
        }

        async Task<Solution?> FixedAsync(bool unpolished, CancellationToken token) => members.Count == 1
            ? await LibraryFactoryFix.ApplyAsync(solution, plans[0], token, unpolished).ConfigureAwait(false)
            : await LibraryFactoryFix.FixAsync(solution, members, token, unpolished).ConfigureAwait(false);

        return new Offer(
            LibraryFactoryFix.Title,
            LibraryFactoryEquivalenceKey,
            async token => await FixedAsync(unpolished: false, token).ConfigureAwait(false) is { } candidate
                && !await ConnectionGuardFix.AddsDiagnosticsAsync(solution, candidate, ChangedDocuments(solution, candidate), token).ConfigureAwait(false)
                    ? candidate
                    : solution,
            async token =>
            {
                // Judged as rewritten, not polished: the applied fix is polished, and checked again against the whole project.
                if (await FixedAsync(unpolished: true, token).ConfigureAwait(false) is not { } candidate)
                {
                    return false;
                }

                var changed = ChangedDocuments(solution, candidate).ToList();
                return planOnly
                    ? !await NeighbourhoodCheck.AddsDiagnosticsAsync(solution, candidate, changed, token).ConfigureAwait(false)
                    : !await ConnectionGuardFix.AddsDiagnosticsAsync(solution, candidate, changed, token).ConfigureAwait(false);
            });
    }

    /// <summary>
    /// Fix All with a key whose fix plans one member at a time (owner source, library factory): each member it fixes in
    /// turn, when the result adds no diagnostics; the others stay as they are.
    /// </summary>
    private static async Task<Solution> EachMemberAllAsync(
        Solution solution, IReadOnlyCollection<GuardTarget> targets, System.Func<Solution, IEnumerable<GuardTarget>, CancellationToken, Task<Solution?>> fix, CancellationToken cancellationToken)
    {
        foreach (var target in targets.Where(t => !t.IsRegistration).Distinct().OrderBy(t => t.Key, System.StringComparer.Ordinal))
        {
            if (await fix(solution, new[] { target }, cancellationToken).ConfigureAwait(false) is { } candidate
                && !await ConnectionGuardFix.AddsDiagnosticsAsync(solution, candidate, ChangedDocuments(solution, candidate), cancellationToken).ConfigureAwait(false))
            {
                solution = candidate;
            }
        }

        return solution;
    }

    private static IEnumerable<DocumentId> ChangedDocuments(Solution before, Solution after) =>
        after.GetChanges(before).GetProjectChanges().SelectMany(p => p.GetChangedDocuments()).ToList();

    /// <summary>A pooled connection per use: from the provider's data source where the framework has one, else from a factory.</summary>
    private static async Task<(Offer? Offer, bool Concurrent)> PerUseOfferAsync(
        Solution solution, IReadOnlyCollection<GuardTarget> targets, Compilation compilation, bool planOnly, CancellationToken cancellationToken)
    {
        var concurrent = false;
        if (compilation.GetTypeByMetadataName("System.Data.Common.DbDataSource") is not null)
        {
            var (sourced, sourceConcurrent) = await OfferAsync(solution, targets, FixMode.DataSource, DataSourceTitle, DataSourceEquivalenceKey, planOnly, cancellationToken).ConfigureAwait(false);
            if (sourced is not null)
            {
                return (sourced, sourceConcurrent);
            }

            concurrent = sourceConcurrent;
        }

        var (factored, factoryConcurrent) = await OfferAsync(solution, targets, FixMode.ConnectionFactory, FactoryTitle, FactoryEquivalenceKey, planOnly, cancellationToken).ConfigureAwait(false);
        return (factored, concurrent || factoryConcurrent);
    }

    private static async Task<(Offer? Offer, bool Concurrent)> OfferAsync(
        Solution solution, IReadOnlyCollection<GuardTarget> targets, FixMode mode, string title, string key, bool planOnly, CancellationToken cancellationToken)
    {
        if (planOnly)
        {
            var (planned, plannedConcurrent, plans) = await ConnectionGuardFix.PlanEachAsync(solution, targets, mode, cancellationToken).ConfigureAwait(false);
            return (planned
                ? new Offer(
                    title,
                    key,
                    async token => (await FixAsync(solution, targets, mode, token).ConfigureAwait(false)).Solution ?? solution,
                    async token => plans is not null
                        ? await ConnectionGuardFix.CompilesAsync(solution, targets, plans, token).ConfigureAwait(false)
                        : (await FixAsync(solution, targets, mode, token, unpolished: true).ConfigureAwait(false)).Solution is not null)
                : null, plannedConcurrent);
        }

        var (fixedSolution, concurrent) = await FixAsync(solution, targets, mode, cancellationToken).ConfigureAwait(false);
        return (fixedSolution is null ? null : new Offer(title, key, _ => Task.FromResult(fixedSolution)), concurrent);
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

            var offers = await OffersAsync(solution, new[] { target }, compilation, planOnly: false, cancellationToken).ConfigureAwait(false);
            if (offers.Count > 0)
            {
                solution = await offers[0].SolutionAsync(cancellationToken).ConfigureAwait(false);
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
        OwnerSourceTitle => OwnerSourceEquivalenceKey,
        LibraryFactoryFix.Title => LibraryFactoryEquivalenceKey,
        _ when OwnerSourceFix.IsTitle(title) => OwnerSourceEquivalenceKey,
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
    private static async Task<(Solution? Solution, bool Concurrent)> FixAsync(
        Solution solution, IReadOnlyCollection<GuardTarget> targets, FixMode mode, CancellationToken cancellationToken, bool unpolished = false)
    {
        var ((fixedSolution, notFixed), concurrent) = await ConnectionGuardFix.FixEachAsync(solution, targets, mode, cancellationToken, unpolished).ConfigureAwait(false);
        return (fixedSolution == solution || notFixed.Count > 0 ? null : fixedSolution, concurrent);
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
