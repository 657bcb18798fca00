using Microsoft.CodeAnalysis.CSharp;

namespace StaleConn.CodeFixes.Tests.Corpus;

/// <summary>
/// Issue 14's shape 1: a lazy <c>GetInstance()</c>/<c>GetConnection()</c> accessor of a static holder that many callers in
/// many files reach (commands handed to data adapters, readers, callers that open and close around each use).
/// </summary>
internal static partial class HolderShapes
{
    private static IEnumerable<HolderShape> SharedAccessorHolders()
    {
        yield return new HolderShape(
            "Static accessor that makes the holder's private singleton and returns its connection, copied by a table class's constructor",
            "M3list/FoodTgBot: ConsoleApp1/DB/Connection/DbConnector.cs, ConsoleApp1/DB/Table/TableTypesDishes.cs",
            new[]
            {
                """
        using System.Collections.Generic;
        using Npgsql;

        public class DbConnector
        {
            private static DbConnector _connector = null;

            private const string _connectionString = "Host=db;Username=bot;Database=food";

            private NpgsqlConnection _connection;

            private DbConnector()
            {
                _connection = new NpgsqlConnection(_connectionString);
                _connection.Open();
            }

            public static NpgsqlConnection GetConnection()
            {
                if (_connector == null)
                {
                    _connector = new DbConnector();
                }

                return _connector._connection;
            }
        }

        public class TableTypesDishes
        {
            private NpgsqlConnection _connection;

            public TableTypesDishes()
            {
                _connection = DbConnector.GetConnection();
            }

            public List<string> SelectAllTypesDishes()
            {
                List<string> typesDishes = new List<string>();
                string sqlRequest = "SELECT * FROM type_dishes";
                NpgsqlCommand command = new NpgsqlCommand(sqlRequest, _connection);
                NpgsqlDataReader dataReader = command.ExecuteReader();
                while (dataReader.Read())
                {
                    typesDishes.Add(dataReader.GetString(dataReader.GetOrdinal("name")));
                }

                return typesDishes;
            }
        }
        """,
            });

        yield return new HolderShape(
            "Lazy GetInstance() reading its connection string into a local called connection, its commands handed to data adapters by DAOs",
            "mtsluna/finalLab: connections/Connection.cs, daos/AutorDAO.cs (two of the DAOs' methods)",
            new[]
            {
                """
                using System.Configuration;
                using MySql.Data.MySqlClient;

                namespace final.connections
                {
                    class Connection
                    {
                        private static MySqlConnection instance;

                        private Connection()
                        {
                        }

                        public static MySqlConnection GetInstance()
                        {
                            if (instance == null)
                            {
                                var connection = ConfigurationManager.ConnectionStrings["connect"].ConnectionString;
                                instance = new MySqlConnection(connection);
                                instance.Open();
                            }
                            return instance;
                        }
                    }
                }
                """,
                """
                using System;
                using System.Data;
                using final.connections;
                using MySql.Data.MySqlClient;

                namespace final.daos
                {
                    class AutorDAO
                    {
                        public DataTable GetAllByText(String text)
                        {
                            MySqlCommand mySqlCommand;
                            if (text.Trim().Equals(""))
                            {
                                mySqlCommand = new MySqlCommand("SELECT * FROM autor", Connection.GetInstance());
                            }
                            else
                            {
                                mySqlCommand = new MySqlCommand("SELECT * FROM autor WHERE nombre LIKE '%" + text + "%'", Connection.GetInstance());
                            }
                            MySqlDataAdapter mySqlDataAdapter = new MySqlDataAdapter();
                            mySqlDataAdapter.SelectCommand = mySqlCommand;
                            DataTable dataTable = new DataTable();
                            mySqlDataAdapter.Fill(dataTable);
                            return dataTable;
                        }

                        public void Delete(int index)
                        {
                            MySqlCommand mySqlCommand = new MySqlCommand("DELETE FROM autor WHERE id = " + index, Connection.GetInstance());
                            mySqlCommand.ExecuteNonQuery();
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "Lazy static property Get read several times per DAL method: command, Open, and a state check before Close in finally",
            "dpolanco1/SGF@59b1cb61b99a: AccessLayer/Otros/Connection.cs, AccessLayer/Inventario/Dal_Marcas.cs (Insert and Search)",
            new[]
            {
                """
                using System.Configuration;
                using System.Data.SqlClient;

                namespace DataAccessLayer.Otros
                {
                    class Connection
                    {
                        private Connection()
                        {
                        }

                        private static SqlConnection _connection = null;

                        public static SqlConnection Get
                        {
                            get
                            {
                                if (_connection == null)
                                    _connection = new SqlConnection(ConfigurationManager.ConnectionStrings["SGFConnectionString"].ConnectionString);
                                return _connection;
                            }
                        }
                    }
                }
                """,
                """
                using System;
                using System.Collections.Generic;
                using System.Data;
                using System.Data.SqlClient;
                using DataAccessLayer.Otros;

                namespace DataAccessLayer.Inventario
                {
                    public class Dal_Marcas
                    {
                        public void Insert(string codigo, string nombre)
                        {
                            try
                            {
                                SqlCommand command = new SqlCommand("Inv.Spr_Insert_Marcas", Connection.Get);
                                command.CommandType = CommandType.StoredProcedure;

                                Connection.Get.Open();

                                command.Parameters.Add(new SqlParameter("@Codigo", codigo) { SqlDbType = SqlDbType.NVarChar });
                                command.Parameters.Add(new SqlParameter("@Nombre", nombre) { SqlDbType = SqlDbType.NVarChar });
                                command.ExecuteNonQuery();
                            }
                            catch (Exception)
                            {
                                throw;
                            }
                            finally
                            {
                                if (Connection.Get.State != ConnectionState.Closed)
                                {
                                    Connection.Get.Close();
                                }
                            }
                        }

                        public IList<string> Search(string codigo)
                        {
                            try
                            {
                                SqlCommand command = new SqlCommand("Inv.Spr_Search_Marcas", Connection.Get);
                                command.CommandType = CommandType.StoredProcedure;
                                Connection.Get.Open();
                                command.Parameters.Add(new SqlParameter("@Codigo", codigo) { SqlDbType = SqlDbType.NVarChar });
                                var dr = command.ExecuteReader();
                                var list = new List<string>();
                                while (dr.Read())
                                {
                                    list.Add(dr.GetString(dr.GetOrdinal("Nombre")));
                                }

                                return list;
                            }
                            catch (Exception)
                            {
                                throw;
                            }
                            finally
                            {
                                if (Connection.Get.State != ConnectionState.Closed)
                                {
                                    Connection.Get.Close();
                                }
                            }
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "Static GetConnection whose null check returns in both branches, used by many services of a WinForms app",
            "dadenewyyt/slide-bank-managemnt-system@3014b0f3b206: SBMS/Services/DBConnectionSingltonServices.cs (service caller in minimal form)",
            new[]
            {
                """
                using System;
                using System.Configuration;
                using System.Data;
                using System.Data.SqlClient;

                namespace SBMS.Services
                {
                    public static class DBConnectionSingltonServices
                    {
                        public static String connectionString = ConfigurationManager.ConnectionStrings["SBMS.Properties.Settings.sbmsConnectionString"].ConnectionString;

                        public static SqlConnection con = null;

                        public static SqlConnection GetConnection()
                        {
                            if (con == null)
                            {
                                con = new SqlConnection(connectionString);
                                con.Open();
                                return con;
                            }
                            else
                            {
                                return con;
                            }
                        }
                    }

                    public class LookUpServices
                    {
                        public DataTable GetDonors()
                        {
                            SqlDataAdapter adapter = new SqlDataAdapter("SELECT id, name FROM donor", DBConnectionSingltonServices.GetConnection());
                            DataTable table = new DataTable();
                            adapter.Fill(table);
                            return table;
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "Lazy getConnection setting the member from a private creator, callers open and close what they get",
            "foroxer/campo: Utiles/ConnectionSingleton.cs (DAO caller in minimal form; Properties.Resources as a static stand-in)",
            new[]
            {
                """
                using System.Data.SqlClient;

                namespace Utiles
                {
                    public static class Resources
                    {
                        public static string ConnectionString = "Data Source=.;Initial Catalog=campo;Integrated Security=true";
                    }

                    public class ConnectionSingleton
                    {
                        private static SqlConnection connection;

                        private static SqlConnection constructor()
                        {
                            return new SqlConnection(Resources.ConnectionString);
                        }

                        public static SqlConnection getConnection()
                        {
                            if (connection == null)
                            {
                                connection = constructor();
                            }
                            return connection;
                        }
                    }

                    public class ClienteDao
                    {
                        public int Count()
                        {
                            SqlConnection conn = ConnectionSingleton.getConnection();
                            conn.Open();
                            SqlCommand cmd = new SqlCommand("SELECT COUNT(*) FROM cliente", conn);
                            int count = (int)cmd.ExecuteScalar();
                            conn.Close();
                            return count;
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "Singleton's getConnection calling a private builder when null (try, catch clears the member), callers open and close",
            "rumosky/addressbook: ManageDatabase.cs (caller in minimal form: the real Form2 keeps the value in a field set in Form2_Load, which declines with ConnectionStoredInMember)",
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
                            String url = "server=127.0.0.1;port=3306;user=root;database=classofc;Charset=utf8;";
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

                    class AddressBookForm
                    {
                        private readonly ManageDatabase mdb = ManageDatabase.getInstance();

                        public int Delete(int selTag)
                        {
                            MySqlConnection conn = mdb.getConnection();
                            conn.Open();
                            MySqlCommand cmd = new MySqlCommand("delete from addressbook where uid=" + selTag, conn);
                            int status = cmd.ExecuteNonQuery();
                            conn.Close();
                            return status;
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);
    }
}
