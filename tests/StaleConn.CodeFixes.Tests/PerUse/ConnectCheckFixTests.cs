using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.LongLivedServiceConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// The StackOverflow <c>DBConnection</c> singleton (question 21618015): <c>IsConnect()</c> builds and opens the held
/// connection when its accessor still hands out null, callers run <c>if (dbCon.IsConnect()) { ... dbCon.Connection
/// ... dbCon.Close(); }</c>. The factory fix keeps the connection string in a field set where the connection was built,
/// so <c>IsConnect()</c> checks that field; the accessor opens a pooled connection per call and each caller's unit of
/// work disposes the one it got.
/// </summary>
public class ConnectCheckFixTests
{
    /// <summary>
    /// The answer's holder and its caller as posted (shendongnian/code: code5/872531-21618283-14.cs; question
    /// 21618015), copied as Masterikis/botlucasgassiot@209596b MelenchBot-DataBase/DataBase/DBConnection.cs,
    /// drowan9278/CS1530-Pitt_Occurences_Map@44cc7d4 1530Application/1530Application/DbContext/test.cs and
    /// jessie975/homework_submit_system@1f670bf homework-server/DBConnection.cs. <c>IsConnect()</c> now sets the
    /// connection string where it built the connection and checks that string, so it still returns false until a
    /// database name is set; the caller's connection is taken inside the <c>if</c>, after <c>IsConnect()</c> set the
    /// string (taken before it, the factory would open a connection with none); <c>Close()</c> goes with the scope.
    /// </summary>
    [Fact]
    public Task IsConnect_checks_the_connection_string_and_each_caller_takes_a_connection_inside_its_if() => Verify.VerifyAsync(
        new[]
        {
            Holder,
            """
            using System;
            using MySql.Data.MySqlClient;

            public static class Report
            {
                public static void Print()
                {
                    var dbCon = DBConnection.Instance();
                    dbCon.DatabaseName = "YourDatabase";
                    if (dbCon.IsConnect())
                    {
                        string query = "SELECT col0,col1 FROM YourTable";
                        var cmd = new MySqlCommand(query, dbCon.Connection);
                        var reader = cmd.ExecuteReader();
                        while (reader.Read())
                        {
                            Console.WriteLine(reader.GetString(0) + "," + reader.GetString(1));
                        }

                        dbCon.Close();
                    }
                }
            }
            """,
        },
        new[]
        {
            FixedHolder,
            """
            using System;
            using MySql.Data.MySqlClient;

            public static class Report
            {
                public static void Print()
                {
                    var dbCon = DBConnection.Instance();
                    dbCon.DatabaseName = "YourDatabase";
                    if (dbCon.IsConnect())
                    {
                        string query = "SELECT col0,col1 FROM YourTable";
                        using var connection = dbCon.Connection;
                        var cmd = new MySqlCommand(query, connection);
                        var reader = cmd.ExecuteReader();
                        while (reader.Read())
                        {
                            Console.WriteLine(reader.GetString(0) + "," + reader.GetString(1));
                        }
                    }
                }
            }
            """,
        });

    /// <summary>
    /// A repository that closes in <c>finally</c> inside the <c>if</c> and whose command sits in a <c>try</c> with a
    /// <c>catch</c> (the shape of a UserRepository over this singleton in the code corpus, written here in minimal
    /// form): the connection is taken inside the <c>try</c>, so a failing open meets the same <c>catch</c> a failing
    /// command did, and the <c>finally</c> that only closed goes.
    /// </summary>
    [Fact]
    public Task Caller_closing_in_finally_takes_its_connection_inside_the_try_of_its_if() => Verify.VerifyAsync(
        new[]
        {
            Holder,
            """
            using MySql.Data.MySqlClient;

            public class UserRepository
            {
                public int GetCount()
                {
                    DBConnection dbcon = DBConnection.Instance();
                    int count = 0;

                    if (dbcon.IsConnect())
                    {
                        try
                        {
                            const string query = "SELECT COUNT(*) FROM users;";
                            using (var cmd = new MySqlCommand(query, dbcon.Connection))
                            {
                                count = System.Convert.ToInt32(cmd.ExecuteScalar());
                            }
                        }
                        catch (MySqlException e)
                        {
                            System.Console.WriteLine(e);
                        }
                        finally
                        {
                            dbcon.Close();
                        }
                    }

                    return count;
                }
            }
            """,
        },
        new[]
        {
            FixedHolder,
            """
            using MySql.Data.MySqlClient;

            public class UserRepository
            {
                public int GetCount()
                {
                    DBConnection dbcon = DBConnection.Instance();
                    int count = 0;

                    if (dbcon.IsConnect())
                    {
                        try
                        {
                            const string query = "SELECT COUNT(*) FROM users;";
                            using var connection = dbcon.Connection;
                            using (var cmd = new MySqlCommand(query, connection))
                            {
                                count = System.Convert.ToInt32(cmd.ExecuteScalar());
                            }
                        }
                        catch (MySqlException e)
                        {
                            System.Console.WriteLine(e);
                        }
                    }

                    return count;
                }
            }
            """,
        });

    /// <summary>
    /// A caller that takes the connection before it calls <c>IsConnect()</c> in the same unit of work: the scope would
    /// open the connection before the string is set, so the factory fix declines (<c>AccessorCheckedForNull</c>).
    /// </summary>
    [Fact]
    public Task Caller_using_the_connection_around_IsConnect_gets_no_factory_fix()
    {
        var source = """
            using MySql.Data.MySqlClient;

            public static class Orders
            {
                public static long Count()
                {
                    var dbCon = DBConnection.Instance();
                    var cmd = new MySqlCommand("SELECT COUNT(*) FROM orders");
                    cmd.Connection = dbCon.Connection;
                    if (!dbCon.IsConnect())
                    {
                        return -1;
                    }

                    cmd.Connection = dbCon.Connection;
                    return (long)cmd.ExecuteScalar();
                }
            }
            """;
        var test = new Verify.Test { CompilerDiagnostics = Microsoft.CodeAnalysis.Testing.CompilerDiagnostics.None };
        test.TestState.Sources.Add(("/0/Test0.cs", Holder));
        test.TestState.Sources.Add(("/0/Test1.cs", source));
        test.FixedState.Sources.Add(("/0/Test0.cs", Holder));
        test.FixedState.Sources.Add(("/0/Test1.cs", source));
        test.FixedState.MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow;
        return test.RunAsync();
    }

    /// <summary>
    /// The singleton's accessor builds the connection itself (<c>get { if (connection == null) connection = new(...);
    /// return connection; }</c>, as answers to the same question suggest): the accessor never handed out null, and a
    /// connection-string field would be set only in <c>IsConnect()</c>, so checking it there would make
    /// <c>IsConnect()</c> answer differently. The factory fix declines (<c>AccessorCheckedForNull</c>).
    /// </summary>
    [Fact]
    public Task Accessor_that_builds_the_connection_keeps_its_null_check_and_gets_no_factory_fix()
    {
        var holder = """
            using MySql.Data.MySqlClient;

            public class DBConnection
            {
                private DBConnection()
                {
                }

                private MySqlConnection {|SC0002:connection|} = null;

                public MySqlConnection Connection
                {
                    get
                    {
                        if (connection == null)
                            connection = new MySqlConnection("Server=localhost; database=shop");
                        return connection;
                    }
                }

                private static DBConnection _instance = null;

                public static DBConnection Instance()
                {
                    if (_instance == null)
                        _instance = new DBConnection();
                    return _instance;
                }

                public bool IsConnect()
                {
                    if (Connection == null)
                    {
                        connection = new MySqlConnection("Server=localhost; database=shop");
                    }

                    return true;
                }
            }
            """;
        var caller = """
            using MySql.Data.MySqlClient;

            public static class Orders
            {
                public static long Count()
                {
                    var dbCon = DBConnection.Instance();
                    if (dbCon.IsConnect())
                    {
                        using var cmd = new MySqlCommand("SELECT COUNT(*) FROM orders", dbCon.Connection);
                        return (long)cmd.ExecuteScalar();
                    }

                    return -1;
                }
            }
            """;
        var test = new Verify.Test { CompilerDiagnostics = Microsoft.CodeAnalysis.Testing.CompilerDiagnostics.None };
        test.TestState.Sources.Add(("/0/Test0.cs", holder));
        test.TestState.Sources.Add(("/0/Test1.cs", caller));
        test.FixedState.Sources.Add(("/0/Test0.cs", holder));
        test.FixedState.Sources.Add(("/0/Test1.cs", caller));
        test.FixedState.MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow;
        return test.RunAsync();
    }

    private const string FixedHolder = """
        using MySql.Data.MySqlClient;

        public class DBConnection
        {
            private DBConnection()
            {
            }

            public string DatabaseName { get; set; } = "shop";

            private string connectionString;

            public MySqlConnection Connection
            {
                get
                {
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

            private static DBConnection _instance = null;

            public static DBConnection Instance()
            {
                if (_instance == null)
                    _instance = new DBConnection();
                return _instance;
            }

            public bool IsConnect()
            {
                if (this.connectionString == null)
                {
                    if (string.IsNullOrEmpty(DatabaseName))
                        return false;
                    string connstring = string.Format("Server=localhost; database={0}", DatabaseName);
                    this.connectionString = connstring;
                }

                return true;
            }
        }
        """;

    private const string Holder = """
        using MySql.Data.MySqlClient;

        public class DBConnection
        {
            private DBConnection()
            {
            }

            public string DatabaseName { get; set; } = "shop";

            private MySqlConnection {|SC0002:connection|} = null;

            public MySqlConnection Connection
            {
                get { return connection; }
            }

            private static DBConnection _instance = null;

            public static DBConnection Instance()
            {
                if (_instance == null)
                    _instance = new DBConnection();
                return _instance;
            }

            public bool IsConnect()
            {
                if (Connection == null)
                {
                    if (string.IsNullOrEmpty(DatabaseName))
                        return false;
                    string connstring = string.Format("Server=localhost; database={0}", DatabaseName);
                    connection = new MySqlConnection(connstring);
                    connection.Open();
                }

                return true;
            }

            public void Close()
            {
                connection.Close();
            }
        }
        """;
}
