using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace StaleConn;

// Nested units of work: code that shared one connection often has a unit that calls another (an insert, then the
// method that reads LAST_INSERT_ID()). Both ran on one session; AcquireOrJoin keeps that, where Acquire would fail at
// once (a nested acquire waits for itself).
public sealed partial class ConnectionGuard<TConnection>
{
    private readonly object _joinLock = new();
    private int _joins; // live joined leases of the lease that holds the gate
    private long _deferredRelease = LeaseGate.None; // that lease, disposed while joined leases still use the connection
    private long _ownerEnded = LeaseGate.None; // a deferred lease whose owner's part of the release has run

    /// <summary>
    /// Acquires a lease as <see cref="Acquire"/> does, or, when the calling flow already holds a lease of this guard that
    /// it took with <c>AcquireOrJoin</c>, joins it: the joined lease uses the same open connection and session (no check,
    /// probe or replacement while the outer lease holds it), and disposing it does not end the outer lease. For a unit
    /// of work that other units call while they hold their lease, as code that shared one connection did.
    /// </summary>
    /// <remarks>
    /// The outer lease's flow includes work it starts that carries its execution context (<c>Task.Run</c>, a timer):
    /// such work joins too while that lease lasts, and then uses the connection while the outer unit may use it as well,
    /// as it did when both shared one connection. Start it under <c>ExecutionContext.SuppressFlow()</c> for it to wait
    /// its turn instead. Work that outlives the lease it was started in never joins a later one: it waits its turn.
    /// The connection goes back to the guard when the outer lease and every joined lease have ended. Transactions follow
    /// the same rules as with <see cref="Acquire"/>, in the outer unit's terms: a joined unit runs inside a transaction the
    /// outer unit began, and one the outer unit leaves open stays its own. A lease taken with <see cref="Acquire"/> is
    /// never joined (a nested call fails as a nested <see cref="Acquire"/> does), and nothing joins a lease the guard is
    /// still preparing.
    /// </remarks>
    /// <param name="cancellationToken">Cancels the wait and the check (a join does not wait).</param>
    /// <exception cref="InvalidOperationException">Called while the guard prepares this flow's lease (from a hook, a <see cref="Reconnected"/> or <c>StateChange</c> handler, the connection factory or the Validator), from inside a lease taken with <see cref="Acquire"/>, or see <see cref="Acquire"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ConnectionLease<TConnection> AcquireOrJoin(CancellationToken cancellationToken = default) => AcquireLease(join: true, cancellationToken);

    /// <summary>Acquires a lease as <see cref="AcquireAsync"/> does, or joins the lease the calling flow holds (see <see cref="AcquireOrJoin"/>).</summary>
    /// <param name="cancellationToken">Cancels the wait and the check (a join does not wait).</param>
    /// <exception cref="InvalidOperationException">Called while the guard prepares this flow's lease, from inside a lease taken with <see cref="AcquireAsync"/>, or see <see cref="AcquireAsync"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ValueTask<ConnectionLease<TConnection>> AcquireOrJoinAsync(CancellationToken cancellationToken = default) => AcquireLeaseAsync(join: true, cancellationToken);

    /// <summary>
    /// A lease joined to <paramref name="held"/>, the lease the caller's flow holds (its mark says it can be joined), or
    /// null when that lease has ended. While the guard still prepares it, the join is refused.
    /// </summary>
    private ConnectionLease<TConnection>? TryJoin(long held, LeaseMark mark, string call)
    {
        if (mark.Join == LeaseJoin.Preparing)
        {
            throw RefusedInHook(JoinWhilePreparing(call));
        }

        var spin = default(SpinWait);
        while (true)
        {
            lock (_joinLock)
            {
                // Counted before the gate is read again: a release that began meanwhile sees the count (both sides fence).
                Interlocked.Increment(ref _joins);
                if (_gate.IsHeldBy(held) && _connection is { } connection)
                {
                    _metrics.CountAcquire();
                    return new ConnectionLease<TConnection>(this, connection, held, new JoinedLease(this));
                }

                Interlocked.Decrement(ref _joins);
            }

            // Caught in the lease's exit: wait the few instructions until it ends or is deferred for joined leases (the
            // caller may hold one, which a queued acquire would wait for for ever). Ended: acquire as anyone would.
            if (!_gate.IsHeldOrLeaving(held))
            {
                return null;
            }

            spin.SpinOnce();
        }
    }

    /// <summary>
    /// The lease that holds the gate ends while joined leases still use the connection: the gate, which its release had
    /// begun to leave, stays held by it until the last joined lease ends. False when none is left (release as usual).
    /// At the owner's own end (<paramref name="byOwner"/>), its part of the release runs now, in its flow, as it would
    /// without joins: its context goes back, and a transaction it leaves open is kept for its flow (or forgotten if
    /// finished), never handed to whichever joined flow ends last. Under the lock, so that last end waits for it.
    /// </summary>
    private bool DeferReleaseWhileJoined(long leaseId, bool byOwner)
    {
        lock (_joinLock)
        {
            if (_joins == 0)
            {
                return false;
            }

            _gate.CancelExit(leaseId);
            if (byOwner)
            {
                _ownerEnded = leaseId;
                // The mark stays armed for the joined work, which may join again; it is this lease's own, never re-armed.
                LeaveMarkedContext();
                if (_transaction is not null)
                {
                    KeepOrForgetTransaction(_transaction);
                }
            }

            _deferredRelease = leaseId;
        }

        return true;
    }

    private void EndJoin()
    {
        long release;
        lock (_joinLock)
        {
            Interlocked.Decrement(ref _joins);
            if (_joins != 0 || _deferredRelease == LeaseGate.None)
            {
                return;
            }

            release = _deferredRelease;
            _deferredRelease = LeaseGate.None;
        }

        Release(release, byOwner: false);
    }

    /// <summary>One joined lease: ends once however often it is disposed.</summary>
    internal sealed class JoinedLease
    {
        private readonly ConnectionGuard<TConnection> _guard;
        private int _ended;

        public JoinedLease(ConnectionGuard<TConnection> guard) => _guard = guard;

        public void End()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                _guard.EndJoin();
            }
        }
    }
}
