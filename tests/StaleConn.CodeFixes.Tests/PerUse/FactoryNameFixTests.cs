using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// The factory's name <c>Open{Member}()</c> is often one the holder already uses: its own opener
/// (<c>OpenConnection()</c> beside a field <c>connection</c>, the commonest helper in tutorial-style data classes), or a
/// method with another signature the fix keeps (<c>OpenConnection(string connectionString)</c>, an override of the
/// base's contract). The opener goes with the fix, so its name is free; a kept member's name is not, and the factory
/// takes the next free one (<c>OpenNewConnection()</c>) rather than overload or hide it.
/// </summary>
public class FactoryNameFixTests
{
    /// <summary>
    /// Shape of the private opener that builds and opens on each call (public code found with the index's exact search
    /// for <c>private void OpenConnection()</c>: a shift-schedule repository whose <c>OpenConnection()</c> does
    /// <c>_connection = new SqlConnection(_connectionString); _connection.Open();</c>, and GRWolfy/E-Library's
    /// <c>Connections.connect()</c>), made static as a plugin keeps it: the factory takes the opener's name, which the
    /// fix frees.
    /// </summary>
    [Fact]
    public Task The_factory_takes_the_name_of_the_opener_it_replaces() => Verify.VerifyAsync(
        new[]
        {
            """
            using System;
            using System.Data.SqlClient;

            public static class ShiftSchedule
            {
                private static readonly string _connectionString = Environment.GetEnvironmentVariable("DB_CONNECTION_STRING");
                private static SqlConnection {|SC0001:_connection|};

                private static void OpenConnection()
                {
                    _connection = new SqlConnection(_connectionString);
                    _connection.Open();
                }

                private static void CloseConnection()
                {
                    _connection.Close();
                }

                public static void PrintContact(int employeeId)
                {
                    OpenConnection();
                    SqlCommand command = new SqlCommand("SELECT Name FROM dbo.Employee WHERE Id = @employeeId", _connection);
                    command.Parameters.AddWithValue("@employeeId", employeeId);
                    Console.WriteLine(command.ExecuteScalar());
                    CloseConnection();
                }
            }
            """,
        },
        new[]
        {
            """
            using System;
            using System.Data.SqlClient;

            public static class ShiftSchedule
            {
                private static readonly string _connectionString = Environment.GetEnvironmentVariable("DB_CONNECTION_STRING");
                private static SqlConnection OpenConnection()
                {
                    var connection = new SqlConnection(_connectionString);
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

                public static void PrintContact(int employeeId)
                {
                    using var connection = OpenConnection();
                    SqlCommand command = new SqlCommand("SELECT Name FROM dbo.Employee WHERE Id = @employeeId", connection);
                    command.Parameters.AddWithValue("@employeeId", employeeId);
                    Console.WriteLine(command.ExecuteScalar());
                }
            }
            """,
        },
        GuardWithConnectionGuardCodeFixProvider.FactoryEquivalenceKey);

    /// <summary>
    /// An opener that takes the connection string (the shape of firefly2442/Arma2NETMySQLPlugin's
    /// <c>override OpenConnection(string connectionString)</c> and of the "Pro C#" <c>InventoryDAL.OpenConnection(string)</c>
    /// copied into many DAL classes) stays, since its callers pass the string: the factory may not overload it and takes
    /// <c>OpenNewConnection()</c>; the opener now keeps the string for it.
    /// </summary>
    [Fact]
    public Task A_kept_member_of_the_same_name_gives_the_factory_the_next_free_name() => Verify.VerifyAsync(
        new[]
        {
            """
            using System.Data.SqlClient;

            public static class Database
            {
                private static SqlConnection {|SC0001:Connection|};

                public static void OpenConnection(string connectionString)
                {
                    Connection = new SqlConnection(connectionString);
                    Connection.Open();
                }

                public static int CountOrders()
                {
                    var command = new SqlCommand("SELECT COUNT(*) FROM orders", Connection);
                    return (int)command.ExecuteScalar();
                }
            }
            """,
        },
        new[]
        {
            """
            using System.Data.SqlClient;

            public static class Database
            {
                private static string ConnectionString;

                private static SqlConnection OpenNewConnection()
                {
                    var connection = new SqlConnection(ConnectionString);
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

                public static void OpenConnection(string connectionString)
                {
                    Database.ConnectionString = connectionString;
                }

                public static int CountOrders()
                {
                    using var connection = OpenNewConnection();
                    var command = new SqlCommand("SELECT COUNT(*) FROM orders", connection);
                    return (int)command.ExecuteScalar();
                }
            }
            """,
        },
        GuardWithConnectionGuardCodeFixProvider.FactoryEquivalenceKey);
}
