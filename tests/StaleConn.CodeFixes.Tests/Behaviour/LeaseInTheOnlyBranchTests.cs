using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Behaviour;

/// <summary>
/// An event handler that dispatches on the event's name and uses the connection in one branch only: the unit's
/// connection (a pooled one per use, or the guard's lease) is taken inside that branch. Before, it was taken before the
/// <c>if</c>, so every other event — most of them, on a game server's <c>onClientEventTrigger</c> — opened a connection
/// (or waited for the lease) it never used, and failed when the database was down where the old handler did nothing.
/// </summary>
/// <remarks>
/// MypowerHD/GT-MP-Reallife-RPG-Script@ae86fef80e8d: resources/TerraTex-RL-RPG/Lib/User/StartUp/PlayerConnection.cs,
/// PlayerLogin.cs and PlayerRegister.cs (<c>API.onClientEventTrigger += OnClientEvent;</c>, then
/// <c>if (eventName.Equals("onClientStartLogin")) { MySqlCommand c = TTRPG.Mysql.Conn.CreateCommand(); ... }</c>); holder
/// in minimal form (a static accessor instead of the resource's <c>Database</c> instance).
/// </remarks>
public class LeaseInTheOnlyBranchTests
{
    private const string Holder = """
        public static class Db
        {
            private static MySqlConnection {|SC0001:_conn|};

            public static MySqlConnection Conn
            {
                get
                {
                    if (_conn == null)
                    {
                        _conn = new MySqlConnection("server=db;uid=rp;pwd=secret;database=rp");
                        _conn.Open();
                    }

                    return _conn;
                }
            }
        }
        """;

    private const string FixedHolder = """
        public static class Db
        {
            public static MySqlConnection Conn
            {
                get
                {
                    var connection = new MySqlConnection("server=db;uid=rp;pwd=secret;database=rp");
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
        }
        """;

    [Fact]
    public Task The_connection_is_taken_in_the_branch_that_uses_it() => Verify.VerifyAsync(
        """
        using System;
        using MySql.Data.MySqlClient;

        public class PlayerLogin
        {
            public PlayerLogin(Action<string, string> subscribe) => Events.ClientEvent += OnClientEvent;

            public void OnClientEvent(string player, string eventName)
            {
                if (eventName.Equals("onClientStartLogin"))
                {
                    MySqlCommand updateUser = Db.Conn.CreateCommand();
                    updateUser.CommandText = "UPDATE user SET Last_Login = current_timestamp() WHERE Nickname = @nickname";
                    updateUser.Parameters.AddWithValue("@nickname", player);
                    updateUser.ExecuteNonQuery();
                }
            }
        }

        public static class Events
        {
            public static event Action<string, string> ClientEvent;
        }

        """ + Holder,
        """
        using System;
        using MySql.Data.MySqlClient;

        public class PlayerLogin
        {
            public PlayerLogin(Action<string, string> subscribe) => Events.ClientEvent += OnClientEvent;

            public void OnClientEvent(string player, string eventName)
            {
                if (eventName.Equals("onClientStartLogin"))
                {
                    using var connection = Db.Conn;
                    MySqlCommand updateUser = connection.CreateCommand();
                    updateUser.CommandText = "UPDATE user SET Last_Login = current_timestamp() WHERE Nickname = @nickname";
                    updateUser.Parameters.AddWithValue("@nickname", player);
                    updateUser.ExecuteNonQuery();
                }
            }
        }

        public static class Events
        {
            public static event Action<string, string> ClientEvent;
        }

        """ + FixedHolder);

    [Fact]
    public Task A_command_read_after_the_if_keeps_the_connection_before_it() => Verify.VerifyAsync(
        """
        using System;
        using MySql.Data.MySqlClient;

        public class PlayerLogin
        {
            public PlayerLogin(Action<string, string> subscribe) => Events.ClientEvent += OnClientEvent;

            public void OnClientEvent(string player, string eventName)
            {
                MySqlCommand updateUser = null;
                if (eventName.Equals("onClientStartLogin"))
                {
                    updateUser = Db.Conn.CreateCommand();
                    updateUser.CommandText = "UPDATE user SET Last_Login = current_timestamp()";
                }

                updateUser?.ExecuteNonQuery();
            }
        }

        public static class Events
        {
            public static event Action<string, string> ClientEvent;
        }

        """ + Holder,
        """
        using System;
        using MySql.Data.MySqlClient;

        public class PlayerLogin
        {
            public PlayerLogin(Action<string, string> subscribe) => Events.ClientEvent += OnClientEvent;

            public void OnClientEvent(string player, string eventName)
            {
                MySqlCommand updateUser = null;
                using var connection = Db.Conn;
                if (eventName.Equals("onClientStartLogin"))
                {
                    updateUser = connection.CreateCommand();
                    updateUser.CommandText = "UPDATE user SET Last_Login = current_timestamp()";
                }

                updateUser?.ExecuteNonQuery();
            }
        }

        public static class Events
        {
            public static event Action<string, string> ClientEvent;
        }

        """ + FixedHolder);
}
