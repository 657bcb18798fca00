using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// ASP.NET MVC repositories keep the command and the reader in fields and build the command again in every method as
/// the resource of a <c>using</c> statement over the shared static connection: <c>using (cmd = new
/// MySqlCommand(sql, Conexao.conexao)) { conn.abrirConexao(); ... dr = cmd.ExecuteReader(); ... }</c>. No method reads
/// the command outside the <c>using</c> that built it, so the command never outlives its method and the method's own
/// connection can stand in for the shared one.
/// </summary>
public class RebuiltInUsingCommandFixTests
{
    /// <summary>
    /// jhonathanhenrique/Prof-Enildo@b25f128bc03e: TCM/HeyBus-master/HeyBus/Connection/Conexao.cs (the static
    /// <c>conexao</c>, <c>abrirConexao()</c> opening it when closed) and Repository/RepositoryCliente.cs
    /// (<c>Login_Cliente</c>: the reader closed in <c>finally</c>; <c>RetornaNome</c>), written with SqlClient. The
    /// <c>finally</c> closes the reader this call built — after the method's connection ended, which closed it already.
    /// <c>abrirConexao()</c> swallowed a failed open (<c>catch (Exception) { return false; }</c>, its value unread): the
    /// factory does too and hands the connection out unopened, so the command fails as it did (SwallowedOpenFailureFixTests).
    /// </summary>
    [Fact]
    public Task A_command_field_rebuilt_as_a_using_resource_is_built_over_the_methods_own_connection() => Verify.VerifyAsync(
        """
        using System;
        using System.Data;
        using System.Data.SqlClient;

        public class Conexao
        {
            public static SqlConnection {|SC0001:conexao|} = new SqlConnection("Data Source=db;Initial Catalog=HeyBus;Integrated Security=True");

            public bool abrirConexao()
            {
                try
                {
                    if (conexao.State == ConnectionState.Closed)
                    {
                        conexao.Open();
                    }
                    return true;
                }
                catch (Exception)
                {
                    return false;
                }
            }
        }

        public class RepositoryCliente
        {
            SqlCommand cmd;
            SqlDataReader dr;
            Conexao conn = new Conexao();

            public bool Login_Cliente(string usuario)
            {
                try
                {
                    using (cmd = new SqlCommand("SP_Login_Cliente", Conexao.conexao))
                    {
                        conn.abrirConexao();
                        cmd.CommandType = CommandType.StoredProcedure;
                        cmd.Parameters.AddWithValue("@usuario", usuario);
                        dr = cmd.ExecuteReader();
                        if (dr.Read())
                        {
                            return true;
                        }
                        else
                        {
                            return false;
                        }
                    }
                }
                finally
                {
                    dr.Close();
                }
            }

            public string RetornaNome(string usuario)
            {
                string nome = "";
                using (cmd = new SqlCommand("Select * from cliente where usuario_Cliente = @usuario", Conexao.conexao))
                {
                    conn.abrirConexao();
                    cmd.Parameters.AddWithValue("@usuario", usuario);
                    dr = cmd.ExecuteReader();
                    while (dr.Read())
                    {
                        nome = dr["nome_Cliente"].ToString();
                    }
                    dr.Close();
                }
                return nome;
            }
        }
        """,
        """
        using System;
        using System.Data;
        using System.Data.SqlClient;

        public class Conexao
        {
            public static SqlConnection OpenConexao()
            {
                var connection = new SqlConnection("Data Source=db;Initial Catalog=HeyBus;Integrated Security=True");
                try
                {
                    connection.Open();
                }
                catch (Exception)
                {
                }

                return connection;
            }
        }

        public class RepositoryCliente
        {
            SqlCommand cmd;
            SqlDataReader dr;
            Conexao conn = new Conexao();

            public bool Login_Cliente(string usuario)
            {
                using var connection = Conexao.OpenConexao();
                try
                {
                    using (cmd = new SqlCommand("SP_Login_Cliente", connection))
                    {
                        cmd.CommandType = CommandType.StoredProcedure;
                        cmd.Parameters.AddWithValue("@usuario", usuario);
                        dr = cmd.ExecuteReader();
                        if (dr.Read())
                        {
                            return true;
                        }
                        else
                        {
                            return false;
                        }
                    }
                }
                finally
                {
                    dr.Close();
                }
            }

            public string RetornaNome(string usuario)
            {
                string nome = "";
                using (var connection = Conexao.OpenConexao())
                {
                    using (cmd = new SqlCommand("Select * from cliente where usuario_Cliente = @usuario", connection))
                    {
                        cmd.Parameters.AddWithValue("@usuario", usuario);
                        dr = cmd.ExecuteReader();
                        while (dr.Read())
                        {
                            nome = dr["nome_Cliente"].ToString();
                        }
                        dr.Close();
                    }
                }
                return nome;
            }
        }
        """);

    /// <summary>
    /// A static helper that reads the reader it kept after the <c>using</c> that built the command ended (<c>using (cmd
    /// = new SqlCommand(q, con)) { ... sdr = cmd.ExecuteReader(); ... } sdr.Close(); con.Close();</c>), outside any
    /// <c>finally</c>: the read is not inside the scope that built it, so the rule for rebuilt objects does not hold
    /// and no fix is offered (<c>ConnectionHandedToStoredObject</c>). Shape of a public ASP.NET <c>DBHelper</c>'s
    /// <c>IsExist</c> (found with find_string "using (cmd = new SqlCommand("), written small.
    /// </summary>
    [Fact]
    public Task A_reader_field_read_after_the_using_that_built_it_gets_no_fix() => Verify.VerifyNoFixAsync(
        """
        using System.Data.SqlClient;

        public class DBHelper
        {
            public static SqlCommand cmd;
            public static SqlDataReader sdr;
            public static SqlConnection {|SC0001:con|} = new SqlConnection("Data Source=db;Initial Catalog=Crm;Integrated Security=True");

            public static bool IsExist(string query)
            {
                bool check = false;
                using (cmd = new SqlCommand(query, con))
                {
                    con.Open();
                    sdr = cmd.ExecuteReader();
                    if (sdr.HasRows)
                        check = true;
                }
                sdr.Close();
                con.Close();
                return check;
            }
        }
        """);

    /// <summary>
    /// A <c>finally</c> that checks the kept reader for null before closing it (<c>if (dr != null) dr.Close();</c>)
    /// only lets go of it, as a bare <c>dr.Close();</c> does: the method gets its own connection, which the
    /// <c>finally</c> still finds open (stop 30: declined before; Frank-Develops/C-Appointment-Management-System-C969's
    /// appointments.cs has this <c>finally</c>). The repository is jhonathanhenrique/Prof-Enildo@b25f128bc03e's
    /// (Repository/RepositoryFuncionario.cs), with the check added.
    /// </summary>
    [Fact]
    public Task A_finally_that_checks_the_kept_reader_for_null_before_closing_it_gets_a_connection_per_call() => Verify.VerifyAsync(
        """
        using System.Data.SqlClient;

        public class Conexao
        {
            public static SqlConnection {|SC0001:conexao|} = new SqlConnection("Data Source=db;Initial Catalog=HeyBus;Integrated Security=True");
        }

        public class RepositoryFuncionario
        {
            SqlCommand cmd;
            SqlDataReader dr;

            public bool Efetuar_Acesso(string login)
            {
                try
                {
                    using (cmd = new SqlCommand("SP_Efetuar_Acesso", Conexao.conexao))
                    {
                        Conexao.conexao.Open();
                        cmd.Parameters.AddWithValue("@login", login);
                        dr = cmd.ExecuteReader();
                        return dr.Read();
                    }
                }
                finally
                {
                    if (dr != null)
                    {
                        dr.Close();
                    }
                }
            }
        }
        """,
        """
        using System.Data.SqlClient;

        public class Conexao
        {
            public static SqlConnection OpenConexao()
            {
                var connection = new SqlConnection("Data Source=db;Initial Catalog=HeyBus;Integrated Security=True");
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

        public class RepositoryFuncionario
        {
            SqlCommand cmd;
            SqlDataReader dr;

            public bool Efetuar_Acesso(string login)
            {
                using var connection = Conexao.OpenConexao();
                try
                {
                    using (cmd = new SqlCommand("SP_Efetuar_Acesso", connection))
                    {
                        cmd.Parameters.AddWithValue("@login", login);
                        dr = cmd.ExecuteReader();
                        return dr.Read();
                    }
                }
                finally
                {
                    if (dr != null)
                    {
                        dr.Close();
                    }
                }
            }
        }
        """);
}
