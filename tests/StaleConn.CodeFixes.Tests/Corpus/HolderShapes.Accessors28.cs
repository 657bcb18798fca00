using Microsoft.CodeAnalysis.CSharp;

namespace StaleConn.CodeFixes.Tests.Corpus;

/// <summary>
/// Stop 28's accessor variants (field28 set): a lazy accessor whose <c>else</c> sets the member's connection string
/// again (the string it was built with: after a caller's <c>using</c> disposed it, the string is gone), and an accessor
/// whose creator builds the connection string in settings locals, from its own parameters bound to constants.
/// </summary>
internal static partial class HolderShapes
{
    public static IReadOnlyList<HolderShape> StringResets { get; } = StringResetHolders().ToList();

    public static IReadOnlyList<HolderShape> ParameterCreators { get; } = ParameterCreatorHolders().ToList();

    private static IEnumerable<HolderShape> StringResetHolders()
    {
        yield return new HolderShape(
            "Lazy Connecting() whose else sets the connection string again, each form load using (disposing) what it gets",
            "ku718/NorthWind@0ce5b7cb9ce6: MyWinformControl/DBConnection.cs, MyWinformControl/FrmDatabaseXML.cs (caller in minimal form)",
            new[]
            {
                """
                using System.Configuration;
                using System.Data;
                using System.Data.SqlClient;

                namespace MyWinformControl
                {
                    class DBConnection
                    {
                        private static SqlConnection con = null;
                        private static string conStr = ConfigurationManager.ConnectionStrings["SQLConStr"].ConnectionString;
                        private DBConnection() { }

                        public static SqlConnection Connecting()
                        {
                            if (con == null)
                            {
                                con = new SqlConnection(conStr);
                            }
                            else
                            {
                                con.ConnectionString = conStr;
                            }
                            return con;
                        }

                        public static void DBClose(SqlConnection con)
                        {
                            if (con != null)
                            {
                                con.Close();
                            }
                        }
                    }

                    public class FrmDatabaseXML
                    {
                        public int LoadFriends()
                        {
                            int count = 0;
                            using (SqlConnection con = DBConnection.Connecting())
                            {
                                con.Open();
                                SqlCommand cmd = new SqlCommand();
                                cmd.Connection = con;
                                cmd.CommandType = CommandType.StoredProcedure;
                                cmd.CommandText = "GetEntryFriends";
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
            },
            LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "The same Connecting() in another course project, two DB classes each using and closing what they get",
            "godn0117/RealLOL@3d61242a71bb: LOLAPI/DB/DBConnection.cs, LOLAPI/DB/VersionDB.cs",
            new[]
            {
                """
                using System;
                using System.Configuration;
                using System.Data;
                using System.Data.SqlClient;

                namespace LOLAPI
                {
                    class DBConnection
                    {
                        private static SqlConnection con = null;
                        private static string conStr = ConfigurationManager.ConnectionStrings["ConStr"].ConnectionString;

                        public static SqlConnection Connecting()
                        {
                            if (con == null)
                            {
                                con = new SqlConnection(conStr);
                            }
                            else
                            {
                                con.ConnectionString = conStr;
                            }

                            return con;
                        }
                    }

                    class VersionDB
                    {
                        public void UpdateVersion(string query)
                        {
                            using (SqlConnection con = DBConnection.Connecting())
                            {
                                con.Open();
                                SqlCommand cmd = new SqlCommand();
                                cmd.Connection = con;
                                cmd.CommandType = CommandType.Text;
                                cmd.CommandText = query;
                                cmd.ExecuteNonQuery();
                                con.Close();
                            }
                        }

                        public string SelectVersion(string query)
                        {
                            string version = String.Empty;
                            using (SqlConnection con = DBConnection.Connecting())
                            {
                                con.Open();
                                SqlCommand cmd = new SqlCommand();
                                cmd.Connection = con;
                                cmd.CommandType = CommandType.Text;
                                cmd.CommandText = query;
                                version = cmd.ExecuteScalar().ToString();
                                con.Close();
                            }

                            return version;
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);
    }

    private static IEnumerable<HolderShape> ParameterCreatorHolders()
    {
        yield return new HolderShape(
            "getInstance() calling connect(server, db, user, password) with constants; the creator interpolates the string, sets the member and returns it; a repository keeps the instance and opens/closes it per query",
            "thienhuong320/SOA_B1@9f4f9bf3c9b8: DB_WS/DB_WS/DB/ConnectDB.cs, DB_WS/DB_WS/DB/CityRepository.cs (one query)",
            new[]
            {
                """
                using System.Collections.Generic;
                using MySqlConnector;

                namespace DB_WS.DB
                {
                    public class ConnectDB
                    {
                        private static MySqlConnection connection;
                        private static MySqlConnection connect(string server, string dbName, string userName, string password)
                        {
                            string connectionString = $"Server={server};Database={dbName};User={userName};" +
                                $"Password={password};";
                            connection = new MySqlConnection(connectionString);
                            //connection.Open();
                            return connection;
                        }
                        private ConnectDB()
                        {
                        }

                        public static MySqlConnection getInstance()
                        {
                            if (connection == null)
                                connection = connect("localhost", "world", "root", "123456");
                            return connection;
                        }
                    }

                    public class CityRepository
                    {
                        private MySqlConnection connection;
                        public CityRepository()
                        {
                            connection = ConnectDB.getInstance();
                        }

                        public List<string> getAllCities()
                        {
                            connection.Open();
                            string sql = "select * from city";
                            MySqlCommand cmd = new MySqlCommand(sql, connection);
                            MySqlDataReader rdr = cmd.ExecuteReader();
                            List<string> cities = new List<string>();
                            while (rdr.Read())
                            {
                                cities.Add(rdr[1].ToString());
                            }
                            connection.Close();
                            return cities;
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "ConnectionSingleton() setting the member from a creator that declares its string in a local, then builds and returns a connection; a DAO is handed the opened connection",
            "Nefistofeles/Form@0736961a63da: AdminPanel/MySQLConnection/MyMySQLConnection.cs, AdminPanel/DAO/UsersDAO.cs (window caller in minimal form)",
            new[]
            {
                """
                using System;
                using MySql.Data.MySqlClient;

                namespace AdminPanel
                {
                    public class MyMySQLConnection
                    {
                        private static MySqlConnection instance;

                        private static MySqlConnection ConnectMySQL()
                        {
                            string mysqlConn = "Server = localhost; Database = formstatistics; Uid = root; Pwd = '';";
                            MySqlConnection connection = new MySqlConnection(mysqlConn);

                            return connection;
                        }

                        public static MySqlConnection ConnectionSingleton()
                        {
                            if(instance == null)
                            {
                                instance = ConnectMySQL();
                                return instance;
                            }
                            else
                            {
                                return instance;
                            }
                        }
                    }

                    public class UsersDAO
                    {
                        public bool ControlUser(MySqlConnection connection, string nickname)
                        {
                            bool exist = false;
                            try
                            {
                                MySqlCommand command = new MySqlCommand("select * from users where nickname = @n", connection);
                                command.Parameters.AddWithValue("@n", nickname);
                                MySqlDataReader reader = command.ExecuteReader();
                                exist = reader.HasRows;
                                command.Dispose();
                                reader.Dispose();
                            }
                            catch (Exception e)
                            {
                                Console.WriteLine(e.ToString());
                            }

                            return exist;
                        }
                    }

                    public class MainWindow
                    {
                        public bool Login(string nickname)
                        {
                            MySqlConnection connection = MyMySQLConnection.ConnectionSingleton();
                            connection.Open();
                            bool exists = new UsersDAO().ControlUser(connection, nickname);
                            connection.Close();
                            return exists;
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);
    }
}
