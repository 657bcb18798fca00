using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.HeldByLongLivedOwnerAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>SC0007's fix guards the holder's connection member; the owner that keeps the holder is left as it is.</summary>
public class SC0007GuardFixTests
{
    [Fact]
    public Task Database_kept_by_a_bot_guards_its_connection_and_leaves_the_bot_alone() => Verify.VerifyAsync("""
        using MySqlConnector;

        public class Database
        {
            private readonly MySqlConnection {|SC0007:_connection|};

            public Database(string connectionString)
            {
                _connection = new MySqlConnection(connectionString);
                _connection.Open();
            }

            public void Log(string nick, string text)
            {
                using var command = new MySqlCommand("INSERT INTO log (nick, text) VALUES (@n, @t)", _connection);
                command.Parameters.AddWithValue("@n", nick);
                command.Parameters.AddWithValue("@t", text);
                command.ExecuteNonQuery();
            }
        }

        public class IrcBot
        {
            private readonly Database _db = new Database("Server=db");

            public void OnMessage(string nick, string text) => _db.Log(nick, text);
        }
        """, """
        using MySqlConnector;
        using StaleConn;

        public class Database
        {
            private readonly ConnectionGuard<MySqlConnection> _connection;

            public Database(string connectionString)
            {
                _connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection(connectionString));
            }

            public void Log(string nick, string text)
            {
                using var lease = _connection.Acquire();
                using var command = new MySqlCommand("INSERT INTO log (nick, text) VALUES (@n, @t)", lease.Connection);
                command.Parameters.AddWithValue("@n", nick);
                command.Parameters.AddWithValue("@t", text);
                command.ExecuteNonQuery();
            }
        }

        public class IrcBot
        {
            private readonly Database _db = new Database("Server=db");

            public void OnMessage(string nick, string text) => _db.Log(nick, text);
        }
        """);

    [Fact]
    public Task Sql_service_kept_by_a_windows_service_guards_its_connection() => Verify.VerifyAsync("""
        using MySql.Data.MySqlClient;

        namespace System.ServiceProcess
        {
            public class ServiceBase
            {
                protected virtual void OnStart(string[] args) { }
            }
        }

        namespace Legacy
        {
            public class SqlService
            {
                private MySqlConnection {|SC0007:conn|};

                public void Connect()
                {
                    conn = new MySqlConnection("Server=db");
                    conn.Open();
                }

                public int Pending()
                {
                    var command = new MySqlCommand("SELECT COUNT(*) FROM queue", conn);
                    return System.Convert.ToInt32(command.ExecuteScalar());
                }
            }

            public class SyncService : System.ServiceProcess.ServiceBase
            {
                private SqlService sql;

                protected override void OnStart(string[] args)
                {
                    sql = new SqlService();
                    sql.Connect();
                }
            }
        }
        """, """
        using MySql.Data.MySqlClient;
        using StaleConn;

        namespace System.ServiceProcess
        {
            public class ServiceBase
            {
                protected virtual void OnStart(string[] args) { }
            }
        }

        namespace Legacy
        {
            public class SqlService
            {
                private ConnectionGuard<MySqlConnection> conn;

                public void Connect()
                {
                    conn = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));
                }

                public int Pending()
                {
                    using var lease = conn.Acquire();
                    var command = new MySqlCommand("SELECT COUNT(*) FROM queue", lease.Connection);
                    return System.Convert.ToInt32(command.ExecuteScalar());
                }
            }

            public class SyncService : System.ServiceProcess.ServiceBase
            {
                private SqlService sql;

                protected override void OnStart(string[] args)
                {
                    sql = new SqlService();
                    sql.Connect();
                }
            }
        }
        """);

    [Fact]
    public Task Sessions_in_a_static_dictionary_guard_their_connection() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Dapper;
        using MySqlConnector;

        public class Session
        {
            private readonly MySqlConnection {|SC0007:_connection|};

            public Session(string connectionString)
            {
                _connection = new MySqlConnection(connectionString);
            }

            public Task<int> CountAsync() => _connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM players");
        }

        public static class Sessions
        {
            private static readonly Dictionary<string, Session> ByServer = new Dictionary<string, Session>();

            public static Session For(string server)
            {
                if (!ByServer.TryGetValue(server, out var session))
                {
                    session = new Session("Server=" + server);
                    ByServer[server] = session;
                }

                return session;
            }
        }
        """, """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Dapper;
        using MySqlConnector;
        using StaleConn;

        public class Session
        {
            private readonly ConnectionGuard<MySqlConnection> _connection;

            public Session(string connectionString)
            {
                _connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection(connectionString));
            }

            public async Task<int> CountAsync()
            {
                using var lease = await _connection.AcquireAsync();
                return await lease.Connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM players");
            }
        }

        public static class Sessions
        {
            private static readonly Dictionary<string, Session> ByServer = new Dictionary<string, Session>();

            public static Session For(string server)
            {
                if (!ByServer.TryGetValue(server, out var session))
                {
                    session = new Session("Server=" + server);
                    ByServer[server] = session;
                }

                return session;
            }
        }
        """);
}
