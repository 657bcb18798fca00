namespace StaleConn.CodeFixes.Tests.Corpus;

/// <summary>
/// The projetoscti school template's static DAL (stop 31): the connection is built empty and given the same string right
/// before each open, <c>if (cn.State != ConnectionState.Open) { cn.ConnectionString = stringConexao; cn.Open(); }</c>.
/// find_string <c>cn.ConnectionString = stringConexao;</c> finds it in Edusu123/teste-concilig, a ProjetoVerkoop, a
/// projetoscti9 and a Projeto-Livro DAL, and Symphony's ConexaoBanco (the index names only the first repository).
/// Written on MySqlConnector (they use Npgsql), the callers in minimal form.
/// </summary>
internal static partial class HolderShapes
{
    public static IReadOnlyList<HolderShape> StringsBeforeOpens { get; } = StringsBeforeOpensHolders().ToList();

    private static IEnumerable<HolderShape> StringsBeforeOpensHolders()
    {
        yield return new HolderShape(
            "Static DAL builds its connection empty on first connect and sets the same string before each open",
            "Edusu123/teste-concilig (apps30): Teste.Model/ConexaoBanco.cs, Teste.Model/Servico.cs (callers in minimal form)",
            new[]
            {
                """
                using System;
                using System.Data;
                using MySqlConnector;

                namespace Teste.Model.Suporte
                {
                    public class ConexaoBanco
                    {
                        static string stringConexao = "Server = localhost; Database = testeConcilig; User ID = root";

                        static MySqlConnection cn;

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

                        public static MySqlDataReader selecionar(string sql)
                        {
                            try
                            {
                                conectar();
                                MySqlCommand cmd = new MySqlCommand(sql, cn);
                                return cmd.ExecuteReader(CommandBehavior.CloseConnection);
                            }
                            catch (MySqlException ex)
                            {
                                desconectar();
                                throw new ApplicationException(ex.Message);
                            }
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
                }
                """,
                """
                using System.Collections.Generic;
                using MySqlConnector;
                using Teste.Model.Suporte;

                namespace Teste.Model
                {
                    public static class Servico
                    {
                        public static void Excluir(int id) => ConexaoBanco.executar("DELETE FROM contratos WHERE id = " + id);

                        public static List<string> Nomes()
                        {
                            var nomes = new List<string>();
                            MySqlDataReader dtr = ConexaoBanco.selecionar("SELECT nome FROM funcionarios");
                            while (dtr.Read())
                            {
                                nomes.Add(dtr.GetString(0));
                            }
                            dtr.Close();
                            return nomes;
                        }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "Static DAL's connection built empty in its initializer, the same string set before each open",
            "Symphony's ConexaoBanco (found with find_string; the index does not name its repository), without its second Conectar overload, which rewrites the string field and is declined",
            new[]
            {
                """
                using System;
                using System.Data;
                using MySqlConnector;

                namespace Symphony
                {
                    public static class ConexaoBanco
                    {
                        static string stringConexao = "Server = 127.0.0.1;" + "Port = 3306;" + "Database = Symphony;";

                        static MySqlConnection cn = new MySqlConnection();

                        public static void Conectar()
                        {
                            try
                            {
                                if (cn.State != ConnectionState.Open)
                                {
                                    cn.ConnectionString = stringConexao;
                                    cn.Open();
                                }
                            }
                            catch (MySqlException ex)
                            {
                                throw new ApplicationException(ex.Message);
                            }
                        }

                        public static void Desconectar()
                        {
                            cn.Close();
                        }

                        public static void Executar(string sql)
                        {
                            try
                            {
                                Conectar();
                                MySqlCommand cmd = new MySqlCommand(sql, cn);
                                cmd.ExecuteNonQuery();
                                Desconectar();
                            }
                            catch (MySqlException ex)
                            {
                                Desconectar();
                                throw new ApplicationException(ex.Message);
                            }
                        }

                        public static DataTable SelecionarDataTable(string sql)
                        {
                            try
                            {
                                Conectar();
                                DataTable dt = new DataTable();
                                MySqlCommand cmd = new MySqlCommand(sql, cn);
                                MySqlDataAdapter da = new MySqlDataAdapter(cmd);
                                da.Fill(dt);
                                Desconectar();
                                return dt;
                            }
                            catch (MySqlException ex)
                            {
                                Desconectar();
                                throw new ApplicationException(ex.Message);
                            }
                        }
                    }
                }
                """,
            });
    }
}
