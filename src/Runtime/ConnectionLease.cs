using System;
using System.Data;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;

namespace StaleConn;

/// <summary>
/// Exclusive use of a guard's open connection for one unit of work. While a lease is held the guard never checks,
/// recycles or replaces the connection, and other acquirers wait. Dispose it when the unit of work ends: idle time is
/// counted from then. Do not dispose <see cref="Connection"/> itself: the guard owns it.
/// </summary>
/// <remarks>
/// Disposing a lease more than once, sequentially or from several threads at the same moment (copies of this struct
/// included), releases it exactly once; disposing a lease that has already ended never affects a later lease. That
/// costs one interlocked compare-exchange per release, kept on purpose: without it, two threads ending the same lease
/// at once could each reopen the gate, the second after another caller took it, and hand the connection to two units
/// of work together.
/// </remarks>
/// <typeparam name="TConnection">The provider's connection type.</typeparam>
public readonly struct ConnectionLease<TConnection> : IDisposable, IAsyncDisposable
    where TConnection : DbConnection
{
    private readonly ConnectionGuard<TConnection>? _guard;
    private readonly long _leaseId;
    private readonly ConnectionGuard<TConnection>.JoinedLease? _joined;

    internal ConnectionLease(ConnectionGuard<TConnection> guard, TConnection connection, long leaseId, ConnectionGuard<TConnection>.JoinedLease? joined = null)
    {
        _guard = guard;
        Connection = connection;
        _leaseId = leaseId;
        _joined = joined;
    }

    /// <summary>The checked, open connection, typed as the provider's own class (for provider commands, bulk copy, Dapper).</summary>
    public TConnection Connection { get; }

    /// <summary>Begins a transaction through the guard, so the guard knows the session holds one.</summary>
    /// <param name="isolationLevel">The isolation level; <see cref="IsolationLevel.Unspecified"/> uses the server's default.</param>
    public DbTransaction BeginTransaction(IsolationLevel isolationLevel = IsolationLevel.Unspecified) =>
        Guard.BeginTransaction(_leaseId, isolationLevel);

    /// <summary>Begins a transaction through the guard, asynchronously where the provider supports it.</summary>
    /// <param name="isolationLevel">The isolation level; <see cref="IsolationLevel.Unspecified"/> uses the server's default.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public ValueTask<DbTransaction> BeginTransactionAsync(IsolationLevel isolationLevel = IsolationLevel.Unspecified, CancellationToken cancellationToken = default) =>
        Guard.BeginTransactionAsync(_leaseId, isolationLevel, cancellationToken);

    /// <summary>Ends the unit of work and hands the connection back to the guard (it stays open); a joined lease leaves it to the lease it joined.</summary>
    public void Dispose()
    {
        if (_joined is not null)
        {
            _joined.End();
        }
        else
        {
            _guard?.Release(_leaseId);
        }
    }

    /// <summary>Ends the unit of work and hands the connection back to the guard (it stays open); a joined lease leaves it to the lease it joined.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }

    private ConnectionGuard<TConnection> Guard =>
        _guard ?? throw new InvalidOperationException("This lease was not acquired from a ConnectionGuard.");
}
