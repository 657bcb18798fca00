using System;
using MySqlConnector;

namespace LegacyWorker;

/// <summary>A static connection shared by every caller (SC0001).</summary>
public static class AuditLog
{
    private static readonly MySqlConnection Connection = new(
        Environment.GetEnvironmentVariable("ORDERS_DB") ?? "Server=127.0.0.1;User ID=root;Password=;Database=staleconn");

    public static void Write(string message)
    {
        if (Connection.State != System.Data.ConnectionState.Open)
        {
            Connection.Open();
            using var create = new MySqlCommand("CREATE TABLE IF NOT EXISTS audit (message VARCHAR(200) NOT NULL)", Connection);
            create.ExecuteNonQuery();
        }

        using var insert = new MySqlCommand("INSERT INTO audit (message) VALUES (@message)", Connection);
        insert.Parameters.AddWithValue("@message", message);
        insert.ExecuteNonQuery();
    }
}
