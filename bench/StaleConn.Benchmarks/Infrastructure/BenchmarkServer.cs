using MySqlConnector;
using StaleConn.Testing.MariaDb;

namespace StaleConn.Benchmarks.Infrastructure;

/// <summary>
/// One throwaway MariaDB on loopback per benchmark process, shared by every benchmark class that runs in it (the
/// in-process smoke run runs them all in one process). The server is killed when the process exits.
/// </summary>
public static class BenchmarkServer
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static MariaDbServer? s_server;

    /// <summary>Connection string with MySqlConnector's pool on (its default), as applications have it.</summary>
    public static string PooledConnectionString { get; private set; } = string.Empty;

    /// <summary>The same server without pooling: every open is a new physical connection and server session.</summary>
    public static string UnpooledConnectionString => PooledConnectionString + ";Pooling=false";

    /// <summary>Starts the server on first use (bounded by the library's own start timeout).</summary>
    public static void EnsureStarted()
    {
        Gate.Wait();
        try
        {
            if (s_server is null)
            {
                s_server = MariaDbServer.StartAsync().GetAwaiter().GetResult();
                PooledConnectionString = s_server.ConnectionString;
                AppDomain.CurrentDomain.ProcessExit += (_, _) => s_server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Runs the unit of work every benchmark measures: one <c>SELECT 1</c>.</summary>
    public static int SelectOne(MySqlConnection connection)
    {
        using var command = new MySqlCommand("SELECT 1", connection);
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The async twin of <see cref="SelectOne"/>.</summary>
    public static async Task<int> SelectOneAsync(MySqlConnection connection)
    {
        await using var command = new MySqlCommand("SELECT 1", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync().ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The server's id for the session behind <paramref name="connection"/>.</summary>
    public static async Task<long> ConnectionIdAsync(MySqlConnection connection)
    {
        await using var command = new MySqlCommand("SELECT CONNECTION_ID()", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync().ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }
}
