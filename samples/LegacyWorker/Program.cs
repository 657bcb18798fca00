using System;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MySqlConnector;

namespace LegacyWorker;

/// <summary>
/// An order worker as many services are written: one connection opened at start-up and kept for the life of the
/// process. Against a server whose wait_timeout is shorter than the pause between orders, the order after the pause
/// fails. Try it with ORDERS_DB set to a MariaDB connection string and `--idle-seconds` above the server's wait_timeout.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var settings = WorkerSettings.Read(args);
        if (settings.ReportMode)
        {
            await ReportPoller.RunAsync(settings.ConnectionString, settings.Rounds, settings.Idle);
            return 0;
        }

        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(Channel.CreateUnbounded<string>());

        // SC0003: one connection for the whole process, handed to every consumer.
        builder.Services.AddSingleton<MySqlConnection>(_ => new MySqlConnection(settings.ConnectionString));

        // SC0005: a singleton that keeps the connection it was given in a field.
        builder.Services.AddSingleton<InventoryCache>();

        builder.Services.AddHostedService<OrderFeed>();
        builder.Services.AddHostedService<OrderWorker>();

        using var host = builder.Build();
        await host.RunAsync();
        return Environment.ExitCode;
    }
}
