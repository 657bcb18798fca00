using System;
using System.Data;
using System.Data.Common;
using System.Diagnostics;
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
    private readonly long _socketCheckAfterTicks;
    private readonly GuardInstruments _metrics;
    private TConnection? _connection;
    private TConnection? _initialConnection;
    private TConnection? _leftToOwner; // handed over with leaveOpen: used, never closed or disposed here
    private bool _initialMayBePooled;
    private bool _replacementsAreClones;
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
    private LostTransaction? _lostTransaction; // also read by Health, without the gate
    private DbConnection? _autoEnlistReadFrom;
    private bool _autoEnlist = true;
    private long _leaseStartedTimestamp;

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
        Name = Options.Name ?? GuardNames.Next(typeof(TConnection));
        _clock = clock ?? IdleClock.For(Options.TimeProvider);
        _logger = Options.Logger ?? NullLogger.Instance;
        _idleCheckAfterTicks = _clock.ToTicks(Options.IdleCheckAfter);
        _maxLifetimeTicks = Options.MaxLifetime is { } lifetime ? _clock.ToTicks(lifetime) : long.MaxValue;
        _socketCheckAfterTicks = _clock.ToTicks(SocketCheckAfter);
        _metrics = new GuardInstruments(Name);
        LiveGuards.Register(this);
    }

    /// <summary>
    /// Creates a guard around an existing connection; the instance itself is the first physical connection. Closed, its
    /// <see cref="DbConnection.ConnectionString"/> is captured now and builds each replacement (of the same type). Already
    /// open, the provider has dropped the password from that string (unless <c>Persist Security Info=true</c>), so each
    /// replacement is a clone (<see cref="ICloneable"/>, which every ADO.NET provider's connection implements) taken
    /// now, and keeps the provider's pool; a provider whose connection cannot be cloned falls back to the string.
    /// </summary>
    /// <param name="connection">The connection to guard; the guard owns it from now on and disposes it.</param>
    /// <param name="options">Thresholds and clock; <c>null</c> takes the defaults.</param>
    public ConnectionGuard(TConnection connection, ConnectionGuardOptions? options = null)
        : this(connection, leaveOpen: false, options)
    {
    }

    /// <summary>
    /// Creates a guard around an existing connection that, with <paramref name="leaveOpen"/>, stays its owner's: a
    /// dependency-injection container that disposes it, or the caller (as <c>StreamReader</c>'s <c>leaveOpen</c>). Its
    /// replacements are built as with <see cref="ConnectionGuard{TConnection}(TConnection, ConnectionGuardOptions?)"/>.
    /// </summary>
    /// <param name="connection">The connection to guard.</param>
    /// <param name="leaveOpen">
    /// <c>true</c>: the guard never opens, closes or disposes this instance. Closed, it only serves as the template of the
    /// guard's own connections. Already open, it is the guard's first physical connection until the guard replaces it
    /// (a dead session is first kept from the provider's pool) or is closed or disposed: the guard then stops using it and
    /// leaves it to its owner. The guard disposes only the connections it opened itself. <c>false</c>: the guard owns the
    /// instance and disposes it.
    /// </param>
    /// <param name="options">Thresholds and clock; <c>null</c> takes the defaults.</param>
    public ConnectionGuard(TConnection connection, bool leaveOpen, ConnectionGuardOptions? options = null)
        : this(ConnectionFactories.From(connection, out var clones), options)
    {
        _replacementsAreClones = clones;
        if (leaveOpen)
        {
            // Its owner may close it at any moment, on another thread (a host's shutdown), and two closes of one
            // connection race inside the provider: only a session its owner opened is used, and it is never closed here.
            _leftToOwner = connection.State == ConnectionState.Closed ? null : connection;
            _initialMayBePooled = true;
            _initialConnection = _leftToOwner;
            return;
        }

        // The instance itself is the first physical connection (opened at the first acquire if it is closed). Already
        // open, it may be a pooled one: the guard keeps it from the pool if it finds it dead (see DeadSessions).
        _initialMayBePooled = !TurnPoolingOff(connection, out _initialConnectTimeout);
        _initialConnection = connection;
    }

    /// <summary>
    /// Raised after the guard replaced its connection with a new server session (not on the first open), on the
    /// acquiring thread while the new lease is being prepared — also when the replacement succeeds only at a later
    /// acquire, after a failed open. Exceptions from handlers are logged and ignored. A handler must not acquire this
    /// guard: its flow is preparing a lease (the acquire fails at once with <see cref="InvalidOperationException"/>).
    /// </summary>
    public event EventHandler<ConnectionReconnectedEventArgs>? Reconnected;

    /// <summary>The options this guard was built with.</summary>
    public ConnectionGuardOptions Options { get; }

    /// <summary>The guard's name in metrics (<c>db.client.connection.pool.name</c>), logs and health checks.</summary>
    public string Name { get; }

    // A connection idle at least this long has its socket looked at before use (no round trip): a session the server
    // closed meanwhile (KILL, restart, failover, a proxy's cut) is replaced before the unit of work instead of failing
    // its first command. Below it (back-to-back units of work) an acquire reads the clock once and nothing more.
    internal static readonly TimeSpan SocketCheckAfter = TimeSpan.FromMilliseconds(20);

    /// <summary>Waits for exclusive use of the connection, checks it, and returns it open.</summary>
    /// <param name="cancellationToken">Cancels the wait and the check.</param>
    /// <exception cref="ConnectionLostInTransactionException">The connection died with a transaction open that is not yet disposed.</exception>
    /// <exception cref="ConnectionLostException">The connection died and <see cref="ConnectionGuardOptions.FailInsteadOfReconnect"/> is set.</exception>
    /// <exception cref="InvalidOperationException">This flow already holds a lease of this guard (a nested acquire would wait for itself), or another unit of work left a transaction open on the connection.</exception>
    /// <exception cref="TimeoutException">The wait passed <see cref="ConnectionGuardOptions.AcquireTimeout"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ConnectionLease<TConnection> Acquire(CancellationToken cancellationToken = default) => AcquireLease(join: false, cancellationToken);

    /// <summary>Waits for exclusive use of the connection, checks it, and returns it open.</summary>
    /// <param name="cancellationToken">Cancels the wait and the check.</param>
    /// <exception cref="ConnectionLostInTransactionException">The connection died with a transaction open that is not yet disposed.</exception>
    /// <exception cref="ConnectionLostException">The connection died and <see cref="ConnectionGuardOptions.FailInsteadOfReconnect"/> is set.</exception>
    /// <exception cref="InvalidOperationException">This flow already holds a lease of this guard (a nested acquire would wait for itself), or another unit of work left a transaction open on the connection.</exception>
    /// <exception cref="TimeoutException">The wait passed <see cref="ConnectionGuardOptions.AcquireTimeout"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ValueTask<ConnectionLease<TConnection>> AcquireAsync(CancellationToken cancellationToken = default) => AcquireLeaseAsync(join: false, cancellationToken);

    // Both APIs' acquires, and AcquireOrJoin's (join: true): a lease that units its flow calls may join, marked with a
    // mark of its own (see MarkFlowForJoins); a nested call from its flow joins it instead of waiting for itself.
    private ConnectionLease<TConnection> AcquireLease(bool join, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Refuse(cancellationToken);
        }

        // The hot path reads the clock just before it takes the gate (see TryUseAsIs): outside the try below, where the
        // JIT can call the clock directly instead of through a stub.
        var now = _clock.Now();
        var leaseId = _gate.TryEnter();
        if (leaseId == LeaseGate.None)
        {
            return AcquireContended(sync: true, join, cancellationToken).GetAwaiter().GetResult();
        }

        var flow = join ? MarkFlowForJoins(leaseId) : MarkFlow(leaseId);
        TConnection? connection;
        try
        {
            ThrowIfDisposed();
            connection = TryUseAsIs(now);
        }
        catch
        {
            AbandonLease(leaseId);
            throw;
        }

        return connection is null
            ? AcquireSlowAsync(leaseId, flow, sync: true, WaitStarted(), cancellationToken, acquiredAt: AcquirerStack(), call: CallName(sync: true, join)).GetAwaiter().GetResult()
            : join ? GrantedToJoins(connection, leaseId, flow) : Granted(connection, leaseId, 0);
    }

    private ValueTask<ConnectionLease<TConnection>> AcquireLeaseAsync(bool join, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return new ValueTask<ConnectionLease<TConnection>>(Refuse(cancellationToken));
        }

        // Hot path without an async state machine: the gate is free and the connection needs no check.
        var now = _clock.Now();
        var leaseId = _gate.TryEnter();
        if (leaseId == LeaseGate.None)
        {
            return AcquireContended(sync: false, join, cancellationToken);
        }

        var flow = join ? MarkFlowForJoins(leaseId) : MarkFlow(leaseId);
        TConnection? connection;
        try
        {
            ThrowIfDisposed();
            connection = TryUseAsIs(now);
        }
        catch
        {
            AbandonLease(leaseId);
            throw;
        }

        return connection is null
            ? AcquireSlowAsync(leaseId, flow, sync: false, WaitStarted(), cancellationToken, acquiredAt: AcquirerStack(), call: CallName(sync: false, join))
            : new ValueTask<ConnectionLease<TConnection>>(join ? GrantedToJoins(connection, leaseId, flow) : Granted(connection, leaseId, 0));
    }

    private static string CallName(bool sync, bool join) =>
        join ? (sync ? "AcquireOrJoin()" : "AcquireOrJoinAsync()") : (sync ? "Acquire()" : "AcquireAsync()");

    /// <summary>Closes the physical connection (waiting for the current lease to end); the next acquire opens a new one. Also forgets a lost transaction.</summary>
    /// <exception cref="InvalidOperationException">Called by the flow that holds the lease (it would wait for itself).</exception>
    public void Close()
    {
        var suspected = SuspectedNestedLease("Close()");
        var leaseId = EnterGateAsync(sync: true, long.MaxValue, suspected, "Close()", CancellationToken.None).GetAwaiter().GetResult();
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
    /// <exception cref="InvalidOperationException">Called by the flow that holds the lease (it would wait for itself).</exception>
    public async ValueTask CloseAsync()
    {
        var suspected = SuspectedNestedLease("CloseAsync()");
        var leaseId = await EnterGateAsync(sync: false, long.MaxValue, suspected, "CloseAsync()", CancellationToken.None).ConfigureAwait(false);
        try
        {
            var keepFromPool = KeepFromPoolIfKnownDead();
            var connection = DetachCurrent(forgetLostTransaction: true);
            _pendingReplacement = null;
            if (connection is not null && !LetGoIfLeftToOwner(connection, keepFromPool: null))
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
    /// without waiting for it: a host's shutdown is not held up by a unit of work). Acquirers still waiting, and later
    /// acquires, throw <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _gate.Close(new ObjectDisposedException(nameof(ConnectionGuard<TConnection>), "The ConnectionGuard was disposed while this acquire waited for the connection."));

        // A holder leaving now opens the gate and then reads _disposed: see LeaseGate's remarks.
        LeaseGate.FenceAgainstExits();
        DiscardIfDisposedAndFree();
        LiveGuards.Unregister(this);
    }

    /// <summary>
    /// Closes the connection now, or when the current lease ends if one is held (never under a running command, and
    /// without waiting for it). Acquirers still waiting, and later acquires, throw <see cref="ObjectDisposedException"/>.
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
        MarkOwner(transaction);
        return transaction;
    }

    internal ValueTask<DbTransaction> BeginTransactionAsync(long leaseId, IsolationLevel isolationLevel, CancellationToken cancellationToken)
    {
        var connection = CurrentConnection(leaseId);

        // The caller's flow is marked as the owner here, before the first await: an async method's changes to the flow
        // would not reach its caller.
        var owner = new TransactionOwner(this, null, FlowMarks.Transactions.Value);
        FlowMarks.Transactions.Value = owner;
        return BeginTransactionCoreAsync(connection, owner, isolationLevel, cancellationToken);
    }

    private async ValueTask<DbTransaction> BeginTransactionCoreAsync(TConnection connection, TransactionOwner owner, IsolationLevel isolationLevel, CancellationToken cancellationToken)
    {
#if NETSTANDARD2_0
        cancellationToken.ThrowIfCancellationRequested();
        var transaction = connection.BeginTransaction(isolationLevel);
        await Task.CompletedTask.ConfigureAwait(false);
#else
        var transaction = await connection.BeginTransactionAsync(isolationLevel, cancellationToken).ConfigureAwait(false);
#endif
        owner.Transaction = transaction;
        _transaction = transaction;
        return transaction;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Release(long leaseId) => Release(leaseId, byOwner: true);

    /// <summary>
    /// Ends the lease: by its owner (its <see cref="ConnectionLease{TConnection}.Dispose"/>), or, when joined leases
    /// outlived that, by the last of them (<paramref name="byOwner"/> false), after the owner's part ran at its own end.
    /// </summary>
    private void Release(long leaseId, bool byOwner)
    {
        // One compare-exchange both checks the lease (a stale or twice-disposed lease releases nothing) and keeps
        // the gate closed while the release is recorded.
        if (!_gate.TryBeginExit(leaseId))
        {
            return;
        }

        // The owner's part ran when joined work deferred the release: a second dispose (a copy of the lease, maybe from
        // another flow) must not run it again, nor make its flow an owner of the transaction left open.
        byOwner &= leaseId != _ownerEnded;

        // Joined leases (AcquireOrJoin) still use the connection: it goes back when the last of them ends.
        if (Volatile.Read(ref _joins) != 0 && DeferReleaseWhileJoined(leaseId, byOwner))
        {
            return;
        }

        try
        {
            // Idle time counts from the end of the unit of work. With the system clock this is a recent lower bound of
            // the time (no clock read), never before the lease began: idle is over-estimated by at most one tick.
            var now = _clock.RecentLowerBound(_acquiredAt);
            _releasedAt = now;
            _checkDeadline = CheckDeadlineAfter(now);
            if (_leaseStartedTimestamp != 0)
            {
                _metrics.RecordUseTime(_leaseStartedTimestamp);
                _leaseStartedTimestamp = 0;
            }

            if (_leak is not null)
            {
                EndLeakWatch();
            }

            UnmarkFlow(inCallersContext: byOwner);
            if (_transaction is { } transaction)
            {
                // The last joined lease's release: a transaction its work finished is forgotten, but the joined flow
                // never becomes the owner of one left open (the owner's part ran when its own lease ended).
                if (byOwner)
                {
                    KeepOrForgetTransaction(transaction);
                }
                else if (TransactionCompletion.IsFinished(transaction))
                {
                    _transaction = null;
                }
            }
        }
        finally
        {
            // Whatever happened above, the gate opens: a release that throws must never leave every acquirer waiting.
            LeaveGate(leaseId);
        }
    }

    // A transaction still open at the lease's end stays with the flow that owns it (see PrepareAsync); that flow is
    // marked here too, in case it began the transaction in a callee whose marks did not come back.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void KeepOrForgetTransaction(DbTransaction transaction)
    {
        if (TransactionCompletion.IsFinished(transaction))
        {
            _transaction = null;
        }
        else
        {
            MarkOwner(transaction);
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

    // AcquireOrJoin's hot path hands out its lease, open to joins from then on (Acquire's keeps its own call as it was).
    private ConnectionLease<TConnection> GrantedToJoins(TConnection connection, long leaseId, FlowMark flow)
    {
        OpenToJoins(flow);
        return Granted(connection, leaseId, 0);
    }

    // A lease handed out: counted, timed when a listener wants it, watched for leaks when asked.
    private ConnectionLease<TConnection> Granted(TConnection connection, long leaseId, long waitStarted, StackTrace? acquiredAt = null)
    {
        _metrics.CountAcquire();
        if (_metrics.TimesLeases)
        {
            _leaseStartedTimestamp = _metrics.LeaseStarted(waitStarted);
        }

        if (Options.LeakDetectionThreshold is { } threshold)
        {
            StartLeakWatch(leaseId, threshold, acquiredAt ?? new StackTrace(2, fNeedFileInfo: true));
        }

        return new ConnectionLease<TConnection>(this, connection, leaseId);
    }

    /// <summary>How long an acquire that looks nested waits for the lease its flow holds before it fails (see <see cref="EnterGateAsync"/>).</summary>
    internal static readonly TimeSpan NestedAcquireGrace = TimeSpan.FromSeconds(1);

    // The caller's stack for the leak warning, taken before any await (after one, only the continuation's is left).
    private StackTrace? AcquirerStack() => Options.LeakDetectionThreshold is null ? null : new StackTrace(2, fNeedFileInfo: true);

    // Refused before any wait, as SemaphoreSlim does with a cancelled token (even when the connection is free).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ConnectionLease<TConnection> Refuse(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        cancellationToken.ThrowIfCancellationRequested();
        throw new OperationCanceledException(cancellationToken);
    }

    // Not the hot path: the gate is held. A nested AcquireOrJoin joins; another nested acquire fails (see
    // EnterGateAsync); anyone else waits, first come, first served. One look at the flow's marks decides.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueTask<ConnectionLease<TConnection>> AcquireContended(bool sync, bool join, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        var call = CallName(sync, join);
        var suspected = SuspectedNestedLease(call, out var held);
        if (join && held is { Join: not LeaseJoin.Never })
        {
            if (TryJoin(suspected, held, call) is { } joined)
            {
                return new ValueTask<ConnectionLease<TConnection>>(joined);
            }

            suspected = LeaseGate.None; // that lease is leaving: wait as anyone would
        }

        var flow = MarkFlowWaiting(join);
        return AcquireSlowAsync(LeaseGate.None, flow, sync, WaitStarted(), cancellationToken, suspected, AcquirerStack(), call);
    }

    /// <summary>
    /// Everything but the hot path, for both APIs (with <paramref name="sync"/> every await completes synchronously):
    /// waits for the gate when <paramref name="leaseId"/> is <see cref="LeaseGate.None"/>, checks and prepares the
    /// connection, and waits outside the gate while another flow's transaction keeps the connection.
    /// <paramref name="flow"/> was marked in the caller's own context (an async method's changes would not reach it).
    /// </summary>
    private async ValueTask<ConnectionLease<TConnection>> AcquireSlowAsync(long leaseId, FlowMark flow, bool sync, long waitStarted, CancellationToken cancellationToken, long suspectedNested = LeaseGate.None, StackTrace? acquiredAt = null, string call = "Acquire()")
    {
        var deadline = AcquireDeadline(waitStarted);
        while (true)
        {
            if (leaseId == LeaseGate.None)
            {
                leaseId = await EnterGateAsync(sync, deadline, suspectedNested, call, cancellationToken).ConfigureAwait(false);
                suspectedNested = LeaseGate.None;
                ArmFlow(flow, leaseId);
            }

            AmbientEnlistment? heldByAnotherFlow;
            try
            {
                ThrowIfDisposed();
                var connection = TryUseAsIs(_clock.Now()) ?? await PrepareAsync(sync, cancellationToken).ConfigureAwait(false);
                if (connection is not null)
                {
                    RecordSuccess();
                    OpenToJoins(flow);
                    return Granted(connection, leaseId, waitStarted, acquiredAt);
                }

                heldByAnotherFlow = _enlistment!;
            }
            catch (Exception ex)
            {
                RecordFailure(ex);
                AbandonLease(leaseId);
                throw;
            }

            // Another flow's TransactionScope still has the connection enlisted: wait (outside the gate, so that flow
            // can take it) until that transaction ends, then queue again.
            PauseFlow(leaseId);
            ExitGate(leaseId);
            leaseId = LeaseGate.None;
            await WaitForTransactionToEndAsync(heldByAnotherFlow, sync, deadline, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Queues for the gate (first come, first served), bounded by the acquire's deadline. A caller whose flow carries
    /// the mark of the lease that holds the gate (<paramref name="suspectedNested"/>) is either that lease's own flow
    /// asking again — it would wait for itself for ever — or work the lease started (a task, a callback) that waits
    /// while the lease goes on: the two cannot be told apart when the call is made. So it waits like anyone, and fails
    /// with <see cref="InvalidOperationException"/> if that same lease still holds the gate after
    /// <see cref="NestedAcquireGrace"/>.
    /// </summary>
    private async ValueTask<long> EnterGateAsync(bool sync, long deadline, long suspectedNested, string call, CancellationToken cancellationToken)
    {
        _metrics.PendingRequests(+1);
        try
        {
            var graceEnds = suspectedNested == LeaseGate.None ? long.MaxValue : Stopwatch.GetTimestamp() + (long)(NestedAcquireGrace.TotalSeconds * Stopwatch.Frequency);
            while (true)
            {
                var wait = Remaining(Math.Min(deadline, graceEnds));
                try
                {
                    return sync
                        ? _gate.Enter(cancellationToken, wait)
                        : await _gate.EnterAsync(cancellationToken, wait).ConfigureAwait(false);
                }
                catch (TimeoutException) when (graceEnds != long.MaxValue && Stopwatch.GetTimestamp() < deadline)
                {
                    if (_gate.IsHeldBy(suspectedNested))
                    {
                        throw NestedAcquire(call);
                    }

                    graceEnds = long.MaxValue; // another lease holds the gate now: this was not a nested acquire
                }
            }
        }
        catch (TimeoutException)
        {
            throw AcquireTimedOut("another unit of work held the connection");
        }
        finally
        {
            _metrics.PendingRequests(-1);
        }
    }

    private async ValueTask WaitForTransactionToEndAsync(AmbientEnlistment enlistment, bool sync, long deadline, CancellationToken cancellationToken)
    {
        _metrics.PendingRequests(+1);
        try
        {
            // The completion event can be skipped when a participant's rollback throws, so the status is polled too.
            var poll = TimeSpan.FromMilliseconds(100);
            while (!enlistment.Settled)
            {
                var remaining = Remaining(deadline);
                if (remaining == TimeSpan.Zero)
                {
                    throw AcquireTimedOut("another flow's TransactionScope kept the connection enlisted");
                }

                var slice = remaining < TimeSpan.Zero || remaining > poll ? poll : remaining;
                if (sync)
                {
                    enlistment.Ended.Wait((int)Math.Ceiling(slice.TotalMilliseconds), cancellationToken);
                }
                else
                {
                    await Task.WhenAny(enlistment.Ended, Task.Delay(slice, cancellationToken)).ConfigureAwait(false);
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
        }
        finally
        {
            _metrics.PendingRequests(-1);
        }
    }

    // The acquire's start, for the wait-time metric and AcquireTimeout (0 when neither needs it).
    private long WaitStarted() => Options.AcquireTimeout is not null || _metrics.TimesLeases ? Stopwatch.GetTimestamp() : 0;

    private long AcquireDeadline(long waitStarted) =>
        Options.AcquireTimeout is { } timeout
            ? (waitStarted == 0 ? Stopwatch.GetTimestamp() : waitStarted) + (long)(timeout.TotalSeconds * Stopwatch.Frequency)
            : long.MaxValue;

    // What is left until the deadline: negative for none, zero once it passed.
    private static TimeSpan Remaining(long deadline)
    {
        if (deadline == long.MaxValue)
        {
            return Timeout.InfiniteTimeSpan;
        }

        var left = deadline - Stopwatch.GetTimestamp();
        return left <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(left / (double)Stopwatch.Frequency) + TimeSpan.FromMilliseconds(1);
    }

    private TimeoutException AcquireTimedOut(string why)
    {
        _metrics.CountTimeout();
        return new TimeoutException(
            $"ConnectionGuard '{Name}' waited longer than its AcquireTimeout ({Options.AcquireTimeout?.TotalSeconds:0.###} s) for the connection: {why}. " +
            "Units of work share one connection and run one at a time; a long one holds up the others (LeakDetectionThreshold logs where it was acquired).");
    }

    // A failed acquire: the lease ends, and the flow is no longer marked as its holder. Nothing joined it: a join is
    // refused until the lease is handed out (LeaseJoin.Preparing), so no joined lease can outlive it.
    private void AbandonLease(long leaseId)
    {
        UnmarkFlow(inCallersContext: false);
        ExitGate(leaseId);
    }

    /// <summary>
    /// The ambient transaction <paramref name="connection"/> should enlist in, or <c>null</c>: none, or the connection
    /// string turns the provider's auto-enlistment off (read once per physical connection; see <see cref="AutoEnlistSetting"/>).
    /// </summary>
    private Transaction? AmbientTransactionFor(TConnection connection)
    {
        if (!ReferenceEquals(connection, _autoEnlistReadFrom))
        {
            _autoEnlist = AutoEnlistSetting.IsOn(connection.ConnectionString) && !TraitsFor(connection).RefusesEnlistment;
            _autoEnlistReadFrom = connection;
        }

        return _autoEnlist ? Transaction.Current : null;
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

    /// <summary>When the next acquire must look closer: the socket check, idle past the threshold, or the connection past its lifetime.</summary>
    private IdleInstant CheckDeadlineAfter(IdleInstant releasedAt) =>
        IdleInstant.Earlier(_clock.DeadlineAfter(releasedAt, Math.Min(_thresholdTicks, _socketCheckTicks)), _recycleAt);

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

        // A local one: once its owner disposed it where the provider shows that (MySqlConnector, MySql.Data), else once
        // it is finished (Npgsql and SQLite finish it themselves when they learn the session is gone: reported once).
        public bool IsFinished => Local is not null
            ? TransactionCompletion.IsDisposed(Local) ?? TransactionCompletion.IsFinished(Local)
            : _ambient is null || _ambient.Completed;
    }
}
