using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// The factory fix keeps a connection string the factory cannot see (a parameter of <c>Init(string)</c>) in a string
/// field, and writes that field where the member was assigned. In a generic holder (<c>Store&lt;TEntity&gt;</c>, one static
/// per constructed type) the field is named through the type as the assignment reached the member: <c>Store&lt;TEntity&gt;</c>
/// inside the holder, <c>Store&lt;Order&gt;</c> from outside. Before, the fix wrote <c>Store._connectionString</c>, which does
/// not compile (CS0305). The verifier compiles the fixed code. Synthetic: the shape of valloon91234/Github2Telegram's
/// <c>Database.Init(string connectionString)</c> (Github2Telegram/Database.cs) in a generic class.
/// </summary>
public class GenericHolderFactoryFixTests
{
    [Fact]
    public Task A_string_field_of_a_generic_holder_is_written_through_the_constructed_type() => Verify.VerifyAsync(
        new[]
        {
            """
            using System.Data;
            using MySqlConnector;

            public static class Store<TEntity>
            {
                private static MySqlConnection {|SC0001:_connection|};

                public static void Init(string connectionString)
                {
                    _connection = new MySqlConnection(connectionString);
                }

                public static MySqlConnection GetConnection()
                {
                    if (_connection.State != ConnectionState.Open)
                    {
                        _connection.Open();
                    }

                    return _connection;
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
                private static string _connectionString;

                public static void Init(string connectionString)
                {
                    Store<TEntity>._connectionString = connectionString;
                }

                public static MySqlConnection GetConnection()
                {
                    var connection = new MySqlConnection(_connectionString);
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

                public static object Count()
                {
                    using var connection = Store<Order>.GetConnection();
                    using var command = new MySqlCommand("SELECT COUNT(*) FROM orders", connection);
                    return command.ExecuteScalar();
                }
            }
            """,
        });

    /// <summary>
    /// The member assigned from outside the holder (<c>Store&lt;Order&gt;.Connection = new MySqlConnection(cs);</c>): the
    /// string field is written through the same constructed type, so each <c>Store&lt;T&gt;</c> keeps its own string as it
    /// kept its own connection.
    /// </summary>
    [Fact]
    public Task A_generic_holder_assigned_from_outside_writes_the_string_field_through_the_same_type() => Verify.VerifyAsync(
        new[]
        {
            """
            using System.Data;
            using MySqlConnector;

            public static class Store<TEntity>
            {
                public static MySqlConnection {|SC0001:Connection|};

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
                public static void Start(string connectionString)
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
                public static void Start(string connectionString)
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
