using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// A private method that builds the member, stores it there and returns it, called only as
/// <c>_connection = CreateConnection();</c> — written small after mrtwidget/Livemaps, Database.cs (its constructor
/// assigns <c>CreateConnection()</c>, which sets the field inside a try/catch after defaulting a setting and returns it).
/// The returned value is the member itself, so the method becomes <c>void</c> and the member is fixed as if it set the
/// field alone; a method that can return something else (<c>return null;</c> after failed retries) still gets no fix —
/// unless the process ends first (UhuruSoftware/vcap-dotnet's <c>ConnectMSSql</c>: <see cref="ProcessEndingCreatorFixTests"/>).
/// </summary>
public class SelfAssigningCreatorFixTests
{
    private const string Source = """
        using System;
        using MySqlConnector;

        public static class Settings
        {
            public static string Host = "db";
            public static int Port;
        }

        public static class Tracker
        {
            private static MySqlConnection {|SC0001:_connection|};

            public static void Start()
            {
                _connection = CreateConnection();
                _connection.Open();
            }

            private static MySqlConnection CreateConnection()
            {
                try
                {
                    if (Settings.Port == 0)
                        Settings.Port = 3306;
                    _connection = new MySqlConnection("Server=" + Settings.Host + ";Port=" + Settings.Port);
                }
                catch (ArgumentException ex)
                {
                    Console.WriteLine(ex.Message);
                }

                return _connection;
            }

            public static void OnPlayerDied(string player)
            {
                try
                {
                    MySqlCommand command = _connection.CreateCommand();
                    command.CommandText = "UPDATE players SET dead = 1 WHERE name = @name";
                    command.Parameters.AddWithValue("@name", player);
                    command.ExecuteNonQuery();
                }
                catch (MySqlException ex)
                {
                    Console.WriteLine(ex.Message);
                }
            }
        }
        """;

    [Fact]
    public Task The_first_fix_opens_a_connection_per_use_and_keeps_the_settings_default() => Verify.VerifyAsync(
        Source,
        """
        using System;
        using MySqlConnector;

        public static class Settings
        {
            public static string Host = "db";
            public static int Port;
        }

        public static class Tracker
        {
            private static MySqlDataSource _connection;

            public static void Start()
            {
                CreateConnection();
            }

            private static void CreateConnection()
            {
                try
                {
                    if (Settings.Port == 0)
                        Settings.Port = 3306;
                    _connection = new MySqlDataSource("Server=" + Settings.Host + ";Port=" + Settings.Port);
                }
                catch (ArgumentException ex)
                {
                    Console.WriteLine(ex.Message);
                }
            }

            public static void OnPlayerDied(string player)
            {
                try
                {
                    using var connection = _connection.OpenConnection();
                    MySqlCommand command = connection.CreateCommand();
                    command.CommandText = "UPDATE players SET dead = 1 WHERE name = @name";
                    command.Parameters.AddWithValue("@name", player);
                    command.ExecuteNonQuery();
                }
                catch (MySqlException ex)
                {
                    Console.WriteLine(ex.Message);
                }
            }
        }
        """);

    [Fact]
    public Task The_guard_is_built_where_the_creator_set_the_field() => Verify.VerifyAsync(
        Source,
        """
        using System;
        using MySqlConnector;
        using StaleConn;

        public static class Settings
        {
            public static string Host = "db";
            public static int Port;
        }

        public static class Tracker
        {
            private static ConnectionGuard<MySqlConnection> _connection;

            public static void Start()
            {
                CreateConnection();
            }

            private static void CreateConnection()
            {
                try
                {
                    if (Settings.Port == 0)
                        Settings.Port = 3306;
                    _connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=" + Settings.Host + ";Port=" + Settings.Port));
                }
                catch (ArgumentException ex)
                {
                    Console.WriteLine(ex.Message);
                }
            }

            public static void OnPlayerDied(string player)
            {
                try
                {
                    using var lease = _connection.Acquire();
                    MySqlCommand command = lease.Connection.CreateCommand();
                    command.CommandText = "UPDATE players SET dead = 1 WHERE name = @name";
                    command.Parameters.AddWithValue("@name", player);
                    command.ExecuteNonQuery();
                }
                catch (MySqlException ex)
                {
                    Console.WriteLine(ex.Message);
                }
            }
        }
        """,
        equivalenceKey: GuardWithConnectionGuardCodeFixProvider.EquivalenceKey);

    [Fact]
    public Task A_creator_that_can_return_null_keeps_its_finding_without_a_fix() => Verify.VerifyNoFixAsync(
        """
        using System;
        using System.Threading;
        using MySqlConnector;

        public static class Node
        {
            private static readonly string _connectionString = "Server=db";
            private static MySqlConnection {|SC0001:_connection|};

            public static void Start()
        {
            _connection = Connect();
        }

            private static MySqlConnection Connect()
            {
                for (var attempt = 0; attempt < 5; attempt++)
                {
                    _connection = new MySqlConnection(_connectionString);
                    try
                    {
                        _connection.Open();
                        return _connection;
                    }
                    catch (MySqlException)
                    {
                    }

                    Thread.Sleep(5000);
                }

                return null;
            }

            public static void KeepAlive()
            {
                try
                {
                    using (var command = new MySqlCommand("SELECT 1", _connection))
                    {
                        command.ExecuteScalar();
                    }
                }
                catch (MySqlException)
                {
                    _connection = Connect();
                }
            }
        }
        """);
}
