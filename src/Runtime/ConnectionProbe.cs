using System;
using System.Data.Common;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace StaleConn;

/// <summary>
/// Bounded round trips on the guard's connection: MySqlConnector's <c>COM_PING</c>, which has no timeout of its own (a
/// silent peer kept it waiting indefinitely), under a timer of the guard's; and plain commands bounded twice:
/// <see cref="DbCommand.CommandTimeout"/> (whole seconds, rounded up, never 0 which means infinite) and a cancellation
/// after the timeout.
/// </summary>
internal static class ConnectionProbe
{
    public static ValueTask<object?[]?> QueryRowAsync(DbConnection connection, DbTransaction? transaction, string sql, TimeSpan timeout, bool sync, bool inline, CancellationToken cancellationToken) =>
        sync && inline
            ? new ValueTask<object?[]?>(QueryRow(connection, transaction, sql, timeout, cancellationToken)) // one plain call: a failure is thrown once, here
            : HardBound.RunAsync(
                () => QueryRowCoreAsync(connection, transaction, sql, timeout, sync, cancellationToken).AsTask(),
                TimeSpan.FromSeconds(WholeSeconds(timeout)) + HardBound.Grace,
                sync,
                inline,
                "A liveness probe",
                cancellationToken);

    /// <summary>
    /// The sync twin of <see cref="PingAsync{TConnection}"/>: MySqlConnector's blocking <c>Ping()</c> on the caller's
    /// thread — no hop, and no thread-pool completion to wait for, so a starved pool cannot make a live session look dead.
    /// The ping has no timeout of its own, so a timer stands guard: past <paramref name="timeout"/> it shuts the
    /// provider's socket down (or, where the socket cannot be seen, closes the connection), which ends the blocked read
    /// (the connection is written off and discarded anyway). Not closing alone: closing a pooled connection only parks
    /// its session in the pool, read still blocked. Returns the failure, or <c>null</c> when the server answered.
    /// </summary>
    public static Exception? Ping<TConnection>(ProviderTraits<TConnection> traits, TConnection connection, TimeSpan timeout, CancellationToken cancellationToken)
        where TConnection : DbConnection
    {
        using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        watchdog.CancelAfter(timeout);
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

    private static async ValueTask<object?[]?> QueryRowCoreAsync(DbConnection connection, DbTransaction? transaction, string sql, TimeSpan timeout, bool sync, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.CommandTimeout = WholeSeconds(timeout);
        using var bound = new QuietDeadline(timeout, cancellationToken);
        if (sync)
        {
            return QueryRow(command, bound.Token);
        }

        using var asyncReader = await command.ExecuteReaderAsync(bound.Token).ConfigureAwait(false);
        if (!await asyncReader.ReadAsync(bound.Token).ConfigureAwait(false))
        {
            return null;
        }

        var values = new object?[asyncReader.FieldCount];
        asyncReader.GetValues(values!);
        return values;
    }

    private static object?[]? QueryRow(DbConnection connection, DbTransaction? transaction, string sql, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.CommandTimeout = WholeSeconds(timeout);
        using var bound = new QuietDeadline(timeout, cancellationToken);
        return QueryRow(command, bound.Token);
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
