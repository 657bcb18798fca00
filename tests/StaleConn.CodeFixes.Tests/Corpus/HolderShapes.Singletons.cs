using Microsoft.CodeAnalysis.CSharp;

namespace StaleConn.CodeFixes.Tests.Corpus;

/// <summary>
/// Singletons and static accessors added in round 23: a GetConnection()/CloseConnection() pair of a console app, lazy
/// getters that callers open and close, a getter that reconnects when the connection broke, a settable property, a
/// locked singleton.
/// </summary>
internal static partial class HolderShapes
{
    private static IEnumerable<HolderShape> SingletonHolders()
    {
        yield return new HolderShape(
            "Static GetConnection() that creates on first call and opens when not open, with a CloseConnection() that disposes and forgets it, used by console menus",
            "santiagomtello/campuslove: infrastucture/Configuration/DatabaseConfig.cs (menu callers in minimal form)",
            new[]
            {
                """
                using MySql.Data.MySqlClient;

                namespace CampusLove.Infrastructure.Configuration
                {
                    public static class DatabaseConfig
                    {
                        private static string _connectionString = "Server=localhost;Database=campusLove;User=root;Password=secret;";
                        private static MySqlConnection _connection;

                        public static MySqlConnection GetConnection()
                        {
                            if (_connection == null)
                            {
                                _connection = new MySqlConnection(_connectionString);
                            }

                            if (_connection.State != System.Data.ConnectionState.Open)
                            {
                                _connection.Open();
                            }

                            return _connection;
                        }

                        public static void CloseConnection()
                        {
                            if (_connection != null && _connection.State == System.Data.ConnectionState.Open)
                            {
                                _connection.Close();
                                _connection.Dispose();
                                _connection = null;
                            }
                        }
                    }
                }
                """,
                """
                using System;
                using CampusLove.Infrastructure.Configuration;
                using MySql.Data.MySqlClient;

                namespace CampusLove.Application.UI
                {
                    public class MenuEstadisticas
                    {
                        public int ContarUsuarios()
                        {
                            var connection = DatabaseConfig.GetConnection();
                            using var command = new MySqlCommand("SELECT COUNT(*) FROM usuarios", connection);
                            return Convert.ToInt32(command.ExecuteScalar());
                        }

                        public void Salir()
                        {
                            DatabaseConfig.CloseConnection();
                        }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "Static lazy getDBConnection() in a static class; a WinForms login handler re-opens it when not open and closes it after reading",
            "dhanmalage/workshop-management-system-c: WorkshopManagementSystem/DatabaseConnection.cs and WorkshopManagementSystem/loginForm.cs",
            new[]
            {
                """
                using MySql.Data.MySqlClient;

                namespace MySqlDatabaseConnection
                {
                    public static class DatabaseConnection
                    {
                        static MySqlConnection databaseConnection = null;

                        public static MySqlConnection getDBConnection()
                        {
                            if (databaseConnection == null)
                            {
                                string connectionString = "server=localhost;database=workshop;uid=app;pwd=secret;";
                                databaseConnection = new MySqlConnection(connectionString);
                            }
                            return databaseConnection;
                        }
                    }
                }
                """,
                """
                using System;
                using System.Data;
                using System.Windows.Forms;
                using MySql.Data.MySqlClient;
                using MySqlDatabaseConnection;

                namespace WorkshopManagementSystem
                {
                    public partial class loginForm : Form
                    {
                        private readonly TextBox txtEmail = new TextBox();

                        private void btnLogin_Click(object sender, EventArgs e)
                        {
                            try
                            {
                                MySqlConnection myConnection = DatabaseConnection.getDBConnection();
                                string query = "SELECT * FROM c_users WHERE email = @field1";
                                using (MySqlCommand command = new MySqlCommand(query, myConnection))
                                {
                                    command.Parameters.AddWithValue("@field1", txtEmail.Text.Trim());
                                    if (myConnection.State != ConnectionState.Open)
                                    {
                                        myConnection.Close();
                                        myConnection.Open();
                                    }

                                    using (MySqlDataReader reader = command.ExecuteReader())
                                    {
                                        int rowCount = 0;
                                        while (reader.Read())
                                        {
                                            rowCount++;
                                        }

                                        if (rowCount != 1)
                                        {
                                            MessageBox.Show("Please check username and password and try again");
                                        }
                                    }

                                    myConnection.Close();
                                }
                            }
                            catch (Exception ex)
                            {
                                Console.WriteLine(ex.Message);
                            }
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "Static property that builds and opens a new connection whenever the old one is null, closed or broken, used by repositories through CreateCommand()",
            "pr0z/Kuhlschrank: Kuhlschrank/DataAccess/AccessBD/AccessBD.cs and Kuhlschrank/DataAccess/UserRepositoriesImplementation/UserSqlServerRepository.cs",
            new[]
            {
                """
                using System.Data.SqlClient;

                namespace DataAccess
                {
                    public static class AccessBD
                    {
                        private static SqlConnection _connection;

                        public static SqlConnection Connection
                        {
                            get
                            {
                                if (_connection == null || _connection.State == System.Data.ConnectionState.Closed || _connection.State == System.Data.ConnectionState.Broken)
                                {
                                    _connection = new SqlConnection("Data Source=.;Initial Catalog=Kuhlschrank;Integrated Security=True");
                                    _connection.Open();
                                }
                                return _connection;
                            }
                        }
                    }
                }
                """,
                """
                using System.Collections.Generic;
                using System.Data;
                using System.Data.SqlClient;

                namespace DataAccess.UserRepositoriesImplementation
                {
                    public class UserSqlServerRepository
                    {
                        public List<string> GetAll()
                        {
                            using (SqlCommand cmd = AccessBD.Connection.CreateCommand())
                            {
                                cmd.CommandText = "SELECT mail FROM USERS";
                                using (IDataReader reader = cmd.ExecuteReader())
                                {
                                    var list = new List<string>();
                                    while (reader.Read())
                                    {
                                        list.Add(reader.GetString(0));
                                    }
                                    return list;
                                }
                            }
                        }

                        public void Delete(int id)
                        {
                            using (SqlCommand cmd = AccessBD.Connection.CreateCommand())
                            {
                                cmd.CommandText = "DELETE FROM USERS WHERE id=" + id;
                                cmd.ExecuteNonQuery();
                            }
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "Settable static Connection property created on first read; an ORM base sets it on its commands and adapters, and an extension opens and closes around each command",
            "senapeksin/CustomProject: CustomProject.Common/Tools.cs and CustomProject.Common/ORMBase.cs (the Exec() extension in minimal form)",
            new[]
            {
                """
                using System.Data.SqlClient;

                namespace CustomProject.Common
                {
                    public static class Tools
                    {
                        private static SqlConnection _connection;

                        public static SqlConnection Connection
                        {
                            get
                            {
                                if (_connection == null)
                                {
                                    _connection = new SqlConnection("Data Source=.;Initial Catalog=Northwind;Integrated Security=True");
                                }
                                return _connection;
                            }
                            set { _connection = value; }
                        }

                        public static int Exec(this SqlCommand cmd)
                        {
                            try
                            {
                                if (cmd.Connection.State != System.Data.ConnectionState.Open)
                                {
                                    cmd.Connection.Open();
                                }
                                return cmd.ExecuteNonQuery();
                            }
                            finally
                            {
                                cmd.Connection.Close();
                            }
                        }
                    }
                }
                """,
                """
                using System.Data;
                using System.Data.SqlClient;

                namespace CustomProject.Common
                {
                    public class CategoriesORM
                    {
                        public int Insert(string name)
                        {
                            SqlCommand cmd = new SqlCommand();
                            cmd.Connection = Tools.Connection;
                            cmd.CommandText = "insert into Categories(CategoryName) values(@name)";
                            cmd.Parameters.AddWithValue("@name", name);
                            return cmd.Exec();
                        }

                        public DataTable Select()
                        {
                            SqlDataAdapter adp = new SqlDataAdapter("select * from Categories", Tools.Connection);
                            DataTable dt = new DataTable();
                            adp.Fill(dt);
                            return dt;
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "Static Instance property handing out one connection under a lock; the program builds a command on it, opens, reads and closes",
            "m2idotnet/CoursSharpGit: CoursSharp/CoursAdoNet/Connection.cs and CoursSharp/CoursAdoNet/Program.cs",
            new[]
            {
                """
                using System.Data.SqlClient;

                namespace CoursAdoNet
                {
                    public class Connection
                    {
                        private static SqlConnection _instance = null;
                        private static object __v = new object();

                        public static SqlConnection Instance
                        {
                            get
                            {
                                lock (__v)
                                {
                                    if (_instance == null)
                                        _instance = new SqlConnection(@"Data Source=(localDb)\CoursAdoNet;Integrated Security=True");
                                    return _instance;
                                }
                            }
                        }

                        private Connection()
                        {
                        }
                    }
                }
                """,
                """
                using System;
                using System.Data.SqlClient;

                namespace CoursAdoNet
                {
                    class Program
                    {
                        static void Main(string[] args)
                        {
                            string search = Console.ReadLine();
                            SqlCommand command = new SqlCommand("SELECT * FROM personne where nom like @search", Connection.Instance);
                            command.Parameters.Add(new SqlParameter("@search", "%" + search + "%"));
                            Connection.Instance.Open();
                            SqlDataReader reader = command.ExecuteReader();
                            while (reader.Read())
                            {
                                Console.WriteLine("Nom : " + reader.GetString(1));
                            }
                            reader.Close();
                            command.Dispose();
                            Connection.Instance.Close();
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "Volatile static connection behind a double-checked lock, its connection string set by the first caller; a data class opens and closes it around a query",
            "PlumpMath/DesignPatterns-218: Creational.Singleton/SqlConnectionSingleton.cs (caller in minimal form)",
            new[]
            {
                """
                using System;
                using System.Data.SqlClient;

                namespace Creational.Singleton
                {
                    public class SqlConnectionSingleton
                    {
                        private static volatile SqlConnection connection;
                        private static object syncRoot = new Object();

                        private SqlConnectionSingleton()
                        {
                        }

                        public static SqlConnection Connection
                        {
                            get
                            {
                                if (connection == null)
                                {
                                    lock (syncRoot)
                                    {
                                        if (connection == null)
                                            connection = new SqlConnection("Data Source=.;Initial Catalog=Patterns;Integrated Security=True");
                                    }
                                }
                                return connection;
                            }
                        }
                    }

                    public class CustomerData
                    {
                        public int Count()
                        {
                            var command = new SqlCommand("SELECT COUNT(*) FROM customers", SqlConnectionSingleton.Connection);
                            SqlConnectionSingleton.Connection.Open();
                            try
                            {
                                return (int)command.ExecuteScalar();
                            }
                            finally
                            {
                                SqlConnectionSingleton.Connection.Close();
                            }
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);
    }
}
