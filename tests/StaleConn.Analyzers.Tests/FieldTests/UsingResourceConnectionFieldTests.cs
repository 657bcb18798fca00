using Verify = StaleConn.Analyzers.Tests.FieldTests.AllRulesVerifier;

namespace StaleConn.Analyzers.Tests.FieldTests;

/// <summary>
/// A static connection field written only as the resource of a <c>using</c> statement holds a disposed connection once
/// the block ends: SC0001 does not report it. A using block that loops, or any other write of the field (in its type or,
/// for a visible field, in another), keeps the report.
/// </summary>
public class UsingResourceConnectionFieldTests
{
    [Fact]
    public Task Static_field_assigned_only_as_a_using_resource_is_silent() => Verify.VerifyAsync(
        """
        // Real: Shabanov54/Autopoisk d7cc92a, Libs/PostgresServiceLib/ConnectDB.cs and ReadDB.cs (a Windows service's
        // library: the public static field is assigned only in the using header, opened and disposed with the block;
        // ReadDB later builds a command on it, which fails because it is disposed, not because it went stale).
        using System;
        using Npgsql;

        namespace PostgresServise
        {
            public static class ConnectDB
            {
                private static string Host = "192.168.1.237";
                public static NpgsqlConnection conn;

                public static void ConnectionDB()
                {
                    string connString = String.Format($"Server={Host};Username=postgres;Database=Autopoisk");
                    using (conn = new NpgsqlConnection(connString))
                    {
                        Console.WriteLine("Opening");
                        conn.Open();
                    }
                }
            }

            public class ReadDB
            {
                public static void GetData()
                {
                    using (var command = new NpgsqlCommand("SELECT * FROM autopoisktable;", ConnectDB.conn))
                    {
                        var reader = command.ExecuteReader();
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Using_resource_block_that_loops_is_reported() => Verify.VerifyAsync(
        """
        using System.Threading;
        using Npgsql;

        public static class Poller
        {
            private static NpgsqlConnection {|SC0001:conn|};

            public static void Run(string connectionString)
            {
                using (conn = new NpgsqlConnection(connectionString))
                {
                    conn.Open();
                    while (true)
                    {
                        new NpgsqlCommand("SELECT 1", conn).ExecuteScalar();
                        Thread.Sleep(60_000);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Visible_field_also_assigned_by_another_type_is_reported() => Verify.VerifyAsync(
        """
        using Npgsql;

        public static class ConnectDB
        {
            public static NpgsqlConnection {|SC0001:conn|};

            public static void Check(string connectionString)
            {
                using (conn = new NpgsqlConnection(connectionString))
                {
                    conn.Open();
                }
            }
        }

        public static class Startup
        {
            public static void Main(string[] args)
            {
                ConnectDB.conn = new NpgsqlConnection(args[0]);
                ConnectDB.conn.Open();
            }
        }
        """);

    [Fact]
    public Task Field_with_an_initializer_is_reported_even_when_a_using_reassigns_it() => Verify.VerifyAsync(
        """
        using MySqlConnector;

        public static class Db
        {
            private static MySqlConnection {|SC0001:conn|} = new MySqlConnection("Server=db");

            public static void Reset()
            {
                using (conn = new MySqlConnection("Server=db"))
                {
                    conn.Open();
                }
            }
        }
        """);
}
