using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// A static holder behind an accessor and a factory, used by callers in other files: the first fix turns the factory
/// into one that opens a pooled connection per call, and each caller's unit of work into a scope that disposes the one
/// it got (every use in the unit shares it, as they shared the static before).
/// </summary>
public class AccessorFactoryFixTests
{
    /// <summary>
    /// Shape quoted in issue 14 (<c>GetConnection() { if (conn == null) conn = new(...); if (conn.State != Open) conn.Open(); return conn; }</c>)
    /// with an accessor that forwards to it (<c>Shared =&gt; GetConnection()</c>), as in the consumer worker of the
    /// end-to-end tests.
    /// </summary>
    [Fact]
    public Task An_accessor_that_forwards_to_the_factory_stays_and_its_callers_share_one_connection_per_unit() => Verify.VerifyAsync(
        new[]
        {
            """
            using System;
            using System.Data;
            using MySqlConnector;

            public static class Store
            {
                private static MySqlConnection? {|SC0001:_shared|};

                public static MySqlConnection Shared => GetConnection();

                public static MySqlConnection GetConnection()
                {
                    if (_shared == null)
                    {
                        _shared = new MySqlConnection(Environment.GetEnvironmentVariable("DB"));
                    }

                    if (_shared.State != ConnectionState.Open)
                    {
                        _shared.Open();
                    }

                    return _shared;
                }
            }
            """,
            """
            using MySqlConnector;

            public static class Audit
            {
                public static void Write(string item)
                {
                    using (var command = new MySqlCommand("SELECT @item", Store.GetConnection()))
                    {
                        command.Parameters.AddWithValue("@item", item);
                        command.ExecuteScalar();
                    }

                    var check = new MySqlCommand();
                    check.Connection = Store.Shared;
                    check.CommandText = "SELECT CONNECTION_ID()";
                    check.ExecuteScalar();
                }
            }
            """,
        },
        new[]
        {
            """
            using System;
            using System.Data;
            using MySqlConnector;

            public static class Store
            {
                public static MySqlConnection Shared => GetConnection();

                public static MySqlConnection GetConnection()
                {
                    var connection = new MySqlConnection(Environment.GetEnvironmentVariable("DB"));
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

            public static class Audit
            {
                public static void Write(string item)
                {
                    using var connection = Store.GetConnection();
                    using (var command = new MySqlCommand("SELECT @item", connection))
                    {
                        command.Parameters.AddWithValue("@item", item);
                        command.ExecuteScalar();
                    }

                    var check = new MySqlCommand();
                    check.Connection = connection;
                    check.CommandText = "SELECT CONNECTION_ID()";
                    check.ExecuteScalar();
                }
            }
            """,
        });

    /// <summary>
    /// A lazy singleton whose getter locks while it creates the connection (m2idotnet/CoursSharpGit:
    /// CoursSharp/CoursAdoNet/Connection.cs and Program.cs): the getter becomes a factory (the lock guarded the one
    /// shared instance, a factory shares nothing) and the caller's reads of <c>Connection.Instance</c> share one
    /// connection, opened where the caller opened it and disposed at the end of its unit.
    /// </summary>
    [Fact]
    public Task A_locked_lazy_singleton_becomes_a_factory_and_its_caller_one_scope() => Verify.VerifyAsync(
        new[]
        {
            """
            using System.Data.SqlClient;

            public class Connection
            {
                private static SqlConnection {|SC0001:_instance|} = null;
                private static object __v = new object();

                public static SqlConnection Instance
                {
                    get
                    {
                        lock (__v)
                        {
                            if (_instance == null)
                                _instance = new SqlConnection("Data Source=.;Integrated Security=True");
                            return _instance;
                        }
                    }
                }
            }
            """,
            """
            using System;
            using System.Data.SqlClient;

            public static class Search
            {
                public static void Run(string term)
                {
                    SqlCommand command = new SqlCommand("SELECT nom FROM personne WHERE nom LIKE @search", Connection.Instance);
                    command.Parameters.Add(new SqlParameter("@search", "%" + term + "%"));
                    Connection.Instance.Open();
                    SqlDataReader reader = command.ExecuteReader();
                    while (reader.Read())
                    {
                        Console.WriteLine(reader.GetString(0));
                    }
                    reader.Close();
                    Connection.Instance.Close();
                }
            }
            """,
        },
        new[]
        {
            """
            using System.Data.SqlClient;

            public class Connection
            {
                private static object __v = new object();

                public static SqlConnection Instance
                {
                    get
                    {
                        return new SqlConnection("Data Source=.;Integrated Security=True");
                    }
                }
            }
            """,
            """
            using System;
            using System.Data.SqlClient;

            public static class Search
            {
                public static void Run(string term)
                {
                    using var connection = Connection.Instance;
                    SqlCommand command = new SqlCommand("SELECT nom FROM personne WHERE nom LIKE @search", connection);
                    command.Parameters.Add(new SqlParameter("@search", "%" + term + "%"));
                    connection.Open();
                    SqlDataReader reader = command.ExecuteReader();
                    while (reader.Read())
                    {
                        Console.WriteLine(reader.GetString(0));
                    }
                    reader.Close();
                }
            }
            """,
        });
}
