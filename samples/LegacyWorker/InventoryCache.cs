using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;

namespace LegacyWorker;

/// <summary>A singleton (see Program) that keeps the injected connection for the life of the process (SC0005).</summary>
public sealed class InventoryCache
{
    private readonly MySqlConnection _connection;

    public InventoryCache(MySqlConnection connection) => _connection = connection;

    public async Task<long> StockAsync(CancellationToken cancellationToken)
    {
        if (_connection.State != System.Data.ConnectionState.Open)
        {
            await _connection.OpenAsync(cancellationToken);
        }

        await using var command = new MySqlCommand("SELECT 100 - COUNT(*) FROM orders", _connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
