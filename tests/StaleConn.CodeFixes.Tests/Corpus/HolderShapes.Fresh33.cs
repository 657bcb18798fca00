namespace StaleConn.CodeFixes.Tests.Corpus;

/// <summary>
/// Holders of the fresh33 breadth set (docs/benchmarks.md "Stop 33: fresh33"): a Lazy singleton opened once by the
/// WinForms entry point, a server plugin's static connection opened when the plugin loads, a TCP server's static
/// connection shared by every client thread's helper object, and a WPF app's singleton whose managers bind their command
/// to the singleton's connection once, in their constructor.
/// </summary>
internal static partial class HolderShapes
{
    /// <summary>The fresh33 holders whose first fix works (the command-bound singleton is checked on its own: <see cref="Fresh33CommandBoundOnce"/>).</summary>
    public static IReadOnlyList<HolderShape> Fresh33 { get; } = Fresh33FixedHolders().ToList();

    /// <summary>A singleton's connection that managers bind one command to in their constructor (CommandBuiltOnce until stop 34).</summary>
    public static HolderShape Fresh33CommandBoundOnce { get; } = CommandBoundOnceSingleton();

    private static IEnumerable<HolderShape> Fresh33Holders() => Fresh33FixedHolders().Append(CommandBoundOnceSingleton());

    private static IEnumerable<HolderShape> Fresh33FixedHolders()
    {
        yield return new HolderShape(
            "Lazy singleton opened once by the entry point through a Connect method that reports a failed open, every form querying through it",
            "Cry-StalL/Beverage_Shop_System@30d0b37c9d0f: DBOperator.cs, Program.cs (forms' callers in minimal form)",
            new[]
            {
                """
                using System;
                using System.Data;
                using System.Windows.Forms;
                using MySql.Data.MySqlClient;

                namespace Beverage_Shop_System
                {
                    public sealed class DBOperator
                    {
                        private static readonly Lazy<DBOperator> lazy = new Lazy<DBOperator>(() => new DBOperator());

                        public static DBOperator Instance
                        {
                            get { return lazy.Value; }
                        }

                        private DBOperator()
                        {
                            conn = new MySqlConnection(connString);
                        }

                        private string connString = "server=localhost;database=beverage;uid=root;pwd=secret";

                        private MySqlConnection conn;

                        public void ConnectDB()
                        {
                            try
                            {
                                conn.Open();
                            }
                            catch (Exception)
                            {
                                MessageBox.Show("connection open failed!");
                            }
                        }

                        public DataTable TableQuery(string queryStr)
                        {
                            MySqlDataAdapter da = new MySqlDataAdapter(queryStr, conn);
                            DataTable dt = new DataTable();
                            da.Fill(dt);
                            return dt;
                        }

                        public int TableExecute(string queryStr)
                        {
                            MySqlCommand cmd = new MySqlCommand(queryStr, conn);
                            return cmd.ExecuteNonQuery();
                        }
                    }
                }
                """,
                """
                using System.Windows.Forms;

                namespace Beverage_Shop_System
                {
                    internal static class Program
                    {
                        static void Main()
                        {
                            DBOperator dbOperator = DBOperator.Instance;
                            dbOperator.ConnectDB();
                            new LoginForm().Login("admin");
                        }
                    }

                    public class LoginForm : Form
                    {
                        public bool Login(string username)
                        {
                            DBOperator dbOperator = DBOperator.Instance;
                            return dbOperator.TableQuery("SELECT * FROM user_info WHERE username = '" + username + "'").Rows.Count > 0;
                        }

                        public void Register(string username)
                        {
                            DBOperator.Instance.TableExecute("INSERT INTO user_info (username) VALUES ('" + username + "')");
                        }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "Server plugin's static connection opened by load() from OnEnable, queries and transactions from the login handlers",
            "haniokasai/MyAuth-MiNET@291e59a9a575: MyAuth/mysql.cs, MyAuth/Class1.cs (MiNET's Plugin and Player in minimal form)",
            new[]
            {
                """
                using System;
                using System.Collections.Generic;
                using MySql.Data.MySqlClient;

                namespace MyAuth
                {
                    class mysql
                    {
                        static MySqlConnection con;

                        public static void load()
                        {
                            MySqlConnectionStringBuilder conn_string = new MySqlConnectionStringBuilder();
                            conn_string.UserID = "root";
                            conn_string.Password = "aaaa";
                            conn_string.Server = "localhost";
                            conn_string.Database = "auth";
                            try
                            {
                                con = new MySqlConnection(conn_string.ToString());
                                con.Open();
                                using (var command = new MySqlCommand())
                                {
                                    command.Connection = con;
                                    command.CommandText = "CREATE TABLE IF NOT EXISTS player (name VARCHAR(25) PRIMARY KEY, passwd VARCHAR(512), llogin INT)";
                                    command.ExecuteNonQuery();
                                }
                            }
                            catch (MySqlException e)
                            {
                                Console.WriteLine(e.Message);
                            }
                        }

                        public static void shutdown()
                        {
                            con.Close();
                        }

                        public static Dictionary<string, string> get(string name)
                        {
                            var map = new Dictionary<string, string>();
                            try
                            {
                                using (var command = new MySqlCommand())
                                {
                                    command.Connection = con;
                                    command.CommandText = "SELECT * FROM player WHERE name = '" + name.ToLower() + "'";
                                    using (MySqlDataReader reader = command.ExecuteReader())
                                    {
                                        while (reader.Read())
                                        {
                                            map.Add("name", reader["name"].ToString());
                                            map.Add("passwd", reader["passwd"].ToString());
                                        }
                                    }
                                }
                            }
                            catch (MySqlException e)
                            {
                                Console.WriteLine("myauth.get: " + e.Message);
                            }
                            return map;
                        }

                        public static bool settime(string name, int ctime)
                        {
                            try
                            {
                                using (MySqlTransaction sqlt = con.BeginTransaction())
                                {
                                    using (var command = new MySqlCommand())
                                    {
                                        command.Connection = con;
                                        command.Transaction = sqlt;
                                        command.CommandText = "UPDATE player SET llogin = '" + ctime + "' WHERE name = '" + name.ToLower() + "'";
                                        command.ExecuteNonQuery();
                                    }
                                    sqlt.Commit();
                                }
                                return true;
                            }
                            catch (MySqlException e)
                            {
                                Console.WriteLine("myauth.settime: " + e.Message);
                                return false;
                            }
                        }
                    }
                }
                """,
                """
                namespace MyAuth
                {
                    public class Class1
                    {
                        public void OnEnable()
                        {
                            mysql.load();
                        }

                        public void OnDisable()
                        {
                            mysql.shutdown();
                        }

                        public bool OnPlayerJoin(string username, int now)
                        {
                            var row = mysql.get(username);
                            return row.Count > 0 && mysql.settime(username, now);
                        }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "TCP server's static connection opened in Main before the accept loop, shared by a helper object each client thread creates",
            "IliaPavluchkov/server@c620772c408d: SQL/SQLclass.cs, SQL/Program.cs, SQL/ClassUser.cs (the socket protocol in minimal form)",
            new[]
            {
                """
                using System.Collections.Generic;
                using MySql.Data.MySqlClient;

                namespace SQL
                {
                    class SQLclass
                    {
                        private static string connectionStr = "server=localhost;user=root;database=peple;password=secret";
                        private static MySqlConnection conn = new MySqlConnection(connectionStr);

                        public void startSQL()
                        {
                            conn.Open();
                        }

                        public void closeSQl()
                        {
                            conn.Close();
                        }

                        public List<string> requestLogPasSQL()
                        {
                            string request = "SELECT login, password FROM workers";
                            MySqlCommand command = new MySqlCommand(request, conn);
                            MySqlDataReader reader = command.ExecuteReader();
                            List<string> str = new List<string>();
                            while (reader.Read())
                            {
                                str.Add(reader[0].ToString() + "|" + reader[1].ToString());
                            }
                            reader.Close();
                            return str;
                        }

                        public void deleteUser(string id)
                        {
                            string request = "DELETE FROM workers WHERE id = " + id;
                            MySqlCommand command = new MySqlCommand(request, conn);
                            command.ExecuteNonQuery();
                        }
                    }
                }
                """,
                """
                using System.Threading;

                namespace SQL
                {
                    class ClassUser
                    {
                        private SQLclass objSQL = new SQLclass();

                        public void avtorization()
                        {
                            foreach (var pair in objSQL.requestLogPasSQL())
                            {
                                if (pair.StartsWith("admin|"))
                                {
                                    objSQL.deleteUser("0");
                                }
                            }
                        }
                    }

                    class Program
                    {
                        static void Main(string[] args)
                        {
                            SQLclass objSQL = new SQLclass();
                            objSQL.startSQL();
                            while (true)
                            {
                                var client = new ClassUser();
                                new Thread(new ThreadStart(client.avtorization)).Start();
                                Thread.Sleep(1000);
                            }
                        }
                    }
                }
                """,
            });

    }

    private static HolderShape CommandBoundOnceSingleton()
    {
        return new HolderShape(
            "Singleton opened in its private constructor whose managers bind one command to its connection in their constructor and reuse it",
            "Danushe4ka/Cursavaya-4sem-@a656e669380f: DBObjectsClassLibrary/Utility/DBConnectionManager.cs, DataAccess/CommonManager.cs, DataAccess/UsersManager.cs (WPF windows in minimal form)",
            new[]
            {
                """
                using Npgsql;

                namespace DBObjectsClassLibrary
                {
                    public class DBConnectionManager
                    {
                        static readonly DBConnectionManager instance = new DBConnectionManager();
                        readonly string _sqlCon = "Host=localhost;Username=postgres;Password=secret;Database=theatre";
                        readonly NpgsqlConnection _connection;

                        DBConnectionManager()
                        {
                            _connection = new NpgsqlConnection(_sqlCon);
                            _connection.Open();
                        }

                        public static DBConnectionManager GetInstance { get => instance; }

                        public NpgsqlConnection Connection { get { return _connection; } }

                        public void CloseConnection()
                        {
                            _connection.Close();
                            _connection.Dispose();
                        }
                    }
                }
                """,
                """
                using System.Collections.Generic;
                using Npgsql;

                namespace DBObjectsClassLibrary
                {
                    public abstract class CommonManager
                    {
                        readonly NpgsqlConnection _connection;
                        protected NpgsqlCommand _command;

                        public CommonManager()
                        {
                            _connection = DBConnectionManager.GetInstance.Connection;
                            _command = new NpgsqlCommand
                            {
                                Connection = _connection,
                                CommandType = System.Data.CommandType.Text
                            };
                        }
                    }

                    public class UsersManager : CommonManager
                    {
                        public List<string> Logins()
                        {
                            var logins = new List<string>();
                            _command.CommandText = "SELECT login FROM users";
                            using (var reader = _command.ExecuteReader())
                            {
                                while (reader.Read())
                                {
                                    logins.Add(reader.GetString(0));
                                }
                            }
                            return logins;
                        }

                        public int Delete(string login)
                        {
                            _command.CommandText = "DELETE FROM users WHERE login = @login";
                            _command.Parameters.Clear();
                            _command.Parameters.AddWithValue("@login", login);
                            return _command.ExecuteNonQuery();
                        }
                    }

                    public class MainWindow
                    {
                        private readonly UsersManager _users = new UsersManager();

                        public int Clean() => _users.Logins().Count == 0 ? 0 : _users.Delete("guest");

                        public void Closed() => DBConnectionManager.GetInstance.CloseConnection();
                    }
                }
                """,
            });
    }
}
