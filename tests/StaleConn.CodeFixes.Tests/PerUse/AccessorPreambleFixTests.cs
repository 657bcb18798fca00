using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// Accessors that do a little more than build the connection: they set the connection string or read settings first
/// (NPS-Dive/ASPdotNet_SQL_ADO, App_Source/SqlConnection/SqlCon.cs; mrtwidget/Livemaps, Database.cs). The factory keeps
/// what they did first, so the construction still reads it, and the holder's own <c>_conn = CreateConnection();</c> goes.
/// </summary>
public class AccessorPreambleFixTests
{
    [Fact]
    public Task An_accessor_that_sets_the_connection_string_first_keeps_setting_it() => Verify.VerifyAsync(
        """
        using System.Data;
        using MySqlConnector;

        public static class SqlCon
        {
            private static string StrCon;
            private static MySqlConnection {|SC0001:Con|};

            public static MySqlConnection OpenCon()
            {
                StrCon = "Server=db;Database=shop";
                Con = new MySqlConnection(StrCon);
                Con.Open();
                return Con;
            }

            public static void CloseCon()
            {
                if (Con != null && Con.State == ConnectionState.Open)
                {
                    Con.Close();
                }
            }
        }

        public static class Products
        {
            public static long Count()
            {
                var cmd = new MySqlCommand("SELECT COUNT(*) FROM products", SqlCon.OpenCon());
                var count = (long)cmd.ExecuteScalar();
                SqlCon.CloseCon();
                return count;
            }
        }
        """,
        """
        using System.Data;
        using MySqlConnector;

        public static class SqlCon
        {
            private static string StrCon;

            public static MySqlConnection OpenCon()
            {
                StrCon = "Server=db;Database=shop";
                var connection = new MySqlConnection(StrCon);
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

        public static class Products
        {
            public static long Count()
            {
                using var connection = SqlCon.OpenCon();
                var cmd = new MySqlCommand("SELECT COUNT(*) FROM products", connection);
                var count = (long)cmd.ExecuteScalar();
                return count;
            }
        }
        """);

    [Fact]
    public Task A_member_its_holder_builds_through_an_accessor_and_opens_gets_an_opening_factory() => Verify.VerifyAsync(
        """
        using MySqlConnector;

        public static class Settings
        {
            public static string Host = "db";
        }

        public static class Database
        {
            private static MySqlConnection {|SC0001:_connection|};

            public static void Start()
            {
                _connection = CreateConnection();
                _connection.Open();
            }

            private static MySqlConnection CreateConnection()
            {
                var host = Settings.Host;
                _connection = new MySqlConnection("Server=" + host);
                return _connection;
            }

            public static long CountOrders()
            {
                using (var command = _connection.CreateCommand())
                {
                    command.CommandText = "SELECT COUNT(*) FROM orders";
                    return (long)command.ExecuteScalar();
                }
            }
        }
        """,
        """
        using MySqlConnector;

        public static class Settings
        {
            public static string Host = "db";
        }

        public static class Database
        {
            public static void Start()
            {
            }

            private static MySqlConnection CreateConnection()
            {
                var host = Settings.Host;
                var connection = new MySqlConnection("Server=" + host);
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

            public static long CountOrders()
            {
                using var connection = CreateConnection();
                using (var command = connection.CreateCommand())
                {
                    command.CommandText = "SELECT COUNT(*) FROM orders";
                    return (long)command.ExecuteScalar();
                }
            }
        }
        """);
}
