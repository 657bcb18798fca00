using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// A static member that only carries a new connection through one accessor, written there as a <c>using</c> resource
/// (see <see cref="MethodLocalMemberFixTests"/> for the plain assignment): it becomes the accessor's local.
/// </summary>
public class MethodLocalUsingResourceFixTests
{
    /// <summary>
    /// The member written as a <c>using</c> statement's resource with an empty body (the construction disposed at once,
    /// the disposed connection handed out) from a private string nothing else writes
    /// (espinozachristian123/BuckAppgit@c978bae370ad, Model/DBConnection.cs): the local takes the same object, disposed
    /// the same way, and a failed construction fails on every call.
    /// </summary>
    [Fact]
    public Task A_using_resource_from_a_private_string_nothing_writes_becomes_a_local() => Verify.VerifyAsync(
        """
        using System;
        using System.Data.SqlClient;

        public class DBConnection
        {
            private static string connectionString = "Server=localhost;Database=dbproyecto;";
            private static DBConnection instance;
            private static SqlConnection {|SC0001:con|} = null;

            private DBConnection()
            {
            }

            public static DBConnection getInstance()
            {
                if (instance == null)
                {
                    instance = new DBConnection();
                }
                return instance;
            }

            public SqlConnection getConnection()
            {
                try
                {
                    using (con = new SqlConnection(connectionString));
                }
                catch (SqlException e)
                {
                    Console.WriteLine("Error en la getConnection" + e.Message);
                }

                return con;
            }
        }
        """,
        """
        using System;
        using System.Data.SqlClient;

        public class DBConnection
        {
            private static string connectionString = "Server=localhost;Database=dbproyecto;";
            private static DBConnection instance;

            private DBConnection()
            {
            }

            public static DBConnection getInstance()
            {
                if (instance == null)
                {
                    instance = new DBConnection();
                }
                return instance;
            }

            public SqlConnection getConnection()
            {
                SqlConnection con = null;
                try
                {
                    using (con = new SqlConnection(connectionString));
                }
                catch (SqlException e)
                {
                    Console.WriteLine("Error en la getConnection" + e.Message);
                }

                return con;
            }
        }
        """);

    /// <summary>
    /// The same accessor when the private string can be set again (<c>SetServer</c>): a construction that failed once may
    /// succeed later, and the catch would then have returned the previous call's connection, which a local cannot.
    /// </summary>
    [Fact]
    public Task A_using_resource_from_a_private_string_set_elsewhere_declines() => Verify.VerifyNoFixAsync(
        """
        using System;
        using System.Data.SqlClient;

        public class DBConnection
        {
            private static string connectionString = "Server=localhost;Database=dbproyecto;";
            private static DBConnection instance;
            private static SqlConnection {|SC0001:con|} = null;

            public static DBConnection getInstance()
            {
                if (instance == null)
                {
                    instance = new DBConnection();
                }
                return instance;
            }

            public static void SetServer(string server) => connectionString = "Server=" + server + ";Database=dbproyecto;";

            public SqlConnection getConnection()
            {
                try
                {
                    using (con = new SqlConnection(connectionString));
                }
                catch (SqlException e)
                {
                    Console.WriteLine(e.Message);
                }

                return con;
            }
        }
        """);

    /// <summary>The same, with <c>SetServer</c> writing the string through a <c>ref</c> local: still a write.</summary>
    [Fact]
    public Task A_using_resource_from_a_private_string_set_through_a_ref_local_declines() => Verify.VerifyNoFixAsync(
        """
        using System;
        using System.Data.SqlClient;

        public class DBConnection
        {
            private static string connectionString = "Server=localhost;Database=dbproyecto;";
            private static SqlConnection {|SC0001:con|} = null;

            public static void SetServer(string server)
            {
                ref string target = ref connectionString;
                target = "Server=" + server + ";Database=dbproyecto;";
            }

            public SqlConnection getConnection()
            {
                try
                {
                    using (con = new SqlConnection(connectionString));
                }
                catch (SqlException e)
                {
                    Console.WriteLine(e.Message);
                }

                return con;
            }
        }
        """);
}
