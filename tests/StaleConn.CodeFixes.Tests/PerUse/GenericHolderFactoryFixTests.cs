using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// The factory fix keeps a connection string the factory cannot see (a method's parameter) in a string field, and
/// writes that field where the member was assigned. In a generic holder (<c>Store&lt;TEntity&gt;</c>, one static per
/// constructed type) the field is named through the type as the assignment reached the member: <c>Store&lt;TEntity&gt;</c>
/// inside the holder, <c>Store&lt;Order&gt;</c> from outside, so each constructed type keeps its own string as it kept its
/// own connection. Before, the fix wrote <c>Store._connectionString</c>, which does not compile (CS0305), and was
/// withheld. The verifier compiles the fixed code. Synthetic: valloon91234/Github2Telegram's
/// <c>Database.Init(string connectionString)</c> (Github2Telegram/Database.cs) and a start-up that sets the member itself,
/// in a generic class.
/// </summary>
public class GenericHolderFactoryFixTests
{
    [Fact]
    public Task A_generic_holder_s_string_field_is_written_through_the_type_each_write_names() => Verify.VerifyAsync(
        new[]
        {
            """
            using System.Data;
            using MySqlConnector;

            public static class Store<TEntity>
            {
                public static MySqlConnection {|SC0001:Connection|};

                public static void Init(string connectionString)
                {
                    Connection = new MySqlConnection(connectionString);
                }

                public static MySqlConnection GetConnection()
                {
                    if (Connection.State != ConnectionState.Open)
                    {
                        Connection.Open();
                    }

                    return Connection;
                }
            }
            """,
            """
            using MySqlConnector;

            public class Order
            {
            }

            public static class Orders
            {
                public static void Start(string connectionString) => Store<Order>.Init(connectionString);

                public static void Restart(string connectionString)
                {
                    Store<Order>.Connection = new MySqlConnection(connectionString);
                }

                public static object Count()
                {
                    using var command = new MySqlCommand("SELECT COUNT(*) FROM orders", Store<Order>.GetConnection());
                    return command.ExecuteScalar();
                }
            }
            """,
        },
        new[]
        {
            """
            using System.Data;
            using MySqlConnector;

            public static class Store<TEntity>
            {
                public static string ConnectionString;

                public static void Init(string connectionString)
                {
                    Store<TEntity>.ConnectionString = connectionString;
                }

                public static MySqlConnection GetConnection()
                {
                    var connection = new MySqlConnection(ConnectionString);
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
            }
            """,
            """
            using MySqlConnector;

            public class Order
            {
            }

            public static class Orders
            {
                public static void Start(string connectionString) => Store<Order>.Init(connectionString);

                public static void Restart(string connectionString)
                {
                    Store<Order>.ConnectionString = connectionString;
                }

                public static object Count()
                {
                    using var connection = Store<Order>.GetConnection();
                    using var command = new MySqlCommand("SELECT COUNT(*) FROM orders", connection);
                    return command.ExecuteScalar();
                }
            }
            """,
        });
}
