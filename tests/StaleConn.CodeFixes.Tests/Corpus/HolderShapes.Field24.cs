using Microsoft.CodeAnalysis.CSharp;

namespace StaleConn.CodeFixes.Tests.Corpus;

/// <summary>
/// Holders of the field24 round (docs/benchmarks.md, "field24"): a repository's own accessor forwarding to a static
/// holder, a locked singleton's connection property read by static services, a WinForms program's public static
/// connection, and DAL classes that keep what a lazy accessor returns in fields of their own.
/// </summary>
internal static partial class HolderShapes
{
    private static IEnumerable<HolderShape> Field24Holders()
    {
        yield return new HolderShape(
            "Repository's private accessor that only returns a static holder's lazy property; its callers open, close or dispose",
            "Sathamlet92/ProyectoMantenedorUsuarios-C-: src/tools/DBConnection.cs and src/Repository/UserRepository.cs (minimal form)",
            new[]
            {
                """
                using MySql.Data.MySqlClient;

                public class DBConnection
                {
                    private static string connectionString = "server=localhost;database=users";
                    private static MySqlConnection conn;

                    public static MySqlConnection Connection
                    {
                        get
                        {
                            if (conn == null)
                                conn = new MySqlConnection(connectionString);
                            return conn;
                        }
                    }
                }
                """,
                """
                using MySql.Data.MySqlClient;

                public class UserRepository
                {
                    public void Rename(int id, string name)
                    {
                        using (MySqlCommand cmd = this.GetConnection().CreateCommand())
                        {
                            this.GetConnection().Open();
                            cmd.CommandText = "UPDATE users SET name = @name WHERE id = @id";
                            cmd.Parameters.AddWithValue("@name", name);
                            cmd.Parameters.AddWithValue("@id", id);
                            cmd.ExecuteNonQuery();
                            this.GetConnection().Close();
                        }
                    }

                    public object First()
                    {
                        using (MySqlConnection con = this.GetConnection())
                        {
                            con.Open();
                            return new MySqlCommand("SELECT name FROM users LIMIT 1", con).ExecuteScalar();
                        }
                    }

                    private MySqlConnection GetConnection()
                    {
                        return DBConnection.Connection;
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "Double-checked locked singleton with a connection property, read by static services that open and close it",
            "YourAndrew101/Password_manager: Services/DBConnectionSingleton.cs and Services/UsersService.cs (minimal form)",
            new[]
            {
                """
                using System.Data.SqlClient;

                namespace ServicesLibrary
                {
                    public class DBConnectionSingleton
                    {
                        private DBConnectionSingleton() { }

                        private static DBConnectionSingleton _instance;
                        private static readonly object _lock = new object();

                        public SqlConnection SqlConnection { get; private set; }

                        public static string ConnectionString { private get; set; }

                        public static DBConnectionSingleton GetInstance()
                        {
                            if (_instance == null)
                            {
                                lock (_lock)
                                {
                                    if (_instance == null)
                                    {
                                        _instance = new DBConnectionSingleton();
                                        _instance.SqlConnection = new SqlConnection(ConnectionString);
                                    }
                                }
                            }

                            return _instance;
                        }
                    }

                    public static class UsersService
                    {
                        public static bool IsKnown(string email)
                        {
                            SqlConnection connection = DBConnectionSingleton.GetInstance().SqlConnection;
                            connection.Open();
                            var command = new SqlCommand("SELECT COUNT(*) FROM users WHERE email = @e", connection);
                            command.Parameters.AddWithValue("@e", email);
                            bool known = (int)command.ExecuteScalar() != 0;
                            connection.Close();
                            return known;
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "WinForms Program's public static connection, opened and closed by each form's handlers around an adapter",
            "DoLamTruong/DBApp: DBApp/Program.cs and DBApp/manSuppliers.cs (form handler in minimal form)",
            new[]
            {
                """
                using System;
                using System.Data;
                using System.Data.SqlClient;
                using System.Windows.Forms;

                namespace DBApp
                {
                    static class Program
                    {
                        public static SqlConnection conn = new SqlConnection("Data Source=.;Initial Catalog=shop;Integrated Security=True");
                    }

                    public class SuppliersForm : Form
                    {
                        public DataTable Suppliers = new DataTable();

                        public void Load_Click(object sender, EventArgs e)
                        {
                            try
                            {
                                Program.conn.Open();
                                var adapter = new SqlDataAdapter("select * from Supplier", Program.conn);
                                adapter.Fill(Suppliers);
                                Program.conn.Close();
                            }
                            catch (Exception)
                            {
                                Program.conn.Close();
                            }
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "Lazy static accessor whose result each DAL class keeps in a field of its own and opens and closes around each query (no fix: ConnectionStoredInMember)",
            "Hiep2301/Project-Semester-1: src/DAL/DbConfig.cs and src/DAL/Staff/StaffDAL.cs (minimal form)",
            new[]
            {
                """
                using MySql.Data.MySqlClient;

                namespace DAL
                {
                    public class DbConfig
                    {
                        private static MySqlConnection connection;

                        public static MySqlConnection GetConnection()
                        {
                            if (connection == null)
                            {
                                connection = new MySqlConnection { ConnectionString = "server=localhost;database=bookstore" };
                            }

                            return connection;
                        }
                    }

                    public class StaffDAL
                    {
                        private MySqlConnection connection = DbConfig.GetConnection();

                        public string NameOf(int id)
                        {
                            try
                            {
                                connection.Open();
                                var cmd = connection.CreateCommand();
                                cmd.CommandText = "select staff_name from staff where staff_id = " + id;
                                return (string)cmd.ExecuteScalar();
                            }
                            finally
                            {
                                connection.Close();
                            }
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);
    }
}
