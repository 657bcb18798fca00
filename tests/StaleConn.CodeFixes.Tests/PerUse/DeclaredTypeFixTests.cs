using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// A member declared as an interface (<c>IDbConnection</c>) but built as a provider's class: a connection opened per
/// use is handed to its users as the declared type, so extension methods on the interface (TShock's <c>DbExt.Query</c>,
/// Dapper) and overloads bind exactly as before instead of to the concrete class.
/// </summary>
public class DeclaredTypeFixTests
{
    /// <summary>
    /// Shape of UnrealMultiple/TShockPlugin <c>src/History/History.cs</c> (and Controllerdestiny/TShockPlugin
    /// <c>History/History.cs</c>): <c>public static IDbConnection? Database;</c> set to a <c>SqliteConnection</c> at
    /// start-up, used by command classes through an extension method declared on <c>IDbConnection</c>.
    /// </summary>
    [Fact]
    public Task A_factory_for_an_interface_member_returns_the_interface() => Verify.VerifyAsync(
        new[]
        {
            """
            using System.Data;
            using Microsoft.Data.Sqlite;

            public static class Plugin
            {
                public static IDbConnection {|SC0001:Database|};

                public static void Connect(string path)
                {
                    Database = new SqliteConnection("Data Source=" + path);
                }
            }
            """,
            """
            using System.Data;

            public static class DbExtensions
            {
                public static int Run(this IDbConnection db, string sql)
                {
                    using var command = db.CreateCommand();
                    command.CommandText = sql;
                    return command.ExecuteNonQuery();
                }
            }

            public sealed class PruneCommand
            {
                public int Execute() => Plugin.Database.Run("DELETE FROM History");
            }
            """,
        },
        new[]
        {
            """
            using System.Data;
            using Microsoft.Data.Sqlite;

            public static class Plugin
            {
                private static string DatabaseConnectionString;

                public static IDbConnection OpenDatabase()
                {
                    var connection = new SqliteConnection(DatabaseConnectionString);
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

                public static void Connect(string path)
                {
                    Plugin.DatabaseConnectionString = "Data Source=" + path;
                }
            }
            """,
            """
            using System.Data;

            public static class DbExtensions
            {
                public static int Run(this IDbConnection db, string sql)
                {
                    using var command = db.CreateCommand();
                    command.CommandText = sql;
                    return command.ExecuteNonQuery();
                }
            }

            public sealed class PruneCommand
            {
                public int Execute()
                {
                    using var connection = Plugin.OpenDatabase();
                    return connection.Run("DELETE FROM History");
                }
            }
            """,
        },
        GuardWithConnectionGuardCodeFixProvider.FactoryEquivalenceKey);

    /// <summary>
    /// The data source's connection is declared as the member was: <c>using IDbConnection connection = await
    /// Db.OpenConnectionAsync();</c> — a plain <c>using</c>, since <c>IDbConnection</c> is not <c>IAsyncDisposable</c>
    /// (the old code never disposed it asynchronously either). Shape: an <c>IDbConnection</c> static built from
    /// MySqlConnector and queried with Dapper, as in the SC0001 corpus (TShockPlugin's plugins use the same
    /// declared-as-interface member).
    /// </summary>
    [Fact]
    public Task A_data_source_connection_is_declared_as_the_interface_member_was() => Verify.VerifyAsync(
        new[]
        {
            """
            using System.Data;
            using System.Threading.Tasks;
            using Dapper;
            using MySqlConnector;

            public sealed class Orders
            {
                private static readonly IDbConnection {|SC0001:Db|} = new MySqlConnection("Server=db");

                public async Task<int> CountAsync() => await Db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM orders");

                public int Count()
                {
                    return Db.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");
                }
            }
            """,
        },
        new[]
        {
            """
            using System.Data;
            using System.Threading.Tasks;
            using Dapper;
            using MySqlConnector;

            public sealed class Orders
            {
                private static readonly MySqlDataSource Db = new MySqlDataSource("Server=db");

                public async Task<int> CountAsync()
                {
                    using IDbConnection connection = await Db.OpenConnectionAsync();
                    return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM orders");
                }

                public int Count()
                {
                    using IDbConnection connection = Db.OpenConnection();
                    return connection.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");
                }
            }
            """,
        },
        GuardWithConnectionGuardCodeFixProvider.DataSourceEquivalenceKey);
}
