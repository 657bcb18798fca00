using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// A caller keeps what an opening accessor returns in a local it never reads (<c>var c = Db.Get();</c>). The old code only
/// made sure the shared connection was built and open; under a factory that opens, the local holds a new open connection
/// of its own, which must be disposed where the unit ends, never left for the collector.
/// </summary>
public class UnreadAccessorCopyFixTests
{
    /// <summary>
    /// khangnguyen19999kn/StudentManagementSOAP (apps30 set, WebApplication1/Connection/DatabaseManager.cs): the accessor
    /// builds and opens the static on its first call; here a caller takes it into a local it never reads.
    /// </summary>
    [Fact]
    public Task An_unread_copy_of_an_opening_accessor_is_disposed_with_the_unit() => Verify.VerifyAsync(
        """
        using MySqlConnector;

        public class DatabaseManager
        {
            private static MySqlConnection {|SC0001:_connection|};

            public static MySqlConnection GetConnection()
            {
                if (_connection == null)
                {
                    string connectionString = "Server=localhost;User ID=root;Password=pw;Database=studentmanagement";
                    _connection = new MySqlConnection(connectionString);
                    _connection.Open();
                }

                return _connection;
            }
        }

        public class Startup
        {
            public void Warm()
            {
                var connection = DatabaseManager.GetConnection();
            }

            public object CountStudents()
            {
                var connection = DatabaseManager.GetConnection();
                var command = new MySqlCommand("SELECT COUNT(*) FROM students", connection);
                return command.ExecuteScalar();
            }
        }
        """,
        """
        using MySqlConnector;

        public class DatabaseManager
        {
            public static MySqlConnection GetConnection()
            {
                string connectionString = "Server=localhost;User ID=root;Password=pw;Database=studentmanagement";
                var connection = new MySqlConnection(connectionString);
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

        public class Startup
        {
            public void Warm()
            {
                using var connection = DatabaseManager.GetConnection();
            }

            public object CountStudents()
            {
                using var connection = DatabaseManager.GetConnection();
                var command = new MySqlCommand("SELECT COUNT(*) FROM students", connection);
                return command.ExecuteScalar();
            }
        }
        """);
}
