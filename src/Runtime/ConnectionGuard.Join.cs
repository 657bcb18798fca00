using System;
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

    /// <summary>
    /// Acquires a lease as <see cref="Acquire"/> does, or, when the calling flow already holds a lease of this guard,
    /// joins it: the joined lease uses the same open connection and session (no check, probe or replacement while the
    /// outer lease holds it), and disposing it does not end the outer lease. For a unit of work that other units call
    /// while they hold their lease, as code that shared one connection did.
    /// </summary>
    /// <remarks>
    /// The outer lease's flow includes work it starts that carries its execution context (<c>Task.Run</c>, a timer):
    /// such work joins too, and then uses the connection while the outer unit may use it as well, as it did when both
    /// shared one connection. Start it under <c>ExecutionContext.SuppressFlow()</c> for it to wait its turn instead.
    /// The connection goes back to the guard when the outer lease and every joined lease have ended. Transactions follow
    /// the same rules as with <see cref="Acquire"/>: a joined unit runs inside a transaction the outer unit began.
    /// </remarks>
    /// <param name="cancellationToken">Cancels the wait and the check (a join does not wait).</param>
    /// <exception cref="InvalidOperationException">Called from a hook or <see cref="Reconnected"/> handler while the guard prepares this flow's lease, or see <see cref="Acquire"/>.</exception>
    public ConnectionLease<TConnection> AcquireOrJoin(CancellationToken cancellationToken = default) =>
        TryJoin("AcquireOrJoin()") ?? Acquire(cancellationToken);

    /// <summary>Acquires a lease as <see cref="AcquireAsync"/> does, or joins the lease the calling flow holds (see <see cref="AcquireOrJoin"/>).</summary>
    /// <param name="cancellationToken">Cancels the wait and the check (a join does not wait).</param>
    /// <exception cref="InvalidOperationException">Called from a hook or <see cref="Reconnected"/> handler while the guard prepares this flow's lease, or see <see cref="AcquireAsync"/>.</exception>
    public ValueTask<ConnectionLease<TConnection>> AcquireOrJoinAsync(CancellationToken cancellationToken = default) =>
        TryJoin("AcquireOrJoinAsync()") is { } joined ? new ValueTask<ConnectionLease<TConnection>>(joined) : AcquireAsync(cancellationToken);

    /// <summary>A lease joined to the one the caller's flow holds, or null when it holds none (or that one is ending).</summary>
    private ConnectionLease<TConnection>? TryJoin(string call)
    {
        ThrowIfDisposed();
        var held = SuspectedNestedLease(call);
        if (held == LeaseGate.None)
        {
            return null;
        }

        lock (_joinLock)
        {
            // Counted before the gate is read again: a release that began meanwhile sees the count (both sides fence).
            Interlocked.Increment(ref _joins);
            if (!_gate.IsHeldBy(held) || _connection is not { } connection)
            {
                Interlocked.Decrement(ref _joins); // that lease is leaving: acquire as anyone would
                return null;
            }

            _metrics.CountAcquire();
            return new ConnectionLease<TConnection>(this, connection, held, new JoinedLease(this));
        }
    }

    /// <summary>
    /// The lease that holds the gate ends while joined leases still use the connection: the gate, which its release had
    /// begun to leave, stays held by it until the last joined lease ends. False when none is left (release as usual).
    /// </summary>
    private bool DeferReleaseWhileJoined(long leaseId, bool inCallersContext)
    {
        lock (_joinLock)
        {
            if (_joins == 0)
            {
                return false;
            }

            _gate.CancelExit(leaseId);
            _deferredRelease = leaseId;
        }

        // The caller's context goes back to what it was before the lease; the mark stays armed for the joined work,
        // which may join again, and is never re-armed for a later lease of the caller.
        LeaveMarkedContext(inCallersContext);
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

        Release(release, inCallersContext: false);
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
