using Microsoft.CodeAnalysis.CSharp;

namespace StaleConn.CodeFixes.Tests.Corpus;

/// <summary>
/// Lazy accessors that build the connection through <c>LazyInitializer.EnsureInitialized(ref db, CreateConnection)</c> (a
/// tutorial's <c>DBConfig</c> copied into many repositories) or read the connection string from <c>ConfigurationManager</c>
/// with a call inside the null check. Several copies are cited by the code-search file id: the search tools showed
/// their text but not their repository.
/// </summary>
internal static partial class HolderShapes
{
    private static IEnumerable<HolderShape> InitialisationHolders()
    {
        yield return new HolderShape(
            "LazyInitializer.EnsureInitialized with a creator that does not open; callers dispose what they get",
            "atodorov5/Laboratory@f8a3f15e1e7d: Laboratory/Data/DBConfig.cs, Laboratory/ViewModel/TestCollection.cs (caller in minimal form)",
            new[]
            {
                """
                using System.Threading;
                using MySql.Data.MySqlClient;

                namespace Laboratory
                {
                    public class DBConfig
                    {
                        static string conf = "server=localhost;user id=root;password=nasko;database=laboratorydb;";

                        static MySqlConnection db;

                        public static MySqlConnection Connection
                        {
                            get
                            {
                                if (db == null)
                                {
                                    LazyInitializer.EnsureInitialized(ref db, CreateConnection);
                                }
                                return db;
                            }
                        }

                        static MySqlConnection CreateConnection()
                        {
                            var db = new MySqlConnection(conf);
                            return db;
                        }

                        static void CloseConnection()
                        {
                            if (db != null)
                            {
                                db.Close();
                                db.Dispose();
                                db = null;
                            }
                        }
                    }

                    public class PendingTests
                    {
                        public int Count()
                        {
                            var count = 0;
                            using (var conn = DBConfig.Connection)
                            {
                                conn.Open();
                                var cmd = new MySqlCommand("retrieve_pending_tests", conn);
                                var dr = cmd.ExecuteReader();
                                while (dr.Read())
                                {
                                    count++;
                                }
                            }

                            return count;
                        }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "LazyInitializer.EnsureInitialized, creator without Open; a form opens and closes around each use",
            "public repository, namespace BloodTestLab: DBConfig.cs (code-search file id 28612622200; its owner is not shown by the search tools; caller in minimal form)",
            new[]
            {
                """
                using System.Threading;
                using MySql.Data.MySqlClient;

                namespace BloodTestLab
                {
                    public class DBConfig
                    {
                        static string conf = "server=localhost;user id=root;password=root;database=bloodlab;";

                        static MySqlConnection db;

                        public static MySqlConnection Connection
                        {
                            get
                            {
                                if (db == null)
                                {
                                    LazyInitializer.EnsureInitialized(ref db, CreateConnection);
                                }
                                return db;
                            }
                        }

                        static MySqlConnection CreateConnection()
                        {
                            var db = new MySqlConnection(conf);
                            return db;
                        }

                        static void CloseConnection()
                        {
                            if (db != null)
                            {
                                db.Close();
                                db.Dispose();
                                db = null;
                            }
                        }
                    }

                    public class TestsForm : System.Windows.Forms.Form
                    {
                        public void btnSave_Click(object sender, System.EventArgs e)
                        {
                            var conn = DBConfig.Connection;
                            conn.Open();
                            var cmd = new MySqlCommand("INSERT INTO tests (name) VALUES (@name)", conn);
                            cmd.Parameters.AddWithValue("@name", Text);
                            cmd.ExecuteNonQuery();
                            conn.Close();
                        }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "LazyInitializer.EnsureInitialized, connection string concatenated from static fields, creator without Open",
            "public repository, DBConfig.cs of a shelter application (code-search file id 3938544224; owner not shown; caller in minimal form)",
            new[]
            {
                """
                using System.Threading;
                using MySql.Data.MySqlClient;

                namespace Shelter
                {
                    public class DBConfig
                    {
                        private static string Server = "localhost";
                        private static string Database = "shelter";
                        private static string ID = "admin";
                        private static string PASS = "admin";

                        static string conf = "Server=" + Server + ";Database=" + Database + ";Uid=" + ID + ";Pwd=" + PASS;

                        static MySqlConnection db;

                        public static MySqlConnection Connection
                        {
                            get
                            {
                                if (db == null)
                                {
                                    LazyInitializer.EnsureInitialized(ref db, CreateConnection);
                                }
                                return db;
                            }
                        }

                        static MySqlConnection CreateConnection()
                        {
                            var db = new MySqlConnection(conf);
                            return db;
                        }
                    }

                    public class TestsForm : System.Windows.Forms.Form
                    {
                        public void btnSave_Click(object sender, System.EventArgs e)
                        {
                            var conn = DBConfig.Connection;
                            conn.Open();
                            var cmd = new MySqlCommand("INSERT INTO tests (name) VALUES (@name)", conn);
                            cmd.Parameters.AddWithValue("@name", Text);
                            cmd.ExecuteNonQuery();
                            conn.Close();
                        }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "LazyInitializer.EnsureInitialized with a creator that opens; callers run commands on what they get",
            "public repository, DBConfig.cs for database cs322dz08 (code-search file id 3787088704; owner not shown; callers in minimal form)",
            new[]
            {
                """
                using System.Threading;
                using MySql.Data.MySqlClient;

                namespace Dz08
                {
                    public class DBConfig
                    {
                        private static string server = "localhost";
                        private static string database = "cs322dz08";
                        private static string username = "mihajlo";
                        private static string password = "qwerty";

                        static string conf = "server=" + server + ";username=" + username + ";password=" + password + ";database=" + database;

                        static MySqlConnection db;

                        public static MySqlConnection Connection
                        {
                            get
                            {
                                if (db == null)
                                {
                                    LazyInitializer.EnsureInitialized(ref db, CreateConnection);
                                }
                                return db;
                            }
                        }

                        static MySqlConnection CreateConnection()
                        {
                            var db = new MySqlConnection(conf);
                            db.Open();
                            return db;
                        }

                        static void CloseConnection()
                        {
                            if (db != null)
                            {
                                db.Close();
                                db.Dispose();
                                db = null;
                            }
                        }
                    }

                    public class Records
                    {
                        public long Count()
                        {
                            var cmd = new MySqlCommand("SELECT COUNT(*) FROM records", DBConfig.Connection);
                            return (long)cmd.ExecuteScalar();
                        }

                        public void Delete(int id)
                        {
                            var cmd = new MySqlCommand("DELETE FROM records WHERE id = @id", DBConfig.Connection);
                            cmd.Parameters.AddWithValue("@id", id);
                            cmd.ExecuteNonQuery();
                        }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "LazyInitializer.EnsureInitialized, a 'singletone' whose creator opens, data source and port concatenated",
            "public repository, DBConfig.cs commented 'preform singletone' (code-search file id 31394874646; owner not shown; callers in minimal form)",
            new[]
            {
                """
                using System.Threading;
                using MySql.Data.MySqlClient;

                namespace Singletone
                {
                    public class DBConfig
                    {
                        private static string Server = "localhost";
                        private static string Username = "root";
                        private static string Port = "3306";
                        private static string Password = "";

                        static string conf = "datasource=" + Server + ";port=" + Port + ";username=" + Username + ";password=" + Password;

                        static MySqlConnection db;

                        public static MySqlConnection Connection
                        {
                            get
                            {
                                if (db == null)
                                {
                                    LazyInitializer.EnsureInitialized(ref db, CreateConnection);
                                }
                                return db;
                            }
                        }

                        static MySqlConnection CreateConnection()
                        {
                            var db = new MySqlConnection(conf);
                            db.Open();
                            return db;
                        }

                        static void CloseConnection()
                        {
                            if (db != null)
                            {
                                db.Close();
                                db.Dispose();
                                db = null;
                            }
                        }
                    }

                    public class Records
                    {
                        public long Count()
                        {
                            var cmd = new MySqlCommand("SELECT COUNT(*) FROM records", DBConfig.Connection);
                            return (long)cmd.ExecuteScalar();
                        }

                        public void Delete(int id)
                        {
                            var cmd = new MySqlCommand("DELETE FROM records WHERE id = @id", DBConfig.Connection);
                            cmd.Parameters.AddWithValue("@id", id);
                            cmd.ExecuteNonQuery();
                        }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "LazyInitializer.EnsureInitialized, the field initialised to null, creator without Open",
            "public repository, an 'annuaire' directory application's connection class (code-search file id 2439783470; owner not shown; caller in minimal form)",
            new[]
            {
                """
                using System.Threading;
                using MySql.Data.MySqlClient;

                namespace Annuaire
                {
                    public class DBConfig
                    {
                        static string conf = "datasource=localhost;port=3306;username=root;password=root;database=annuaire;";

                        static MySqlConnection db = null;

                        public static MySqlConnection Connection
                        {
                            get
                            {
                                if (db == null)
                                {
                                    LazyInitializer.EnsureInitialized(ref db, CreateConnection);
                                }
                                return db;
                            }
                        }

                        static MySqlConnection CreateConnection()
                        {
                            var db = new MySqlConnection(conf);
                            return db;
                        }
                    }

                    public class PendingTests
                    {
                        public int Count()
                        {
                            var count = 0;
                            using (var conn = DBConfig.Connection)
                            {
                                conn.Open();
                                var cmd = new MySqlCommand("retrieve_pending_tests", conn);
                                var dr = cmd.ExecuteReader();
                                while (dr.Read())
                                {
                                    count++;
                                }
                            }

                            return count;
                        }
                    }
                }
                """,
            });
        yield return new HolderShape(
            "Private lazy accessor reading AppSettings.Get inside the null check; a closer sets the field to null; callers open and close or fill an adapter",
            "spaglicciar/EserciziADO@7607ca618634: EserciziADO/Helpers/DbHelper.cs",
            new[]
            {
                """
                using System.Configuration;
                using System.Data;
                using System.Data.SqlClient;

                public static class DbHelper
                {
                    private static SqlConnection connection;

                    private static SqlConnection GetConnection()
                    {
                        if (connection == null)
                        {
                            string connectionString = ConfigurationManager.AppSettings.Get("connectionString");
                            connection = new SqlConnection(connectionString);
                        }
                        return connection;
                    }

                    private static void CloseConnection()
                    {
                        if (connection != null)
                        {
                            connection.Close();
                            connection = null;
                        }
                    }

                    public static DataSet GetPersone()
                    {
                        SqlCommand command = new SqlCommand("SELECT Persona_ID, Nome, Cognome FROM Persona", GetConnection());
                        DataSet persone = new DataSet();
                        SqlDataAdapter dataAdpater = new SqlDataAdapter(command);
                        dataAdpater.Fill(persone);
                        return persone;
                    }

                    public static void InsertPersona(string nome)
                    {
                        SqlConnection conn = GetConnection();
                        SqlCommand command = new SqlCommand("INSERT INTO Persona (Nome) VALUES (@Nome)", conn);
                        command.Parameters.Add("@Nome", SqlDbType.VarChar, 255).Value = nome;
                        conn.Open();
                        command.ExecuteNonQuery();
                        conn.Close();
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "Static lazy GetConnection reading ConnectionStrings[...].ToString() into a local, then opening; pages run commands on it",
            "Shariq96/DBMS: WebApplication8/WebApplication8/Models/Connections.cs (the read; its construction is written with the string as the constructor's argument, and the page caller in minimal form)",
            new[]
            {
                """
                using System.Configuration;
                using System.Data.SqlClient;

                namespace WebApplication8.Models
                {
                    public class Connections
                    {
                        public static SqlConnection My_SQL_Connection;

                        public static SqlConnection GetConnection()
                        {
                            if (My_SQL_Connection == null)
                            {
                                string connectionString = ConfigurationManager.ConnectionStrings["mydb"].ToString();
                                My_SQL_Connection = new SqlConnection(connectionString);
                                My_SQL_Connection.Open();
                            }
                            return My_SQL_Connection;
                        }
                    }

                    public class StudentsPage : System.Web.UI.Page
                    {
                        public int CountStudents()
                        {
                            var cmd = new SqlCommand("SELECT COUNT(*) FROM students", Connections.GetConnection());
                            return (int)cmd.ExecuteScalar();
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "Singleton whose connect() builds, opens and closes a new connection in a try and returns it through a field; forms keep what they get",
            "Chamidilshan/LibraryManagmentSystem@b5800b9299af: DBConnection.cs, Login.cs (form in minimal form)",
            new[]
            {
                """
                using System;
                using System.Data;
                using System.Data.SqlClient;

                namespace SingletonTry
                {
                    public sealed class DBConnection
                    {
                        SqlConnection conn;
                        private static DBConnection instance = null;
                        private DBConnection()
                        {
                        }

                        public static DBConnection Instance
                        {
                            get
                            {
                                if (instance == null)
                                {
                                    instance = new DBConnection();
                                }
                                return instance;
                            }
                        }

                        public SqlConnection connect()
                        {
                            try
                            {
                                conn = new SqlConnection("Data Source=LAPTOP;Initial Catalog=Lib;Integrated Security=True");
                                conn.Open();
                                conn.Close();
                            }
                            catch (Exception ex)
                            {
                            }

                            return conn;
                        }
                    }

                    public class Login : System.Windows.Forms.Form
                    {
                        readonly SqlConnection conn;
                        DBConnection dbc = DBConnection.Instance;

                        public Login()
                        {
                            conn = dbc.connect();
                        }

                        public void loginbtn_Click(object sender, EventArgs e)
                        {
                            var cmd = new SqlCommand("SELECT * FROM LoginTable", conn);
                            var adapter = new SqlDataAdapter(cmd);
                            var ds = new DataSet();
                            adapter.Fill(ds);
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "Static SetConnection() building a new connection from ConnectionStrings in a try, opening it, closing it in the catch",
            "ashchau/MasterCode: App_Code/Test.cs (page caller in minimal form)",
            new[]
            {
                """
                using System.Configuration;
                using System.Data;
                using System.Data.SqlClient;

                public class Test
                {
                    static SqlConnection con;

                    public static SqlConnection SetConnection()
                    {
                        try
                        {
                            con = new SqlConnection(ConfigurationManager.ConnectionStrings["Conn"].ConnectionString);
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

                public class Orders : System.Web.UI.Page
                {
                    public int CountOrders()
                    {
                        var cmd = new SqlCommand("SELECT COUNT(*) FROM orders", Test.SetConnection());
                        return (int)cmd.ExecuteScalar();
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "Static GetConnection() setting a field to a new connection whose string an assignment sets from configuration",
            "public repository, CarConnect.Util.DBConnUtil (code search result without its owner; caller in minimal form)",
            new[]
            {
                """
                using System.Configuration;
                using System.Data.SqlClient;

                namespace CarConnect.Util
                {
                    static class DBConnUtil
                    {
                        static SqlConnection connection = null;

                        public static SqlConnection GetConnection()
                        {
                            connection = new SqlConnection();
                            connection.ConnectionString = ConfigurationManager.ConnectionStrings["CarConnectDB"].ConnectionString;
                            return connection;
                        }
                    }

                    public class VehicleService
                    {
                        public int CountVehicles()
                        {
                            using (SqlConnection conn = DBConnUtil.GetConnection())
                            {
                                conn.Open();
                                var cmd = new SqlCommand("SELECT COUNT(*) FROM Vehicle", conn);
                                return (int)cmd.ExecuteScalar();
                            }
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);
    }
}
