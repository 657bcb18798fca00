namespace StaleConn.CodeFixes.Tests.Corpus;

/// <summary>
/// Stop 29's wild29 set: a lazy accessor whose catch around the open notes the failure in a field of its class for a
/// page to show and returns null (<c>catch (Exception e) { error = e.Message; return null; }</c>) — a Spanish-language
/// Web Forms course template (<c>Conexion.getConexion()</c> read by each page's <c>GestionDatos</c>).
/// </summary>
internal static partial class HolderShapes
{
    public static IReadOnlyList<HolderShape> FailureRecords { get; } = FailureRecordHolders().ToList();

    private static IEnumerable<HolderShape> FailureRecordHolders()
    {
        yield return new HolderShape(
            "Static accessor returning early when built, noting a failed open in a static string and returning null",
            "NataliaLagos/AppWeb1@4c3f157ab2f6: ConexionMysql.cs, GestionDatos.cs (one query of LeerTodos)",
            new[]
            {
                """
                using System;
                using MySql.Data.MySqlClient;

                namespace AppEmpleados
                {
                    public class ConexionMysql
                    {
                        private static MySqlConnection ObjetoConexion;
                        private static string error;

                        public static MySqlConnection GetConexion()
                        {
                            if (ObjetoConexion != null)
                                return ObjetoConexion;
                            ObjetoConexion = new MySqlConnection("Server=localhost; Database=sena; Uid=usersena; Pwd=sena2020;");
                            try
                            {
                                ObjetoConexion.Open();
                                return ObjetoConexion;
                            }
                            catch (Exception e)
                            {
                                error = e.Message;
                                return null;
                            }

                        }
                        public static void cerrarConexion()
                        {
                            if (ObjetoConexion != null)
                                ObjetoConexion.Close();
                        }
                    }
                }
                """,
                """
                using System.Collections.Generic;
                using MySql.Data.MySqlClient;

                namespace AppEmpleados
                {
                    public class GestionDatos
                    {
                        public MySqlConnection conexion;
                        public string error;
                        public GestionDatos()
                        {
                            this.conexion = ConexionMysql.GetConexion();

                        }
                        public List<string> LeerTodos()
                        {
                            List<string> codigos = new List<string>();
                            string sql = "select * from empleados;";
                            MySqlCommand cmd = new MySqlCommand(sql, conexion);
                            MySqlDataReader resultado = cmd.ExecuteReader();
                            while (resultado.Read())
                            {
                                codigos.Add(resultado.GetString(1));
                            }
                            resultado.Close();
                            return codigos;
                        }
                    }
                }
                """,
            },
            Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "The same template with a lower-case getConexion(), a page object that inserts and notes its own errors",
            "YonnierUni/InquiryOnline@aa6bf34e0c3c: IO/App_Code/Conexion.cs, IO/App_Code/GestionDatos.cs (agregarPersona without its e-mail)",
            new[]
            {
                """
                using System;
                using MySql.Data.MySqlClient;

                namespace IO.App_Code
                {
                    public class Conexion
                    {

                        private static MySqlConnection objConexion;
                        private static string error;
                        public static MySqlConnection getConexion()
                        {
                            if (objConexion != null)
                                return objConexion;
                            objConexion = new MySqlConnection("server=localhost; database=prueba; user id=root; password=thelove123");
                            try
                            {
                                objConexion.Open();
                                return objConexion;
                            }
                            catch (Exception e)
                            {

                                error = e.Message;
                                return null;
                            }
                        }
                        public static void cerrarConexion()
                        {
                            if (objConexion != null)
                                objConexion.Close();
                        }

                    }
                }
                """,
                """
                using MySql.Data.MySqlClient;

                namespace IO.App_Code
                {
                    public class GestionDatos
                    {
                        public MySqlConnection conexion;
                        public string error;
                        public GestionDatos()
                        {

                            this.conexion = Conexion.getConexion();
                        }

                        public bool agregarPersona(string nombre, string correo)
                        {
                            bool agrega = false;
                            MySqlCommand comando = new MySqlCommand();

                            comando.Connection = conexion;

                            comando.CommandText = "insert into usuario(NombreUsuario, Correo, Rol_idRol) values (@NombreUsuario,@Correo, @Rol_idRol)";
                            comando.Parameters.AddWithValue("@NombreUsuario", nombre);
                            comando.Parameters.AddWithValue("@Correo", correo);
                            comando.Parameters.AddWithValue("@Rol_idRol", 1);
                            try
                            {
                                comando.ExecuteNonQuery();
                                agrega = true;
                            }
                            catch (MySqlException ex)
                            {
                                this.error = ex.Message;
                            }
                            return agrega;
                        }
                    }
                }
                """,
            },
            Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp7_3);
    }
}
