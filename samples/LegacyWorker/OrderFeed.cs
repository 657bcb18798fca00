using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;

namespace LegacyWorker;

/// <summary>Stands in for a message queue that goes quiet: one order, a pause, the next order, and so on.</summary>
public sealed class OrderFeed(Channel<string> orders, WorkerSettings settings) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var number = 1; number <= settings.Rounds; number++)
        {
            if (number > 1)
            {
                await Task.Delay(settings.Idle, stoppingToken);
            }

            await orders.Writer.WriteAsync($"order-{number}", stoppingToken);
        }

        orders.Writer.Complete();
    }
}
