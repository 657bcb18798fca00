namespace StaleConn.CodeFixes.Tests.Corpus;

/// <summary>
/// Stop 29's member copies: DAL classes and forms that keep what a singleton's instance accessor hands out in a member
/// of their own — through the singleton (<c>DBConnection.Instance().Connection</c>, <c>Database.Instance.GetConnection()</c>)
/// or through a field that keeps it (<c>mdb.getConnection()</c>) — set by the initializer, the constructor, a Load
/// handler or at the top of each method.
/// </summary>
internal static partial class HolderShapes
{
    public static IReadOnlyList<HolderShape> MemberCopies { get; } = MemberCopyHolders().ToList();

    private static IEnumerable<HolderShape> MemberCopyHolders()
    {
        yield return new HolderShape(
            "Singleton behind a private nested holder class with a lazy instance accessor, a form copying it in its Load handler",
            "rumosky/addressbook@c33ccdd4589e: ManageDatabase.cs, Form2.cs (handlers in minimal form)",
            new[]
            {
                """
                using System;
                using MySql.Data.MySqlClient;

                namespace WindowsFormsApp1
                {
                    class ManageDatabase
                    {
                        private MySqlConnection conn = null;
                        private static class ManageDatabaseHolder
                        {
                            public static ManageDatabase INSTANCE = new ManageDatabase();
                        }
                        private ManageDatabase() { }
                        public static ManageDatabase getInstance()
                        {
                            return ManageDatabaseHolder.INSTANCE;
                        }
                        public MySqlConnection getConnection()
                        {
                            if (conn == null)
                            {
                                ConnectDb();
                            }
                            return conn;
                        }
                        private void ConnectDb()
                        {
                            String url = "server=127.0.0.1;port=3306;user=root;password=test@1234; database=classofc;Charset=utf8;";
                            try
                            {
                                conn = new MySqlConnection(url);
                            }
                            catch (MySqlException)
                            {
                                conn = null;
                            }
                        }
                    }
                }
                """,
                """
                using System;
                using System.Windows.Forms;
                using MySql.Data.MySqlClient;

                namespace WindowsFormsApp1
                {
                    public partial class Form2 : Form
                    {
                        ManageDatabase mdb = ManageDatabase.getInstance();
                        int selTag = -1;
                        MySqlConnection conn;

                        private void Form2_Load(object sender, EventArgs e)
                        {
                            conn = mdb.getConnection();
                            InitDataview();
                        }

                        void InitDataview()
                        {
                            String sql = "select * from addressbook";
                            conn.Open();
                            MySqlCommand cmd = new MySqlCommand(sql, conn);
                            MySqlDataReader reader = cmd.ExecuteReader();
                            while (reader.Read())
                            {
                                Text = reader.GetString("name");
                            }
                            conn.Close();
                        }

                        private void button3_Click(object sender, EventArgs e)
                        {
                            conn.Open();
                            String sql = $"delete from addressbook where uid={selTag}";
                            MySqlCommand cmd = new MySqlCommand(sql, conn);
                            int status = cmd.ExecuteNonQuery();
                            Text = status == 1 ? "deleted" : "failed";
                            conn.Close();
                            InitDataview();
                        }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "Widely copied DBConnection singleton, each model keeping Instance().Connection in a field initializer",
            "anbbch/PPE_Desktop_Quizz_E6@0e71563799f7: Quizz/Model/Theme.cs, Quizz/Model/Question.cs (the copies); Quizz/Model/DBConnection.cs with IsConnect() folded into a lazy getter and a fixed string (minimal form)",
            new[]
            {
                """
                using MySql.Data.MySqlClient;

                namespace Quizz.Model
                {
                    public class DBConnection
                    {
                        private DBConnection()
                        {
                        }

                        private MySqlConnection connection;
                        public MySqlConnection Connection
                        {
                            get
                            {
                                if (connection == null)
                                {
                                    connection = new MySqlConnection("Server=localhost; database=quizz; UID=root; password=root");
                                    connection.Open();
                                }

                                return connection;
                            }
                        }

                        private static DBConnection _instance = null;
                        public static DBConnection Instance()
                        {
                            if (_instance == null)
                                _instance = new DBConnection();
                            return _instance;
                        }
                    }
                }
                """,
                """
                using MySql.Data.MySqlClient;

                namespace Quizz.Model
                {
                    public class Theme
                    {
                        public string Name { get; set; }

                        private MySqlConnection connection = DBConnection.Instance().Connection;

                        public void AddTheme(string name)
                        {
                            string query = "INSERT INTO Theme (name) VALUES (@Name)";
                            using (var cmd = new MySqlCommand(query, connection))
                            {
                                cmd.Parameters.AddWithValue("@Name", name);
                                cmd.ExecuteNonQuery();
                            }
                        }
                    }

                    public class Question
                    {
                        private MySqlConnection connection = DBConnection.Instance().Connection;

                        public void AddQuestion(string contenu, int themeId)
                        {
                            string query = "INSERT INTO Questions (contenu, theme_id) VALUES (@Contenu, @ThemeId)";
                            using (var cmd = new MySqlCommand(query, connection))
                            {
                                cmd.Parameters.AddWithValue("@Contenu", contenu);
                                cmd.Parameters.AddWithValue("@ThemeId", themeId);
                                cmd.ExecuteNonQuery();
                            }
                        }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "Singleton kept in a DAL field, the connection copied from it at the top of each method",
            "nkyokoo/unittesting@1a1b38ffcad6: UserService/UserServices.cs and DatabaseServices.cs (copies; commands as locals in minimal form), UserService/DBConnection.cs (IsConnect() folded into the getter)",
            new[]
            {
                """
                using MySql.Data.MySqlClient;

                namespace UserService
                {
                    public class DBConnection
                    {
                        private DBConnection()
                        {
                        }

                        private MySqlConnection connection = null;
                        public MySqlConnection Connection
                        {
                            get
                            {
                                if (connection == null)
                                {
                                    connection = new MySqlConnection("Server=localhost; database=unittesting; UID=root;");
                                    connection.Open();
                                }

                                return connection;
                            }
                        }

                        private static DBConnection _instance = null;
                        public static DBConnection Instance()
                        {
                            if (_instance == null)
                                _instance = new DBConnection();
                            return _instance;
                        }
                    }
                }
                """,
                """
                using System;
                using MySql.Data.MySqlClient;

                namespace UserService
                {
                    public class UserServices
                    {
                        DBConnection db = DBConnection.Instance();
                        MySqlConnection connection;

                        public bool Register(string username, string email)
                        {
                            connection = db.Connection;
                            MySqlCommand command = connection.CreateCommand();
                            command.CommandText = "INSERT INTO users(id, name, email) VALUES (@id,@name,@email)";
                            command.Parameters.AddWithValue("@id", Guid.NewGuid());
                            command.Parameters.AddWithValue("@name", username);
                            command.Parameters.AddWithValue("@email", email);
                            var result = command.ExecuteNonQuery();
                            Console.WriteLine(result);
                            return true;
                        }

                        public bool GetUsers()
                        {
                            try
                            {
                                connection = db.Connection;
                                MySqlCommand command = connection.CreateCommand();
                                command.CommandText = "SELECT * FROM users LIMIT 30 ";
                                MySqlDataReader dr = command.ExecuteReader();
                                while (dr.Read())
                                {
                                    Console.WriteLine(" | " + dr.GetString("id") + " | " + dr.GetString("name"));
                                }
                                dr.Close();
                                return true;
                            }
                            catch (Exception e)
                            {
                                Console.WriteLine(e);
                                return false;
                            }
                        }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "Locked singleton property, a DAL copying Instance.GetConnection() in its constructor and opening and closing the copy per method",
            "cadusamparo/CadastroFornecedoresWinForms@19a654c29201: WindowsFormsApp1/Database/FornecedorDAO.cs (the copy), WindowsFormsApp1/Database/Database.cs (its GetConnection builds one per call; here it keeps one, in our words)",
            new[]
            {
                """
                using MySql.Data.MySqlClient;

                namespace WindowsFormsApp1.Database
                {
                    public sealed class Database
                    {
                        private static Database instance = null;
                        private static readonly object padlock = new object();

                        private string connectionString = "server=localhost;database=cadastro_fornecedores;user=root;password=123;";
                        private MySqlConnection connection;

                        private Database() { }

                        public static Database Instance
                        {
                            get
                            {
                                lock (padlock)
                                {
                                    if (instance == null)
                                    {
                                        instance = new Database();
                                    }
                                    return instance;
                                }
                            }
                        }

                        public MySqlConnection GetConnection()
                        {
                            if (connection == null)
                            {
                                connection = new MySqlConnection(connectionString);
                            }
                            return connection;
                        }
                    }
                }
                """,
                """
                using System;
                using MySql.Data.MySqlClient;

                namespace WindowsFormsApp1.Database
                {
                    public class FornecedorDAO
                    {
                        private MySqlConnection connection;

                        public FornecedorDAO()
                        {
                            connection = Database.Instance.GetConnection();
                        }

                        public bool AdicionarFornecedor(string razaoSocial, string cnpj)
                        {
                            try
                            {
                                string query = "INSERT INTO fornecedores (razao_social, cnpj) VALUES (@RazaoSocial, @CNPJ)";
                                MySqlCommand cmd = new MySqlCommand(query, connection);
                                cmd.Parameters.AddWithValue("@RazaoSocial", razaoSocial);
                                cmd.Parameters.AddWithValue("@CNPJ", cnpj);

                                connection.Open();
                                int resultado = cmd.ExecuteNonQuery();
                                connection.Close();

                                return resultado > 0;
                            }
                            catch (Exception ex)
                            {
                                Console.WriteLine("Erro ao adicionar fornecedor: " + ex.Message);
                                return false;
                            }
                        }

                        public int ContarFornecedores()
                        {
                            string query = "SELECT COUNT(*) FROM fornecedores";
                            MySqlCommand cmd = new MySqlCommand(query, connection);
                            connection.Open();
                            int total = Convert.ToInt32(cmd.ExecuteScalar());
                            connection.Close();
                            return total;
                        }
                    }
                }
                """,
            });
    }
}
