using Microsoft.CodeAnalysis.CSharp;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Behaviour;

/// <summary>
/// A <c>Connect()</c> that opens the held connection in a <c>try</c> and reports a failure from its <c>catch</c>
/// (<c>try { mysql.Open(); Console.WriteLine("connect succ"); return true; } catch (Exception e) { ...; return false; }</c>),
/// whose caller refuses to start without the database (<c>if (!DbManager.Connect(...)) return;</c>). Before, the guard fix
/// removed the <c>Open</c> like any other: <c>Connect</c> returned true and printed "connect succ" with the server down,
/// and the server started without its database. The open becomes one short lease (<c>mysql.Acquire().Dispose()</c>), so
/// the failure still meets the same <c>catch</c> at the same point, and the guard's connection is open afterwards, as the
/// held one was.
/// </summary>
/// <remarks>
/// Koroshiya71/Slay-the-Touhou-RE@4e0671581aa0: Server/Game/Game/script/db/DbManager.cs (<c>Connect</c>) and
/// Server/Game/Game/Program.cs (<c>if(!DbManager.Connect("game", ...)){ ... }</c>); the same shape in iris4865/H.A.S's
/// <c>MySqlAdapter.Connect</c> (wild30, the factory fix: not changed here).
/// </remarks>
public class HandledConnectFailureTests
{
    private const string GuardKey = "StaleConn.GuardWithConnectionGuard";

    [Fact]
    public Task A_handled_open_in_a_connect_method_becomes_a_short_lease() => Verify.VerifyAsync(
        """
        using System;
        using MySql.Data.MySqlClient;

        public class DbManager
        {
            public static MySqlConnection {|SC0001:mysql|};

            public static bool Connect(string db, string ip, int port, string user, string pw)
            {
                mysql = new MySqlConnection();
                string s = string.Format("Database={0};Data Source={1}; port={2};User Id={3}; Password={4}", db, ip, port, user, pw);
                mysql.ConnectionString = s;
                try
                {
                    mysql.Open();
                    Console.WriteLine("[db]connect succ ");
                    return true;
                }
                catch (Exception e)
                {
                    Console.WriteLine("[db]connect fail, " + e.Message);
                    return false;
                }
            }

            public static void Register(string id)
            {
                MySqlCommand cmd = new MySqlCommand("insert into account set id = @id", mysql);
                cmd.Parameters.AddWithValue("@id", id);
                cmd.ExecuteNonQuery();
            }
        }
        """,
        """
        using System;
        using MySql.Data.MySqlClient;
        using StaleConn;

        public class DbManager
        {
            public static ConnectionGuard<MySqlConnection> mysql;

            public static bool Connect(string db, string ip, int port, string user, string pw)
            {
                string s = string.Format("Database={0};Data Source={1}; port={2};User Id={3}; Password={4}", db, ip, port, user, pw);
                mysql = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection() { ConnectionString = s });
                try
                {
                    mysql.Acquire().Dispose();
                    Console.WriteLine("[db]connect succ ");
                    return true;
                }
                catch (Exception e)
                {
                    Console.WriteLine("[db]connect fail, " + e.Message);
                    return false;
                }
            }

            public static void Register(string id)
            {
                using var lease = mysql.Acquire();
                MySqlCommand cmd = new MySqlCommand("insert into account set id = @id", lease.Connection);
                cmd.Parameters.AddWithValue("@id", id);
                cmd.ExecuteNonQuery();
            }
        }
        """,
        LanguageVersion.Latest,
        GuardKey);

    /// <summary>
    /// A catch that only rethrows still ends <c>Connect()</c> at the open with the server down: the open stays a short
    /// lease there, rather than being removed and the failure moved to the first command after "connect succ" was printed.
    /// </summary>
    [Fact]
    public Task An_open_whose_catch_only_rethrows_still_connects_at_the_same_point() => Verify.VerifyAsync(
        """
        using System;
        using MySql.Data.MySqlClient;

        public class DbManager
        {
            public static MySqlConnection {|SC0001:mysql|};

            public static void Connect(string s)
            {
                mysql = new MySqlConnection(s);
                try
                {
                    mysql.Open();
                    Console.WriteLine("[db]connect succ ");
                }
                catch (Exception)
                {
                    throw;
                }
            }

            public static long Accounts() => (long)new MySqlCommand("select count(*) from account", mysql).ExecuteScalar();
        }
        """,
        """
        using System;
        using MySql.Data.MySqlClient;
        using StaleConn;

        public class DbManager
        {
            public static ConnectionGuard<MySqlConnection> mysql;

            public static void Connect(string s)
            {
                mysql = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection(s));
                try
                {
                    mysql.Acquire().Dispose();
                    Console.WriteLine("[db]connect succ ");
                }
                catch (Exception)
                {
                    throw;
                }
            }

            public static long Accounts()
            {
                using var lease = mysql.Acquire();
                return (long)new MySqlCommand("select count(*) from account", lease.Connection).ExecuteScalar();
            }
        }
        """,
        LanguageVersion.Latest,
        GuardKey);
}
