using System;
using MySqlConnector;
using StaleConn;

namespace FixedWorker;

/// <summary>The static connection became a static guard; each write takes a lease (synchronously, as before).</summary>
public static class AuditLog
{
    private static readonly ConnectionGuard<MySqlConnection> Connection = new(() => new MySqlConnection(
        Environment.GetEnvironmentVariable("ORDERS_DB") ?? "Server=127.0.0.1;User ID=root;Password=;Database=staleconn"));

    public static void Write(string message)
    {
        using var lease = Connection.Acquire();
        using (var create = new MySqlCommand("CREATE TABLE IF NOT EXISTS audit (message VARCHAR(200) NOT NULL)", lease.Connection))
        {
            create.ExecuteNonQuery();
        }

        using var insert = new MySqlCommand("INSERT INTO audit (message) VALUES (@message)", lease.Connection);
        insert.Parameters.AddWithValue("@message", message);
        insert.ExecuteNonQuery();
    }
}
