using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// A shared connection behind an <c>async</c> accessor: <c>async Task&lt;T&gt; GetSharedConnectionAsync()</c> builds the
/// member if it is missing or not open, awaits <c>OpenAsync()</c> and returns it. It is read as its sync twin: the
/// accessor becomes a factory that awaits <c>OpenAsync</c> on a new pooled connection per call (passing the accessor's
/// token), and each caller's <c>var c = await Db.GetAsync();</c> disposes what it gets.
/// </summary>
public class AsyncAccessorFixTests
{
    /// <summary>
    /// Cole-Graham/WabbitBot (wild30 set, src/WabbitBot.Common/Data/DatabaseConnectionProvider.cs,
    /// <c>_sharedConnection</c>): a settings check that throws, the lazy build-and-await-open, and an async closer that
    /// closes, disposes and forgets the member; a command handler awaits the accessor.
    /// </summary>
    [Fact]
    public Task An_async_accessor_of_a_shared_connection_becomes_an_async_factory() => Verify.VerifyAsync(
        """
        using System;
        using System.Data;
        using System.Threading.Tasks;
        using MySqlConnector;

        public static class DatabaseConnectionProvider
        {
            private static string? _connectionString;
            private static MySqlConnection? {|SC0001:_sharedConnection|};

            public static void Initialize(string connectionString)
            {
                _connectionString = connectionString ?? throw new ArgumentNullException(nameof(connectionString));
            }

            public static async Task<MySqlConnection> GetSharedConnectionAsync()
            {
                if (_connectionString is null)
                {
                    throw new InvalidOperationException("DatabaseConnectionProvider has not been initialized. Call Initialize() first.");
                }

                if (_sharedConnection is null || _sharedConnection.State != ConnectionState.Open)
                {
                    _sharedConnection = new MySqlConnection(_connectionString);
                    await _sharedConnection.OpenAsync();
                }

                return _sharedConnection;
            }

            public static async Task CloseSharedConnectionAsync()
            {
                if (_sharedConnection is not null)
                {
                    await _sharedConnection.CloseAsync();
                    await _sharedConnection.DisposeAsync();
                    _sharedConnection = null;
                }
            }
        }

        public static class PlayerCommands
        {
            public static async Task<object?> CountPlayersAsync()
            {
                var connection = await DatabaseConnectionProvider.GetSharedConnectionAsync();
                var command = new MySqlCommand("SELECT COUNT(*) FROM players", connection);
                return await command.ExecuteScalarAsync();
            }
        }
        """,
        """
        using System;
        using System.Data;
        using System.Threading.Tasks;
        using MySqlConnector;

        public static class DatabaseConnectionProvider
        {
            private static string? _connectionString;

            public static void Initialize(string connectionString)
            {
                _connectionString = connectionString ?? throw new ArgumentNullException(nameof(connectionString));
            }

            public static async Task<MySqlConnection> GetSharedConnectionAsync()
            {
                if (_connectionString is null)
                {
                    throw new InvalidOperationException("DatabaseConnectionProvider has not been initialized. Call Initialize() first.");
                }

                var connection = new MySqlConnection(_connectionString);
                try
                {
                    await connection.OpenAsync();
                    return connection;
                }
                catch
                {
                    connection.Dispose();
                    throw;
                }
            }
        }

        public static class PlayerCommands
        {
            public static async Task<object?> CountPlayersAsync()
            {
                using var connection = await DatabaseConnectionProvider.GetSharedConnectionAsync();
                var command = new MySqlCommand("SELECT COUNT(*) FROM players", connection);
                return await command.ExecuteScalarAsync();
            }
        }
        """);

    /// <summary>
    /// The accessor takes a token (<c>GetConnectionAsync(CancellationToken cancellationToken = default)</c>, as the
    /// ppy/osu-queue-score-statistics-style async accessors do): the factory passes it to <c>OpenAsync</c>, as the
    /// accessor did, and callers keep passing theirs.
    /// </summary>
    [Fact]
    public Task An_async_accessor_that_takes_a_token_passes_it_to_OpenAsync() => Verify.VerifyAsync(
        """
        using System.Data;
        using System.Threading;
        using System.Threading.Tasks;
        using MySqlConnector;

        public static class Db
        {
            private static MySqlConnection? {|SC0001:shared|};

            public static async Task<MySqlConnection> GetConnectionAsync(CancellationToken cancellationToken = default)
            {
                if (shared == null || shared.State != ConnectionState.Open)
                {
                    shared = new MySqlConnection("Server=db;Database=bot;User ID=bot;Password=secret");
                    await shared.OpenAsync(cancellationToken);
                }

                return shared;
            }
        }

        public sealed class Points
        {
            public async Task<int> AddAsync(long user, CancellationToken cancellationToken)
            {
                var connection = await Db.GetConnectionAsync(cancellationToken);
                var command = new MySqlCommand("UPDATE points SET total = total + 1 WHERE user = @u", connection);
                command.Parameters.AddWithValue("@u", user);
                return await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        """,
        """
        using System.Data;
        using System.Threading;
        using System.Threading.Tasks;
        using MySqlConnector;

        public static class Db
        {
            public static async Task<MySqlConnection> GetConnectionAsync(CancellationToken cancellationToken = default)
            {
                var connection = new MySqlConnection("Server=db;Database=bot;User ID=bot;Password=secret");
                try
                {
                    await connection.OpenAsync(cancellationToken);
                    return connection;
                }
                catch
                {
                    connection.Dispose();
                    throw;
                }
            }
        }

        public sealed class Points
        {
            public async Task<int> AddAsync(long user, CancellationToken cancellationToken)
            {
                using var connection = await Db.GetConnectionAsync(cancellationToken);
                var command = new MySqlCommand("UPDATE points SET total = total + 1 WHERE user = @u", connection);
                command.Parameters.AddWithValue("@u", user);
                return await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        """);

    /// <summary>
    /// A caller that blocks on the accessor's task (<c>Db.GetConnectionAsync().Result</c>) gets no awaited form: the
    /// factory declines (<c>AsyncAccessorNotAwaited</c>) rather than leave the connection it hands out undisposed.
    /// </summary>
    [Fact]
    public Task An_async_accessor_whose_caller_reads_Result_gets_no_per_use_fix() => Verify.VerifyNoFixAsync(
        """
        using System.Data;
        using System.Threading.Tasks;
        using MySqlConnector;

        public static class Db
        {
            private static MySqlConnection? {|SC0001:shared|};

            public static async Task<MySqlConnection> GetConnectionAsync()
            {
                if (shared == null || shared.State != ConnectionState.Open)
                {
                    shared = new MySqlConnection("Server=db;Database=bot;User ID=bot;Password=secret");
                    await shared.OpenAsync();
                }

                return shared;
            }
        }

        public static class Points
        {
            public static object? Count()
            {
                var connection = Db.GetConnectionAsync().Result;
                var command = new MySqlCommand("SELECT COUNT(*) FROM points", connection);
                return command.ExecuteScalar();
            }
        }
        """);
}
