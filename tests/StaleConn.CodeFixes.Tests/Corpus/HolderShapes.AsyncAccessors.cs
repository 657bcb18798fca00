namespace StaleConn.CodeFixes.Tests.Corpus;

/// <summary>
/// Stop 30 (async30): a shared connection behind an <c>async</c> accessor that builds it if missing (or not open), awaits
/// <c>OpenAsync()</c> and returns it — a Discord bot's provider, a console sample and a restaurant POS's data class.
/// </summary>
internal static partial class HolderShapes
{
    public static IReadOnlyList<HolderShape> AsyncAccessors { get; } = AsyncAccessorHolders().ToList();

    private static IEnumerable<HolderShape> AsyncAccessorHolders()
    {
        yield return new HolderShape(
            "Static async accessor rebuilding the shared connection when not open, beside an async closer",
            "Cole-Graham/WabbitBot (wild30 set): src/WabbitBot.Common/Data/DatabaseConnectionProvider.cs (GetSharedConnectionAsync, CloseSharedConnectionAsync), with an awaiting caller",
            new[]
            {
                """
                using System;
                using System.Data;
                using System.Threading.Tasks;
                using MySqlConnector;

                namespace WabbitBot.Common.Data
                {
                    public static class DatabaseConnectionProvider
                    {
                        private static string _connectionString;
                        private static MySqlConnection _sharedConnection;

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
                }
                """,
                """
                using System.Threading.Tasks;
                using MySqlConnector;
                using WabbitBot.Common.Data;

                namespace WabbitBot.Core
                {
                    public static class Leaderboard
                    {
                        public static async Task<long> CountTeamsAsync()
                        {
                            var connection = await DatabaseConnectionProvider.GetSharedConnectionAsync();
                            var command = new MySqlCommand("SELECT COUNT(*) FROM teams", connection);
                            return (long)(await command.ExecuteScalarAsync());
                        }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "Static async accessor taking a token, opening the shared connection once",
            "public code (code search \"async Task<MySqlConnection> GetConnectionAsync(CancellationToken\"), the lazy form of BLRocha/MysqlBasicQuery's MySqlBasic/conexao/MysqlConnection.cs GetConnection()",
            new[]
            {
                """
                using System.Threading;
                using System.Threading.Tasks;
                using MySqlConnector;

                public static class Db
                {
                    private static MySqlConnection conn;

                    public static async Task<MySqlConnection> GetConnectionAsync(CancellationToken cancellationToken)
                    {
                        if (conn == null)
                        {
                            conn = new MySqlConnection("Server=localhost;Database=test;User ID=root;Password=;AllowUserVariables=true");
                            await conn.OpenAsync(cancellationToken);
                        }

                        return conn;
                    }
                }

                public sealed class Clientes
                {
                    public async Task<int> InserirAsync(string nome, CancellationToken cancellationToken)
                    {
                        var connection = await Db.GetConnectionAsync(cancellationToken);
                        var command = new MySqlCommand("INSERT INTO clientes(nome) VALUES (@nome)", connection);
                        command.Parameters.AddWithValue("@nome", nome);
                        return await command.ExecuteNonQueryAsync(cancellationToken);
                    }
                }
                """,
            });
    }
}
