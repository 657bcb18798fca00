using System;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using MySqlConnector;
using StaleConn;

namespace FixedWorker;

/// <summary>Writes each order it receives; each order is one unit of work with one lease of the guarded connection.</summary>
public sealed class OrderWorker : BackgroundService
{
    private readonly ConnectionGuard<MySqlConnection> _connection;
    private readonly Channel<string> _orders;
    private readonly InventoryCache _inventory;
    private readonly IHostApplicationLifetime _lifetime;

    public OrderWorker(WorkerSettings settings, Channel<string> orders, InventoryCache inventory, IHostApplicationLifetime lifetime)
    {
        _connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection(settings.ConnectionString));
        _orders = orders;
        _inventory = inventory;
        _lifetime = lifetime;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using (var lease = await _connection.AcquireAsync(stoppingToken))
            await using (var create = new MySqlCommand(
                "CREATE TABLE IF NOT EXISTS orders (id INT AUTO_INCREMENT PRIMARY KEY, item VARCHAR(64) NOT NULL)", lease.Connection))
            {
                await create.ExecuteNonQueryAsync(stoppingToken);
            }

            await foreach (var item in _orders.Reader.ReadAllAsync(stoppingToken))
            {
                await using (var lease = await _connection.AcquireAsync(stoppingToken))
                await using (var insert = new MySqlCommand("INSERT INTO orders (item) VALUES (@item)", lease.Connection))
                {
                    insert.Parameters.AddWithValue("@item", item);
                    await insert.ExecuteNonQueryAsync(stoppingToken);
                }

                AuditLog.Write($"stored {item}");
                Console.WriteLine($"processed {item} (stock left: {await _inventory.StockAsync(stoppingToken)})");
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Console.Error.WriteLine($"order worker failed: {exception.GetType().FullName}: {exception.Message}");
            Environment.ExitCode = 1;
        }
        finally
        {
            _lifetime.StopApplication();
        }
    }

    public override void Dispose()
    {
        _connection.Dispose();
        base.Dispose();
    }
}
