using System.Data.Common;

namespace StaleConn.Runtime.Tests.Integration;

/// <summary>Small helpers to run SQL from tests on any provider.</summary>
public static class Sql
{
    public static async Task<long> ScalarAsync(DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.CommandTimeout = 10;
        var value = await command.ExecuteScalarAsync();
        return Convert.ToInt64(value);
    }

    public static async Task<string?> StringAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 10;
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? null : Convert.ToString(value);
    }

    public static async Task ExecuteAsync(DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.CommandTimeout = 10;
        await command.ExecuteNonQueryAsync();
    }

    public static void Execute(DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.CommandTimeout = 10;
        command.ExecuteNonQuery();
    }

    public static long Scalar(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 10;
        return Convert.ToInt64(command.ExecuteScalar());
    }
}
