using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Corpus;
using StaleConn.CodeFixes.Tests.Infrastructure;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// A command the unit builds from the member itself and keeps in a field (<c>_cmd = _connection.CreateCommand();</c>),
/// read only by the unit that built it and by a <c>Cleanup()</c> that disposes it and sets it to null. Under the guard the
/// lease's end closes nothing, so the command's reads after it run on the same open connection as before: the guard is
/// offered. A per-use connection ends with the unit's scope, which stops before a wait (<c>AsyncWaitHandle.WaitOne()</c>):
/// the command would run on a disposed connection, so the per-use fixes keep <see cref="NoFixReason.ConnectionHandedToStoredObject"/>.
/// A cleanup that runs the command (not only lets go of it) declines every fix (<see cref="NoFixReason.CommandRunElsewhere"/>).
/// </summary>
/// <remarks>
/// OxideMod/Oxide.MySql@2d37318, src/Libraries/MySql.cs: <c>MySqlQuery.Handle()</c> builds <c>_cmd</c> from
/// <c>_connection</c>, calls <c>BeginExecuteNonQuery()</c>/<c>BeginExecuteReader()</c>, waits on the result's
/// <c>AsyncWaitHandle</c>, ends the call and calls <c>Cleanup()</c> (<c>if (_cmd != null) { _cmd.Dispose(); _cmd = null; }</c>),
/// in its <c>try</c> and in its <c>catch</c>. Stop 27 fixed it with the guard; copies28's stored-command check declined it
/// at stop 28. The copy case that check guards (nkyokoo/unittesting) is <see cref="CommandStoredFromCopyTests"/>.
/// </remarks>
public class ReleasedStoredCommandTests
{
    private static string Query(string cleanupBody) => $$"""
        using System;
        using System.Data.SqlClient;

        public static class Query
        {
            private static SqlConnection _connection = new SqlConnection("Server=.;Database=oxide");
            private static SqlCommand _cmd;
            private static IAsyncResult _result;

            private static void Cleanup()
            {
                {{cleanupBody}}
            }

            public static int Handle(string sql)
            {
                var affected = 0;
                try
                {
                    if (_connection.State == System.Data.ConnectionState.Closed)
                    {
                        _connection.Open();
                    }

                    _cmd = _connection.CreateCommand();
                    _cmd.CommandText = sql;
                    _result = _cmd.BeginExecuteNonQuery();
                    _result.AsyncWaitHandle.WaitOne();
                    affected = _cmd.EndExecuteNonQuery(_result);
                    Cleanup();
                }
                catch (Exception ex)
                {
                    Console.WriteLine(ex);
                    Cleanup();
                }

                return affected;
            }
        }
        """;

    private const string Releases = "if (_cmd != null) { _cmd.Dispose(); _cmd = null; }";

    [Fact]
    public async Task A_command_only_released_elsewhere_gets_the_guard()
    {
        Assert.Empty(await NotFixedAsync(Query(Releases), FixMode.Guard));
    }

    [Fact]
    public async Task A_per_use_connection_declines_when_a_wait_stands_before_the_commands_last_use()
    {
        Assert.Equal(NoFixReason.ConnectionHandedToStoredObject, Assert.Single(await NotFixedAsync(Query(Releases), FixMode.ConnectionFactory)));
    }

    [Fact]
    public async Task A_cleanup_that_runs_the_command_declines_the_guard()
    {
        var notFixed = await NotFixedAsync(Query("if (_cmd != null) { _cmd.CommandText = \"DELETE FROM queue\"; _cmd.ExecuteNonQuery(); }"), FixMode.Guard);

        Assert.Equal(NoFixReason.CommandRunElsewhere, Assert.Single(notFixed));
    }

    [Fact]
    public async Task A_prepared_command_declines_the_guard()
    {
        var notFixed = await NotFixedAsync(Query(Releases).Replace("_cmd.CommandText = sql;", "_cmd.CommandText = sql; _cmd.Prepare();"), FixMode.Guard);

        Assert.Equal(NoFixReason.ConnectionHandedToStoredObject, Assert.Single(notFixed));
    }

    /// <summary>
    /// nkyokoo/unittesting@1a1b38ffcad6, UserService/UserServices.cs <c>Login</c>: the member's copy and the stored command
    /// are built inside <c>if (IsValidEmail(email)) { ... }</c>. The guard fix put <c>using var lease = connection.Acquire();</c>
    /// at the top of the method, before <c>connection = new ConnectionGuard&lt;...&gt;(db.Connection)</c> (a null guard on the
    /// first call): a build outside the function's body or its <c>try</c> block stays declined, since stop 31 with
/// <see cref="NoFixReason.MemberSetInNestedBlock"/> when the member is set earlier in that block.
    /// </summary>
    [Fact]
    public async Task A_command_built_inside_an_if_declines_the_guard()
    {
        const string holder = """
            using System.Data.SqlClient;

            public class DBConnection
            {
                private static DBConnection _instance;
                private SqlConnection connection;

                private DBConnection()
                {
                    connection = new SqlConnection("Server=.;Database=unittesting");
                    connection.Open();
                }

                public SqlConnection Connection => connection;

                public static DBConnection Instance() => _instance ?? (_instance = new DBConnection());
            }
            """;
        const string services = """
            using System;
            using System.Data.SqlClient;

            public class UserServices
            {
                DBConnection db = DBConnection.Instance();
                SqlConnection connection;
                SqlCommand command;
                SqlDataReader dr;

                public bool Login(string email)
                {
                    if (email.Contains("@"))
                    {
                        connection = db.Connection;
                        command = connection.CreateCommand();
                        command.CommandText = "SELECT name FROM users";
                        dr = command.ExecuteReader();
                        while (dr.Read())
                        {
                            Console.WriteLine(dr.GetString(0));
                        }

                        dr.Close();
                        return true;
                    }

                    return false;
                }
            }

            public static class Program
            {
                static UserServices services = new UserServices();

                public static void Main() => services.Login(Console.ReadLine());
            }
            """;

        var notFixed = await NotFixedAsync(new[] { holder, services }, FixMode.Guard);

        Assert.Contains(NoFixReason.MemberSetInNestedBlock, notFixed);
    }

    private static Task<IReadOnlyList<NoFixReason>> NotFixedAsync(string source, FixMode mode) => NotFixedAsync(new[] { source }, mode);

    private static async Task<IReadOnlyList<NoFixReason>> NotFixedAsync(string[] sources, FixMode mode) =>
        (await ShapeFixRuns.FixEachAsync(
            new HolderShape("released stored command", "OxideMod/Oxide.MySql", sources, LanguageVersion.CSharp7_3),
            mode)).NotFixed;
}
