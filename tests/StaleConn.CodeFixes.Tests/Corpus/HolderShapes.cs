using Microsoft.CodeAnalysis.CSharp;

namespace StaleConn.CodeFixes.Tests.Corpus;

/// <summary>
/// Connection holders found in public repositories with the code search, each reduced to a minimal project (names,
/// statics, accessors, lifetimes and the way callers use the connection are kept; UI, bot clients and business code are
/// left out). <see cref="HolderShape.Source"/> cites the repository; where the callers are not in the cited file they
/// are written in minimal form after the repository's own use of the holder, and the source says so.
/// </summary>
internal static partial class HolderShapes
{
    public static IReadOnlyList<HolderShape> All { get; } = StaticHolders().Concat(HelperHolders()).Concat(ServiceHolders()).Concat(AccessorHolders()).Concat(SingletonHolders()).Concat(Field24Holders()).Concat(InitialisationHolders()).Concat(SharedAccessorHolders()).Concat(SetterHolders()).Concat(BuilderHolders()).Concat(SelfCoalescingHolders()).Concat(StringResetHolders()).Concat(ParameterCreatorHolders()).Concat(DisposingUsingHolders()).Concat(FailureRecordHolders()).Concat(MemberCopyHolders()).Concat(DaemonHolders()).Concat(ReleasedReaderHolders()).Concat(AsyncAccessorHolders()).Concat(StringsBeforeOpensHolders()).Concat(EmptyMemberHolders()).Concat(Fresh33Holders()).ToList();

    private static IEnumerable<HolderShape> StaticHolders()
    {
        yield return new HolderShape(
            "Static connection behind a factory that creates and opens it lazily, called by API controllers",
            "willy2358/WebAPI: Models/Database.cs (controller callers in minimal form)",
            new[]
            {
                """
                using MySql.Data.MySqlClient;

                class Database
                {
                    private static MySqlConnection _dbConn = null;
                    private static string connStr = "server=localhost;user=root;database=sqltest;port=3306;password=root";

                    public static MySqlConnection GetDbConnection()
                    {
                        if (null == Database._dbConn || Database._dbConn.State != System.Data.ConnectionState.Open)
                        {
                            try
                            {
                                var conn = new MySqlConnection(Database.connStr);
                                conn.Open();
                                Database._dbConn = conn;
                            }
                            catch (MySqlException)
                            {
                                return null;
                            }
                        }

                        return Database._dbConn;
                    }
                }
                """,
                """
                using System.Collections.Generic;
                using Microsoft.AspNetCore.Mvc;
                using MySql.Data.MySqlClient;

                [ApiController]
                [Route("api/[controller]")]
                public class UsersController : ControllerBase
                {
                    [HttpGet]
                    public IEnumerable<string> Get()
                    {
                        var names = new List<string>();
                        var cmd = new MySqlCommand("SELECT name FROM users", Database.GetDbConnection());
                        using (var reader = cmd.ExecuteReader())
                        {
                            while (reader.Read())
                            {
                                names.Add(reader.GetString(0));
                            }
                        }

                        return names;
                    }

                    [HttpPost]
                    public int Post(string name)
                    {
                        var cmd = new MySqlCommand("INSERT INTO users (name) VALUES (@name)", Database.GetDbConnection());
                        cmd.Parameters.AddWithValue("@name", name);
                        return cmd.ExecuteNonQuery();
                    }
                }
                """,
            });

        yield return new HolderShape(
            "Static property creating the connection on first read; data-access methods open and close it around each use",
            "Sathamlet92/ProyectoMantenedorUsuarios-C-: src/tools/DBConnection.cs (DAO callers in minimal form)",
            new[]
            {
                """
                using MySql.Data.MySqlClient;

                public class DBConnection
                {
                    private static string stringConnect = "server=localhost;database=users;uid=app;pwd=secret";
                    private static MySqlConnection conn;

                    public static MySqlConnection Connection
                    {
                        get
                        {
                            if (conn == null)
                                conn = new(stringConnect);
                            return conn;
                        }
                    }
                }
                """,
                """
                using System.Data;
                using MySql.Data.MySqlClient;

                public class UserDao
                {
                    public DataTable List()
                    {
                        var table = new DataTable();
                        DBConnection.Connection.Open();
                        var adapter = new MySqlDataAdapter("SELECT * FROM usuarios", DBConnection.Connection);
                        adapter.Fill(table);
                        DBConnection.Connection.Close();
                        return table;
                    }

                    public void Delete(int id)
                    {
                        DBConnection.Connection.Open();
                        var cmd = new MySqlCommand("DELETE FROM usuarios WHERE id = @id", DBConnection.Connection);
                        cmd.Parameters.AddWithValue("@id", id);
                        cmd.ExecuteNonQuery();
                        DBConnection.Connection.Close();
                    }
                }
                """,
            });

        yield return new HolderShape(
            "Static connection re-created when closed by GetConnection(), a CloseConnection() helper, a transaction over several GetConnection() calls",
            "mata2801/asmCSharp: ConsoleApp3/model/ConnectionHelper.cs and ConsoleApp3/model/SHBAccountModel.cs",
            new[]
            {
                """
                using System.Data;
                using MySql.Data.MySqlClient;

                namespace ConsoleApp3.model
                {
                    public class ConnectionHelper
                    {
                        private const string ServerName = "localhost";
                        private const string DatabaseName = "shb";
                        private static MySqlConnection _mySqlConnection;

                        public static MySqlConnection GetConnection()
                        {
                            if (_mySqlConnection == null || _mySqlConnection.State == ConnectionState.Closed)
                            {
                                _mySqlConnection = new MySqlConnection($"Server={ServerName};Database={DatabaseName};Uid=root;SslMode=none");
                                _mySqlConnection.Open();
                            }

                            return _mySqlConnection;
                        }

                        public static void CloseConnection()
                        {
                            if (_mySqlConnection == null || _mySqlConnection.State == ConnectionState.Closed)
                            {
                                return;
                            }

                            _mySqlConnection.Close();
                        }
                    }
                }
                """,
                """
                using System;
                using MySql.Data.MySqlClient;

                namespace ConsoleApp3.model
                {
                    public class SHBAccountModel
                    {
                        public double FindBalance(string username)
                        {
                            var cmd = new MySqlCommand("select balance from SHBAccount where Username = @Username", ConnectionHelper.GetConnection());
                            cmd.Parameters.AddWithValue("@Username", username);
                            double balance = 0;
                            var reader = cmd.ExecuteReader();
                            if (reader.Read())
                            {
                                balance = reader.GetDouble(0);
                            }

                            reader.Close();
                            ConnectionHelper.CloseConnection();
                            return balance;
                        }

                        public bool UpdateBalance(string accountNumber, double amount)
                        {
                            var tran = ConnectionHelper.GetConnection().BeginTransaction();
                            try
                            {
                                var sqlCmd = new MySqlCommand("update SHBAccount set balance = balance + @amount where accountNumber = @accountNumber", ConnectionHelper.GetConnection());
                                sqlCmd.Parameters.AddWithValue("@amount", amount);
                                sqlCmd.Parameters.AddWithValue("@accountNumber", accountNumber);
                                var updateResult = sqlCmd.ExecuteNonQuery();
                                var history = new MySqlCommand("insert into SHBTransaction (accountNumber, amount) values (@accountNumber, @amount)", ConnectionHelper.GetConnection());
                                history.Parameters.AddWithValue("@amount", amount);
                                history.Parameters.AddWithValue("@accountNumber", accountNumber);
                                var historyResult = history.ExecuteNonQuery();
                                if (updateResult != 1 || historyResult != 1)
                                {
                                    throw new Exception("transaction failed");
                                }

                                tran.Commit();
                            }
                            catch (Exception e)
                            {
                                Console.WriteLine(e.Message);
                                tran.Rollback();
                                return false;
                            }

                            ConnectionHelper.CloseConnection();
                            return true;
                        }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "Lazy<T> singleton whose instance keeps the connection, read as Instance.Connection by repositories",
            "VitorSiqueirr/avaliacao-tecnica-visualsoft: Connection/SingletonDB.cs (repository callers in minimal form)",
            new[]
            {
                """
                using System;
                using MySql.Data.MySqlClient;

                namespace avaliacao_tecnica_visualsoft
                {
                    public sealed class SingletonDB
                    {
                        private static readonly string strConnection = "server=127.0.0.1;port=3306;database=avaliacao;uid=root;pwd=visualsoft;";
                        private readonly MySqlConnection connection = new MySqlConnection(strConnection);

                        private SingletonDB() { }

                        private static readonly Lazy<SingletonDB> instance = new Lazy<SingletonDB>(() => new SingletonDB());

                        public static SingletonDB Instance
                        {
                            get
                            {
                                return instance.Value;
                            }
                        }

                        public MySqlConnection Connection
                        {
                            get
                            {
                                return connection;
                            }
                        }
                    }
                }
                """,
                """
                using System.Collections.Generic;
                using MySql.Data.MySqlClient;

                namespace avaliacao_tecnica_visualsoft
                {
                    public class ClienteRepository
                    {
                        public List<string> Listar()
                        {
                            var nomes = new List<string>();
                            SingletonDB.Instance.Connection.Open();
                            var cmd = new MySqlCommand("SELECT nome FROM cliente", SingletonDB.Instance.Connection);
                            var reader = cmd.ExecuteReader();
                            while (reader.Read())
                            {
                                nomes.Add(reader.GetString(0));
                            }

                            reader.Close();
                            SingletonDB.Instance.Connection.Close();
                            return nomes;
                        }

                        public void Inserir(string nome)
                        {
                            SingletonDB.Instance.Connection.Open();
                            var cmd = new MySqlCommand("INSERT INTO cliente (nome) VALUES (@nome)", SingletonDB.Instance.Connection);
                            cmd.Parameters.AddWithValue("@nome", nome);
                            cmd.ExecuteNonQuery();
                            SingletonDB.Instance.Connection.Close();
                        }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "Public static field that GetConnection() overwrites with a new connection on every call; callers open and close their copy",
            "mosharani/CODENEW: ConnectionManger.cs (WinForms callers in minimal form)",
            new[]
            {
                """
                using System.Configuration;
                using System.Data.SqlClient;

                namespace WindowsFormsApplication2
                {
                    class ConnectionManger
                    {
                        public static SqlConnection NewCon;

                        public static string ConStr = "Data Source=.;Initial Catalog=Shop;Integrated Security=True";

                        public static SqlConnection GetConnection()
                        {
                            NewCon = new SqlConnection(ConStr);
                            return NewCon;
                        }
                    }
                }
                """,
                """
                using System;
                using System.Data.SqlClient;
                using System.Windows.Forms;

                namespace WindowsFormsApplication2
                {
                    public class CustomerForm : Form
                    {
                        private readonly TextBox txtName = new TextBox();

                        private void btnSave_Click(object sender, EventArgs e)
                        {
                            SqlConnection con = ConnectionManger.GetConnection();
                            con.Open();
                            SqlCommand cmd = new SqlCommand("INSERT INTO Customer (Name) VALUES (@name)", con);
                            cmd.Parameters.AddWithValue("@name", txtName.Text);
                            cmd.ExecuteNonQuery();
                            con.Close();
                            MessageBox.Show("Saved");
                        }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "Public static field overwritten by GetConnection(); callers dispose what they get with using",
            "divvyashini/Employee-Management-System: employee/ConnectionManager.cs (form callers in minimal form)",
            new[]
            {
                """
                using System.Data.SqlClient;

                namespace employee
                {
                    class ConnectionManager
                    {
                        public static SqlConnection NewCon;
                        public static string ConStr = "Data Source=.;Initial Catalog=Employees;Integrated Security=True";

                        public static SqlConnection GetConnection()
                        {
                            NewCon = new SqlConnection(ConStr);
                            return NewCon;
                        }
                    }
                }
                """,
                """
                using System.Data;
                using System.Data.SqlClient;
                using System.Windows.Forms;

                namespace employee
                {
                    public class EmployeeList : Form
                    {
                        private readonly DataGridView grid = new DataGridView();

                        public void LoadEmployees()
                        {
                            using (SqlConnection con = ConnectionManager.GetConnection())
                            {
                                con.Open();
                                var adapter = new SqlDataAdapter("SELECT * FROM Employee", con);
                                var table = new DataTable();
                                adapter.Fill(table);
                                grid.DataSource = table;
                            }
                        }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "Static field set by a SetConn() factory that creates and opens a new connection and keeps it",
            "ashchau/MasterCode: App_Code/test2.cs (page callers in minimal form)",
            new[]
            {
                """
                using System.Data;
                using System.Data.SqlClient;

                public class test2
                {
                    static SqlConnection con;
                    public static SqlConnection SetConn()
                    {
                        try
                        {
                            con = new SqlConnection("Data Source=.;Initial Catalog=Master;Integrated Security=True");
                            if (con.State == ConnectionState.Closed)
                            {
                                con.Open();
                            }
                            return con;
                        }
                        catch
                        {
                            con.Close();
                            return con;
                        }
                    }
                }
                """,
                """
                using System.Data;
                using System.Data.SqlClient;

                public class ProductPage
                {
                    public DataTable Products()
                    {
                        var table = new DataTable();
                        using (SqlDataAdapter da = new SqlDataAdapter("SELECT * FROM Product", test2.SetConn()))
                        {
                            da.Fill(table);
                        }

                        return table;
                    }
                }
                """,
            });

        yield return new HolderShape(
            "The widely copied DBConnection.Instance() singleton: IsConnect() opens the connection, callers read Connection",
            "shendongnian/code: code5/872531-21618283-14.cs (a Stack Overflow answer's class; caller as in its usage example)",
            new[]
            {
                """
                using System;
                using MySql.Data.MySqlClient;

                namespace Data
                {
                    public class DBConnection
                    {
                        private DBConnection()
                        {
                        }

                        private string databaseName = string.Empty;
                        public string DatabaseName
                        {
                            get { return databaseName; }
                            set { databaseName = value; }
                        }

                        public string Password { get; set; }
                        private MySqlConnection connection = null;
                        public MySqlConnection Connection
                        {
                            get { return connection; }
                        }

                        private static DBConnection _instance = null;
                        public static DBConnection Instance()
                        {
                            if (_instance == null)
                                _instance = new DBConnection();
                            return _instance;
                        }

                        public bool IsConnect()
                        {
                            if (Connection == null)
                            {
                                if (String.IsNullOrEmpty(databaseName))
                                    return false;
                                string connstring = string.Format("Server=localhost; database={0}; UID=UserName; password=your password", databaseName);
                                connection = new MySqlConnection(connstring);
                                connection.Open();
                            }

                            return true;
                        }

                        public void Close()
                        {
                            connection.Close();
                        }
                    }
                }
                """,
                """
                using System;
                using MySql.Data.MySqlClient;

                namespace Data
                {
                    public static class Report
                    {
                        public static void Print()
                        {
                            var dbCon = DBConnection.Instance();
                            dbCon.DatabaseName = "YourDatabase";
                            if (dbCon.IsConnect())
                            {
                                string query = "SELECT col0,col1 FROM YourTable";
                                var cmd = new MySqlCommand(query, dbCon.Connection);
                                var reader = cmd.ExecuteReader();
                                while (reader.Read())
                                {
                                    Console.WriteLine(reader.GetString(0) + "," + reader.GetString(1));
                                }

                                dbCon.Close();
                            }
                        }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "Singleton with an auto-property connection set by IsConnected()",
            "LeeCombs/FF2_Monster_Sim: FF2_Monster_Sim/DBConnection.cs (caller in minimal form)",
            new[]
            {
                """
                using System;
                using System.Diagnostics;
                using MySql.Data.MySqlClient;

                namespace FF2_Monster_Sim
                {
                    public class DBConnection
                    {
                        private DBConnection()
                        {
                        }

                        public string DatabaseName = String.Empty;
                        public string Password = String.Empty;
                        public MySqlConnection Connection { get; private set; } = null;

                        private static DBConnection _instance = null;
                        public static DBConnection Instance()
                        {
                            if (_instance == null)
                                _instance = new DBConnection();
                            return _instance;
                        }

                        public bool IsConnected()
                        {
                            if (Connection == null)
                            {
                                if (String.IsNullOrEmpty(DatabaseName))
                                {
                                    Debug.WriteLine("Null or empty database name supplied");
                                    return false;
                                }

                                string connstring = string.Format("Server=localhost; database={0}; UID=root; password=" + Password, DatabaseName);
                                Connection = new MySqlConnection(connstring);
                                Connection.Open();
                            }

                            return true;
                        }

                        public void Close()
                        {
                            Connection.Close();
                        }
                    }
                }
                """,
                """
                using MySql.Data.MySqlClient;

                namespace FF2_Monster_Sim
                {
                    public static class MonsterManager
                    {
                        public static int CountMonsters()
                        {
                            var db = DBConnection.Instance();
                            db.DatabaseName = "ff2_monsters";
                            if (!db.IsConnected())
                                return 0;
                            var cmd = new MySqlCommand("SELECT COUNT(*) FROM monsters", db.Connection);
                            return System.Convert.ToInt32(cmd.ExecuteScalar());
                        }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "Bot database handler: a public static connection every method overwrites, opens and closes",
            "eleunameh/EleunameBotConsole: DatabaseHandler.cs",
            new[]
            {
                """
                using MySql.Data.MySqlClient;

                namespace EleunameBotConsole
                {
                    public class DatabaseHandler
                    {
                        public static MySqlConnection connection;
                        public static string myConnectionString = "server=;database=;uid=;pwd=;SslMode=none";

                        public static void ExecuteNonQuery(string Query)
                        {
                            connection = new MySqlConnection(myConnectionString);
                            MySqlCommand cmd = new MySqlCommand(Query, connection);
                            connection.Open();
                            cmd.ExecuteNonQuery();
                            connection.Close();
                        }

                        public static string ScalarCommand(string ScalarQuery)
                        {
                            string result;
                            connection = new MySqlConnection(myConnectionString);
                            MySqlCommand myCommand = new MySqlCommand(ScalarQuery, connection);
                            connection.Open();
                            result = myCommand.ExecuteScalar().ToString();
                            connection.Close();
                            return result;
                        }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "API with a static get-only auto-property connection opened in the static constructor, used by controllers",
            "IPineappleI/flower-project: FlowerProjectAPI/FlowerProjectAPI/Utility/DataBase.cs (controller in minimal form)",
            new[]
            {
                """
                using Npgsql;

                namespace FlowerProjectAPI.Utility;

                public static class DataBase
                {
                    public static NpgsqlConnection Connection { get; }

                    static DataBase()
                    {
                        Connection = new NpgsqlConnection("Host=localhost:5432;" + "Username=postgres;" + "Password=secret;" + "Database=flower_project");
                        Connection.Open();
                    }
                }
                """,
                """
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using FlowerProjectAPI.Utility;
                using Microsoft.AspNetCore.Mvc;
                using Npgsql;

                namespace FlowerProjectAPI.Controllers;

                [ApiController]
                [Route("flowers")]
                public class FlowersController : ControllerBase
                {
                    [HttpGet]
                    public async Task<IActionResult> GetAll()
                    {
                        var names = new List<string>();
                        await using var command = new NpgsqlCommand("SELECT name FROM flowers", DataBase.Connection);
                        await using var reader = await command.ExecuteReaderAsync();
                        while (await reader.ReadAsync())
                        {
                            names.Add(reader.GetString(0));
                        }

                        return Ok(names);
                    }

                    [HttpPost]
                    public async Task<IActionResult> Add(string name)
                    {
                        await using var command = new NpgsqlCommand("INSERT INTO flowers (name) VALUES (@name)", DataBase.Connection);
                        command.Parameters.AddWithValue("name", name);
                        await command.ExecuteNonQueryAsync();
                        return Ok();
                    }
                }
                """,
            });

        yield return new HolderShape(
            "Discord bot's static class: a private static Npgsql connection opened by Init() and used by command helpers",
            "stanuwu/CD2: CD2_Bot/CD2_Bot/db.cs",
            new[]
            {
                """
                using System;
                using System.IO;
                using Npgsql;

                namespace CD2_Bot
                {
                    static class db
                    {
                        static string dbpassword = "secret";

                        static NpgsqlConnection dbc = new NpgsqlConnection($"Host=localhost;Username=postgres;Password={dbpassword};Database=CD2");

                        static public void Init()
                        {
                            dbc.Open();
                            Console.WriteLine(CommandString("SELECT version()"));
                        }

                        static public string CommandString(string cmd)
                        {
                            return new NpgsqlCommand(cmd, dbc).ExecuteScalar().ToString();
                        }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "Telegram bot: a public static connection in Program, opened in Main, read by message handlers in another file",
            "OleksSavchenko/polissiaSchedule: Program.cs and ReplyMessages.cs",
            new[]
            {
                """
                using System;
                using MySqlConnector;

                namespace TelegBot
                {
                    internal class Program
                    {
                        const string connString = "SERVER=localhost;DATABASE=telegrambotdb;UID=root;PASSWORD=usbw;";
                        public static MySqlConnection conn = new MySqlConnection(connString);

                        static void Main(string[] args)
                        {
                            conn.OpenAsync();
                            Console.ReadLine();
                        }
                    }
                }
                """,
                """
                using MySqlConnector;

                namespace TelegBot
                {
                    internal partial class BotEngine
                    {
                        public static string GetGroupID(string message)
                        {
                            string query = $"select * from groups where groupName = '{message.ToLower()}'";
                            MySqlCommand cmd = new MySqlCommand(query, Program.conn);
                            MySqlDataReader reader = cmd.ExecuteReader();
                            reader.Read();
                            string groupID = reader["groupID"].ToString();
                            reader.Close();
                            return groupID;
                        }

                        public static void DBUserInsert(long userID, string status, string schedule)
                        {
                            string query = $"INSERT INTO `users`(`userID`, `userSchedule`, `userStatus`) VALUES('{userID}', '{schedule}', '{status}')";
                            MySqlCommand cmd = new MySqlCommand(query, Program.conn);
                            MySqlDataReader reader = cmd.ExecuteReader();
                            while (reader.Read())
                            {
                            }

                            reader.Close();
                        }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "Discord bot's static clients class: a get-only connection property whose connection string is set at start-up",
            "TimothyJH/HeinzBOTtle: Statics/HBClients.cs (start-up and command callers in minimal form)",
            new[]
            {
                """
                using System.Net.Http;
                using MySqlConnector;

                namespace HeinzBOTtle.Statics;

                public static class HBClients
                {
                    public static HttpClient HttpClient { get; } = new HttpClient();
                    public static MySqlConnection DatabaseConnection { get; } = new MySqlConnection();
                }
                """,
                """
                using System.Threading.Tasks;
                using HeinzBOTtle.Statics;
                using MySqlConnector;

                namespace HeinzBOTtle;

                public static class Startup
                {
                    public static async Task ConnectAsync(string connectionString)
                    {
                        HBClients.DatabaseConnection.ConnectionString = connectionString;
                        await HBClients.DatabaseConnection.OpenAsync();
                    }

                    public static async Task<long> CountLinksAsync()
                    {
                        using var command = new MySqlCommand("SELECT COUNT(*) FROM linked_members", HBClients.DatabaseConnection);
                        return (long)(await command.ExecuteScalarAsync() ?? 0L);
                    }
                }
                """,
            },
            LanguageVersion.CSharp11);

        yield return new HolderShape(
            "WinForms helper: a public static connection created and opened by DB(), used by forms",
            "GRWolfy/AppsDev: AppsDev/Connection/Connection.cs (form caller in minimal form)",
            new[]
            {
                """
                using System;
                using System.Data.SqlClient;

                namespace AppsDev.Connection
                {
                    class Connection
                    {
                        public static SqlConnection con;
                        private static string dbconnect = "Data Source=WOLF;Initial Catalog=TestingDb;Integrated Security=True";

                        public static void DB()
                        {
                            try
                            {
                                con = new SqlConnection(dbconnect);
                                con.Open();
                            }
                            catch (Exception e)
                            {
                                con.Close();
                                Console.WriteLine(e.Message);
                            }
                        }
                    }
                }
                """,
                """
                using System;
                using System.Data.SqlClient;
                using System.Windows.Forms;

                namespace AppsDev
                {
                    public class LoginForm : Form
                    {
                        private readonly TextBox txtUser = new TextBox();

                        private void btnLogin_Click(object sender, EventArgs e)
                        {
                            Connection.Connection.DB();
                            var cmd = new SqlCommand("SELECT COUNT(*) FROM Users WHERE Name = @name", Connection.Connection.con);
                            cmd.Parameters.AddWithValue("@name", txtUser.Text);
                            var found = (int)cmd.ExecuteScalar() > 0;
                            Connection.Connection.con.Close();
                            MessageBox.Show(found ? "Welcome" : "Unknown user");
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "Static field keeping a database helper whose instance holds the connection, with Open/Close helpers and a property accessor",
            "QuanLyHotel: ACCOUNT/ACC.cs (repository not named by the index), MyDB as in khoa1412001/RestaurantManangerApplication: Project3/CLASS/MyDB.cs",
            new[]
            {
                """
                using System.Data;
                using System.Data.SqlClient;

                namespace QuanLyHotel
                {
                    class MyDB
                    {
                        SqlConnection con = new SqlConnection(@"Data Source = (localdb)\MSSQLLocalDB; Initial Catalog = projectWinform; Integrated Security = True");
                        public SqlConnection GetConnection
                        {
                            get
                            {
                                return con;
                            }
                        }
                        public void OpenConnection()
                        {
                            if (con.State == ConnectionState.Closed)
                                con.Open();
                        }
                        public void CloseConnection()
                        {
                            con.Close();
                        }
                    }

                    internal class ACC
                    {
                        static MyDB mydb = new MyDB();
                        public static DataTable getListAcc()
                        {
                            using (SqlCommand cmd = new SqlCommand("SELECT * FROM TaiKhoan", mydb.GetConnection))
                            {
                                mydb.OpenConnection();
                                using (SqlDataAdapter adapter = new SqlDataAdapter(cmd))
                                {
                                    DataTable table = new DataTable();
                                    adapter.Fill(table);
                                    return table;
                                }
                            }
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);
    }
}
