using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// A self-assigning creator (<c>connection = ConnectMSSql();</c>, the method sets the member and returns it) whose
/// give-up path ends the process before it returns <c>null</c>: UhuruSoftware/vcap-dotnet@8068834e6216
/// src/Uhuru.CloudFoundry.MsSqlService/Node.cs (<c>Logger.Fatal(...); Shutdown(); Process.GetCurrentProcess().Kill();
/// return null;</c>, the type partial with StorageQuota.cs, a keep-alive timer calling it again) and MsSqlBackup.cs
/// (<c>Environment.Exit(1); return null;</c>). No caller ever stores that <c>null</c>, so the method becomes <c>void</c>
/// like any self-assigning creator and the member gets its fixes; <c>Kill()</c> of another process returns, so there the
/// <c>null</c> is stored and the finding keeps <c>ConnectionReturned</c>.
/// </summary>
public class ProcessEndingCreatorFixTests
{
    private const string NodePart = """
        using System;
        using System.Diagnostics;
        using System.Threading;
        using MySqlConnector;

        public static partial class Node
        {
            private static readonly string ConnectionString = "Server=db";
            private static MySqlConnection {|SC0001:connection|};

            public static void Start()
            {
                connection = ConnectMSSql();
            }

            private static MySqlConnection ConnectMSSql()
            {
                for (int i = 0; i < 5; i++)
                {
                    connection = new MySqlConnection(ConnectionString);

                    try
                    {
                        connection.Open();
                        return connection;
                    }
                    catch (InvalidOperationException)
                    {
                    }
                    catch (MySqlException)
                    {
                    }

                    Thread.Sleep(5000);
                }

                Console.Error.WriteLine("Cannot connect to the database");
                Process.GetCurrentProcess().Kill();
                return null;
            }

            public static void KeepAlive()
            {
                try
                {
                    using (var cmd = new MySqlCommand("SELECT 1", connection))
                    {
                        cmd.ExecuteScalar();
                    }
                }
                catch (Exception ex)
                {
                    Console.Error.WriteLine(ex.Message);
                    connection = ConnectMSSql();
                }
            }
        }
        """;

    private const string FixedNodePart = """
        using System;
        using System.Diagnostics;
        using System.Threading;
        using MySqlConnector;

        public static partial class Node
        {
            private static readonly string ConnectionString = "Server=db";
            private static MySqlDataSource connection;

            public static void Start()
            {
                ConnectMSSql();
            }

            private static void ConnectMSSql()
            {
                for (int i = 0; i < 5; i++)
                {
                    connection = new MySqlDataSource(ConnectionString);

                    try
                    {
                        connection.OpenConnection().Dispose();
                        return;
                    }
                    catch (InvalidOperationException)
                    {
                    }
                    catch (MySqlException)
                    {
                    }

                    Thread.Sleep(5000);
                }

                Console.Error.WriteLine("Cannot connect to the database");
                Process.GetCurrentProcess().Kill();
            }

            public static void KeepAlive()
            {
                try
                {
                    using var connection2 = connection.OpenConnection();
                    using (var cmd = new MySqlCommand("SELECT 1", connection2))
                    {
                        cmd.ExecuteScalar();
                    }
                }
                catch (Exception ex)
                {
                    Console.Error.WriteLine(ex.Message);
                    ConnectMSSql();
                }
            }
        }
        """;

    private const string QuotaPart = """
        using System.Data;
        using MySqlConnector;

        public static partial class Node
        {
            public static void KillLongTransactions(int session)
            {
                if (connection.State != ConnectionState.Open)
                {
                    connection = ConnectMSSql();
                }

                using (var cmd = new MySqlCommand("KILL QUERY " + session, connection))
                {
                    cmd.ExecuteNonQuery();
                }
            }
        }
        """;

    private const string FixedQuotaPart = """
        using System.Data;
        using MySqlConnector;

        public static partial class Node
        {
            public static void KillLongTransactions(int session)
            {
                using var connection2 = connection.OpenConnection();
                if (connection2.State != ConnectionState.Open)
                {
                    ConnectMSSql();
                }

                using (var cmd = new MySqlCommand("KILL QUERY " + session, connection2))
                {
                    cmd.ExecuteNonQuery();
                }
            }
        }
        """;

    [Fact]
    public Task A_partial_node_whose_creator_kills_the_process_gets_its_first_fix() => Verify.VerifyAsync(
        new[] { NodePart, QuotaPart },
        new[] { FixedNodePart, FixedQuotaPart });

    [Fact]
    public Task A_backup_job_whose_creator_exits_gets_its_first_fix() => Verify.VerifyAsync(
        """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using MySqlConnector;

        public static class Backup
        {
            private static readonly string ConnectionString = "Server=db";
            private static MySqlConnection {|SC0001:connection|};

            public static void Start()
            {
                connection = Connect();
            }

            public static List<string> Databases()
            {
                var databases = new List<string>();
                using (var command = new MySqlCommand("SHOW DATABASES", connection))
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        databases.Add(reader.GetString(0));
                    }
                }

                return databases;
            }

            private static MySqlConnection Connect()
            {
                for (int i = 0; i < 5; i++)
                {
                    connection = new MySqlConnection(ConnectionString);

                    try
                    {
                        connection.Open();
                        return connection;
                    }
                    catch (MySqlException)
                    {
                    }

                    Thread.Sleep(5000);
                }

                Console.Error.WriteLine("Cannot connect to the database");
                Environment.Exit(1);
                return null;
            }
        }
        """,
        """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using MySqlConnector;

        public static class Backup
        {
            private static readonly string ConnectionString = "Server=db";
            private static MySqlDataSource connection;

            public static void Start()
            {
                Connect();
            }

            public static List<string> Databases()
            {
                var databases = new List<string>();
                using (var connection2 = connection.OpenConnection())
                {
                    using (var command = new MySqlCommand("SHOW DATABASES", connection2))
                    using (var reader = command.ExecuteReader())
                    {
                        while (reader.Read())
                        {
                            databases.Add(reader.GetString(0));
                        }
                    }
                }

                return databases;
            }

            private static void Connect()
            {
                for (int i = 0; i < 5; i++)
                {
                    connection = new MySqlDataSource(ConnectionString);

                    try
                    {
                        connection.OpenConnection().Dispose();
                        return;
                    }
                    catch (MySqlException)
                    {
                    }

                    Thread.Sleep(5000);
                }

                Console.Error.WriteLine("Cannot connect to the database");
                Environment.Exit(1);
            }
        }
        """);

    [Fact]
    public Task A_creator_that_kills_another_process_keeps_its_finding_without_a_fix() => Verify.VerifyNoFixAsync(
        """
        using System;
        using System.Diagnostics;
        using MySqlConnector;

        public static class Node
        {
            private static readonly string ConnectionString = "Server=db";
            private static MySqlConnection {|SC0001:connection|};

            public static void Start(int watchdog)
            {
                connection = Connect(watchdog);
            }

            private static MySqlConnection Connect(int watchdog)
            {
                connection = new MySqlConnection(ConnectionString);
                try
                {
                    connection.Open();
                    return connection;
                }
                catch (MySqlException)
                {
                }

                Process.GetProcessById(watchdog).Kill();
                return null;
            }

            public static object Ping()
            {
                using (var command = new MySqlCommand("SELECT 1", connection))
                {
                    return command.ExecuteScalar();
                }
            }
        }
        """);
}
