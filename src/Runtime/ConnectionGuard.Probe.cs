using System;
using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace StaleConn;

// The checks on a connection that may be stale (probe, the session's wait_timeout) and what the guard knows of the
// provider. Runs while holding the gate, like the rest of the slow path.
public sealed partial class ConnectionGuard<TConnection>
{
    private ProviderTraits<TConnection>? _traits;

    /// <summary>For tests: this guard does as if the provider's socket could not be seen (set before the first acquire).</summary>
    internal bool HideSocketForTests { get; set; }

    // Whether the current session's wait_timeout is still to be read (see ReadIdleLimitAsync). Until it is, the
    // session's threshold is 0, so its next acquire takes the slow path and reads it before trusting the connection.
    private bool _idleLimitPending;

    // The wait_timeout last read from a session of this guard. A new session whose own value is not read yet is
    // presumed to have it only to call the session dead (idle past it: replaced without a round trip). If the new
    // session's real value is higher, that replaces a live connection: a needless reconnect, never a skipped probe.
    private long _presumedIdleLimitTicks = long.MaxValue;

    /// <summary>
    /// A bounded liveness check; returns the failure, or <c>null</c> when the connection answered. MySqlConnector gets
    /// <c>COM_PING</c> (cheaper than a query, and no exception on a dead session) unless its socket already shows the
    /// server closed the session; other providers a <c>SELECT 1</c>.
    /// </summary>
    private async ValueTask<Exception?> ProbeAsync(TConnection connection, long idle, bool sync, CancellationToken cancellationToken)
    {
        var traits = TraitsFor(connection);
        var started = Stopwatch.GetTimestamp();
        Exception? failure = null;
        if (traits.PeerHasClosed(connection))
        {
            // No reply can ever be read from this socket: a ping would only learn the same (≈ 80–100 µs on loopback,
            // most of it MySqlConnector throwing and catching the end of stream inside its own layers).
            failure = ServerClosedTheConnection();
        }
        else if (Options.Validator is { } validator)
        {
            failure = await ValidateAsync(validator, connection, sync, cancellationToken).ConfigureAwait(false);
        }
        else if (traits.CanPing && Options.ValidationQuery is null)
        {
            failure = sync
                ? ConnectionProbe.Ping(traits, connection, Options.PingTimeout, cancellationToken)
                : await ConnectionProbe.PingAsync(traits, connection, Options.PingTimeout, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            try
            {
                _ = await ConnectionProbe.QueryRowAsync(traits, connection, _transaction, Options.ValidationQuery ?? traits.ProbeSql, Options.PingTimeout, sync, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }

        RecordProbe(started, idle, failure);
        return failure;
    }

    /// <summary>
    /// The check of a connection idle a moment (below the probe threshold): what its socket shows, at no round trip.
    /// Closed by the server: dead (a probe that failed). Something waiting that nobody asked for: probed. Quiet, or not
    /// seen: used as is. Returns the failure, or <c>null</c>.
    /// </summary>
    private async ValueTask<Exception?> CheckSocketAsync(TConnection connection, long idle, bool sync, CancellationToken cancellationToken)
    {
        var traits = TraitsFor(connection);
        switch (traits.StateOfSocket(connection))
        {
            case SocketState.Closed:
                var closed = ServerClosedTheConnection();
                RecordProbe(Stopwatch.GetTimestamp(), idle, closed);
                return closed;
            case SocketState.DataWaiting:
                return _idleLimitPending
                    ? await ReadIdleLimitAsync(connection, idle, sync, cancellationToken).ConfigureAwait(false)
                    : await ProbeAsync(connection, idle, sync, cancellationToken).ConfigureAwait(false);
            default:
                return null;
        }
    }

    // The user's check, bounded like the probe: its token is cancelled at PingTimeout and the guard stops waiting
    // HardBound.Grace later. A sync acquire runs it outside any synchronization context (see SyncOverAsync). It runs as a
    // hook: an acquire of this guard from it could only wait for the lease it is checking, so it fails at once, and the
    // acquire fails with that refusal (a mistake in the Validator, not a dead session to replace).
    private async ValueTask<Exception?> ValidateAsync(Func<DbConnection, CancellationToken, Task<bool>> validator, TConnection connection, bool sync, CancellationToken cancellationToken)
    {
        using var bound = new QuietDeadline(Options.PingTimeout, cancellationToken);
        EnterHook("the Validator");
        try
        {
            var answered = await HardBound.RunAsync(
                () => SyncOverAsync.Start(validator, connection, bound.Token),
                Options.PingTimeout + HardBound.Grace,
                sync,
                inline: false,
                "The connection's Validator",
                cancellationToken).ConfigureAwait(false);
            return answered ? null : new ConnectionLostException("The Validator said the connection is not usable.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (!IsRefusalInHook(ex))
        {
            return ex;
        }
        finally
        {
            LeaveHook();
        }
    }

    /// <summary>
    /// Reads the session's <c>wait_timeout</c> at its second acquire, not right after the open: it is only needed to
    /// decide that acquire, and reading it there keeps a round trip off the recovery that opened the session (where it
    /// was the first statement on the session, ≈ 100 µs on loopback). The read doubles as the probe: the server
    /// answered, so the session is alive whatever the idle time. It must come from this session: an on-open hook, a
    /// changed global or another server behind the same name can give a new session a lower value than the last one,
    /// and trusting the old value could skip a probe the new session needed. Returns the failure when the session is
    /// dead; a server that only rejects the query (no such variable) gets a plain probe instead.
    /// </summary>
    private async ValueTask<Exception?> ReadIdleLimitAsync(TConnection connection, long idle, bool sync, CancellationToken cancellationToken)
    {
        var traits = TraitsFor(connection);
        var started = Stopwatch.GetTimestamp();
        if (traits.PeerHasClosed(connection))
        {
            var closed = ServerClosedTheConnection();
            RecordProbe(started, idle, closed); // dead before any question: the session is replaced, its limit moot
            return closed;
        }

        try
        {
            var limit = traits.IdleLimit!;
            var row = await ConnectionProbe.QueryRowAsync(traits, connection, _transaction, limit.LimitSql, Options.PingTimeout, sync, cancellationToken).ConfigureAwait(false);
            var span = row is { Length: > 0 } ? limit.ToSpan(row[0]) : null;
            ApplyIdleLimit(span);
            GuardLog.IdleLimitRead(_logger, _serverConnectionId, (int)(span?.TotalSeconds ?? 0), null);
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            GuardLog.SessionQueryFailed(_logger, ex.GetType().Name, ex);
            ApplyIdleLimit(null);
            var elapsed = Stopwatch.GetTimestamp() - started;
            if (connection.State != ConnectionState.Open || ex is TimeoutException || elapsed >= Options.PingTimeout.TotalSeconds * Stopwatch.Frequency)
            {
                RecordProbe(started, idle, ex); // no answer in time, or the session broke: dead
                return ex;
            }

            return await ProbeAsync(connection, idle, sync, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sets the current session's limit (<c>null</c>: unknown or off) and the threshold that follows from it.</summary>
    private void ApplyIdleLimit(TimeSpan? limit)
    {
        _idleLimitPending = false;
        _serverIdleLimitTicks = limit is { } span && span > TimeSpan.Zero ? _clock.ToTicks(span) : long.MaxValue;
        if (_serverIdleLimitTicks != long.MaxValue)
        {
            _presumedIdleLimitTicks = _serverIdleLimitTicks;
        }

        _thresholdTicks = IdleThreshold.Ticks(_idleCheckAfterTicks, _serverIdleLimitTicks, _clock.Frequency);
    }

    private void RecordProbe(long started, long idle, Exception? failure)
    {
        var elapsed = (Stopwatch.GetTimestamp() - started) / (double)Stopwatch.Frequency;
        _metrics.RecordProbe(elapsed, failure is null);
        if (failure is not null)
        {
            GuardLog.ProbeFailed(_logger, elapsed, _clock.ToTimeSpan(idle).TotalSeconds, failure);
        }
    }

    private static ConnectionLostException ServerClosedTheConnection() =>
        new("The server has closed the connection (its socket reached end of stream): the session is gone.");

    private static long? ToLong(object? value) =>
        value is null or DBNull ? null : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);

    private ProviderTraits<TConnection> TraitsFor(TConnection connection)
    {
        // Reflection once per guard and connection type (the factory normally returns one type).
        var traits = _traits;
        if (traits is null || traits.ConnectionType != connection.GetType())
        {
            _traits = traits = ProviderTraits<TConnection>.Of(connection.GetType(), seeSocket: !HideSocketForTests);
        }

        return traits;
    }
}
