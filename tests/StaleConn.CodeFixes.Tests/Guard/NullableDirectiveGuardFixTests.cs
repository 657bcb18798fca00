using Microsoft.CodeAnalysis;
using StaleConn.CodeFixes.Tests.Infrastructure;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.LongLivedServiceConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// A file whose <c>#nullable</c> directive differs from its project's setting still gets short type names in the guard's
/// construction (<c>new ConnectionGuard&lt;MySqlConnection&gt;(...)</c>, never <c>new global::StaleConn.ConnectionGuard&lt;global::...&gt;</c>).
/// </summary>
public class NullableDirectiveGuardFixTests
{
    [Fact]
    public Task Nullable_enable_at_the_top_of_the_file_keeps_the_construction_short() => Verify.VerifyAsync("""
        #nullable enable
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public sealed class Cleaner : BackgroundService
        {
            private readonly MySqlConnection {|SC0002:_connection|} = new("Server=db;Database=shop");
            private MySqlConnection {|SC0002:Archive|} { get; } = new MySqlConnection("Server=archive;Database=shop");

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                await _connection.ExecuteAsync("DELETE FROM carts WHERE updated < NOW() - INTERVAL 1 DAY");
                await Archive.ExecuteAsync("OPTIMIZE TABLE orders");
            }
        }
        """, """
        #nullable enable
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;
        using StaleConn;

        public sealed class Cleaner : BackgroundService
        {
            private readonly ConnectionGuard<MySqlConnection> _connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db;Database=shop"));
            private ConnectionGuard<MySqlConnection> Archive { get; } = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=archive;Database=shop"));

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                using (var lease = await _connection.AcquireAsync(stoppingToken))
                {
                    await lease.Connection.ExecuteAsync("DELETE FROM carts WHERE updated < NOW() - INTERVAL 1 DAY");
                }
                using var lease2 = await Archive.AcquireAsync(stoppingToken);
                await lease2.Connection.ExecuteAsync("OPTIMIZE TABLE orders");
            }
        }
        """);

    [Fact]
    public Task Poller_under_nullable_enable_declares_its_nullable_job_before_the_lease() => GuardFixCheck.VerifyWorkerAsync("""
        #nullable enable
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public sealed record Job(long Id, string Payload);

        public sealed class JobRunner : BackgroundService
        {
            private readonly MySqlConnection {|SC0002:_connection|} = new MySqlConnection("Server=db;Database=jobs");

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    var job = await _connection.QueryFirstOrDefaultAsync<Job>("SELECT id, payload FROM jobs WHERE done = 0 LIMIT 1");
                    if (job is null)
                    {
                        await Task.Delay(TimeSpan.FromMinutes(5), stoppingToken);
                        continue;
                    }

                    await _connection.ExecuteAsync("UPDATE jobs SET done = 1 WHERE id = @Id", new { job.Id });
                }
            }
        }
        """, """
        #nullable enable
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;
        using StaleConn;

        public sealed record Job(long Id, string Payload);

        public sealed class JobRunner : BackgroundService
        {
            private readonly ConnectionGuard<MySqlConnection> _connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db;Database=jobs"));

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    Job? job;
                    using (var lease = await _connection.AcquireAsync(stoppingToken))
                    {
                        job = await lease.Connection.QueryFirstOrDefaultAsync<Job>("SELECT id, payload FROM jobs WHERE done = 0 LIMIT 1");
                    }
                    if (job is null)
                    {
                        await Task.Delay(TimeSpan.FromMinutes(5), stoppingToken);
                        continue;
                    }

                    using (var lease = await _connection.AcquireAsync(stoppingToken))
                    {
                        await lease.Connection.ExecuteAsync("UPDATE jobs SET done = 1 WHERE id = @Id", new { job.Id });
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Nullable_disable_in_a_nullable_project_keeps_the_construction_short() => Verify.VerifyAsync("""
        #nullable disable
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public sealed class Cleaner : BackgroundService
        {
            private readonly MySqlConnection {|SC0002:_connection|} = new MySqlConnection("Server=db;Database=shop");

            protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
                _connection.ExecuteAsync("DELETE FROM carts WHERE updated < NOW() - INTERVAL 1 DAY");
        }
        """, """
        #nullable disable
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;
        using StaleConn;

        public sealed class Cleaner : BackgroundService
        {
            private readonly ConnectionGuard<MySqlConnection> _connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db;Database=shop"));

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                using var lease = await _connection.AcquireAsync(stoppingToken);
                await lease.Connection.ExecuteAsync("DELETE FROM carts WHERE updated < NOW() - INTERVAL 1 DAY");
            }
        }
        """, NullableContextOptions.Enable);
}
