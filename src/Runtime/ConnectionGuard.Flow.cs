using System;
using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.Extensions.Logging;

namespace StaleConn;

// Which flow holds the lease, and which owns a transaction: a nested acquire fails at once instead of waiting for
// itself, and a transaction kept past its lease is never handed to another flow's unit of work.
public sealed partial class ConnectionGuard<TConnection>
{
    // The hot path marks the caller's flow without allocating: the execution context it runs in is switched to one
    // that carries a LeaseMark, built once per base context and re-armed with each lease id (ExecutionContext.Restore,
    // .NET 8+), and switched back when the lease ends in that same context. A marked context that did not come back
    // (the lease ended elsewhere, or the acquire failed) is never re-armed: whoever still runs in it keeps a mark that
    // says "no lease". Read and written only by the gate's holder.
#if NET
    private ExecutionContext? _markBase;
    private ExecutionContext? _markedContext;
#endif
    private LeaseMark? _cachedMark;
    private FlowMark _leaseFlow; // the current lease's mark, restored when it ends
    private LeakWatch? _leak;
    private string? _runningHook; // which hook or handler runs now, for the nested acquire's message
    private Exception? _refusedInHook; // the acquire refused in the running hook's flow (see ValidateAsync)

    /// <summary>
    /// Marks the caller's flow as the holder of <paramref name="leaseId"/>. Runs in the caller's synchronous context
    /// (a non-async method of the guard), so the mark stays with the caller, its awaits and its callees.
    /// </summary>
    private FlowMark MarkFlow(long leaseId)
    {
#if NET
        var current = ExecutionContext.Capture();
        if (current is not null && ReferenceEquals(current, _markBase))
        {
            var mark = _cachedMark!;
            mark.LeaseId = leaseId;
            ExecutionContext.Restore(_markedContext!);
            return _leaseFlow = new FlowMark(mark, current, _markedContext);
        }

        return MarkFlowFirstTime(current, leaseId);
#else
        var previous = FlowMarks.Leases.Value;
        var mark = new LeaseMark(this, leaseId, previous);
        FlowMarks.Leases.Value = mark;
        return _leaseFlow = new FlowMark(mark, previous);
#endif
    }

#if NET
    [MethodImpl(MethodImplOptions.NoInlining)]
    private FlowMark MarkFlowFirstTime(ExecutionContext? current, long leaseId)
    {
        if (current is null)
        {
            return _leaseFlow = MarkSuppressedFlow(leaseId, LeaseJoin.Never);
        }

        var mark = new LeaseMark(this, leaseId, FlowMarks.Leases.Value);
        FlowMarks.Leases.Value = mark;
        var marked = ExecutionContext.Capture();
        _markBase = current;
        _markedContext = marked;
        _cachedMark = mark;
        return _leaseFlow = new FlowMark(mark, current, marked);
    }
#endif

    /// <summary>
    /// AcquireOrJoin's lease gets a mark of its own, never re-armed: work started inside it that outlives it keeps a
    /// mark that names this lease (ended), never a later lease of the same context, so it cannot join one. That costs
    /// the allocations <see cref="MarkFlow"/>'s cache saves (the mark and the context; see docs/benchmarks.md).
    /// </summary>
    private FlowMark MarkFlowForJoins(long leaseId) => _leaseFlow = MarkFlowWithNewMark(leaseId, LeaseJoin.Preparing);

    /// <summary>A waiting acquire marks its flow before it waits (an async wait's own changes would not reach the caller).</summary>
    private FlowMark MarkFlowWaiting(bool join) => MarkFlowWithNewMark(LeaseGate.None, join ? LeaseJoin.Preparing : LeaseJoin.Never);

    private FlowMark MarkFlowWithNewMark(long leaseId, LeaseJoin join)
    {
#if NET
        var current = ExecutionContext.Capture();
        if (current is null)
        {
            return MarkSuppressedFlow(leaseId, join);
        }

        var mark = new LeaseMark(this, leaseId, FlowMarks.Leases.Value) { Join = join };
        FlowMarks.Leases.Value = mark;
        return new FlowMark(mark, current, ExecutionContext.Capture());
#else
        var previous = FlowMarks.Leases.Value;
        var mark = new LeaseMark(this, leaseId, previous) { Join = join };
        FlowMarks.Leases.Value = mark;
        return new FlowMark(mark, previous);
#endif
    }

#if NET
    /// <summary>
    /// Under <c>ExecutionContext.SuppressFlow()</c> there is no context to capture, but the calls the caller makes on its
    /// thread still read its marks (a nested acquire that saw none waited for itself for ever): a plain write, taken
    /// back when the lease ends where that mark is still the flow's (see <see cref="RestoreCallersContext"/>).
    /// </summary>
    private FlowMark MarkSuppressedFlow(long leaseId, LeaseJoin join)
    {
        var mark = new LeaseMark(this, leaseId, FlowMarks.Leases.Value) { Join = join };
        FlowMarks.Leases.Value = mark;
        return new FlowMark(mark, null, null);
    }
#endif

    /// <summary>An AcquireOrJoin lease is handed out: from now on units its flow calls join it.</summary>
    private static void OpenToJoins(FlowMark flow)
    {
        if (flow.Mark is { Join: LeaseJoin.Preparing } mark)
        {
            mark.Join = LeaseJoin.Open;
        }
    }

    /// <summary>The waiting flow got the gate: its mark now names the lease.</summary>
    private void ArmFlow(FlowMark flow, long leaseId)
    {
        if (flow.Mark is { } mark)
        {
            mark.LeaseId = leaseId;
        }

        _leaseFlow = flow;
    }

    /// <summary>The flow leaves the gate to wait for another flow's transaction: its mark says "no lease" meanwhile, and is its alone.</summary>
    private void PauseFlow(long leaseId)
    {
        if (_leaseFlow.Mark is { } mark && mark.LeaseId == leaseId)
        {
            mark.LeaseId = LeaseGate.None;
            ForgetCachedMark(mark);
        }

        _leaseFlow = default;
    }

    /// <summary>The lease ends: its mark says "no lease"; where it ends in the context its acquire left, that context is switched back.</summary>
    private void UnmarkFlow(bool inCallersContext)
    {
        var flow = _leaseFlow;
        if (flow.Mark is not { } mark)
        {
            return;
        }

        _leaseFlow = default;
        mark.LeaseId = LeaseGate.None;
        if (!(inCallersContext && RestoreCallersContext(flow)))
        {
            ForgetCachedMark(mark);
        }
    }

    /// <summary>
    /// The lease ended in the caller's code while joined work goes on: the caller's context is switched back, but the
    /// mark keeps naming the lease for the joined work (its own mark: a lease that can be joined never uses the cache).
    /// </summary>
    private void LeaveMarkedContext() => RestoreCallersContext(_leaseFlow);

    /// <summary>Switches the caller back to the context it had before the lease, when it still runs in the one the acquire left it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool RestoreCallersContext(in FlowMark flow)
    {
#if NET
        if (flow.Base is { } restore && ReferenceEquals(ExecutionContext.Capture(), flow.Marked))
        {
            ExecutionContext.Restore(restore);
            return true;
        }

        if (flow.Base is null && flow.Mark is { } suppressed && ReferenceEquals(FlowMarks.Leases.Value, suppressed))
        {
            FlowMarks.Leases.Value = suppressed.Outer; // marked under SuppressFlow (see MarkSuppressedFlow)
            return true;
        }
#else
        if (flow.Mark is { } mark && ReferenceEquals(FlowMarks.Leases.Value, mark))
        {
            FlowMarks.Leases.Value = flow.Previous;
            return true;
        }
#endif
        return false;
    }

    private void ForgetCachedMark(LeaseMark mark)
    {
        if (ReferenceEquals(mark, _cachedMark))
        {
#if NET
            _markBase = null;
            _markedContext = null;
#endif
            _cachedMark = null;
        }
    }

    /// <summary>
    /// The lease that holds the gate, when the caller's flow carries its mark (that lease's own flow asking again, or
    /// work it started); <see cref="LeaseGate.None"/> otherwise. From a hook or a <see cref="Reconnected"/> handler,
    /// which the guard runs while it prepares that lease, the acquire could only wait for itself: it fails at once.
    /// </summary>
    private long SuspectedNestedLease(string call) => SuspectedNestedLease(call, out _);

    /// <inheritdoc cref="SuspectedNestedLease(string)"/>
    /// <param name="call">The caller's API, for the message.</param>
    /// <param name="held">The mark that names that lease, which says whether it can be joined.</param>
    private long SuspectedNestedLease(string call, out LeaseMark? held)
    {
        for (var mark = FlowMarks.Leases.Value; mark is not null; mark = mark.Outer)
        {
            var leaseId = mark.LeaseId;
            // A lease caught in its exit still counts: that exit may be deferred for joined leases (see TryJoin).
            if (ReferenceEquals(mark.Guard, this) && leaseId != LeaseGate.None && _gate.IsHeldOrLeaving(leaseId))
            {
                held = mark;
                return _runningHook is not null && mark.InHook ? throw RefusedInHook(NestedAcquire(call)) : leaseId;
            }
        }

        held = null;
        return LeaseGate.None;
    }

    /// <summary>Notes a refusal raised in a hook's flow: the guard reports it rather than take it for the hook's own failure.</summary>
    private InvalidOperationException RefusedInHook(InvalidOperationException refusal)
    {
        _refusedInHook = refusal;
        return refusal;
    }

    /// <summary>Whether <paramref name="failure"/> is this guard refusing an acquire from the running hook's flow.</summary>
    private bool IsRefusalInHook(Exception failure) => ReferenceEquals(failure, _refusedInHook);

    private InvalidOperationException NestedAcquire(string call) => new(
        $"{call} on ConnectionGuard '{Name}' was called by the flow that already holds its lease" +
        (_runningHook is { } hook ? $" (from {hook}, which the guard runs while it prepares that lease)" : string.Empty) +
        ": it would wait for itself for ever. Use the lease you hold (pass it, or its Connection, to the code that needs it), " +
        "or end it first. " +
        (call.StartsWith("AcquireOrJoin", StringComparison.Ordinal) ? "AcquireOrJoin joins only a lease taken with AcquireOrJoin (or AcquireOrJoinAsync): take the outer lease with it. " : string.Empty) +
        "Work started inside a lease (Task.Run, a timer) carries the lease's flow: start it after the lease " +
        "ends, or under ExecutionContext.SuppressFlow(), if it must take a lease of its own (SuppressFlow() does not make a " +
        "call on this thread another flow: only work started inside it).");

    private InvalidOperationException JoinWhilePreparing(string call) => new(
        $"{call} on ConnectionGuard '{Name}' was called by the flow whose lease the guard still prepares (checks, probes, " +
        "replaces or opens the connection: from a StateChange handler, the connection factory, the Validator or " +
        "work they started). That lease is not handed out yet, and the connection may still be replaced: there is nothing " +
        "to join. Do the work after the acquire returns, with the lease it returns.");

    /// <summary>Marks the caller's flow as the owner of <paramref name="transaction"/> (once).</summary>
    private void MarkOwner(DbTransaction transaction)
    {
        if (!FlowOwns(transaction))
        {
            FlowMarks.Transactions.Value = new TransactionOwner(this, transaction, FlowMarks.Transactions.Value);
        }
    }

    private bool FlowOwns(DbTransaction transaction)
    {
        for (var owner = FlowMarks.Transactions.Value; owner is not null; owner = owner.Outer)
        {
            if (ReferenceEquals(owner.Guard, this) && ReferenceEquals(owner.Transaction, transaction))
            {
                return true;
            }
        }

        return false;
    }

    private InvalidOperationException TransactionKeptByAnotherFlow() => new(
        $"ConnectionGuard '{Name}': a transaction begun through an earlier lease is still open on the connection, and this " +
        "acquire does not come from the flow that began it. The guard does not hand the connection to another unit of work " +
        "while it is open: that work would run inside it, and vanish if it rolls back. End a transaction (commit, roll back " +
        "or dispose it) before its lease ends; a flow that keeps one open across leases gets the connection back, others " +
        "fail like this until it ends.");

    // Runs a hook or handler with its name noted, and the lease's mark saying so: an acquire from the hook's flow
    // fails at once, with the hook's name in the message.
    private void EnterHook(string name)
    {
        _runningHook = name;
        _refusedInHook = null;
        if (_leaseFlow.Mark is { } mark)
        {
            mark.InHook = true;
        }
    }

    private void LeaveHook()
    {
        _runningHook = null;
        if (_leaseFlow.Mark is { } mark)
        {
            mark.InHook = false;
        }
    }

    private void StartLeakWatch(long leaseId, TimeSpan threshold, StackTrace acquiredAt)
    {
        var watch = new LeakWatch(this, leaseId, acquiredAt);
        watch.Timer = Options.TimeProvider.CreateTimer(static state => ((LeakWatch)state!).Fire(), watch, threshold, Timeout.InfiniteTimeSpan);
        _leak = watch;
    }

    private void EndLeakWatch()
    {
        var watch = _leak!;
        _leak = null;
        watch.End();
    }

    /// <summary>The lease's mark, and the contexts to switch between (on .NET Standard: the mark it replaced).</summary>
    private readonly struct FlowMark
    {
#if NET
        public FlowMark(LeaseMark mark, ExecutionContext? @base, ExecutionContext? marked)
        {
            Mark = mark;
            Base = @base;
            Marked = marked;
        }

        public ExecutionContext? Base { get; }

        public ExecutionContext? Marked { get; }
#else
        public FlowMark(LeaseMark mark, LeaseMark? previous)
        {
            Mark = mark;
            Previous = previous;
        }

        public LeaseMark? Previous { get; }
#endif

        public LeaseMark? Mark { get; }
    }

    /// <summary>Warns when one lease is held past <see cref="ConnectionGuardOptions.LeakDetectionThreshold"/>, with the acquirer's stack.</summary>
    private sealed class LeakWatch
    {
        private readonly ConnectionGuard<TConnection> _guard;
        private readonly long _leaseId;
        private readonly StackTrace _acquiredAt;
        private readonly long _started;
        private int _state; // 0 watching, 1 reported, 2 ended

        public LeakWatch(ConnectionGuard<TConnection> guard, long leaseId, StackTrace acquiredAt)
        {
            _guard = guard;
            _leaseId = leaseId;
            _acquiredAt = acquiredAt;
            _started = guard.Options.TimeProvider.GetTimestamp();
        }

        public ITimer? Timer { get; set; }

        private double HeldSeconds => _guard.Options.TimeProvider.GetElapsedTime(_started).TotalSeconds;

        public void Fire()
        {
            if (Interlocked.CompareExchange(ref _state, 1, 0) == 0 && _guard._gate.IsHeldBy(_leaseId))
            {
                GuardLog.LeaseHeldTooLong(_guard._logger, _guard.Name, HeldSeconds, _acquiredAt.ToString(), null);
            }
        }

        public void End()
        {
            Timer?.Dispose();
            if (Interlocked.Exchange(ref _state, 2) == 1)
            {
                GuardLog.LeaseReturned(_guard._logger, _guard.Name, HeldSeconds, null);
            }
        }
    }
}
