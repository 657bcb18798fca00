using System;
using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Transaction = System.Transactions.Transaction;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace StaleConn;

/// <summary>
/// Owns one long-lived database connection and keeps it usable: before each unit of work (a lease) it decides from the
/// idle time whether the connection can be used as is, must be probed, or is known dead, and replaces it with a new
/// server session when it is not usable — never silently while a transaction is open on it.
/// </summary>
/// <typeparam name="TConnection">The provider's connection type, for example <c>MySqlConnection</c>.</typeparam>
public sealed partial class ConnectionGuard<TConnection> : IDisposable, IAsyncDisposable
    where TConnection : DbConnection
{
    private readonly Func<TConnection> _connectionFactory;
    private readonly LeaseGate _gate = new();
    private readonly IdleClock _clock;
    private readonly ILogger _logger;
    private readonly long _idleCheckAfterTicks;
    private readonly long _maxLifetimeTicks;
    private TConnection? _connection;
    private TConnection? _initialConnection;
    private bool _initialMayBePooled;
    private int _initialConnectTimeout;
    private volatile bool _disposed;

    // State of the current physical connection; read and written only while holding _gate.
    private IdleInstant _checkDeadline;
    private IdleInstant _releasedAt;
    private IdleInstant _acquiredAt;
    private IdleInstant _openedAt;
    private IdleInstant _recycleAt = IdleInstant.Never; // _openedAt + MaxLifetime, as a deadline
    private long _thresholdTicks;
    private long _serverIdleLimitTicks = long.MaxValue;
    private long? _serverConnectionId;
    private DbTransaction? _transaction;
    private LostTransaction? _lostTransaction;
    private DbConnection? _autoEnlistReadFrom;
    private bool _autoEnlist = true;

    /// <summary>Creates a guard that builds each physical connection with <paramref name="connectionFactory"/>.</summary>
    /// <param name="connectionFactory">Returns a new, closed connection; called again whenever the guard replaces one.</param>
    /// <param name="options">Thresholds and clock; <c>null</c> takes the defaults.</param>
    public ConnectionGuard(Func<TConnection> connectionFactory, ConnectionGuardOptions? options = null)
        : this(connectionFactory, options, clock: null)
    {
    }

    /// <summary>For tests: a guard that reads <paramref name="clock"/> instead of the options' time provider.</summary>
    internal ConnectionGuard(Func<TConnection> connectionFactory, ConnectionGuardOptions? options, IdleClock? clock)
    {
        _connectionFactory = connectionFactory ?? throw new ArgumentNullException(nameof(connectionFactory));
        Options = options ?? new ConnectionGuardOptions();
        Options.Validate();
        _clock = clock ?? IdleClock.For(Options.TimeProvider);
        _logger = Options.Logger ?? NullLogger.Instance;
        _idleCheckAfterTicks = _clock.ToTicks(Options.IdleCheckAfter);
        _maxLifetimeTicks = Options.MaxLifetime is { } lifetime ? _clock.ToTicks(lifetime) : long.MaxValue;
    }

    /// <summary>
    /// Creates a guard around an existing connection. Its <see cref="DbConnection.ConnectionString"/> is captured now and
    /// used to build each replacement (of the same type, through its public parameterless constructor); the instance
    /// itself is the first physical connection. If <paramref name="connection"/> is already open — providers drop the
    /// password from <c>ConnectionString</c> once a connection has opened (unless <c>Persist Security Info=true</c>), so
    /// replacements could then fail to authenticate: pass the connection before opening it, or use the factory form.
    /// </summary>
    /// <param name="connection">The connection to guard; the guard owns it from now on and disposes it.</param>
    /// <param name="options">Thresholds and clock; <c>null</c> takes the defaults.</param>
    public ConnectionGuard(TConnection connection, ConnectionGuardOptions? options = null)
        : this(FactoryFrom(connection), options)
    {
        // The instance itself is the first physical connection (opened at the first acquire if it is closed). Already
        // open, it may be a pooled one: the guard keeps it from the pool if it finds it dead (see DeadSessions).
        _initialMayBePooled = !TurnPoolingOff(connection, out _initialConnectTimeout);
        _initialConnection = connection;
    }

    /// <summary>
    /// Raised after the guard replaced its connection with a new server session (not on the first open), on the
    /// acquiring thread while the new lease is being prepared. Exceptions from handlers are logged and ignored.
    /// </summary>
    public event EventHandler<ConnectionReconnectedEventArgs>? Reconnected;

    /// <summary>The options this guard was built with.</summary>
    public ConnectionGuardOptions Options { get; }

    /// <summary>Waits for exclusive use of the connection, checks it, and returns it open.</summary>
    /// <param name="cancellationToken">Cancels the wait and the check.</param>
    /// <exception cref="ConnectionLostInTransactionException">The connection died with a transaction open that is not yet disposed.</exception>
    /// <exception cref="ConnectionLostException">The connection died and <see cref="ConnectionGuardOptions.FailInsteadOfReconnect"/> is set.</exception>
    public ConnectionLease<TConnection> Acquire(CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return AcquireWaiting(cancellationToken);
        }

        // The hot path reads the clock just before it takes the gate (see TryUseAsIs): outside the try below, where the
        // JIT can call the clock directly instead of through a stub.
        var now = _clock.Now();
        var leaseId = _gate.TryEnter();
        if (leaseId == LeaseGate.None)
        {
            return AcquireWaiting(cancellationToken);
        }

        try
        {
            ThrowIfDisposed();
            var connection = TryUseAsIs(now) ?? PrepareBlocking(cancellationToken);
            CountAcquire();
            return new ConnectionLease<TConnection>(this, connection, leaseId);
        }
        catch
        {
            ExitGate(leaseId);
            throw;
        }
    }

    /// <summary>Waits for exclusive use of the connection, checks it, and returns it open.</summary>
    /// <param name="cancellationToken">Cancels the wait and the check.</param>
    /// <exception cref="ConnectionLostInTransactionException">The connection died with a transaction open that is not yet disposed.</exception>
    /// <exception cref="ConnectionLostException">The connection died and <see cref="ConnectionGuardOptions.FailInsteadOfReconnect"/> is set.</exception>
    public ValueTask<ConnectionLease<TConnection>> AcquireAsync(CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            ThrowIfDisposed();
            return WaitAndPrepareAsync(cancellationToken);
        }

        // Hot path without an async state machine: the gate is free and the connection needs no check.
        var now = _clock.Now();
        var leaseId = _gate.TryEnter();
        if (leaseId == LeaseGate.None)
        {
            ThrowIfDisposed();
            return WaitAndPrepareAsync(cancellationToken);
        }

        TConnection? connection;
        try
        {
            ThrowIfDisposed();
            connection = TryUseAsIs(now);
        }
        catch
        {
            ExitGate(leaseId);
            throw;
        }

        if (connection is null)
        {
            return PrepareHeldAsync(leaseId, cancellationToken);
        }

        CountAcquire();
        return new ValueTask<ConnectionLease<TConnection>>(new ConnectionLease<TConnection>(this, connection, leaseId));
    }

    /// <summary>Closes the physical connection (waiting for the current lease to end); the next acquire opens a new one. Also forgets a lost transaction.</summary>
    public void Close()
    {
        var leaseId = _gate.Enter(CancellationToken.None);
        try
        {
            DiscardCurrent(forget: true);
        }
        finally
        {
            ExitGate(leaseId);
        }
    }

    /// <summary>Closes the physical connection (waiting for the current lease to end); the next acquire opens a new one. Also forgets a lost transaction.</summary>
    public async ValueTask CloseAsync()
    {
        var leaseId = await _gate.EnterAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            var keepFromPool = KeepFromPoolIfKnownDead();
            var connection = DetachCurrent(forgetLostTransaction: true);
            if (connection is not null)
            {
                await BoundedDiscard.DiscardAsync(connection, Options.PingTimeout, _logger, keepFromPool).ConfigureAwait(false);
            }
        }
        finally
        {
            ExitGate(leaseId);
        }
    }

    /// <summary>
    /// Closes the connection now, or when the current lease ends if one is held (never under a running command, and
    /// without waiting for it: a host's shutdown is not held up by a unit of work). Later acquires throw
    /// <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
        _disposed = true;

        // A holder leaving now opens the gate and then reads _disposed: see LeaseGate's remarks.
        LeaseGate.FenceAgainstExits();
        DiscardIfDisposedAndFree();
    }

    /// <summary>
    /// Closes the connection now, or when the current lease ends if one is held (never under a running command, and
    /// without waiting for it). Later acquires throw <see cref="ObjectDisposedException"/>.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }

    // Whoever sees the guard disposed with the gate free discards the connection: Dispose itself, or the holder of the
    // gate as it leaves (checked after leaving, so a Dispose racing with the exit cannot be missed; Dispose fences
    // against the exit's plain store, see LeaseGate).
    private void ExitGate(long leaseId)
    {
        if (_gate.TryBeginExit(leaseId))
        {
            LeaveGate(leaseId);
        }
    }

    private void LeaveGate(long leaseId)
    {
        _gate.EndExit(leaseId);
        if (_disposed)
        {
            DiscardIfDisposedAndFree();
        }
    }

    private void DiscardIfDisposedAndFree()
    {
        if (_disposed && (_connection is not null || _initialConnection is not null) && _gate.TryEnter() is var leaseId && leaseId != LeaseGate.None)
        {
            try
            {
                DiscardCurrent(forget: true);
            }
            finally
            {
                _gate.Exit(leaseId);
            }
        }
    }

    internal DbTransaction BeginTransaction(long leaseId, IsolationLevel isolationLevel)
    {
        var transaction = CurrentConnection(leaseId).BeginTransaction(isolationLevel);
        _transaction = transaction;
        return transaction;
    }

    internal async ValueTask<DbTransaction> BeginTransactionAsync(long leaseId, IsolationLevel isolationLevel, CancellationToken cancellationToken)
    {
        var connection = CurrentConnection(leaseId);
#if NETSTANDARD2_0
        cancellationToken.ThrowIfCancellationRequested();
        var transaction = connection.BeginTransaction(isolationLevel);
#else
        var transaction = await connection.BeginTransactionAsync(isolationLevel, cancellationToken).ConfigureAwait(false);
#endif
        _transaction = transaction;
        return transaction;
    }

    internal void Release(long leaseId)
    {
        // One compare-exchange both checks the lease (a stale or twice-disposed lease releases nothing) and keeps
        // the gate closed while the release is recorded.
        if (!_gate.TryBeginExit(leaseId))
        {
            return;
        }

        // Idle time counts from the end of the unit of work. With the system clock this is a recent lower bound of
        // the time (no clock read), never before the lease began: idle is over-estimated by at most one tick, never under.
        var now = _clock.RecentLowerBound(_acquiredAt);
        _releasedAt = now;
        _checkDeadline = CheckDeadlineAfter(now);
        if (_transaction is not null && TransactionCompletion.IsFinished(_transaction))
        {
            _transaction = null;
        }

        LeaveGate(leaseId);
    }

    private async ValueTask<ConnectionLease<TConnection>> WaitAndPrepareAsync(CancellationToken cancellationToken)
    {
        var leaseId = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        return await PrepareHeldAsync(leaseId, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<ConnectionLease<TConnection>> PrepareHeldAsync(long leaseId, CancellationToken cancellationToken)
    {
        try
        {
            ThrowIfDisposed();
            var connection = TryUseAsIs(_clock.Now()) ?? await PrepareAsync(sync: false, cancellationToken).ConfigureAwait(false);
            CountAcquire();
            return new ConnectionLease<TConnection>(this, connection, leaseId);
        }
        catch
        {
            ExitGate(leaseId);
            throw;
        }
    }

    /// <summary>
    /// The hot path: within the idle threshold and lifetime, open, nothing special going on. <paramref name="now"/> is
    /// a fresh clock reading taken at most just before the gate was entered (never the ticker's published time, which
    /// could lag and under-count idle time); read a moment before the gate, it differs from a reading after it by the
    /// nanoseconds of one compare-exchange, as a reading after it differs from the moment the caller uses the connection.
    /// </summary>
    private TConnection? TryUseAsIs(IdleInstant now)
    {
        var connection = _connection;
        if (connection is null
            || _transaction is not null
            || _enlistment is not null
            || _lostTransaction is not null
            || (_acquiredAt = now).HasReached(_checkDeadline)
            || connection.State != ConnectionState.Open
            || (_autoEnlist && Transaction.Current is not null))
        {
            return null;
        }

        return connection;
    }

    // Not the hot path: the gate is held by a lease (wait for it), or the token is already cancelled. The clock is read
    // after the gate is entered, so a wait never makes idle time look shorter.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ConnectionLease<TConnection> AcquireWaiting(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        var leaseId = _gate.Enter(cancellationToken);
        try
        {
            ThrowIfDisposed();
            var connection = TryUseAsIs(_clock.Now()) ?? PrepareBlocking(cancellationToken);
            CountAcquire();
            return new ConnectionLease<TConnection>(this, connection, leaseId);
        }
        catch
        {
            ExitGate(leaseId);
            throw;
        }
    }

    /// <summary>
    /// The ambient transaction <paramref name="connection"/> should enlist in, or <c>null</c>: none, or the connection
    /// string turns the provider's auto-enlistment off (read once per physical connection; see <see cref="AutoEnlistSetting"/>).
    /// </summary>
    private Transaction? AmbientTransactionFor(TConnection connection)
    {
        if (!ReferenceEquals(connection, _autoEnlistReadFrom))
        {
            _autoEnlist = AutoEnlistSetting.IsOn(connection.ConnectionString);
            _autoEnlistReadFrom = connection;
        }

        return _autoEnlist ? Transaction.Current : null;
    }

    // Out of line, so the hot path's frame stays small (the slow path blocks on a probe or an open anyway).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private TConnection PrepareBlocking(CancellationToken cancellationToken) =>
        PrepareAsync(sync: true, cancellationToken).GetAwaiter().GetResult();

    private static void CountAcquire()
    {
        if (GuardMetrics.Acquires.Enabled)
        {
            GuardMetrics.Acquires.Add(1);
        }
    }

    private TConnection CurrentConnection(long leaseId) =>
        _gate.IsHeldBy(leaseId) && _connection is not null
            ? _connection
            : throw new InvalidOperationException("The lease has ended; acquire a new one.");

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            ThrowDisposed();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowDisposed() => throw new ObjectDisposedException(nameof(ConnectionGuard<TConnection>));

    /// <summary>When the next acquire must look closer: idle past the threshold, or the connection past its lifetime.</summary>
    private IdleInstant CheckDeadlineAfter(IdleInstant releasedAt) =>
        IdleInstant.Earlier(_clock.DeadlineAfter(releasedAt, _thresholdTicks), _recycleAt);

    private static Func<TConnection> FactoryFrom(TConnection connection)
    {
        if (connection is null)
        {
            throw new ArgumentNullException(nameof(connection));
        }

        var connectionString = connection.ConnectionString;
        var type = connection.GetType();
        return () =>
        {
            var created = (TConnection)(Activator.CreateInstance(type)
                ?? throw new InvalidOperationException($"Could not create a new {type.Name}."));
            created.ConnectionString = connectionString;
            return created;
        };
    }

    private sealed class LostTransaction
    {
        private readonly AmbientEnlistment? _ambient;

        public LostTransaction(DbTransaction? local, AmbientEnlistment? ambient)
        {
            Local = local;
            _ambient = local is null ? ambient : null;
        }

        public DbTransaction? Local { get; }

        public Transaction? Ambient => _ambient?.Transaction;

        public bool IsFinished => Local is not null ? TransactionCompletion.IsFinished(Local) : _ambient is null || _ambient.Completed;
    }
}
