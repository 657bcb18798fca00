using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.LongLivedServiceConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// <c>new MySqlCommand { Connection = _connection, CommandText = ... }</c> sets the new command's property, not a member
/// of the holder: the connection is used as a constructor argument would be (NotAloneAgain/Marine,
/// Marine.MySQL/API/Tables/LevelsTable.cs builds every command this way; the worker here is written small). A command so
/// built once in the constructor and kept in a field is built without the connection and bound to each lease's.
/// </summary>
public class ObjectInitializerConnectionFixTests
{
    [Fact]
    public Task A_command_initialised_with_the_connection_takes_it_from_the_lease() => StaleConn.CodeFixes.Tests.Infrastructure.GuardFixCheck.VerifyWorkerAsync(
        """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public sealed class LevelWorker : BackgroundService
        {
            private readonly MySqlConnection {|SC0002:_connection|} = new MySqlConnection("Server=db");

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    MySqlCommand command = new()
                    {
                        Connection = _connection,
                        CommandText = "UPDATE levels SET experience = experience + 1",
                    };
                    await command.ExecuteNonQueryAsync(stoppingToken);
                    await Task.Delay(60000, stoppingToken);
                }
            }
        }
        """,
        """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;
        using StaleConn;

        public sealed class LevelWorker : BackgroundService
        {
            private readonly ConnectionGuard<MySqlConnection> _connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    using (var lease = await _connection.AcquireAsync(stoppingToken))
                    {
                        MySqlCommand command = new()
                        {
                            Connection = lease.Connection,
                            CommandText = "UPDATE levels SET experience = experience + 1",
                        };
                        await command.ExecuteNonQueryAsync(stoppingToken);
                    }
                    await Task.Delay(60000, stoppingToken);
                }
            }
        }
        """);

    [Fact]
    public Task A_command_kept_in_a_field_is_bound_to_each_lease() => Verify.VerifyAsync(
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public sealed class HeartbeatWorker : BackgroundService
        {
            private readonly MySqlConnection {|SC0002:_connection|} = new MySqlConnection("Server=db");
            private readonly MySqlCommand _heartbeat;

            public HeartbeatWorker()
            {
                _heartbeat = new MySqlCommand
                {
                    Connection = _connection,
                    CommandText = "UPDATE heartbeat SET seen = NOW()",
                };
            }

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                await _connection.OpenAsync(stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await _heartbeat.ExecuteNonQueryAsync(stoppingToken);
                    await Task.Delay(60000, stoppingToken);
                }
            }
        }
        """,
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;
        using StaleConn;

        public sealed class HeartbeatWorker : BackgroundService
        {
            private readonly ConnectionGuard<MySqlConnection> _connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));
            private readonly MySqlCommand _heartbeat;

            public HeartbeatWorker()
            {
                _heartbeat = new MySqlCommand
                {
                    CommandText = "UPDATE heartbeat SET seen = NOW()",
                };
            }

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    using (var lease = await _connection.AcquireAsync(stoppingToken))
                    {
                        _heartbeat.Connection = lease.Connection;
                        await _heartbeat.ExecuteNonQueryAsync(stoppingToken);
                    }
                    await Task.Delay(60000, stoppingToken);
                }
            }
        }
        """);
}
