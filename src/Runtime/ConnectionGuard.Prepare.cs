using System;
using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using System.Transactions;

namespace StaleConn;

// The slow path of an acquire: the decision, probes, replacement, transactions. Runs while holding the gate.
// With sync: true every call below completes synchronously (the sync Acquire blocks on the returned ValueTask).
public sealed partial class ConnectionGuard<TConnection>
{
    private AmbientEnlistment? _enlistment;
    private string? _tlsCheckedConnectionString;
    private string? _poolingCheckedConnectionString;
    private string? _withoutPooling;
    private bool _checkedStringSaysNoPooling;
    private int _connectTimeoutOfCheckedString;
    private bool _mayBePooled; // the current physical connection's; set with it in OpenNewAsync
    private string? _poolingConfirmedForString;
    private bool _poolingStayedOff;
    private bool _tlsRuledOut;
    private string? _autoEnlistCheckedConnectionString;
    private bool _autoEnlistOfCheckedString = true;

    private Replacement? _pendingReplacement; // a replacement whose open failed: the next successful open completes it
    private long _socketCheckTicks = long.MaxValue; // SocketCheckAfter for a connection whose socket can be seen

    /// <summary>
    /// The slow path's decision, while holding the gate: returns the connection to lend, or <c>null</c> when another
    /// flow's <see cref="System.Transactions.TransactionScope"/> still has it enlisted (the caller waits for that
    /// transaction outside the gate, then tries again).
    /// </summary>
    private async ValueTask<TConnection?> PrepareAsync(bool sync, CancellationToken cancellationToken)
    {
        // A transaction lost with an earlier session blocks every acquire until it is finished, so the rest of its
        // unit of work cannot autocommit on a new session.
        if (_lostTransaction is { } lost)
        {
            if (!lost.IsFinished)
            {
                throw ConnectionLostInTransactionException.Create(lost.Ambient is not null, null);
            }

            _lostTransaction = null;
        }

        if (_enlistment is { Settled: true })
        {
            _enlistment = null;
        }

        // The connection stays with an ambient transaction until it ends: a flow in it gets the connection, any other
        // waits (its work must not run inside someone else's transaction, nor autocommit under it).
        if (_enlistment is { } enlisted && !enlisted.Transaction.Equals(Transaction.Current))
        {
            return null;
        }

        // A transaction still open when its lease ended is finished only if the session is alive: some providers
        // (SQLite) complete it themselves when the connection closes, which is exactly the loss to report.
        if (_transaction is { } open)
        {
            if (_connection is { State: ConnectionState.Open } && TransactionCompletion.IsFinished(open))
            {
                _transaction = null;
            }
            else if (!FlowOwns(open))
            {
                throw TransactionKeptByAnotherFlow();
            }
        }

        var connection = _connection;
        if (connection is null)
        {
            var adopted = _initialConnection;
            _initialConnection = null;
            await OpenNewAsync(adopted, _pendingReplacement, sync, cancellationToken).ConfigureAwait(false);
            return EnlistInAmbientTransaction(_connection!);
        }

        var now = _clock.Now();
        _acquiredAt = now;
        var idle = _clock.Elapsed(_releasedAt, now);
        var inTransaction = _transaction is not null || _enlistment is not null;
        ConnectionReplacementReason? reason = null;
        Exception? cause = null;
        if (connection.State != ConnectionState.Open)
        {
            reason = ConnectionReplacementReason.Broken;
        }
        else if (_clock.Elapsed(_openedAt, now) >= _maxLifetimeTicks && !inTransaction && !Options.FailInsteadOfReconnect)
        {
            reason = ConnectionReplacementReason.MaxLifetime;
        }
        else if (_clock.SteadyElapsed(_releasedAt, now) >= _serverIdleLimitTicks && !(_idleLimitPending && (inTransaction || Options.FailInsteadOfReconnect)))
        {
            // The steady clock alone: a wall clock set forward must not condemn a live session without asking (with
            // Linux's clock pair, a suspension past the limit is asked about too: by the probe below).
            // A presumed limit (the session's own not read yet) only ever costs a needless reconnect, so it is not used
            // where a wrong guess would cost more: an open transaction or session state the caller relies on. Those ask.
            reason = ConnectionReplacementReason.IdleBeyondServerLimit;
        }
        else if (idle >= _thresholdTicks)
        {
            cause = _idleLimitPending
                ? await ReadIdleLimitAsync(connection, idle, sync, cancellationToken).ConfigureAwait(false)
                : await ProbeAsync(connection, idle, sync, cancellationToken).ConfigureAwait(false);
            if (cause is not null)
            {
                reason = ConnectionReplacementReason.ProbeFailed;
            }
        }
        else if (idle >= _socketCheckTicks)
        {
            // Idle a moment, below the threshold: the socket shows, at no round trip, a session the server closed
            // meanwhile (KILL, restart, failover) or something it sent unasked (a goodbye worth a probe).
            cause = await CheckSocketAsync(connection, idle, sync, cancellationToken).ConfigureAwait(false);
            if (cause is not null)
            {
                reason = ConnectionReplacementReason.ProbeFailed;
            }
        }

        if (reason is not { } replacementReason)
        {
            return EnlistInAmbientTransaction(connection);
        }

        var replacing = new Replacement(replacementReason, _clock.ToTimeSpan(idle), _serverConnectionId);
        if (replacementReason == ConnectionReplacementReason.MaxLifetime)
        {
            GuardLog.LifetimeRecycle(_logger, _clock.ToTimeSpan(_clock.Elapsed(_openedAt, now)).TotalSeconds, null);
        }
        else if (inTransaction)
        {
            var lostTransaction = new LostTransaction(_transaction, _enlistment);
            var keepLostFromPool = KeepFromPool(connection);
            var lostConnection = DetachCurrent(forgetLostTransaction: false);
            if (lostTransaction.Local is not null && lostConnection is not null)
            {
                await LetTheProviderCloseAsync(lostConnection, sync).ConfigureAwait(false);
            }

            DiscardInBackground(lostConnection, keepLostFromPool);
            _lostTransaction = lostTransaction;
            GuardLog.LostInTransaction(_logger, lostTransaction.Ambient is not null, cause);
            throw ConnectionLostInTransactionException.Create(lostTransaction.Ambient is not null, cause);
        }
        else if (Options.FailInsteadOfReconnect)
        {
            DiscardInBackground(DetachCurrent(forgetLostTransaction: false), KeepFromPool(connection));
            GuardLog.ConnectionLost(_logger, replacing.IdleTime.TotalSeconds, cause);
            throw new ConnectionLostException(
                "The database connection was lost (" + replacementReason + ") and FailInsteadOfReconnect is set: the session's " +
                "state (variables, locks, temporary tables) is gone. The next acquire opens a new session.",
                cause);
        }

        // The new session does not wait for the old socket to close: that runs in the background, bounded and observed,
        // handed over once the new session is open so that it does not compete with the open for the CPU. A session
        // retired by MaxLifetime is alive: a pool may have it back.
        var keepFromPool = replacementReason == ConnectionReplacementReason.MaxLifetime ? null : KeepFromPool(connection);
        var dead = DetachCurrent(forgetLostTransaction: false);
        _pendingReplacement = replacing;
        try
        {
            await OpenNewAsync(null, replacing, sync, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            DiscardInBackground(dead, keepFromPool);
        }

        return EnlistInAmbientTransaction(_connection!);
    }

    /// <summary>Opens a new server session (or adopts the already-open one the guard was built with) and runs the on-open hooks.</summary>
    private async ValueTask OpenNewAsync(TConnection? adopted, Replacement? replacing, bool sync, CancellationToken cancellationToken)
    {
        bool mayBePooled;
        int connectTimeout;
        TConnection connection;
        if (adopted is not null)
        {
            connection = adopted;
            mayBePooled = _initialMayBePooled;
            connectTimeout = _initialConnectTimeout;
        }
        else
        {
            connection = CreateConnection();
            if (_replacementsAreClones)
            {
                // A clone of a connection handed over open: its string lacks the password, so it keeps its pool.
                mayBePooled = true;
                connectTimeout = ConnectTimeoutOf(connection);
            }
            else
            {
                mayBePooled = !TurnPoolingOff(connection, out connectTimeout);
            }
        }

        var traits = TraitsFor(connection);
        long? serverConnectionId = null;
        TimeSpan? serverIdleLimit = null;
        var idleLimitPending = false;
        bool? autoEnlist = null;
        try
        {
            if (connection.State != ConnectionState.Open)
            {
                var stringBeforeOpen = connection.ConnectionString;
                autoEnlist = AutoEnlistBeforeOpen(stringBeforeOpen);
                var started = Stopwatch.GetTimestamp();
                try
                {
                    // The guard enlists explicitly (see EnlistInAmbientTransaction): keep the provider from auto-enlisting here.
                    using var suppress = Transaction.Current is null ? null : new TransactionScope(TransactionScopeOption.Suppress, TransactionScopeAsyncFlowOption.Enabled);
                    await HardBound.RunAsync(
                        async () =>
                        {
                            if (sync)
                            {
                                connection.Open();
                            }
                            else
                            {
                                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                            }

                            return true;
                        },
                        OpenBound(connectTimeout),
                        sync,
                        OpensInline(traits, connection, sync),
                        "Opening a database connection",
                        cancellationToken,
                        onAbandon: () => traits.ShutDownSocket(connection)).ConfigureAwait(false);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
                {
                    _metrics.CountFailedOpen(ex);
                    GuardLog.OpenFailed(_logger, Name, ex.GetType().Name, ex);
                    throw;
                }

                _metrics.RecordCreateTime(started);
                if (!mayBePooled && traits.CanPing)
                {
                    mayBePooled = !PoolingStayedOff(connection, stringBeforeOpen);
                }
            }

            await RunOnOpenHooksAsync(connection, sync, cancellationToken).ConfigureAwait(false);

            if (traits.IdleLimit is { } limit && traits.KnowsServerThread && _presumedIdleLimitTicks != long.MaxValue)
            {
                // A replacement: the id came with the handshake (no round trip), and the server's idle limit is read at
                // the session's next acquire (ReadIdleLimitAsync); until then the last session's value is presumed, only
                // to call this one dead. The guard's first session reads it at once, so that presumption exists.
                serverConnectionId = traits.ServerThread(connection);
                idleLimitPending = true;
            }
            else if (traits.IdleLimit is { } sessionLimit)
            {
                // Read after the hooks, which may change it. It can prove a connection dead, never alive; a server or proxy
                // that cannot answer it only costs the guard that knowledge.
                try
                {
                    var row = await ConnectionProbe.QueryRowAsync(traits, connection, null, sessionLimit.SessionSql, Options.PingTimeout, sync, cancellationToken).ConfigureAwait(false);
                    if (row is { Length: 2 })
                    {
                        serverIdleLimit = sessionLimit.ToSpan(row[0]);
                        serverConnectionId = ToLong(row[1]);
                    }
                }
                catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
                {
                    GuardLog.SessionQueryFailed(_logger, ex.GetType().Name, ex);
                }
            }
            else
            {
                serverConnectionId = traits.ServerThread(connection);
            }
        }
        catch
        {
            DiscardInBackground(connection);
            throw;
        }

        var now = _clock.Now();
        _connection = connection;
        _mayBePooled = mayBePooled;
        if (autoEnlist is { } enlists)
        {
            _autoEnlist = enlists && !traits.RefusesEnlistment;
            _autoEnlistReadFrom = connection;
        }

        _openedAt = now;
        _recycleAt = _clock.DeadlineAfter(now, _maxLifetimeTicks);
        _releasedAt = now;
        _acquiredAt = now;
        _serverConnectionId = serverConnectionId;
        _socketCheckTicks = traits.SeesSocket ? _socketCheckAfterTicks : long.MaxValue;
        ApplyIdleLimit(serverIdleLimit);
        if (idleLimitPending)
        {
            _idleLimitPending = true;
            _serverIdleLimitTicks = _presumedIdleLimitTicks;
            _thresholdTicks = 0;
        }

        _checkDeadline = CheckDeadlineAfter(now);
        GuardLog.Opened(_logger, serverConnectionId, (int)(serverIdleLimit?.TotalSeconds ?? 0), null);

        _pendingReplacement = null;
        if (replacing is { } replaced)
        {
            _metrics.CountReconnect(replaced.Reason);
            GuardLog.Reconnected(_logger, replaced.Reason.ToString(), replaced.IdleTime.TotalSeconds, serverConnectionId, null);
            RaiseReconnected(new ConnectionReconnectedEventArgs(replaced.Reason, replaced.IdleTime, replaced.PreviousServerConnectionId, serverConnectionId));
        }
    }

    // Disposing a connection its provider still takes for open closes it the provider's way, which disposes the
    // transaction on it: the guard would then take the caller's lost transaction for finished and let the next acquire
    // autocommit on a new session. MySqlConnector still takes the connection for open when the guard found it dead
    // without asking (the closed-socket check, or idle past wait_timeout); a failed ping makes it close the connection
    // itself and leave the transaction object to its owner, as the probe's ping used to. Bounded like the probe; only
    // on this path, which ends in an exception anyway.
    private async ValueTask LetTheProviderCloseAsync(TConnection connection, bool sync)
    {
        var traits = TraitsFor(connection);
        if (connection.State != ConnectionState.Open || !traits.CanPing)
        {
            return;
        }

        _ = sync
            ? ConnectionProbe.Ping(traits, connection, Options.PingTimeout, CancellationToken.None)
            : await ConnectionProbe.PingAsync(traits, connection, Options.PingTimeout, CancellationToken.None).ConfigureAwait(false);
    }

    // MySqlConnector bounds an open by Connect Timeout itself (async: also the TLS handshake, through the token). Its
    // sync TLS handshake reads without that bound, so a sync open stays on a guard thread unless TLS is ruled out.
    private bool OpensInline(ProviderTraits<TConnection> traits, TConnection connection, bool sync)
    {
        if (!traits.BoundsItsOwnCalls)
        {
            return false;
        }

        if (!sync)
        {
            return true;
        }

        var connectionString = connection.ConnectionString;
        if (!string.Equals(connectionString, _tlsCheckedConnectionString, StringComparison.Ordinal))
        {
            _tlsRuledOut = ProviderFacts.RulesOutTls(connectionString);
            _tlsCheckedConnectionString = connectionString;
        }

        return _tlsRuledOut;
    }

    // Read from the string the connection is opened with, not after the open: MySqlConnector then rebuilds its
    // ConnectionString from the parsed settings at every read, and parsing that again cost ≈ 14 µs of each recovery on
    // the benchmark machine. A factory usually hands out the same string every time, so it is parsed once.
    private bool AutoEnlistBeforeOpen(string connectionString)
    {
        if (!string.Equals(connectionString, _autoEnlistCheckedConnectionString, StringComparison.Ordinal))
        {
            _autoEnlistOfCheckedString = AutoEnlistSetting.IsOn(connectionString);
            _autoEnlistCheckedConnectionString = connectionString;
        }

        return _autoEnlistOfCheckedString;
    }

    private async ValueTask RunOnOpenHooksAsync(TConnection connection, bool sync, CancellationToken cancellationToken)
    {
        EnterHook("InitSql or an on-open hook");
        try
        {
            if (!string.IsNullOrWhiteSpace(Options.InitSql))
            {
                await ConnectionProbe.ExecuteAsync(connection, Options.InitSql!, sync, cancellationToken).ConfigureAwait(false);
            }

            if (sync)
            {
                if (Options.OnOpen is { } onOpen)
                {
                    onOpen(connection);
                }
                else if (Options.OnOpenAsync is { } onOpenAsync)
                {
                    SyncOverAsync.Run(onOpenAsync, connection, cancellationToken);
                }
            }
            else if (Options.OnOpenAsync is { } onOpenAsync)
            {
                await onOpenAsync(connection, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                Options.OnOpen?.Invoke(connection);
            }
        }
        finally
        {
            LeaveHook();
        }
    }

    // The provider's connect timeout (15 s when it reports none) plus grace: past it, a silent server no longer holds the acquire.
    private static TimeSpan OpenBound(int connectTimeoutSeconds) =>
        TimeSpan.FromSeconds(connectTimeoutSeconds > 0 ? connectTimeoutSeconds : 15) + HardBound.Grace;

    private TConnection CreateConnection() =>
        _connectionFactory() ?? throw new InvalidOperationException("The connection factory returned null.");

    /// <summary>
    /// Turns the provider's pool off for a connection that is not open yet; true when it will open without the pool
    /// (also when its string already said <c>Pooling=false</c>). An open connection (handed to the guard open, or by a
    /// factory that opens it) or a provider that rejects the keyword may be pooled. Also gives the connection's connect
    /// timeout (for the open's bound), read before the string changes; 0 for an open connection.
    /// </summary>
    private bool TurnPoolingOff(TConnection connection, out int connectTimeout)
    {
        if (connection.State != ConnectionState.Closed)
        {
            connectTimeout = 0;
            return false;
        }

        var withoutPooling = WithoutPooling(connection, out connectTimeout);
        if (withoutPooling is null)
        {
            return _checkedStringSaysNoPooling;
        }

        try
        {
            connection.ConnectionString = withoutPooling;
            return true;
        }
        catch (ArgumentException)
        {
            return false; // a provider without a "Pooling" keyword: it keeps the factory's string
        }
    }

    // A string the provider cannot read is reported by the open itself, as without the guard: the bound takes the default.
    private static int ConnectTimeoutOf(DbConnection connection)
    {
        try
        {
            return connection.ConnectionTimeout;
        }
        catch (Exception)
        {
            return 0; // whatever the provider throws here, its open throws too, and that is the error to report
        }
    }

    // MySqlConnector: a connection made by a MySqlDataSource opens from the data source's pool, with the data source's
    // settings, whatever its own string says, so rewriting its string to Pooling=false does not take it out of the pool.
    // An open connection reports the string of the settings it really uses: read once per string (rebuilding and parsing
    // it costs tens of µs), not at every recovery.
    private bool PoolingStayedOff(TConnection connection, string stringBeforeOpen)
    {
        if (!string.Equals(stringBeforeOpen, _poolingConfirmedForString, StringComparison.Ordinal))
        {
            _poolingStayedOff = ProviderFacts.SaysNoPooling(connection.ConnectionString);
            _poolingConfirmedForString = stringBeforeOpen;
        }

        return _poolingStayedOff;
    }

    // A factory usually hands out the same string every time: rewrite it once, not at every recovery (parsing it cost
    // ≈ 40 µs of a ≈ 500 µs recovery on the benchmark machine). The connect timeout is read there too, before the string
    // is rewritten: a MySqlDataSource's connection keeps the settings it is first asked about, and settings read from a
    // Pooling=false string made it lease a session from the data source's pool and then close it instead of returning
    // it (one leaked lease per open, and a NullReferenceException when the data source is disposed).
    private string? WithoutPooling(TConnection connection, out int connectTimeout)
    {
        var connectionString = connection.ConnectionString;
        if (!string.Equals(connectionString, _poolingCheckedConnectionString, StringComparison.Ordinal))
        {
            _connectTimeoutOfCheckedString = ConnectTimeoutOf(connection);
            _withoutPooling = ProviderFacts.WithoutPooling(connectionString);
            _checkedStringSaysNoPooling = _withoutPooling is null && ProviderFacts.SaysNoPooling(connectionString);
            _poolingCheckedConnectionString = connectionString;
        }

        connectTimeout = _connectTimeoutOfCheckedString;
        return _withoutPooling;
    }

    /// <summary>Inside an ambient <see cref="Transaction"/>, enlist the connection as a freshly opened one would be.</summary>
    private TConnection EnlistInAmbientTransaction(TConnection connection)
    {
        var ambient = AmbientTransactionFor(connection);
        if (ambient is null || _transaction is not null || (_enlistment is { } current && current.Transaction.Equals(ambient)))
        {
            return connection;
        }

        try
        {
            connection.EnlistTransaction(ambient);
        }
        catch (NotSupportedException)
        {
            // Microsoft.Data.Sqlite: a freshly opened connection does not enlist either (it simply runs outside the
            // scope), so the guard's connection behaves as one would, and stops asking.
            TraitsFor(connection).RefusesEnlistment = true;
            _autoEnlist = false;
            return connection;
        }

        var enlistment = new AmbientEnlistment(ambient);
        ambient.TransactionCompleted += enlistment.OnCompleted;
        _enlistment = enlistment;
        return connection;
    }

    private TConnection? DetachCurrent(bool forgetLostTransaction)
    {
        var connection = _connection ?? _initialConnection;
        _connection = null;
        _initialConnection = null;
        _transaction = null;
        _enlistment = null;
        _serverConnectionId = null;
        _idleLimitPending = false;
        _serverIdleLimitTicks = long.MaxValue;
        _thresholdTicks = _idleCheckAfterTicks;
        _checkDeadline = IdleInstant.Past;
        if (forgetLostTransaction)
        {
            _lostTransaction = null;
        }

        return connection;
    }

    private void DiscardCurrent(bool forget)
    {
        var keepFromPool = KeepFromPoolIfKnownDead();
        if (DetachCurrent(forget) is { } connection && !LetGoIfLeftToOwner(connection, keepFromPool: null))
        {
            BoundedDiscard.Discard(connection, Options.PingTimeout, _logger, keepFromPool);
        }
    }

    private void DiscardInBackground(TConnection? connection, Action? keepFromPool = null)
    {
        if (connection is not null && !LetGoIfLeftToOwner(connection, keepFromPool))
        {
            BoundedDiscard.DiscardInBackground(connection, Options.PingTimeout, _logger, keepFromPool);
        }
    }

    /// <summary>
    /// True when <paramref name="connection"/> is the one handed over with <c>leaveOpen</c>: the guard stops using it and
    /// its owner closes it. A dead session is kept from the pool here (<paramref name="keepFromPool"/>), in the flow
    /// that found it dead, never later in the background, where it would race with the owner's own close. Closing or
    /// disposing the guard passes none: that may run while the owner is closing the connection (a host's shutdown).
    /// </summary>
    private bool LetGoIfLeftToOwner(TConnection connection, Action? keepFromPool)
    {
        if (!ReferenceEquals(connection, _leftToOwner))
        {
            return false;
        }

        _leftToOwner = null;
        try
        {
            keepFromPool?.Invoke();
        }
        catch (Exception ex)
        {
            GuardLog.DiscardFailed(_logger, ex.GetType().Name, ex);
        }

        return true;
    }

    /// <summary>
    /// For a connection the guard has found dead, what keeps its session from the provider's pool before it is disposed
    /// (see <see cref="DeadSessions"/>); <c>null</c> when nothing needs to: the guard's own connections open without the
    /// pool, other providers have no such step, and a connection the provider closed already will not be pooled.
    /// </summary>
    private Action? KeepFromPool(TConnection connection)
    {
        if (!_mayBePooled || connection.State != ConnectionState.Open)
        {
            return null;
        }

        var traits = TraitsFor(connection);
        var timeout = Options.PingTimeout;
        return traits.CanPing ? () => DeadSessions.KeepFromPool(traits, connection, timeout) : null;
    }

    /// <summary>
    /// Closing the guard: a pooled session goes back to the pool as any closed connection's does, unless the checks that
    /// need no round trip say it is dead (idle past the server's limit, or its socket at end of stream).
    /// </summary>
    private Action? KeepFromPoolIfKnownDead()
    {
        if (_connection is not { } connection || !_mayBePooled || connection.State != ConnectionState.Open)
        {
            return null;
        }

        var dead = _clock.SteadyElapsed(_releasedAt, _clock.Now()) >= _serverIdleLimitTicks || TraitsFor(connection).PeerHasClosed(connection);
        return dead ? KeepFromPool(connection) : null;
    }

    private void RaiseReconnected(ConnectionReconnectedEventArgs args)
    {
        EnterHook("a Reconnected handler");
        try
        {
            Reconnected?.Invoke(this, args);
        }
        catch (Exception ex)
        {
            GuardLog.ReconnectedHandlerFailed(_logger, ex);
        }
        finally
        {
            LeaveHook();
        }
    }

    private readonly struct Replacement
    {
        public Replacement(ConnectionReplacementReason reason, TimeSpan idleTime, long? previousServerConnectionId)
        {
            Reason = reason;
            IdleTime = idleTime;
            PreviousServerConnectionId = previousServerConnectionId;
        }

        public ConnectionReplacementReason Reason { get; }

        public TimeSpan IdleTime { get; }

        public long? PreviousServerConnectionId { get; }
    }
}
