using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Behaviour;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// A holder's opener called only to connect, in a <c>try</c> whose catch recovers (AmateurBoy/TelegramDOGs@HEAD
/// DAO/UserDAO.cs:21–34 and DAO/DogDAO.cs:24–37: the catch starts the local MySQL server and retries after 20 s) or
/// reports (a form's Load: <c>try { Db.Connect(); } catch (Exception ex) { MessageBox.Show(ex.Message); }</c>). The
/// per-use factory used to drop the opener's calls, so the catch could never run; it now keeps one short open there.
/// </summary>
public class HandledOpenerCallFixTests
{
    private const string Holder = """
        using System;
        using System.Data;
        using MySql.Data.MySqlClient;

        class DataBase
        {
            public static MySqlConnection {|SC0001:Connector|} = new MySqlConnection("server=localhost");

            public static void OpenConnection()
            {
                if (Connector.State == ConnectionState.Closed)
                    Connector.Open();
            }

            public static MySqlConnection GetConnection() => Connector;
        }

        class UserDao
        {
            public UserDao()
            {
                try
                {
                    DataBase.OpenConnection();
                }
                catch
                {
                    Console.WriteLine("connect failed: starting the server, retrying in 20 s");
                    System.Diagnostics.Process.Start("mysqld");
                    System.Threading.Thread.Sleep(20000);
                    DataBase.OpenConnection();
                }
            }

            public object Count()
            {
                using var command = new MySqlCommand("SELECT COUNT(*) FROM users", DataBase.GetConnection());
                return command.ExecuteScalar();
            }
        }
        """;

    [Fact]
    public Task A_start_up_connect_that_recovers_in_its_catch_keeps_a_short_open_in_both_places() => Verify.VerifyAsync(Holder, """
        using System;
        using System.Data;
        using MySql.Data.MySqlClient;

        class DataBase
        {
            public static MySqlConnection GetConnection()
            {
                var connection = new MySqlConnection("server=localhost");
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

        class UserDao
        {
            public UserDao()
            {
                try
                {
                    DataBase.GetConnection().Dispose();
                }
                catch
                {
                    Console.WriteLine("connect failed: starting the server, retrying in 20 s");
                    System.Diagnostics.Process.Start("mysqld");
                    System.Threading.Thread.Sleep(20000);
                    DataBase.GetConnection().Dispose();
                }
            }

            public object Count()
            {
                using var connection = DataBase.GetConnection();
                using var command = new MySqlCommand("SELECT COUNT(*) FROM users", connection);
                return command.ExecuteScalar();
            }
        }
        """);

    /// <summary>An opener's call inside a unit's own <c>try</c> that goes on to use the connection is that unit's open: dropped, as before.</summary>
    [Fact]
    public async Task An_opener_call_in_a_unit_that_reads_the_connection_is_still_dropped()
    {
        var source = Holder.Replace("{|SC0001:Connector|}", "Connector", StringComparison.Ordinal).Replace("""
                try
                {
                    DataBase.OpenConnection();
                }
            """, """
                try
                {
                    DataBase.OpenConnection();
                    Console.WriteLine(DataBase.GetConnection().ServerVersion);
                }
            """, StringComparison.Ordinal);
        Assert.Empty(await BuiltAndClosedPerMessageTests.ReasonsAsync(source, FixMode.ConnectionFactory));
    }

    /// <summary>
    /// Under the guard and data-source fixes the opener's <c>Open()</c> went and its body was left empty, so the connect
    /// always succeeded and the catch never ran (the server was never started, the error never logged). A lease kept in
    /// the opener could nest in a caller's lease: they decline with the factory's reason, and the factory fix (above)
    /// stays. The second variant is DanielGFisher/Malshinon_Project@3d3bbaff6527 Malshinon_Project/DAL/PeopleDal.cs:16–29
    /// (<c>try { Dal.OpenConnection(); } catch (MySqlException ex) { Console.WriteLine(...); } finally { Dal.CloseConnection(); }</c>).
    /// </summary>
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task A_lease_fix_declines_an_opener_whose_connect_a_caller_handles(bool dataSource, bool closedInFinally)
    {
        var mode = dataSource ? FixMode.DataSource : FixMode.Guard;
        var source = Holder.Replace("{|SC0001:Connector|}", "Connector", StringComparison.Ordinal)
            .Replace("    public static MySqlConnection GetConnection() => Connector;\n", "    public static void CloseConnection() { Connector.Close(); }\n", StringComparison.Ordinal)
            .Replace("DataBase.GetConnection()", "DataBase.Connector", StringComparison.Ordinal);
        if (closedInFinally)
        {
            source = source.Replace("""
                        catch
                        {
                            Console.WriteLine("connect failed: starting the server, retrying in 20 s");
                            System.Diagnostics.Process.Start("mysqld");
                            System.Threading.Thread.Sleep(20000);
                            DataBase.OpenConnection();
                        }
                """, """
                        catch (MySqlException ex)
                        {
                            Console.WriteLine($"MySQL Error: {ex.Message}");
                        }
                        finally
                        {
                            DataBase.CloseConnection();
                        }
                """, StringComparison.Ordinal);
            Assert.Contains("finally", source, StringComparison.Ordinal);
        }

        source = source.Replace("MySql.Data.MySqlClient", "Npgsql", StringComparison.Ordinal).Replace("MySql", "Npgsql", StringComparison.Ordinal);
        Assert.Equal(new[] { NoFixReason.HandledOpenerCall }, (await BuiltAndClosedPerMessageTests.ReasonsAsync(source, mode)).Distinct());
    }

    /// <summary>
    /// The same connect in an async start-up method: a short open there would be a blocking one, so the factory fix
    /// declines rather than drop the connect its catch handles.
    /// </summary>
    [Fact]
    public async Task A_connect_in_an_async_function_declines()
    {
        var source = Holder.Replace("{|SC0001:Connector|}", "Connector", StringComparison.Ordinal)
            .Replace("public UserDao()", "public async System.Threading.Tasks.Task ConnectAsync()", StringComparison.Ordinal)
            .Replace("System.Threading.Thread.Sleep(20000);", "await System.Threading.Tasks.Task.Delay(20000);", StringComparison.Ordinal);
        Assert.Equal(new[] { NoFixReason.HandledOpenerCall }, (await BuiltAndClosedPerMessageTests.ReasonsAsync(source, FixMode.ConnectionFactory)).Distinct());
    }
}
