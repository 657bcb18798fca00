using System;
using System.Threading.Tasks;
using MySqlConnector;

namespace FixedWorker;

/// <summary>The console loop opens a pooled connection per round instead of holding one across the wait.</summary>
public static class ReportPoller
{
    public static async Task RunAsync(string connectionString, int rounds, TimeSpan interval)
    {
        await using var dataSource = new MySqlDataSource(connectionString);
        for (var round = 1; round <= rounds; round++)
        {
            await using (var connection = await dataSource.OpenConnectionAsync())
            await using (var command = new MySqlCommand("SELECT COUNT(*) FROM information_schema.tables", connection))
            {
                Console.WriteLine($"report {round}: {await command.ExecuteScalarAsync()} tables");
            }

            await Task.Delay(interval);
        }
    }
}
