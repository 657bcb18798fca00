using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// A hand-written reconnect that the work calls before it runs when the state says so (<c>if (Database.State ==
/// Closed || Database.State == Broken) { Database.ForceReconnect(); }</c>), besides the <c>StateChange</c> handler that
/// calls it too (<see cref="ReconnectHandlerFixTests"/>). Until stop 37 the gates kept <c>ForceReconnect()</c>, so the
/// holder declined (<c>BuiltOnEveryOpen</c>; factory <c>OpenFailureHandledDifferently</c>), and without them the unread
/// <c>State</c> property declined (<c>ConnectionStateObserved</c>). The gates now go with the handler, and so do the
/// reconnect method and the state property once nothing else names them.
/// </summary>
public class ReconnectGateFixTests
{
    /// <summary>
    /// GuyInGrey/Forseti@HEAD ForsetiFramework/Modules/Database.cs (fresh35, as it is but for the configured string) and
    /// ForsetiFramework/Extensions.cs (<c>NonQuery</c>, as it is).
    /// </summary>
    [Fact]
    public Task State_gated_reconnect_calls_go_with_the_handler_and_the_reconnect_method() => Verify.VerifyAsync("""
        using System;
        using System.Data;
        using MySql.Data.MySqlClient;

        public static class Database
        {
            public static MySqlConnection {|SC0001:Connection|};
            public static ConnectionState State => Connection.State;

            public static void Init() { }
            static Database()
            {
                Connection = new MySqlConnection(Environment.GetEnvironmentVariable("FORSETI_DB"));
                Connection.StateChange += Connection_StateChange;
                try { Connection.Open(); }
                catch (Exception e) { Console.WriteLine(e); return; }
            }

            private static void Connection_StateChange(object sender, StateChangeEventArgs e)
            {
                if (e.CurrentState == ConnectionState.Closed || e.CurrentState == ConnectionState.Broken)
                {
                    ForceReconnect();
                }
            }

            public static void ForceReconnect()
            {
                Console.WriteLine("Database Reconnect");

                if (Connection.State == ConnectionState.Open || Connection.State == ConnectionState.Executing || Connection.State == ConnectionState.Fetching)
                {
                    try
                    {
                        Connection.Close();
                    } catch { }
                }
                Connection.Dispose();
                Connection = new MySqlConnection(Environment.GetEnvironmentVariable("FORSETI_DB"));
                try { Connection.Open(); }
                catch (Exception ex) { Console.WriteLine(ex); return; }
            }
        }

        public static class Extensions
        {
            public static int NonQuery(this string s, params object[] param)
            {
                if (s is null || s.Trim() == "") { return -1; }
                if (Database.State == System.Data.ConnectionState.Closed || Database.State == System.Data.ConnectionState.Broken)
                { Database.ForceReconnect(); }

                try
                {
                    var cmd = new MySqlCommand(s, Database.Connection);
                    var i = 0;
                    foreach (var p in param)
                    {
                        cmd.Parameters.AddWithValue($"@p{i}", p);
                        i++;
                    }

                    return cmd.ExecuteNonQuery();
                }
                catch { return -3; }
            }
        }
        """, """
        using System;
        using System.Data;
        using MySql.Data.MySqlClient;

        public static class Database
        {
            public static MySqlConnection OpenConnection()
            {
                var connection = new MySqlConnection(Environment.GetEnvironmentVariable("FORSETI_DB"));
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

            public static void Init() { }
            static Database()
            {
                try { OpenConnection().Dispose(); }
                catch (Exception e) { Console.WriteLine(e); return; }
            }
        }

        public static class Extensions
        {
            public static int NonQuery(this string s, params object[] param)
            {
                if (s is null || s.Trim() == "") { return -1; }

                try
                {
                    using var connection = Database.OpenConnection();
                    var cmd = new MySqlCommand(s, connection);
                    var i = 0;
                    foreach (var p in param)
                    {
                        cmd.Parameters.AddWithValue($"@p{i}", p);
                        i++;
                    }

                    return cmd.ExecuteNonQuery();
                }
                catch { return -3; }
            }
        }
        """);
}
