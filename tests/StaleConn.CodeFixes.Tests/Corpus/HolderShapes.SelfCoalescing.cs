namespace StaleConn.CodeFixes.Tests.Corpus;

/// <summary>
/// <c>_c = _c ?? new SqlConnection(cs);</c>, the spelling of <c>_c ??= new SqlConnection(cs);</c> before C# 8: in a static
/// constructor that then opens it (field28's georgemihaila/mondly-challenge) and in lazy accessors that return the member.
/// The code search showed the accessors' files but not their repositories: they are cited by the search's file id.
/// </summary>
internal static partial class HolderShapes
{
    public static IReadOnlyList<HolderShape> SelfCoalescing { get; } = SelfCoalescingHolders().ToList();

    private static IEnumerable<HolderShape> SelfCoalescingHolders()
    {
        yield return new HolderShape(
            "Static constructor assigning Connection = Connection ?? new SqlConnection(ConnectionString) and opening it; the host's shutdown closes it",
            "georgemihaila/mondly-challenge@72c56f251eb9: asp-core-api/asp-core-mvc/Entities/SqlExpressAPI.cs, asp-core-api/asp-core-mvc/Program.cs (Main in minimal form)",
            new[]
            {
                """
                using System.Data.SqlClient;

                namespace asp_core_mvc.Entities
                {
                    public static class SqlExpressAPI
                    {
                        static SqlExpressAPI()
                        {
                            Connection = Connection ?? new SqlConnection(ConnectionString);
                            Connection.Open();
                        }

                        public static void Kill()
                        {
                            Connection.Close();
                        }

                        private static string ConnectionString => @"Data Source=DESKTOP-CE0B3GV\SQLEXPRESS;Initial Catalog=mondly-db;Integrated Security=SSPI";

                        private static SqlConnection Connection { get; set; }
                    }
                }
                """,
                """
                using asp_core_mvc.Entities;

                namespace asp_core_mvc
                {
                    public class Program
                    {
                        public static void Main(string[] args)
                        {
                            try
                            {
                                System.Console.WriteLine("host runs");
                            }
                            finally
                            {
                                SqlExpressAPI.Kill();
                            }
                        }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "Static accessor _connection = _connection ?? new SqlConnection(literal); return _connection; a repository opens and closes it around a reader",
            "code-search file id 25578847685 (namespace ECommerce.Repository, AppDbContext.cs; the repository caller in minimal form)",
            new[]
            {
                """
                using System.Data.SqlClient;

                namespace ECommerce.Repository
                {
                    public class AppDbContext
                    {
                        private static SqlConnection _connection;

                        public static SqlConnection Connection
                        {
                            get
                            {
                                // TODO ConfigurationManager.ConnectionStrings["SqlConnection"].ConnectionString
                                _connection = _connection ?? new SqlConnection("Data Source=DESKTOP-D2H9PEB\\SQLEXPRESS;Initial Catalog=ECommerce;User ID=sa;Password=123;Connect Timeout=30;Encrypt=False");
                                return _connection;
                            }
                        }
                    }
                }
                """,
                """
                using System.Collections.Generic;
                using System.Data.SqlClient;

                namespace ECommerce.Repository
                {
                    public class ProductRepository
                    {
                        public List<string> GetNames()
                        {
                            var names = new List<string>();
                            var cmd = new SqlCommand("SELECT Name FROM Products", AppDbContext.Connection);
                            AppDbContext.Connection.Open();
                            using (var reader = cmd.ExecuteReader())
                            {
                                while (reader.Read())
                                {
                                    names.Add(reader.GetString(0));
                                }
                            }
                            AppDbContext.Connection.Close();
                            return names;
                        }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "ORM Tools accessor _Connection = _Connection ?? new SqlConnection(ConfigurationManager...); commands built over it run through Tools.ExecuteNonQuery",
            "code-search file id 33211837015 (namespace OtelOtomasyonu_ORM, Tools.cs; ParametreOlustur left out, the ORM caller in minimal form)",
            new[]
            {
                """
                using System;
                using System.Configuration;
                using System.Data;
                using System.Data.SqlClient;

                namespace OtelOtomasyonu_ORM
                {
                    public class Tools
                    {
                        private static SqlConnection _Connection;

                        public static SqlConnection Connection
                        {
                            get
                            {
                                _Connection = _Connection ?? new SqlConnection(ConfigurationManager.ConnectionStrings["Connection"].ConnectionString);
                                return _Connection;
                            }
                        }

                        public static bool ExecuteNonQuery(SqlCommand command)
                        {
                            try
                            {
                                if (command.Connection.State != ConnectionState.Open)
                                    command.Connection.Open();
                                int rowAffected = command.ExecuteNonQuery();
                                return rowAffected > 0 ? true : false;
                            }
                            catch (Exception)
                            {
                                return false;
                            }
                            finally
                            {
                                if (command.Connection.State != ConnectionState.Closed)
                                    command.Connection.Close();
                            }
                        }

                        public static object ExecScalar(SqlCommand cmd)
                        {
                            try
                            {
                                if (cmd.Connection.State != ConnectionState.Open)
                                    cmd.Connection.Open();
                                return cmd.ExecuteScalar();
                            }
                            catch (Exception)
                            {
                                return 0;
                            }
                            finally
                            {
                                if (cmd.Connection.State != ConnectionState.Closed)
                                    cmd.Connection.Close();
                            }
                        }
                    }
                }
                """,
                """
                using System.Data.SqlClient;

                namespace OtelOtomasyonu_ORM
                {
                    public class MusteriORM
                    {
                        public bool Sil(int id)
                        {
                            SqlCommand cmd = new SqlCommand("DELETE FROM Musteri WHERE Id = @Id", Tools.Connection);
                            cmd.Parameters.AddWithValue("@Id", id);
                            return Tools.ExecuteNonQuery(cmd);
                        }

                        public int Say()
                        {
                            SqlCommand cmd = new SqlCommand("SELECT COUNT(*) FROM Musteri", Tools.Connection);
                            return (int)Tools.ExecScalar(cmd);
                        }
                    }
                }
                """,
            });
    }
}
