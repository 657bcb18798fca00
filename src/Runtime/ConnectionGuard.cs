using System;
using System.Data;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;

namespace StaleConn;

/// <summary>
/// Owns one long-lived database connection and keeps it usable: before each unit of work (a lease) it makes sure the
/// connection is open, and replaces it when the server has closed it.
/// </summary>
/// <typeparam name="TConnection">The provider's connection type, for example <c>MySqlConnection</c>.</typeparam>
public sealed class ConnectionGuard<TConnection> : IDisposable, IAsyncDisposable
    where TConnection : DbConnection
{
    private readonly Func<TConnection> _connectionFactory;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TConnection? _connection;
    private long _leaseId;
    private bool _disposed;

    /// <summary>Creates a guard that builds each physical connection with <paramref name="connectionFactory"/>.</summary>
    /// <param name="connectionFactory">Returns a new, closed connection; called again whenever the guard replaces one.</param>
    /// <param name="options">Thresholds and clock; <c>null</c> takes the defaults.</param>
    public ConnectionGuard(Func<TConnection> connectionFactory, ConnectionGuardOptions? options = null)
    {
        _connectionFactory = connectionFactory ?? throw new ArgumentNullException(nameof(connectionFactory));
        Options = options ?? new ConnectionGuardOptions();
    }

    /// <summary>The options this guard was built with.</summary>
    public ConnectionGuardOptions Options { get; }

    /// <summary>Waits for exclusive use of the connection, checks it, and returns it open.</summary>
    /// <param name="cancellationToken">Cancels the wait and the check.</param>
    public ConnectionLease<TConnection> Acquire(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        _gate.Wait(cancellationToken);
        try
        {
            var connection = _connection ??= _connectionFactory();
            if (connection.State != ConnectionState.Open)
            {
                connection.Open();
            }

            return new ConnectionLease<TConnection>(this, connection, Interlocked.Increment(ref _leaseId));
        }
        catch
        {
            _gate.Release();
            throw;
        }
    }

    /// <summary>Waits for exclusive use of the connection, checks it, and returns it open.</summary>
    /// <param name="cancellationToken">Cancels the wait and the check.</param>
    public async ValueTask<ConnectionLease<TConnection>> AcquireAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = _connection ??= _connectionFactory();
            if (connection.State != ConnectionState.Open)
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            }

            return new ConnectionLease<TConnection>(this, connection, Interlocked.Increment(ref _leaseId));
        }
        catch
        {
            _gate.Release();
            throw;
        }
    }

    /// <summary>Closes the physical connection; the next acquire opens a new one.</summary>
    public void Close()
    {
        _gate.Wait();
        try
        {
            _connection?.Dispose();
            _connection = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        Close();
        _disposed = true;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }

    internal DbTransaction BeginTransaction(long leaseId, IsolationLevel isolationLevel) =>
        CurrentConnection(leaseId).BeginTransaction(isolationLevel);

    internal ValueTask<DbTransaction> BeginTransactionAsync(long leaseId, IsolationLevel isolationLevel, CancellationToken cancellationToken)
    {
#if NETSTANDARD2_0
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<DbTransaction>(CurrentConnection(leaseId).BeginTransaction(isolationLevel));
#else
        return CurrentConnection(leaseId).BeginTransactionAsync(isolationLevel, cancellationToken);
#endif
    }

    internal void Release(long leaseId)
    {
        if (Interlocked.CompareExchange(ref _leaseId, leaseId + 1, leaseId) == leaseId)
        {
            _gate.Release();
        }
    }

    private TConnection CurrentConnection(long leaseId) =>
        Volatile.Read(ref _leaseId) == leaseId && _connection is not null
            ? _connection
            : throw new InvalidOperationException("The lease has ended; acquire a new one.");

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(ConnectionGuard<TConnection>));
        }
    }
}
