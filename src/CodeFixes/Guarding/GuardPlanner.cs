using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using StaleConn.CodeFixes.Guarding.Planning;

namespace StaleConn.CodeFixes.Guarding;

/// <summary>The edits that fix one member, or why it cannot be fixed.</summary>
internal sealed class PlanOutcome
{
    private PlanOutcome(IReadOnlyCollection<DocumentPlan>? plans, NoFixReason? reason, ConcurrentPath? concurrentPath)
    {
        Plans = plans;
        Reason = reason;
        ConcurrentPath = concurrentPath;
    }

    /// <summary>Why the member's units of work can run at the same time (a pooled connection per use is then the right first fix); null when they cannot.</summary>
    public ConcurrentPath? ConcurrentPath { get; }

    public bool ServesConcurrentPaths => ConcurrentPath is not null;

    /// <summary>The document plans; null when <see cref="Reason"/> says why there is no fix.</summary>
    public IReadOnlyCollection<DocumentPlan>? Plans { get; }

    public NoFixReason? Reason { get; }

    public static PlanOutcome Fixed(IReadOnlyCollection<DocumentPlan> plans, ConcurrentPath? concurrentPath) => new(plans, null, concurrentPath);

    public static PlanOutcome NotFixed(NoFixReason reason) => new(null, reason, null);
}

/// <summary>
/// Decides every edit that turns one connection member into a <c>ConnectionGuard</c> (or the provider's data source): a
/// pipeline of steps, each taking its inputs and returning its result or the reason the member cannot be fixed — the
/// member's shape, its references, its connection type, its declaration and constructions, and its units of work.
/// </summary>
internal static class GuardPlanner
{
    private const string GuardMetadataName = "StaleConn.ConnectionGuard`1";

    /// <summary>True when the project can see StaleConn's runtime guard.</summary>
    public static bool GuardIsAvailable(Compilation compilation) => compilation.GetTypeByMetadataName(GuardMetadataName) is not null;

    /// <summary>The edits for one member, or the reason it cannot be fixed safely.</summary>
    /// <param name="project">The project declaring the member.</param>
    /// <param name="member">The field, property or primary-constructor parameter.</param>
    /// <param name="mode">A guard, or the provider's data source.</param>
    /// <param name="cancellationToken">Cancels the planning.</param>
    public static async Task<PlanOutcome> PlanAsync(Project project, ISymbol member, FixMode mode, CancellationToken cancellationToken)
    {
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        var guardType = GuardTypeOf(compilation, mode);
        if (compilation is null || guardType is null)
        {
            return PlanOutcome.NotFixed(mode == FixMode.DataSource ? NoFixReason.NoDataSourceForProvider : NoFixReason.AnalysisFailed);
        }

        if (await DeclaredCopies.ProjectAsync(project, member, cancellationToken).ConfigureAwait(false) is { } projection)
        {
            // A class compiled twice: planned as the build that compiles this copy sees it (see DeclaredCopies).
            var projected = await PlanAsync(projection.Project, projection.Member, mode, cancellationToken).ConfigureAwait(false);
            return projected.Plans?.Any(p => projection.ChangedDocuments.Contains(p.Document.Id)) == true
                ? PlanOutcome.NotFixed(NoFixReason.AmbiguousReference)
                : projected;
        }

        if (mode == FixMode.ConnectionFactory && StoredCopyHolder.Of(project, compilation, member, guardType, cancellationToken) is { } holder)
        {
            member = holder;
        }

        var context = new PlanContext(project, compilation, member, mode, guardType, cancellationToken);
        var reason = await PlanAsync(context).ConfigureAwait(false);
        IReadOnlyCollection<DocumentId> withoutHandlers = [];
        if (reason == NoFixReason.ConnectionEventsSubscribed)
        {
            // A StateChange handler that only reconnects the member: planned again without it, and so are the steps below.
            var dropped = await RedundantReconnectHandlers.NormaliseAsync(project, member, cancellationToken).ConfigureAwait(false);
            reason = dropped.Reason;
            if (dropped.Value is { } normalisedProject)
            {
                (project, member, withoutHandlers) = (normalisedProject.Project, normalisedProject.Member, normalisedProject.ChangedDocuments);
                var droppedCompilation = (await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
                context = new PlanContext(project, droppedCompilation, member, mode, GuardTypeOf(droppedCompilation, mode)!, cancellationToken);
                reason = await PlanAsync(context).ConfigureAwait(false);
            }
        }

        while (reason == NoFixReason.ConnectionStateHeldAcrossWait && context.UnitToKeepWhole is { } whole && !context.UnitsKeptWhole.Contains(whole))
        {
            // Planned again from the start (the failed split left edits behind), that unit kept whole.
            var keptWhole = new HashSet<SyntaxNode>(context.UnitsKeptWhole) { whole };
            context = new PlanContext(project, compilation, member, mode, guardType, cancellationToken) { UnitsKeptWhole = keptWhole };
            reason = await PlanAsync(context).ConfigureAwait(false);
        }

        if (reason == NoFixReason.ConnectionReturned
            && await SelfAssigningCreators.NormaliseAsync(project, member, cancellationToken).ConfigureAwait(false) is { } normalised)
        {
            // `member = CreateConnection();` where the method returns the member it set: planned again with the method
            // made void; the plans' documents carry that change, so applying them applies it too.
            var normalisedCompilation = (await normalised.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
            context = new PlanContext(normalised.Project, normalisedCompilation, normalised.Member, mode, GuardTypeOf(normalisedCompilation, mode)!, cancellationToken);
            reason = await PlanAsync(context).ConfigureAwait(false);
            if (reason is null && !context.Plans.Any(p => !p.IsEmpty && p.Document.Id == normalised.Project.GetDocument(normalised.Member.DeclaringSyntaxReferences[0].SyntaxTree)?.Id))
            {
                reason = NoFixReason.AnalysisFailed;
            }
        }

        if (reason == NoFixReason.CommandBuiltOnce)
        {
            // Commands built once at construction: planned again with each bound in the functions that use them.
            var rebound = await ReboundKeptCommands.NormaliseAsync(project, member, cancellationToken).ConfigureAwait(false);
            reason = rebound.Reason;
            if (rebound.Value is { } reboundProject)
            {
                var reboundCompilation = (await reboundProject.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
                context = new PlanContext(reboundProject.Project, reboundCompilation, reboundProject.Member, mode, GuardTypeOf(reboundCompilation, mode)!, cancellationToken);
                reason = await PlanAsync(context).ConfigureAwait(false);
                if (reason is null && reboundProject.ChangedDocuments.Any(id => !context.Plans.Any(p => !p.IsEmpty && p.Document.Id == id)))
                {
                    // A rebound document the plans do not change would be left as it was, its commands on the old connection.
                    reason = NoFixReason.CommandBuiltOnce;
                }
            }
        }

        if (reason is null && withoutHandlers.Any(id => !context.Plans.Any(p => !p.IsEmpty && p.Document.Id == id)))
        {
            // A document that lost a handler but that the plans do not change would keep it, on a member that has no such event.
            reason = NoFixReason.ConnectionEventsSubscribed;
        }

        if (reason is null && await RemovedMembers.CalledFromAnotherProjectAsync(context).ConfigureAwait(false))
        {
            // The fix edits this project only: a referencing project calling a removed method would stop compiling.
            reason = NoFixReason.UsedFromAnotherProject;
        }

        if (reason is null && await ReturnedReaderHelpers.ReadInAnotherProjectAsync(context).ConfigureAwait(false))
        {
            reason = NoFixReason.ReaderNotDisposedByCaller;
        }

        if (reason is { } failed)
        {
            return PlanOutcome.NotFixed(failed);
        }

        foreach (var plan in context.Plans)
        {
            plan.UsesAreConnections = context.PerUseMode;
        }

        // A holder behind accessors is reached from wherever the accessor is called: treat it as shared.
        return PlanOutcome.Fixed(context.Plans.Where(p => !p.IsEmpty).ToList(), context.ConcurrentPath ?? (context.Protocol.Accessors.Any() ? ConcurrentPath.SharedStatic : null));
    }

    /// <summary>What the member becomes: the runtime's guard, the provider's data source, or a connection per use.</summary>
    private static INamedTypeSymbol? GuardTypeOf(Compilation? compilation, FixMode mode) => compilation?.GetTypeByMetadataName(mode switch
    {
        FixMode.DataSource => "System.Data.Common.DbDataSource",
        FixMode.ConnectionFactory => "System.Data.Common.DbConnection",
        _ => GuardMetadataName,
    });

    private static async Task<NoFixReason?> PlanAsync(PlanContext context)
    {
        var shape = MemberShape.Of(context.Member);
        if (shape.Value is null)
        {
            return shape.Reason;
        }

        if (ThreadStaticConnections.Check(context, shape.Value) is { } threadStaticReason)
        {
            return threadStaticReason;
        }

        if (await CrossProjectUses.ExistAsync(context.Project, context.Member, context.CancellationToken).ConfigureAwait(false))
        {
            return NoFixReason.UsedFromAnotherProject;
        }

        if (TransactionsKeptInMembers.CheckThroughAccessors(context) is { } accessorTransactionReason)
        {
            return accessorTransactionReason;
        }

        if (context.Mode == FixMode.ConnectionFactory && MethodLocalMember.Plan(context) is not null)
        {
            // The member only carried a new connection through one method: it is now that method's local.
            return null;
        }

        // A holder's accessors hand the connection out: only a factory per use can stand in for them.
        var protocol = ConnectionProtocol.Find(context);
        if (context.Mode == FixMode.ConnectionFactory)
        {
            context.Protocol = protocol;
            foreach (var setter in protocol.Accessors.Where(a => a.DropsSetter).Select(a => a.Symbol).OfType<IPropertySymbol>())
            {
                if (await CrossProjectUses.SetAsync(context.Project, setter, context.CancellationToken).ConfigureAwait(false))
                {
                    return NoFixReason.AccessorSetByCaller;
                }
            }
        }
        else if (protocol.Accessors.Any())
        {
            return NoFixReason.ReachedThroughHelper;
        }
        else if (protocol.Helpers.Any(h => h.OpenFailure is RetriedOpen))
        {
            // Each unit waited for the server in the opener; a lease or a data source would throw instead.
            return NoFixReason.OpenRetriedUntilOpen;
        }
        else if (await LeasedHandledOpeners.CheckAsync(context, protocol).ConfigureAwait(false) is { } handledOpenerReason)
        {
            return handledOpenerReason;
        }

        var references = await ReferenceCollector.CollectAsync(context, shape.Value).ConfigureAwait(false);
        if (references.Value is null)
        {
            return references.Reason;
        }

        if (TransactionsKeptInMembers.Check(context, references.Value) is { } transactionReason)
        {
            return transactionReason;
        }

        if (context.Mode != FixMode.ConnectionFactory
            && (ReopenedConnections.OpenedPerUse(context, protocol, references.Value) || ReopenedConnections.BuiltAndClosedInUnit(references.Value)))
        {
            return NoFixReason.BuiltOnEveryOpen;
        }

        ClosedAtRestOpens.Keep(context, references.Value);
        ClosesBeforeReopen.Keep(context, references.Value);
        var target = ConnectionTarget.Resolve(context, shape.Value, references.Value);
        if (target.Value is null)
        {
            return await LibraryOpenedConnections.RefineAsync(context, protocol, references.Value, target.Reason!.Value).ConfigureAwait(false);
        }

        context.DeclaredUseType = target.Value.DeclaredType;
        var declarationReason = context.Mode == FixMode.ConnectionFactory
            ? FactoryPlanner.Plan(context, shape.Value, references.Value, target.Value)
            : DeclarationPlanner.Plan(context, shape.Value, references.Value, target.Value);
        if (declarationReason is not null)
        {
            return declarationReason;
        }

        if (context.Mode == FixMode.ConnectionFactory)
        {
            HandledOpenProbes.Apply(context, references.Value);
        }

        var removedIfs = OpenOnlyIfStatements.Remove(context, references.Value);
        var copies = LocalCopies.Plan(context, references.Value, removedIfs, target.Value);
        if (copies.Value is null)
        {
            return copies.Reason;
        }

        if (await ConnectionStateReads.CheckAsync(context, references.Value, copies.Value).ConfigureAwait(false) is { } stateReason)
        {
            return stateReason;
        }

        if (StateReadAfterClose.Check(references.Value) is { } closedStateReason)
        {
            return closedStateReason;
        }

        return UnitPlanner.Plan(context, shape.Value, references.Value, removedIfs)
            ?? (context.HandedReceivers.Count > 0 ? await HandedGuards.PlanAsync(context).ConfigureAwait(false) : null);
    }
}
