using Microsoft.CodeAnalysis.CSharp;

namespace StaleConn.CodeFixes.Tests.Corpus;

/// <summary>Accessors that do more than hand the connection out: a local or an early return first, a try/catch that reports.</summary>
internal static partial class HolderShapes
{
    private static IEnumerable<HolderShape> AccessorHolders()
    {
        yield return new HolderShape(
            "Static lazy getter whose connection string is a local inside the null check, used by WinForms handlers that open and close",
            "cjtignap/cutcot-info-system: mysql-things/ConnectMySql.cs (form caller in minimal form)",
            new[]
            {
                """
                using MySql.Data.MySqlClient;

                namespace cutcot_info_system.mysql_things
                {
                    public class ConnectMySql
                    {
                        private static MySqlConnection mySqlConnection;

                        private ConnectMySql() { }

                        public static MySqlConnection getMySqlConnection()
                        {
                            if (mySqlConnection == null)
                            {
                                string cs = @"server=localhost;userid=root;password=admin;database=cutcot";
                                mySqlConnection = new MySqlConnection(cs);
                            }

                            return mySqlConnection;
                        }
                    }

                    public class ResidentsForm : System.Windows.Forms.Form
                    {
                        public void btnSave_Click(object sender, System.EventArgs e)
                        {
                            var conn = ConnectMySql.getMySqlConnection();
                            conn.Open();
                            var cmd = new MySqlCommand("INSERT INTO residents (name) VALUES (@name)", conn);
                            cmd.Parameters.AddWithValue("@name", Text);
                            cmd.ExecuteNonQuery();
                            conn.Close();
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "Static GetConnection with an early return, a connection string read from configuration into a local, then open",
            "Kseniya-thx/Diplom1: Diplom1/Components/ConnectionManager.cs (page caller in minimal form; configuration as a static stand-in)",
            new[]
            {
                """
                using MySql.Data.MySqlClient;

                namespace Diplom1.Components
                {
                    public static class AppSettings
                    {
                        public static string DefaultConnection = "server=localhost;database=diplom";
                    }

                    public class ConnectionManager
                    {
                        private static MySqlConnection _connection;

                        public static MySqlConnection GetConnection()
                        {
                            if (_connection != null) return _connection;
                            var connectionString = AppSettings.DefaultConnection;
                            _connection = new MySqlConnection(connectionString);
                            _connection.Open();
                            return _connection;
                        }
                    }

                    public class OrdersPage
                    {
                        public long CountOrders()
                        {
                            var command = new MySqlCommand("SELECT COUNT(*) FROM orders", ConnectionManager.GetConnection());
                            return (long)command.ExecuteScalar();
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "Public static connection with static open/close helpers (buka/tutup), used around each query by forms",
            "adrianhartanto97/Senin_141111537_AdrianHartanto: Latihan_POS/Class/clsDatabase.cs (form caller in minimal form)",
            new[]
            {
                """
                using System.Data;
                using MySql.Data.MySqlClient;

                namespace Latihan_POS.Class
                {
                    class clsDatabase
                    {
                        public static MySqlConnection koneksi = new MySqlConnection("Server=localhost;Port=3306;Database=latihan_pos;Uid=root;password=;");

                        public static void buka_koneksi()
                        {
                            if (koneksi.State != ConnectionState.Open)
                                koneksi.Open();
                        }

                        public static void tutup_koneksi()
                        {
                            if (koneksi.State != ConnectionState.Closed)
                                koneksi.Close();
                        }
                    }

                    class ItemsForm : System.Windows.Forms.Form
                    {
                        public void LoadItems()
                        {
                            clsDatabase.buka_koneksi();
                            var cmd = new MySqlCommand("SELECT name FROM items", clsDatabase.koneksi);
                            var name = (string)cmd.ExecuteScalar();
                            clsDatabase.tutup_koneksi();
                            Text = name;
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "Instance helper building its public connection in a constructor try/catch, with open/close helpers that report errors, kept by a form",
            "razaqn/Project1CSharp: Project1/Koneksi.cs (form caller in minimal form)",
            new[]
            {
                """
                using System.Data.SqlClient;
                using System.Windows.Forms;

                namespace Project1
                {
                    internal class Koneksi
                    {
                        string source;
                        public SqlConnection con;

                        public Koneksi()
                        {
                            try
                            {
                                source = "integrated Security=true;initial Catalog=dblibrary;Data source=.";
                                con = new SqlConnection(source);
                            }
                            catch (SqlException sqle)
                            {
                                MessageBox.Show("Error : " + sqle.Message);
                            }
                        }

                        public void bukaKoneksi()
                        {
                            try
                            {
                                con.Open();
                            }
                            catch (SqlException sqle)
                            {
                                MessageBox.Show("Error : " + sqle.Message);
                            }
                        }

                        public void tutupKoneksi()
                        {
                            try
                            {
                                con.Close();
                            }
                            catch (SqlException sqle)
                            {
                                MessageBox.Show("Error : " + sqle.Message);
                            }
                        }
                    }

                    class BooksForm : Form
                    {
                        private static readonly Koneksi koneksi = new Koneksi();

                        public void btnLoad_Click(object sender, System.EventArgs e)
                        {
                            koneksi.bukaKoneksi();
                            var cmd = new SqlCommand("SELECT COUNT(*) FROM books", koneksi.con);
                            Text = cmd.ExecuteScalar().ToString();
                            koneksi.tutupKoneksi();
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);
    }
}
