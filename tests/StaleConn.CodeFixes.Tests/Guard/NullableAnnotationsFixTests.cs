using StaleConn.CodeFixes.Tests.Infrastructure;
using VerifyService = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.LongLivedServiceConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;
using VerifyStatic = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// Code under nullable annotations (every new project from the .NET templates): a connection field set after
/// construction is declared <c>MySqlConnection?</c> and read as <c>_connection!</c> or <c>s_connection ?? throw ...</c>.
/// The fixes keep the annotation and the way it is read, so they add no nullable warning (a fix that does is not
/// offered: on such projects every fix was refused for CS8618 or CS8602).
/// </summary>
public class NullableAnnotationsFixTests
{
    // The generated service solution's static holder (bench/.../ServiceSolutionGenerator.cs), the shape of
    // "Initialize(connectionString) then use" helpers such as Dark25/AkiledEmulator's DatabaseManager.
    private const string StaticHolderReadWithThrow = """
        #nullable enable
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using MySqlConnector;

        public static class AuditLog
        {
            private static MySqlConnection? {|SC0001:s_connection|};

            public static void Initialize(string connectionString)
            {
                s_connection = new MySqlConnection(connectionString);
                s_connection.Open();
            }

            public static async Task WriteAsync(string message, CancellationToken cancellationToken)
            {
                var connection = s_connection ?? throw new InvalidOperationException("Call Initialize first.");
                await using var command = connection.CreateCommand();
                command.CommandText = "INSERT INTO audit (message) VALUES (@message)";
                command.Parameters.AddWithValue("@message", message);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        """;

    [Fact]
    public Task A_guard_keeps_the_annotation_and_the_null_check_before_it_is_asked() => VerifyStatic.VerifyAsync(StaticHolderReadWithThrow, """
        #nullable enable
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using MySqlConnector;
        using StaleConn;

        public static class AuditLog
        {
            private static ConnectionGuard<MySqlConnection>? s_connection;

            public static void Initialize(string connectionString)
            {
                s_connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection(connectionString));
            }

            public static async Task WriteAsync(string message, CancellationToken cancellationToken)
            {
                using var lease = await (s_connection ?? throw new InvalidOperationException("Call Initialize first.")).AcquireAsync(cancellationToken);
                var connection = lease.Connection;
                await using var command = connection.CreateCommand();
                command.CommandText = "INSERT INTO audit (message) VALUES (@message)";
                command.Parameters.AddWithValue("@message", message);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        """, equivalenceKey: GuardWithConnectionGuardCodeFixProvider.EquivalenceKey);

    [Fact]
    public Task A_connection_factory_stores_a_nullable_connection_string_under_a_conventional_name() => VerifyStatic.VerifyAsync(StaticHolderReadWithThrow, """
        #nullable enable
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using MySqlConnector;

        public static class AuditLog
        {
            private static string? s_connectionString;

            private static MySqlConnection OpenConnection()
            {
                var connection = new MySqlConnection(s_connectionString);
                try
                {
                    connection.Open();
                    return connection;
                }
                catch
                {
                    connection.Dispose();
                    throw;
                }
            }

            public static void Initialize(string connectionString)
            {
                AuditLog.s_connectionString = connectionString;
            }

            public static async Task WriteAsync(string message, CancellationToken cancellationToken)
            {
                using var connection = OpenConnection();
                await using var command = connection.CreateCommand();
                command.CommandText = "INSERT INTO audit (message) VALUES (@message)";
                command.Parameters.AddWithValue("@message", message);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        """, equivalenceKey: GuardWithConnectionGuardCodeFixProvider.FactoryEquivalenceKey);

    [Fact]
    public Task A_worker_field_read_with_a_null_forgiving_operator_asks_its_guard_the_same_way() => VerifyService.VerifyAsync("""
        #nullable enable
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public sealed class Worker : BackgroundService
        {
            private MySqlConnection? {|SC0002:_connection|};

            public override async Task StartAsync(CancellationToken cancellationToken)
            {
                _connection = new MySqlConnection("Server=localhost");
                await _connection.OpenAsync(cancellationToken);
                await base.StartAsync(cancellationToken);
            }

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    await using var command = _connection!.CreateCommand();
                    command.CommandText = "SELECT 1";
                    await command.ExecuteScalarAsync(stoppingToken);
                    await Task.Delay(TimeSpan.FromMinutes(1), stoppingToken);
                }
            }
        }
        """, """
        #nullable enable
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;
        using StaleConn;

        public sealed class Worker : BackgroundService
        {
            private ConnectionGuard<MySqlConnection>? _connection;

            public override async Task StartAsync(CancellationToken cancellationToken)
            {
                _connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=localhost"));
                await base.StartAsync(cancellationToken);
            }

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    using (var lease = await _connection!.AcquireAsync(stoppingToken))
                    {
                        await using var command = lease.Connection.CreateCommand();
                        command.CommandText = "SELECT 1";
                        await command.ExecuteScalarAsync(stoppingToken);
                    }
                    await Task.Delay(TimeSpan.FromMinutes(1), stoppingToken);
                }
            }
        }
        """);
}
