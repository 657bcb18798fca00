using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Reasons;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// An accessor that closes the member: before it builds it again (a rebuild per call, an accessor) or after it built
/// it (the connection handed out closed on later calls, neither accessor nor closer).
/// </summary>
public class RebuildingAccessorFixTests
{
    /// <summary>
    /// <c>conn?.Dispose(); conn = new SqlConnection(cs); conn.Open(); return conn;</c> (the shape stop 27 left open,
    /// written after Mahen65/DreamIT.Invoicing's <c>Connection.Connect()</c>; ashchau/MasterCode@e6b1fee3178c
    /// App_Code/Test.cs rebuilds per call the same way without the dispose): the dispose ends the previous caller's
    /// connection, and the method hands out a new open one — an accessor, so the factory opens one per call and each
    /// caller's unit of work disposes its own.
    /// </summary>
    [Fact]
    public Task A_method_that_disposes_then_rebuilds_and_opens_is_an_accessor() => Verify.VerifyAsync(
        """
        using System.Data.SqlClient;

        public static class Connection
        {
            private const string ConnectionString = "Data Source=db;Initial Catalog=Invoicing;Integrated Security=True";
            public static SqlConnection {|SC0001:conn|};

            public static SqlConnection Connect()
            {
                conn?.Dispose();
                conn = new SqlConnection(ConnectionString);
                conn.Open();
                return conn;
            }
        }

        public class DataAgent
        {
            public object Count(string query)
            {
                var cmd = new SqlCommand(query, Connection.Connect());
                return cmd.ExecuteScalar();
            }
        }
        """,
        """
        using System.Data.SqlClient;

        public static class Connection
        {
            private const string ConnectionString = "Data Source=db;Initial Catalog=Invoicing;Integrated Security=True";

            public static SqlConnection Connect()
            {
                var connection = new SqlConnection(ConnectionString);
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

        public class DataAgent
        {
            public object Count(string query)
            {
                using var connection = Connection.Connect();
                var cmd = new SqlCommand(query, connection);
                return cmd.ExecuteScalar();
            }
        }
        """);

    /// <summary>
    /// Mahen65/DreamIT.Invoicing (field27 set) DreamIT.Invoicing/DreamIT.ADO/Connection.cs: <c>Connect()</c> sets the
    /// connection-string field, builds and opens the connection on the first call and closes it on every later one, then
    /// returns it. Read as a closer, the fix dropped it with the statement that set the string, and the factory read a
    /// field nothing set; it stays the method that hands the connection out (<c>ConnectionReturned</c>).
    /// </summary>
    [Fact]
    public async Task A_method_that_builds_on_the_first_call_and_closes_on_later_ones_gets_no_factory()
    {
        var project = SnippetProject.Create(new[] { """
            using System.Configuration;
            using System.Data.SqlClient;

            namespace DreamIT.ADO
            {
                public static class Connection
                {
                    public static SqlConnection conn;
                    static string conStrinng;

                    public static SqlConnection Connect()
                    {
                        conStrinng = ConfigurationManager.ConnectionStrings["conn"].ConnectionString;
                        if (conn == null)
                        {
                            conn = new SqlConnection(conStrinng);
                            conn.Open();
                        }
                        else
                        {
                            conn.Close();
                        }
                        return conn;
                    }
                }
            }
            """ }, LanguageVersion.CSharp7_3);
        var compilation = (await project.GetCompilationAsync())!;
        var member = compilation.GetTypeByMetadataName("DreamIT.ADO.Connection")!.GetMembers("conn").Single();
        var plan = await GuardPlanner.PlanAsync(project, member, FixMode.ConnectionFactory, CancellationToken.None);
        Assert.Equal(NoFixReason.ConnectionReturned, plan.Reason);
    }
}
