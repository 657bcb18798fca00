using System;
using System.Threading;

namespace StaleConn;

// What the health check reads: recorded on the slow path only (the hot path never follows a failure: a failed acquire
// leaves the connection closed, replaced or blocked, so the next one takes the slow path and clears it).
public sealed partial class ConnectionGuard<TConnection>
{
    private Failure? _lastFailure;

    /// <summary>A snapshot for <see cref="ConnectionGuardHealthCheck{TConnection}"/>, read without the gate.</summary>
    internal GuardHealth Health => new(
        Volatile.Read(ref _lastFailure),
        Volatile.Read(ref _lostTransaction) is not null,
        !_disposed && _gate.IsHeld,
        _gate.WaiterCount);

    private void RecordFailure(Exception exception)
    {
        if (exception is not OperationCanceledException)
        {
            Volatile.Write(ref _lastFailure, new Failure(exception, DateTimeOffset.UtcNow));
        }
    }

    private void RecordSuccess()
    {
        if (_lastFailure is not null)
        {
            Volatile.Write(ref _lastFailure, null);
        }
    }

    internal sealed class Failure
    {
        public Failure(Exception exception, DateTimeOffset at)
        {
            Exception = exception;
            At = at;
        }

        public Exception Exception { get; }

        public DateTimeOffset At { get; }
    }

    internal readonly struct GuardHealth
    {
        public GuardHealth(Failure? lastFailure, bool lostTransactionBlocks, bool leaseHeld, int waiting)
        {
            LastFailure = lastFailure;
            LostTransactionBlocks = lostTransactionBlocks;
            LeaseHeld = leaseHeld;
            Waiting = waiting;
        }

        public Failure? LastFailure { get; }

        public bool LostTransactionBlocks { get; }

        public bool LeaseHeld { get; }

        public int Waiting { get; }
    }
}
