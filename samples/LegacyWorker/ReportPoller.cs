using System;
using System.Threading.Tasks;
using MySqlConnector;

namespace LegacyWorker;

/// <summary>The console-tool version of the bug: one connection opened before a loop that waits (SC0004).</summary>
public static class ReportPoller
{
    public static async Task RunAsync(string connectionString, int rounds, TimeSpan interval)
    {
        var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        for (var round = 1; round <= rounds; round++)
        {
            await using var command = new MySqlCommand("SELECT COUNT(*) FROM information_schema.tables", connection);
            Console.WriteLine($"report {round}: {await command.ExecuteScalarAsync()} tables");
            await Task.Delay(interval);
        }
    }
}
