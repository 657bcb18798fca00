using System;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MySqlConnector;
using StaleConn;

namespace FixedWorker;

/// <summary>
/// The order worker of samples/LegacyWorker after the fixes. Every long-lived connection is now either a
/// <see cref="ConnectionGuard{TConnection}"/> (checked and, when the server has closed it, replaced before each unit
/// of work) or a pooled <see cref="MySqlDataSource"/> opened per use, so an idle pause longer than the server's
/// wait_timeout no longer breaks the next order.
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

        // Was SC0003 (a singleton MySqlConnection): the process shares one guard instead of one raw connection; it
        // logs through the host's logger when it replaces a connection the server has closed.
        builder.Services.AddConnectionGuard<MySqlConnection>(_ => new MySqlConnection(settings.ConnectionString));

        // Was SC0005: the singleton now keeps the guard, not a connection.
        builder.Services.AddSingleton<InventoryCache>();

        builder.Services.AddHostedService<OrderFeed>();
        builder.Services.AddHostedService<OrderWorker>();

        using var host = builder.Build();
        await host.RunAsync();
        return Environment.ExitCode;
    }
}
