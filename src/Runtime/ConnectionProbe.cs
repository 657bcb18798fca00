using System;
using System.Data.Common;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace StaleConn;

/// <summary>
/// Bounded round trips on the guard's connection: MySqlConnector's <c>COM_PING</c>, which has no timeout of its own (a
/// silent peer kept it waiting indefinitely), under a timer of the guard's; and plain queries bounded twice: a quiet
/// cancellation after the timeout, and <see cref="DbCommand.CommandTimeout"/> (whole seconds, rounded up) or, on
/// MySqlConnector, the guard's <see cref="SocketCutoff"/> instead.
/// </summary>
internal static class ConnectionProbe
{
    /// <summary>
    /// The first row of <paramref name="sql"/>, bounded by <paramref name="timeout"/>: at the timeout the command is
    /// cancelled (quietly), and a call still running past <see cref="CallBound"/> is ended. The provider's own
    /// <c>CommandTimeout</c> bounds it too, except where that timer can end the process (MySqlConnector,
    /// <see cref="ProviderTraits{TConnection}.CommandTimerMayThrow"/>): there <c>CommandTimeout</c> stays 0 and a
    /// <see cref="SocketCutoff"/> ends the call; where the socket cannot be seen, the provider's timer is the only end.
    /// </summary>
    public static ValueTask<object?[]?> QueryRowAsync<TConnection>(ProviderTraits<TConnection> traits, TConnection connection, DbTransaction? transaction, string sql, TimeSpan timeout, bool sync, CancellationToken cancellationToken)
        where TConnection : DbConnection
    {
        var cutoffSocket = traits.CommandTimerMayThrow ? traits.SocketOrNull(connection) : null;
        var inline = traits.BoundsItsOwnCalls;
        return sync && inline
            ? QueryRowCoreAsync(connection, transaction, sql, timeout, cutoffSocket, sync, cancellationToken) // completes before it returns
            : HardBound.RunAsync(
                () => QueryRowCoreAsync(connection, transaction, sql, timeout, cutoffSocket, sync, cancellationToken).AsTask(),
                CallBound(timeout),
                sync,
                inline,
                "A liveness probe",
                cancellationToken);
    }

    /// <summary>How long the guard waits for one of its queries: the timeout in whole seconds plus <see cref="HardBound.Grace"/>.</summary>
    public static TimeSpan CallBound(TimeSpan timeout) => TimeSpan.FromSeconds(WholeSeconds(timeout)) + HardBound.Grace;

    /// <summary>
    /// The sync twin of <see cref="PingAsync{TConnection}"/>: MySqlConnector's blocking <c>Ping()</c> on the caller's
    /// thread — no hop, and no thread-pool completion to wait for, so a starved pool cannot make a live session look dead.
    /// The ping has no timeout of its own, so a timer of the guard's own (<see cref="TimerThread"/>) stands guard: past
    /// <paramref name="timeout"/> it shuts the provider's socket down (or, where the socket cannot be seen, closes the connection), which ends the blocked read
    /// (the connection is written off and discarded anyway). Not closing alone: closing a pooled connection only parks
    /// its session in the pool, read still blocked. Returns the failure, or <c>null</c> when the server answered.
    /// </summary>
    public static Exception? Ping<TConnection>(ProviderTraits<TConnection> traits, TConnection connection, TimeSpan timeout, CancellationToken cancellationToken)
        where TConnection : DbConnection
    {
        using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var bound = TimerThread.Schedule(timeout, static state => ((CancellationTokenSource)state).Cancel(), watchdog); // not a pool timer: the pool may be starved
        using var registration = watchdog.Token.Register(static state => StopPing(state!), (object?)traits.SocketOrNull(connection) ?? connection);
        try
        {
            if (traits.Ping(connection) && !watchdog.IsCancellationRequested)
            {
                return null;
            }
        }
        catch (Exception ex) when (!watchdog.IsCancellationRequested)
        {
            return ex;
        }
        catch (Exception)
        {
            // Ended by the watchdog (or the caller): reported below.
        }

        cancellationToken.ThrowIfCancellationRequested();
        return watchdog.IsCancellationRequested
            ? PingTimedOut(timeout)
            : PingUnanswered();
    }

    private static TimeoutException PingTimedOut(TimeSpan timeout) =>
        new($"The server did not answer a ping within {timeout.TotalSeconds:0.###} s.");

    private static ConnectionLostException PingUnanswered() =>
        new("The server did not answer a ping (COM_PING): the session is gone.");

    private static void StopPing(object socketOrConnection)
    {
        if (socketOrConnection is Socket socket)
        {
            DeadSessions.ShutDown(socket);
        }
        else
        {
            CloseQuietly((DbConnection)socketOrConnection);
        }
    }

    private static void CloseQuietly(DbConnection connection)
    {
        try
        {
            connection.Dispose();
        }
        catch (Exception)
        {
            // Closing under a blocked read may fail inside the provider; the read has ended either way.
        }
    }

    /// <summary>
    /// MySqlConnector's <c>COM_PING</c> (<c>PingAsync</c>): cheaper than a <c>SELECT 1</c> and, on a dead session, answers
    /// <c>false</c> instead of throwing through the provider's layers. It has no timeout of its own, so it is bounded
    /// here by <paramref name="timeout"/>; past it the connection counts as dead and its socket is shut down, which ends
    /// the abandoned ping (where the socket cannot be seen, the caller's disposal of the connection does). Returns the
    /// failure, or <c>null</c> when the server answered.
    /// </summary>
    public static async ValueTask<Exception?> PingAsync<TConnection>(ProviderTraits<TConnection> traits, TConnection connection, TimeSpan timeout, CancellationToken cancellationToken)
        where TConnection : DbConnection
    {
        Task<bool> ping;
        try
        {
            ping = traits.PingAsync(connection, cancellationToken);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            return ex;
        }

        if (!ping.IsCompleted)
        {
            using var delayCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var winner = await Task.WhenAny(ping, Task.Delay(timeout, delayCancel.Token)).ConfigureAwait(false);
            delayCancel.Cancel();
            if (winner != ping)
            {
                _ = ping.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
                cancellationToken.ThrowIfCancellationRequested();
                traits.ShutDownSocket(connection);
                return PingTimedOut(timeout);
            }
        }

        try
        {
            return await ping.ConfigureAwait(false) ? null : PingUnanswered();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private static async ValueTask<object?[]?> QueryRowCoreAsync(DbConnection connection, DbTransaction? transaction, string sql, TimeSpan timeout, Socket? cutoffSocket, bool sync, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.CommandTimeout = cutoffSocket is null ? WholeSeconds(timeout) : 0; // 0: no provider timer at all
        using var bound = new QuietDeadline(timeout, cancellationToken);
        using var cutoff = cutoffSocket is null ? null : new SocketCutoff(cutoffSocket, CallBound(timeout));
        object?[]? row;
        try
        {
            row = sync ? QueryRow(command, bound.Token) : await QueryRowAsync(command, bound.Token).ConfigureAwait(false);
        }
        catch (Exception) when (cutoff?.Stop() is { } timedOut)
        {
            throw timedOut;
        }

        return cutoff?.Stop() is { } cutAfterTheRow ? throw cutAfterTheRow : row; // the session is gone even so
    }

    private static async ValueTask<object?[]?> QueryRowAsync(DbCommand command, CancellationToken bound)
    {
        using var reader = await command.ExecuteReaderAsync(bound).ConfigureAwait(false);
        if (!await reader.ReadAsync(bound).ConfigureAwait(false))
        {
            return null;
        }

        var values = new object?[reader.FieldCount];
        reader.GetValues(values!);
        return values;
    }

    private static object?[]? QueryRow(DbCommand command, CancellationToken bound)
    {
        // The sync APIs take no token: cancel the command itself when the bound passes.
        using var cancel = bound.Register(static state => CancelQuietly((DbCommand)state!), command);
        using var reader = command.ExecuteReader();
        return ReadRow(reader);
    }

    private static void CancelQuietly(DbCommand command)
    {
        try
        {
            command.Cancel();
        }
        catch (Exception)
        {
            // MySqlConnector's throws once the server dropped the session (see QuietDeadline); the command is written
            // off either way, and the caller's own cancellation must not fail on it.
        }
    }

    private static object?[]? ReadRow(DbDataReader reader)
    {
        if (!reader.Read())
        {
            return null;
        }

        var values = new object?[reader.FieldCount];
        reader.GetValues(values!);
        return values;
    }

    public static async ValueTask ExecuteAsync(DbConnection connection, string sql, bool sync, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (sync)
        {
            command.ExecuteNonQuery();
        }
        else
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    internal static int WholeSeconds(TimeSpan timeout) => Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));
}
