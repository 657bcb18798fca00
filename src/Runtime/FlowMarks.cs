using System.Data.Common;
using System.Threading;

namespace StaleConn;

/// <summary>
/// What the execution flow of the caller carries for the guards (<see cref="AsyncLocal{T}"/>s, so they follow
/// <c>await</c>s and reach callees, hooks and handlers): which leases it holds, and which transactions it owns.
/// </summary>
internal static class FlowMarks
{
    /// <summary>The leases this flow holds, innermost first (one per guard it holds a lease of).</summary>
    public static readonly AsyncLocal<LeaseMark?> Leases = new();

    /// <summary>Transactions this flow began (or kept past their lease) through a guard's lease.</summary>
    public static readonly AsyncLocal<TransactionOwner?> Transactions = new();
}

/// <summary>
/// "This flow holds lease <see cref="LeaseId"/> of <see cref="Guard"/>" (0: it held one, and no longer does). A mark may
/// be re-armed for a later lease taken from the same execution context: that is how the hot path marks its flow
/// without allocating (see <c>ConnectionGuard.MarkFlow</c>).
/// </summary>
internal sealed class LeaseMark
{
    private long _leaseId;

    public LeaseMark(object guard, long leaseId, LeaseMark? outer)
    {
        Guard = guard;
        _leaseId = leaseId;
        Outer = outer;
    }

    public object Guard { get; }

    /// <summary>The marks the flow carried before this one (leases of other guards).</summary>
    public LeaseMark? Outer { get; }

    public long LeaseId
    {
        get => Volatile.Read(ref _leaseId);
        set => Volatile.Write(ref _leaseId, value);
    }

    /// <summary>Whether the guard is running a hook or handler for this lease now (InitSql, OnOpen, Reconnected).</summary>
    public bool InHook { get; set; }

    /// <summary>Whether <c>AcquireOrJoin</c> from this flow may join the lease (see <see cref="LeaseJoin"/>).</summary>
    public LeaseJoin Join { get; set; }
}

/// <summary>
/// Whether a lease can be joined. Only a lease taken with <c>AcquireOrJoin</c> can: its mark is its own, never re-armed
/// for a later lease, so work that outlives it can never take a later lease for the one it was started in.
/// </summary>
internal enum LeaseJoin
{
    /// <summary>Taken with <c>Acquire</c>: its mark may be re-armed for the caller's next lease, so it is never joined.</summary>
    Never,

    /// <summary>Taken with <c>AcquireOrJoin</c>, and still being prepared (probe, replacement, hooks, handlers): a join is refused.</summary>
    Preparing,

    /// <summary>Taken with <c>AcquireOrJoin</c> and handed out: units its flow calls join it.</summary>
    Open,
}

/// <summary>"This flow owns <see cref="Transaction"/>, begun through a lease of <see cref="Guard"/>."</summary>
internal sealed class TransactionOwner
{
    public TransactionOwner(object guard, DbTransaction? transaction, TransactionOwner? outer)
    {
        Guard = guard;
        Transaction = transaction;
        Outer = outer;
    }

    public object Guard { get; }

    /// <summary>Set when the provider has begun it (an async begin marks the flow before it starts).</summary>
    public DbTransaction? Transaction { get; set; }

    public TransactionOwner? Outer { get; }
}
