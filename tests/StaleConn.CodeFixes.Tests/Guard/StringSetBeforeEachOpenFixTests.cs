using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// A connection built empty whose every open comes right after setting the same string:
/// <c>if (cn.State != ConnectionState.Open) { cn.ConnectionString = stringConexao; cn.Open(); }</c>. Every connection
/// the old code opened had that string, so the guard's factory builds each one with it. Where the factory could not
/// read the same value, or an open comes without the setting, the finding keeps its <c>ConnectionStringSetApart</c>.
/// </summary>
public class StringSetBeforeEachOpenFixTests
{
    private const string GuardKey = GuardWithConnectionGuardCodeFixProvider.EquivalenceKey;

    /// <summary>
    /// Edusu123/teste-concilig (apps30), Teste.Model/ConexaoBanco.cs; the same class from the projetoscti school
    /// template in other repositories (ProjetoVerkoop's ConexaoBanco.cs, a projetoscti9 DAL).
    /// </summary>
    [Fact]
    public Task A_static_string_set_before_each_open_goes_into_the_factory() => Verify.VerifyAsync("""
        using System;
        using System.Data;
        using MySqlConnector;

        public class ConexaoBanco
        {
            static string stringConexao = "Server=localhost;Database=teste";

            static MySqlConnection {|SC0001:cn|};

            public static void conectar()
            {
                if (cn == null)
                {
                    cn = new MySqlConnection();
                }
                try
                {
                    if (cn.State != ConnectionState.Open)
                    {
                        cn.ConnectionString = stringConexao;
                        cn.Open();
                    }
                }
                catch (MySqlException err)
                {
                    throw new ApplicationException(err.Message);
                }
            }

            public static void desconectar()
            {
                cn.Close();
                cn.Dispose();
                cn = null;
            }

            public static void executar(string sql)
            {
                try
                {
                    conectar();
                    MySqlCommand cmd = new MySqlCommand(sql, cn);
                    cmd.ExecuteNonQuery();
                }
                catch (MySqlException ex)
                {
                    throw new ApplicationException(ex.Message);
                }
                finally
                {
                    desconectar();
                }
            }
        }
        """, """
        using System;
        using System.Data;
        using MySqlConnector;
        using StaleConn;

        public class ConexaoBanco
        {
            static string stringConexao = "Server=localhost;Database=teste";

            static ConnectionGuard<MySqlConnection> cn;

            public static void conectar()
            {
                if (cn == null)
                {
                    cn = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection() { ConnectionString = stringConexao });
                }
                try
                {
                }
                catch (MySqlException err)
                {
                    throw new ApplicationException(err.Message);
                }
            }

            public static void desconectar()
            {
                cn.Close();
                cn.Dispose();
                cn = null;
            }

            public static void executar(string sql)
            {
                try
                {
                    conectar();
                    using var lease = cn.Acquire();
                    MySqlCommand cmd = new MySqlCommand(sql, lease.Connection);
                    cmd.ExecuteNonQuery();
                }
                catch (MySqlException ex)
                {
                    throw new ApplicationException(ex.Message);
                }
                finally
                {
                    desconectar();
                }
            }
        }
        """, equivalenceKey: GuardKey);

    /// <summary>
    /// The same DAL whose unit is a <c>try</c>/<c>finally</c> (found by running the fixed code against MariaDB,
    /// GuardFixAgainstMariaDbTests): the lease goes inside the <c>try</c>, after <c>conectar()</c> has built the guard;
    /// around the whole <c>try</c> it would acquire from a guard that does not exist yet.
    /// </summary>
    [Fact]
    public Task A_lease_in_a_try_finally_starts_after_the_call_that_builds_the_guard() => Verify.VerifyAsync("""
        using System;
        using System.Data;
        using MySqlConnector;

        public static class ConexaoBanco
        {
            static readonly string stringConexao = "Server=localhost;Database=teste";

            static MySqlConnection {|SC0001:cn|};

            public static void conectar()
            {
                if (cn == null)
                {
                    cn = new MySqlConnection();
                }
                if (cn.State != ConnectionState.Open)
                {
                    cn.ConnectionString = stringConexao;
                    cn.Open();
                }
            }

            public static void desconectar()
            {
                cn.Close();
                cn.Dispose();
                cn = null;
            }

            public static long contar(string sql)
            {
                try
                {
                    conectar();
                    using var cmd = new MySqlCommand(sql, cn);
                    return Convert.ToInt64(cmd.ExecuteScalar());
                }
                finally
                {
                    desconectar();
                }
            }
        }
        """, """
        using System;
        using System.Data;
        using MySqlConnector;
        using StaleConn;

        public static class ConexaoBanco
        {
            static readonly string stringConexao = "Server=localhost;Database=teste";

            static ConnectionGuard<MySqlConnection> cn;

            public static void conectar()
            {
                if (cn == null)
                {
                    cn = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection() { ConnectionString = stringConexao });
                }
            }

            public static void desconectar()
            {
                cn.Close();
                cn.Dispose();
                cn = null;
            }

            public static long contar(string sql)
            {
                try
                {
                    conectar();
                    using var lease = cn.Acquire();
                    using var cmd = new MySqlCommand(sql, lease.Connection);
                    return Convert.ToInt64(cmd.ExecuteScalar());
                }
                finally
                {
                    desconectar();
                }
            }
        }
        """, equivalenceKey: GuardKey);

    /// <summary>
    /// A field built empty in its initializer, the string read from another class's settings before each open (the
    /// <c>Properties.Settings.Default.Cadena</c> of WinForms DALs such as nicolasTovar/WORKSHOP2's ConexionBaseDatos).
    /// </summary>
    [Fact]
    public Task A_string_from_another_class_set_before_each_open_goes_into_the_initializer() => Verify.VerifyAsync("""
        using System.Data;
        using MySqlConnector;

        public static class Settings
        {
            public static string Cadena => "Server=db";
        }

        public static class Conexion
        {
            private static readonly MySqlConnection {|SC0001:cnn|} = new MySqlConnection();

            public static void Conectar()
            {
                if (cnn.State == ConnectionState.Closed)
                {
                    cnn.ConnectionString = Settings.Cadena;
                    cnn.Open();
                }
            }

            public static long Contar()
            {
                Conectar();
                using var command = new MySqlCommand("SELECT COUNT(*) FROM alunos", cnn);
                return (long)command.ExecuteScalar()!;
            }
        }
        """, """
        using System.Data;
        using MySqlConnector;
        using StaleConn;

        public static class Settings
        {
            public static string Cadena => "Server=db";
        }

        public static class Conexion
        {
            private static readonly ConnectionGuard<MySqlConnection> cnn = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection() { ConnectionString = Settings.Cadena });

            public static void Conectar()
            {
            }

            public static long Contar()
            {
                Conectar();
                using var lease = cnn.Acquire();
                using var command = new MySqlCommand("SELECT COUNT(*) FROM alunos", lease.Connection);
                return (long)command.ExecuteScalar()!;
            }
        }
        """, equivalenceKey: GuardKey);

    /// <summary>
    /// An open with no setting before it may have opened with another string (or none): no guard. The string is set only
    /// from a field nothing else writes, so the per-use factory (rand31's empty-member shape) builds with it instead.
    /// </summary>
    [Fact]
    public Task An_open_without_the_setting_before_it_gets_the_per_use_factory_not_a_guard() => Verify.VerifyAsync(OpenWithoutSettingSource, """
        using System.Data;
        using MySqlConnector;

        public static class Conexion
        {
            static string cadena = "Server=db";
            private static MySqlConnection OpenCnn()
            {
                var connection = new MySqlConnection(cadena);
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

            public static long Contar()
            {
                using var connection = OpenCnn();
                using var command = new MySqlCommand("SELECT COUNT(*) FROM alunos", connection);
                return (long)command.ExecuteScalar()!;
            }
        }
        """);

    [Fact]
    public Task An_open_without_the_setting_before_it_offers_no_guard() => Verify.VerifyAsync(OpenWithoutSettingSource, OpenWithoutSettingSource, equivalenceKey: GuardKey);

    private const string OpenWithoutSettingSource = """
        using System.Data;
        using MySqlConnector;

        public static class Conexion
        {
            static string cadena = "Server=db";
            private static readonly MySqlConnection {|SC0001:cnn|} = new MySqlConnection();

            public static void Conectar()
            {
                if (cnn.State == ConnectionState.Closed)
                {
                    cnn.ConnectionString = cadena;
                    cnn.Open();
                }
            }

            public static void Reabrir()
            {
                cnn.Close();
                cnn.Open();
            }

            public static long Contar()
            {
                using var command = new MySqlCommand("SELECT COUNT(*) FROM alunos", cnn);
                return (long)command.ExecuteScalar()!;
            }
        }
        """;

    /// <summary>Two settings of different strings: which one a replacement should get is not known.</summary>
    [Fact]
    public Task Different_strings_set_before_opens_keep_the_finding_without_a_guard() => Verify.VerifyNoFixAsync("""
        using MySqlConnector;

        public static class Conexion
        {
            static string leitura = "Server=replica";
            static string escrita = "Server=primary";
            private static readonly MySqlConnection {|SC0001:cnn|} = new MySqlConnection();

            public static void ConectarLeitura()
            {
                cnn.ConnectionString = leitura;
                cnn.Open();
            }

            public static void ConectarEscrita()
            {
                cnn.ConnectionString = escrita;
                cnn.Open();
            }

            public static long Contar()
            {
                using var command = new MySqlCommand("SELECT COUNT(*) FROM alunos", cnn);
                return (long)command.ExecuteScalar()!;
            }
        }
        """);

    /// <summary>
    /// The form's string is an instance field (the projetoscti template's <c>frmPesquisar</c>): a static field's
    /// initializer cannot read it, so the guard's factory could not either.
    /// </summary>
    [Fact]
    public Task An_instance_string_a_static_initializer_cannot_read_keeps_the_finding_without_a_guard() => Verify.VerifyNoFixAsync("""
        using System.Data;
        using MySqlConnector;

        public class Pesquisa
        {
            private static MySqlConnection {|SC0001:cn|} = new MySqlConnection();
            private string conexao = "Server=db";

            private void Conectar()
            {
                if (cn.State != ConnectionState.Open)
                {
                    cn.ConnectionString = conexao;
                    cn.Open();
                }
            }

            public long Contar()
            {
                Conectar();
                using var command = new MySqlCommand("SELECT COUNT(*) FROM produtos", cn);
                return (long)command.ExecuteScalar()!;
            }
        }
        """);

    /// <summary>
    /// A static DAL from the projetoscti school template (Symphony's ConexaoBanco, found with find_string): an overload
    /// rewrites the string field before its own setting, so a guard keeping an open connection would miss the new string.
    /// </summary>
    [Fact]
    public Task A_string_field_written_elsewhere_keeps_the_finding_without_a_guard() => Verify.VerifyNoFixAsync("""
        using System.Data;
        using MySqlConnector;

        public static class ConexaoBanco
        {
            static string stringConexao = "Server=127.0.0.1;Database=Symphony";
            static MySqlConnection {|SC0001:cn|} = new MySqlConnection();

            public static void Conectar()
            {
                if (cn.State != ConnectionState.Open)
                {
                    cn.ConnectionString = stringConexao;
                    cn.Open();
                }
            }

            public static void Conectar(string server, string database)
            {
                stringConexao = "Server=" + server + ";Database=" + database;
                if (cn.State != ConnectionState.Open)
                {
                    cn.ConnectionString = stringConexao;
                    cn.Open();
                }
            }

            public static void Executar(string sql)
            {
                Conectar();
                var cmd = new MySqlCommand(sql, cn);
                cmd.ExecuteNonQuery();
                cn.Close();
            }
        }
        """);

    /// <summary>
    /// Symphony's overload again, writing the string field through a <c>ref</c> local: a write all the same, so neither
    /// the guard nor the factory takes the field as the string of every open.
    /// </summary>
    [Fact]
    public Task A_string_field_written_through_a_ref_local_keeps_the_finding() => Verify.VerifyNoFixAsync("""
        using System.Data;
        using MySqlConnector;

        public static class ConexaoBanco
        {
            static string stringConexao = "Server=127.0.0.1;Database=Symphony";
            static MySqlConnection {|SC0001:cn|} = new MySqlConnection();

            public static void Conectar()
            {
                if (cn.State != ConnectionState.Open)
                {
                    cn.ConnectionString = stringConexao;
                    cn.Open();
                }
            }

            public static void Apontar(string server, string database)
            {
                ref string atual = ref stringConexao;
                atual = "Server=" + server + ";Database=" + database;
            }

            public static void Executar(string sql)
            {
                Conectar();
                var cmd = new MySqlCommand(sql, cn);
                cmd.ExecuteNonQuery();
                cn.Close();
            }
        }
        """);

    /// <summary>
    /// At the construction a parameter hides the field the string is read from: a guard built there would read the
    /// parameter, so no guard. The per-use factory reads the field where it stands, so it comes first.
    /// </summary>
    [Fact]
    public Task A_string_whose_name_is_hidden_at_the_construction_gets_the_per_use_factory_not_a_guard() => Verify.VerifyAsync(HiddenNameSource, """
        using System.Data;
        using MySqlConnector;

        public static class Conexion
        {
            static string cadena = "Server=db";
            static MySqlConnection OpenCnn()
            {
                var connection = new MySqlConnection(cadena);
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

            public static void Criar(string cadena)
            {
            }

            public static long Contar()
            {
                using var connection = OpenCnn();
                using var command = new MySqlCommand("SELECT COUNT(*) FROM alunos", connection);
                return (long)command.ExecuteScalar()!;
            }
        }
        """);

    [Fact]
    public Task A_string_whose_name_is_hidden_at_the_construction_offers_no_guard() => Verify.VerifyAsync(HiddenNameSource, HiddenNameSource, equivalenceKey: GuardKey);

    private const string HiddenNameSource = """
        using System.Data;
        using MySqlConnector;

        public static class Conexion
        {
            static string cadena = "Server=db";
            static MySqlConnection {|SC0001:cnn|};

            public static void Criar(string cadena)
            {
                cnn = new MySqlConnection();
            }

            public static void Conectar()
            {
                if (cnn.State == ConnectionState.Closed)
                {
                    cnn.ConnectionString = cadena;
                    cnn.Open();
                }
            }

            public static long Contar()
            {
                using var command = new MySqlCommand("SELECT COUNT(*) FROM alunos", cnn);
                return (long)command.ExecuteScalar()!;
            }
        }
        """;
}
