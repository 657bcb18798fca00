using Microsoft.CodeAnalysis;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Reasons;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.LongLivedServiceConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// A field that only carries a new connection through one method of a long-lived holder, which builds it first: the
/// method already hands out a new connection per call, so the field becomes its local
/// (Chamidilshan/LibraryManagmentSystem@b5800b9299af, DBConnection.cs; more in <c>HolderShapes.Initialisation.cs</c>).
/// </summary>
public class MethodLocalMemberFixTests
{
    /// <summary>
    /// The holder and the form in their own files, as the repository has them (DBConnection.cs, Login.cs): the form's own
    /// <c>conn</c> cannot name the holder's private field, so its file is not bound to look for the field's uses (the
    /// lightbulb bound every <c>connection</c> of vcap-dotnet's other files for Node's private field).
    /// </summary>
    [Fact]
    public async Task A_private_fields_uses_are_looked_for_in_its_own_types_files_only()
    {
        var project = SnippetProject.Create(new[]
        {
            """
            using System;
            using MySqlConnector;

            public sealed class DBConnection
            {
                MySqlConnection conn;
                public static DBConnection Instance { get; } = new DBConnection();

                public MySqlConnection connect()
                {
                    try
                    {
                        conn = new MySqlConnection("Server=lib;Database=Lib");
                        conn.Open();
                        conn.Close();
                    }
                    catch (Exception ex)
                    {
                    }

                    return conn;
                }
            }
            """,
            """
            using MySqlConnector;

            public class Login
            {
                private readonly MySqlConnection conn;

                public Login()
                {
                    conn = DBConnection.Instance.connect();
                }
            }
            """,
        });
        var compilation = (await project.GetCompilationAsync())!;
        var member = compilation.GetTypeByMetadataName("DBConnection")!.GetMembers("conn").Single();
        var context = new PlanContext(project, compilation, member, FixMode.ConnectionFactory,
            compilation.GetTypeByMetadataName("System.Data.Common.DbConnection")!, CancellationToken.None);

        Assert.Equal("connect", MethodLocalMember.Plan(context)?.Identifier.ValueText);
        var login = (await project.Documents.Single(d => d.Name == "File1.cs").GetSyntaxTreeAsync())!;
        Assert.Contains("conn", login.ToString(), StringComparison.Ordinal);
        Assert.False(SemanticModels.WasAskedFor(compilation, login), "Login.cs cannot name DBConnection's private field.");
    }

    [Fact]
    public Task A_singletons_connect_method_keeps_its_connection_in_a_local() => Verify.VerifyAsync(
        """
        using System;
        using System.Data.SqlClient;

        public sealed class DBConnection
        {
            SqlConnection {|SC0002:conn|};
            private static DBConnection instance = null;
            private DBConnection()
            {
            }

            public static DBConnection Instance
            {
                get
                {
                    if (instance == null)
                    {
                        instance = new DBConnection();
                    }
                    return instance;
                }
            }

            public SqlConnection connect()
            {
                try
                {
                    conn = new SqlConnection("Data Source=lib;Initial Catalog=Lib;Integrated Security=True");
                    conn.Open();
                    conn.Close();
                }
                catch (Exception ex)
                {
                }

                return conn;
            }
        }

        public class Login
        {
            private readonly SqlConnection conn;
            private readonly DBConnection dbc = DBConnection.Instance;

            public Login()
            {
                conn = dbc.connect();
            }
        }
        """,
        """
        using System;
        using System.Data.SqlClient;

        public sealed class DBConnection
        {
            private static DBConnection instance = null;
            private DBConnection()
            {
            }

            public static DBConnection Instance
            {
                get
                {
                    if (instance == null)
                    {
                        instance = new DBConnection();
                    }
                    return instance;
                }
            }

            public SqlConnection connect()
            {
                SqlConnection conn = null;
                try
                {
                    conn = new SqlConnection("Data Source=lib;Initial Catalog=Lib;Integrated Security=True");
                    conn.Open();
                    conn.Close();
                }
                catch (Exception ex)
                {
                }

                return conn;
            }
        }

        public class Login
        {
            private readonly SqlConnection conn;
            private readonly DBConnection dbc = DBConnection.Instance;

            public Login()
            {
                conn = dbc.connect();
            }
        }
        """);

    /// <summary>
    /// (The caller keeps what it gets in a field, so the accessor's factory fix declines too.) The string is read from a
    /// field others may change between calls: a construction that failed once may succeed
    /// later, and the catch would then have returned the previous call's connection, which a local cannot.
    /// </summary>
    [Fact]
    public Task A_construction_that_may_fail_only_sometimes_inside_a_try_declines() => Verify.VerifyNoFixAsync(
        """
        using System;
        using System.Data.SqlClient;

        public sealed class DBConnection
        {
            public static string ConnectionString = "Data Source=lib";
            SqlConnection {|SC0002:conn|};
            public static DBConnection Instance { get; } = new DBConnection();

            public SqlConnection connect()
            {
                try
                {
                    conn = new SqlConnection(ConnectionString);
                    conn.Open();
                }
                catch (Exception)
                {
                }

                return conn;
            }
        }

        public class Login
        {
            private readonly SqlConnection _conn;

            public Login()
            {
                _conn = DBConnection.Instance.connect();
            }
        }
        """);

    /// <summary>
    /// A read of the field before the construction (<c>conn?.Dispose()</c>) keeps the field from becoming a local; since
    /// stop 28 the method reads as an accessor that rebuilds and opens (RebuildingAccessorFixTests), so the per-use
    /// factory fix applies and the caller disposes what it gets, as the next call used to.
    /// </summary>
    [Fact]
    public Task A_read_before_the_construction_gets_the_per_use_factory_instead() => Verify.VerifyAsync(
        """
        using System.Data.SqlClient;

        public sealed class DBConnection
        {
            SqlConnection {|SC0002:conn|};
            public static DBConnection Instance { get; } = new DBConnection();

            public SqlConnection connect()
            {
                conn?.Dispose();
                conn = new SqlConnection("Data Source=lib");
                conn.Open();
                return conn;
            }
        }

        public class Login
        {
            public int Count()
            {
                var c = DBConnection.Instance.connect();
                var cmd = new SqlCommand("SELECT COUNT(*) FROM LoginTable", c);
                return (int)cmd.ExecuteScalar();
            }
        }
        """,
        """
        using System.Data.SqlClient;

        public sealed class DBConnection
        {
            public static DBConnection Instance { get; } = new DBConnection();

            public SqlConnection connect()
            {
                var connection = new SqlConnection("Data Source=lib");
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

        public class Login
        {
            public int Count()
            {
                using var c = DBConnection.Instance.connect();
                var cmd = new SqlCommand("SELECT COUNT(*) FROM LoginTable", c);
                return (int)cmd.ExecuteScalar();
            }
        }
        """);
}
