using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;
using StaleConn;

namespace FixedWorker;

/// <summary>A singleton that keeps the shared guard, and takes one lease per query.</summary>
public sealed class InventoryCache
{
    private readonly ConnectionGuard<MySqlConnection> _connection;

    public InventoryCache(ConnectionGuard<MySqlConnection> connection) => _connection = connection;

    public async Task<long> StockAsync(CancellationToken cancellationToken)
    {
        await using var lease = await _connection.AcquireAsync(cancellationToken);
        await using var command = new MySqlCommand("SELECT 100 - COUNT(*) FROM orders", lease.Connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
