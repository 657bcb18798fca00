using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// WinForms forms keep one command in a field over no connection (<c>MySqlCommand komut = new MySqlCommand();</c>) and
/// bind it to the shared connection at the top of each handler (<c>komut.Connection = Connect.baglanti();</c>) before
/// they set its text and run it. The command keeps the connection only until the next handler binds it again, so when
/// every function that reads the field binds (or builds) it first, each handler takes its own connection for its
/// statements, binds the same command to it and disposes it after the command's last use; the command, its text and
/// its parameters stay the author's.
/// </summary>
public class ReboundStoredCommandFixTests
{
    /// <summary>
    /// kadirrbayar/CSharp-CanliRadyo-Muzik@2c7e3fb4dbda: MüzikUygulamasi/Connect.cs (a lazy static opened once),
    /// MüzikUygulamasi/AnaSayfa.cs (<c>AnaSayfa_Load</c>: <c>try { Connect.baglanti(); } catch (Exception err) { ... }</c>,
    /// then the field command bound and run; <c>button1_Click</c>: <c>Connect.kapat()</c>) and
    /// MüzikUygulamasi/radyoekle.cs (an insert through the same field command) — in minimal form, MySqlConnector for
    /// MySql.Data, a console line for the message box. The call made only to connect is kept as a check that opens a
    /// connection and gives it back, so a failure is still reported where it was.
    /// </summary>
    [Fact]
    public Task A_field_command_bound_at_the_top_of_each_handler_is_bound_to_the_handlers_own_connection() => Verify.VerifyAsync(
        """
        using System;
        using MySqlConnector;

        class Connect
        {
            private static MySqlConnection {|SC0001:sqlConnection|};

            public static MySqlConnection baglanti()
            {
                if (sqlConnection == null)
                {
                    sqlConnection = new MySqlConnection("server=localhost;user=root;database=radyo");
                    sqlConnection.Open();
                }
                return sqlConnection;
            }

            public static void kapat()
            {
                if (sqlConnection != null)
                {
                    sqlConnection.Close();
                }
            }
        }

        public class AnaSayfa
        {
            MySqlCommand komut = new MySqlCommand();
            MySqlDataReader okuma;
            public string Names = "";

            public void Load()
            {
                try
                {
                    Connect.baglanti();
                }
                catch (Exception err)
                {
                    Console.WriteLine("Hata! " + err.Message);
                }
                Names = "";
                komut.Connection = Connect.baglanti();
                komut.CommandText = "SELECT isim FROM radyolar";
                okuma = komut.ExecuteReader();
                while (okuma.Read())
                {
                    Names += okuma.GetString(0);
                }
                okuma.Close();
            }

            public void Add(string name)
            {
                komut.Connection = Connect.baglanti();
                komut.CommandText = "INSERT INTO radyolar(isim) VALUES(@isim)";
                komut.Parameters.AddWithValue("@isim", name);
                komut.ExecuteNonQuery();
            }

            public void Exit()
            {
                Connect.kapat();
            }
        }
        """,
        """
        using System;
        using MySqlConnector;

        class Connect
        {
            public static MySqlConnection baglanti()
            {
                var connection = new MySqlConnection("server=localhost;user=root;database=radyo");
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

        public class AnaSayfa
        {
            MySqlCommand komut = new MySqlCommand();
            MySqlDataReader okuma;
            public string Names = "";

            public void Load()
            {
                try
                {
                    Connect.baglanti().Dispose();
                }
                catch (Exception err)
                {
                    Console.WriteLine("Hata! " + err.Message);
                }
                Names = "";
                using var connection = Connect.baglanti();
                komut.Connection = connection;
                komut.CommandText = "SELECT isim FROM radyolar";
                okuma = komut.ExecuteReader();
                while (okuma.Read())
                {
                    Names += okuma.GetString(0);
                }
                okuma.Close();
            }

            public void Add(string name)
            {
                using var connection = Connect.baglanti();
                komut.Connection = connection;
                komut.CommandText = "INSERT INTO radyolar(isim) VALUES(@isim)";
                komut.Parameters.AddWithValue("@isim", name);
                komut.ExecuteNonQuery();
            }

            public void Exit()
            {
            }
        }
        """);

    /// <summary>
    /// Negative: one method binds the field command and another runs it (<c>Bind()</c>, then <c>Run()</c>): the command
    /// runs on a connection another method took, which a connection per method would have disposed — the store keeps
    /// its reason (<c>ConnectionStoredInMember</c>) and no fix is offered. Shape after
    /// kadirrbayar/CSharp-CanliRadyo-Muzik@2c7e3fb4dbda MüzikUygulamasi/AnaSayfa.cs, the split in our words.
    /// </summary>
    [Fact]
    public Task A_field_command_bound_in_one_method_and_run_in_another_gets_no_fix() => Verify.VerifyNoFixAsync(
        """
        using MySqlConnector;

        class Connect
        {
            private static MySqlConnection {|SC0001:sqlConnection|};

            public static MySqlConnection baglanti()
            {
                if (sqlConnection == null)
                {
                    sqlConnection = new MySqlConnection("server=localhost;user=root;database=radyo");
                    sqlConnection.Open();
                }
                return sqlConnection;
            }
        }

        public class Radyolar
        {
            MySqlCommand komut = new MySqlCommand();

            public void Bind()
            {
                komut.Connection = Connect.baglanti();
            }

            public int Run()
            {
                komut.CommandText = "DELETE FROM radyolar";
                return komut.ExecuteNonQuery();
            }
        }
        """);

    /// <summary>
    /// Negative: the field command is prepared (<c>komut.Prepare()</c>): a prepared statement lives on the server session
    /// it was prepared on, and disposing or rebinding it talks to the server — not the same statements; no fix.
    /// </summary>
    [Fact]
    public Task A_prepared_field_command_gets_no_fix() => Verify.VerifyNoFixAsync(
        """
        using MySqlConnector;

        class Connect
        {
            private static MySqlConnection {|SC0001:sqlConnection|};

            public static MySqlConnection baglanti()
            {
                if (sqlConnection == null)
                {
                    sqlConnection = new MySqlConnection("server=localhost;user=root;database=radyo");
                    sqlConnection.Open();
                }
                return sqlConnection;
            }
        }

        public class Radyolar
        {
            MySqlCommand komut = new MySqlCommand();

            public int Delete(int id)
            {
                komut.Connection = Connect.baglanti();
                komut.CommandText = "DELETE FROM radyolar WHERE id = @id";
                komut.Parameters.AddWithValue("@id", id);
                komut.Prepare();
                return komut.ExecuteNonQuery();
            }
        }
        """);
}
