using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// A static holder behind an accessor, reached from a repository through the repository's own accessor that only
/// returns the holder's (<c>private MySqlConnection GetConnection() { return DBConnection.Connection; }</c>). The
/// repository's accessor forwards: it stays as it is, and its callers are the holder's callers — each unit of work gets
/// one pooled connection from the factory, as the holder's direct callers do.
/// </summary>
public class ForwardingAccessorElsewhereFixTests
{
    /// <summary>
    /// Sathamlet92/ProyectoMantenedorUsuarios-C-: src/tools/DBConnection.cs (a lazy static property) and
    /// src/Repository/UserRepository.cs (a private forwarder; its callers open and close around a reader, or dispose what
    /// they get) — written here in minimal form.
    /// </summary>
    [Fact]
    public Task A_repository_accessor_that_returns_the_holders_accessor_forwards_and_its_callers_get_a_connection_per_unit() => Verify.VerifyAsync(
        new[]
        {
            """
            using MySqlConnector;

            public class DBConnection
            {
                private static string connectionString = "Server=db;Database=users";
                private static MySqlConnection {|SC0001:conn|};

                public static MySqlConnection Connection
                {
                    get
                    {
                        if (conn == null)
                            conn = new MySqlConnection(connectionString);
                        return conn;
                    }
                }
            }
            """,
            """
            using MySqlConnector;

            public class UserRepository
            {
                public string FindName(int id)
                {
                    using (var command = this.GetConnection().CreateCommand())
                    {
                        this.GetConnection().Open();
                        command.CommandText = "SELECT name FROM users WHERE id = @id";
                        command.Parameters.AddWithValue("@id", id);
                        var name = (string)command.ExecuteScalar();
                        this.GetConnection().Close();
                        return name;
                    }
                }

                public long Count()
                {
                    using (var connection = this.GetConnection())
                    {
                        connection.Open();
                        var command = connection.CreateCommand();
                        command.CommandText = "SELECT COUNT(*) FROM users";
                        return (long)command.ExecuteScalar();
                    }
                }

                private MySqlConnection GetConnection()
                {
                    return DBConnection.Connection;
                }
            }
            """,
        },
        new[]
        {
            """
            using MySqlConnector;

            public class DBConnection
            {
                private static string connectionString = "Server=db;Database=users";

                public static MySqlConnection Connection
                {
                    get
                    {
                        return new MySqlConnection(connectionString);
                    }
                }
            }
            """,
            """
            using MySqlConnector;

            public class UserRepository
            {
                public string FindName(int id)
                {
                    using var connection = this.GetConnection();
                    using (var command = connection.CreateCommand())
                    {
                        connection.Open();
                        command.CommandText = "SELECT name FROM users WHERE id = @id";
                        command.Parameters.AddWithValue("@id", id);
                        var name = (string)command.ExecuteScalar();
                        return name;
                    }
                }

                public long Count()
                {
                    using (var connection = this.GetConnection())
                    {
                        connection.Open();
                        var command = connection.CreateCommand();
                        command.CommandText = "SELECT COUNT(*) FROM users";
                        return (long)command.ExecuteScalar();
                    }
                }

                private MySqlConnection GetConnection()
                {
                    return DBConnection.Connection;
                }
            }
            """,
        });

    /// <summary>
    /// Negative: a repository method that opens what the holder's accessor returns before handing it out does more than
    /// forward (after the fix it would hand out a connection nobody disposes): the factory fix still declines
    /// (<c>ConnectionReturned</c>), as on main. Shape after the same repository, with the opening method in our words.
    /// </summary>
    [Fact]
    public Task A_repository_method_that_opens_before_it_returns_is_not_a_forwarder() => Verify.VerifyNoFixAsync(
        """
        using MySqlConnector;

        public class DBConnection
        {
            private static MySqlConnection {|SC0001:conn|};

            public static MySqlConnection Connection
            {
                get
                {
                    if (conn == null)
                        conn = new MySqlConnection("Server=db;Database=users");
                    return conn;
                }
            }
        }

        public class UserRepository
        {
            public long Count()
            {
                var command = this.OpenConnection().CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM users";
                return (long)command.ExecuteScalar();
            }

            private MySqlConnection OpenConnection()
            {
                var connection = DBConnection.Connection;
                connection.Open();
                return connection;
            }
        }
        """);
}
