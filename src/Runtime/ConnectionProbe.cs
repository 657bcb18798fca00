using System;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;

namespace StaleConn;

/// <summary>
/// Bounded round trips on the guard's connection. A provider's ping may wait forever on a silent peer (MySqlConnector's
/// has no timeout), so the guard runs plain commands bounded twice: <see cref="DbCommand.CommandTimeout"/> (whole
/// seconds, rounded up, never 0 which means infinite) and a cancellation after the timeout.
/// </summary>
internal static class ConnectionProbe
{
    public const string ProbeSql = "SELECT 1";
    public const string MySqlSessionSql = "SELECT @@session.wait_timeout, CONNECTION_ID()";

    public static ValueTask<object?[]?> QueryRowAsync(DbConnection connection, DbTransaction? transaction, string sql, TimeSpan timeout, bool sync, CancellationToken cancellationToken) =>
        HardBound.RunAsync(
            () => QueryRowCoreAsync(connection, transaction, sql, timeout, sync, cancellationToken).AsTask(),
            TimeSpan.FromSeconds(WholeSeconds(timeout)) + HardBound.Grace,
            sync,
            "A liveness probe",
            cancellationToken);

    private static async ValueTask<object?[]?> QueryRowCoreAsync(DbConnection connection, DbTransaction? transaction, string sql, TimeSpan timeout, bool sync, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.CommandTimeout = WholeSeconds(timeout);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(timeout);
        if (sync)
        {
            // The sync APIs take no token: cancel the command itself when the bound passes.
            using var cancel = bound.Token.Register(static state => ((DbCommand)state!).Cancel(), command);
            using var reader = command.ExecuteReader();
            return ReadRow(reader);
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
