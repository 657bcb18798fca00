using Microsoft.CodeAnalysis.CSharp;

namespace StaleConn.CodeFixes.Tests.Corpus;

/// <summary>
/// Database helper classes (a connection field with open, close and get helpers) as repositories write them, kept in a
/// static by the code that uses them.
/// </summary>
internal static partial class HolderShapes
{
    private static IEnumerable<HolderShape> HelperHolders()
    {
        yield return new HolderShape(
            "Abstract helper with a public static connection and static open/close helpers, used by data-access classes",
            "cesardarinel/SalesSoft_v2: SalesSoft_v2/Recursos/Conexion.cs (data-access caller in minimal form)",
            new[]
            {
                """
                using MySql.Data.MySqlClient;

                namespace SalesSoft_v2.Recursos
                {
                    abstract class Conexion
                    {
                        public static MySqlConnection varConexion = new MySqlConnection("Server=localhost;Database=sales;Uid=app;Pwd=secret;");

                        public static void AbrirConexion()
                        {
                            varConexion.Open();
                        }
                        public static void CerrarConexion()
                        {
                            varConexion.Close();
                        }
                    }

                    class ProductoDatos
                    {
                        public int Contar()
                        {
                            Conexion.AbrirConexion();
                            var cmd = new MySqlCommand("SELECT COUNT(*) FROM producto", Conexion.varConexion);
                            var total = System.Convert.ToInt32(cmd.ExecuteScalar());
                            Conexion.CerrarConexion();
                            return total;
                        }

                        public void Borrar(int id)
                        {
                            Conexion.AbrirConexion();
                            var cmd = new MySqlCommand("DELETE FROM producto WHERE id = @id", Conexion.varConexion);
                            cmd.Parameters.AddWithValue("@id", id);
                            cmd.ExecuteNonQuery();
                            Conexion.CerrarConexion();
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "WinForms DB helper (connection field, open/close/get methods) kept in a static by the login form",
            "pansanek/ExampleWinFormsSqlApp: ExampleWinFormsSqlApp/DB.cs (form in minimal form)",
            new[]
            {
                """
                using MySql.Data.MySqlClient;

                namespace ExampleWinFormsSqlApp
                {
                    class DB
                    {
                        MySqlConnection connection = new MySqlConnection("server=localhost;port=3307;username=root;password=root;database=winformsapp");

                        public void openConnection()
                        {
                            if (connection.State == System.Data.ConnectionState.Closed)
                            {
                                connection.Open();
                            }
                        }
                        public void closeConnection()
                        {
                            if (connection.State == System.Data.ConnectionState.Open)
                            {
                                connection.Close();
                            }
                        }

                        public MySqlConnection getConnection()
                        {
                            return connection;
                        }
                    }
                }
                """,
                """
                using System;
                using System.Data;
                using System.Windows.Forms;
                using MySql.Data.MySqlClient;

                namespace ExampleWinFormsSqlApp
                {
                    public class LoginForm : Form
                    {
                        static DB db = new DB();
                        private readonly TextBox loginField = new TextBox();

                        private void buttonLogin_Click(object sender, EventArgs e)
                        {
                            DataTable table = new DataTable();
                            MySqlDataAdapter adapter = new MySqlDataAdapter();
                            MySqlCommand command = new MySqlCommand("SELECT * FROM `users` WHERE `login` = @uL", db.getConnection());
                            command.Parameters.Add("@uL", MySqlDbType.VarChar).Value = loginField.Text;
                            adapter.SelectCommand = command;
                            adapter.Fill(table);
                            MessageBox.Show(table.Rows.Count > 0 ? "Yes" : "No");
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "Users helper with OpenConnection/CloseConnection/GetConnection kept in a static by the program",
            "a1ekcej/winformsapp01: WindowsFormsApp1/DBUsers.cs (caller in minimal form)",
            new[]
            {
                """
                using System;
                using MySql.Data.MySqlClient;

                namespace WindowsFormsApp1
                {
                    class DBUsers
                    {
                        MySqlConnection connection = new MySqlConnection("server=localhost;port=3306;user=root;password=root;database=mydb");

                        public void OpenConnection()
                        {
                            if (connection.State == System.Data.ConnectionState.Closed)
                                connection.Open();
                        }

                        public void CloseConnection()
                        {
                            if (connection.State == System.Data.ConnectionState.Open)
                                connection.Close();
                        }

                        public MySqlConnection GetConnection()
                        {
                            return connection;
                        }
                    }

                    static class Program
                    {
                        public static readonly DBUsers Users = new DBUsers();

                        public static bool Register(string login, string password)
                        {
                            Users.OpenConnection();
                            MySqlCommand command = new MySqlCommand("INSERT INTO users (login, pass) VALUES (@login, @pass)", Users.GetConnection());
                            command.Parameters.AddWithValue("@login", login);
                            command.Parameters.AddWithValue("@pass", password);
                            var ok = command.ExecuteNonQuery() == 1;
                            Users.CloseConnection();
                            return ok;
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "Helper whose OpenConnection() opens and at once closes again (a connection test), kept in a static; callers open the connection they get themselves",
            "a1ekcej/winformsapp01: WindowsFormsApp2/MySqlDBclass.cs (caller in minimal form)",
            new[]
            {
                """
                using System;
                using MySql.Data.MySqlClient;

                namespace WindowsFormsApp2
                {
                    class MySqlDBclass
                    {
                        MySqlConnection connection = new MySqlConnection("server=localhost;port=3306;user=root;password=root;database=mydb");

                        public void OpenConnection()
                        {
                            if (connection.State == System.Data.ConnectionState.Closed)
                                try
                                {
                                    connection.Open();
                                    Console.WriteLine("connection opened");
                                }
                                finally
                                {
                                    connection.Close();
                                }
                        }

                        public MySqlConnection GetConnection()
                        {
                            return connection;
                        }
                    }

                    static class Orders
                    {
                        static readonly MySqlDBclass Db = new MySqlDBclass();

                        public static long Count()
                        {
                            Db.OpenConnection();
                            var connection = Db.GetConnection();
                            connection.Open();
                            var command = new MySqlCommand("SELECT COUNT(*) FROM orders", connection);
                            var count = (long)command.ExecuteScalar();
                            connection.Close();
                            return count;
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "Database class built from a connection string, with Open/Close/GetConnection, kept in a static of the program",
            "RIpallol541/Lab3: Lab3/MySqlConnection.cs (program in minimal form)",
            new[]
            {
                """
                using MySql.Data.MySqlClient;

                public class Database
                {
                    private MySqlConnection connection;

                    public Database(string connectionString)
                    {
                        connection = new MySqlConnection(connectionString);
                    }

                    public void OpenConnection()
                    {
                        if (connection.State == System.Data.ConnectionState.Closed)
                        {
                            connection.Open();
                        }
                    }

                    public void CloseConnection()
                    {
                        if (connection.State == System.Data.ConnectionState.Open)
                        {
                            connection.Close();
                        }
                    }

                    public MySqlConnection GetConnection()
                    {
                        return connection;
                    }
                }
                """,
                """
                using System;
                using MySql.Data.MySqlClient;

                public static class Lab
                {
                    private static readonly Database Db = new Database("server=localhost;database=lab3;uid=root;pwd=root");

                    public static void PrintStudents()
                    {
                        Db.OpenConnection();
                        var command = new MySqlCommand("SELECT name FROM students", Db.GetConnection());
                        using (var reader = command.ExecuteReader())
                        {
                            while (reader.Read())
                            {
                                Console.WriteLine(reader.GetString(0));
                            }
                        }

                        Db.CloseConnection();
                    }
                }
                """,
            });

        yield return new HolderShape(
            "Helper whose OpenCon() creates, opens and keeps a new connection and CloseCon() closes it, kept in a static by a page",
            "NPS-Dive/ASPdotNet_SQL_ADO: App_Source/SqlConnection/SqlCon.cs (page in minimal form)",
            new[]
            {
                """
                using System;
                using System.Data;
                using System.Data.SqlClient;

                public class SqlCon
                {
                    private String StrCon;
                    private SqlConnection Con;

                    public SqlConnection OpenCon()
                    {
                        StrCon = "Data Source=.;Initial Catalog=Shop;Integrated Security=True";
                        Con = new SqlConnection(StrCon);
                        Con.Open();
                        return Con;
                    }

                    public void CloseCon()
                    {
                        if (Con != null)
                        {
                            if (Con.State == ConnectionState.Open)
                            {
                                Con.Close();
                            }
                        }
                    }
                }

                public class ProductsPage
                {
                    static SqlCon sql = new SqlCon();

                    public int CountProducts()
                    {
                        SqlCommand cmd = new SqlCommand("SELECT COUNT(*) FROM Products", sql.OpenCon());
                        int count = (int)cmd.ExecuteScalar();
                        sql.CloseCon();
                        return count;
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "Web app's GlobalConnection opening its public connection in the constructor, kept in a static by a page",
            "IchinoseBinit/SathiMart: WebApplication3/GlobalConnection.cs (also ayushojha9/Application-Development; page in minimal form)",
            new[]
            {
                """
                using System.Data.SqlClient;

                namespace WebApplication3
                {
                    public class GlobalConnection
                    {
                        public SqlConnection cn;

                        public GlobalConnection()
                        {
                            string sqlcon = "Data Source=.;Initial Catalog=SathiMart;Integrated Security=True";
                            cn = new SqlConnection(sqlcon);
                            cn.Open();
                        }
                    }

                    public class ItemsPage : System.Web.UI.Page
                    {
                        private static readonly GlobalConnection Gc = new GlobalConnection();

                        public void AddItem(string name)
                        {
                            SqlCommand cmd = new SqlCommand("INSERT INTO Items (Name) VALUES (@name)", Gc.cn);
                            cmd.Parameters.AddWithValue("@name", name);
                            cmd.ExecuteNonQuery();
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "Sql wrapper opening its public connection in the constructor, kept in a static by an API controller",
            "tuypi3347789/minecraftBack: WebApplication1/Model/Sql.cs (controller in minimal form)",
            new[]
            {
                """
                using MySql.Data.MySqlClient;

                namespace WebApplication1
                {
                    public class Sql
                    {
                        public MySqlConnection Connection;

                        public Sql(string connectionString)
                        {
                            Connection = new MySqlConnection(connectionString);
                            this.Connection.Open();
                        }

                        public void Dispose()
                        {
                            Connection.Close();
                        }
                    }
                }
                """,
                """
                using Microsoft.AspNetCore.Mvc;
                using MySql.Data.MySqlClient;

                namespace WebApplication1
                {
                    [ApiController]
                    [Route("api/players")]
                    public class PlayersController : ControllerBase
                    {
                        private static readonly Sql sql = new Sql("server=localhost;database=minecraft;uid=root;pwd=root");

                        [HttpGet]
                        public IActionResult Count()
                        {
                            var cmd = new MySqlCommand("SELECT COUNT(*) FROM players", sql.Connection);
                            return Ok(cmd.ExecuteScalar());
                        }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "Connection class whose AbrirConexion() opens and returns its connection, kept in a static by a data class",
            "Abr06/DDL_Proyecto_ADB: ConexioMySQL.cs (data class in minimal form)",
            new[]
            {
                """
                using MySql.Data.MySqlClient;

                namespace MySQL_DDL
                {
                    public class ConexioMySQL
                    {
                        private MySqlConnection connection = new MySqlConnection("server=localhost;user id=root;password=secret");

                        public MySqlConnection AbrirConexion()
                        {
                            connection.Open();
                            return connection;
                        }

                        public MySqlConnection CerrarConexion()
                        {
                            connection.Close();
                            return connection;
                        }
                    }

                    public static class Ddl
                    {
                        private static ConexioMySQL conexion = new ConexioMySQL();

                        public static void CrearBase(string nombre)
                        {
                            MySqlCommand cmd = new MySqlCommand("CREATE DATABASE " + nombre, conexion.AbrirConexion());
                            cmd.ExecuteNonQuery();
                            conexion.CerrarConexion();
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "Data-layer connection class opening when closed and returning the connection, kept in a static by the product data class",
            "DennisCalderon/Almace-Adventure: SistemaAlmacen/CapaDatos/CD_Conexion.cs (data class in minimal form)",
            new[]
            {
                """
                using System.Data;
                using MySql.Data.MySqlClient;

                namespace CapaDatos
                {
                    class CD_Conexion
                    {
                        private MySqlConnection Conexion = new MySqlConnection("Server = localhost; port = 3307; Database=almacen; Uid=root;Pwd=secret;");

                        public MySqlConnection AbrirConexion()
                        {
                            if (Conexion.State == ConnectionState.Closed)
                                Conexion.Open();
                            return Conexion;
                        }

                        public MySqlConnection CerrarConexion()
                        {
                            if (Conexion.State == ConnectionState.Open)
                                Conexion.Close();
                            return Conexion;
                        }
                    }

                    class CD_Productos
                    {
                        private static readonly CD_Conexion conexion = new CD_Conexion();

                        public DataTable Mostrar()
                        {
                            DataTable tabla = new DataTable();
                            MySqlCommand comando = new MySqlCommand();
                            comando.Connection = conexion.AbrirConexion();
                            comando.CommandText = "SELECT * FROM productos";
                            MySqlDataReader leer = comando.ExecuteReader();
                            tabla.Load(leer);
                            conexion.CerrarConexion();
                            return tabla;
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "IDbConnection registered as scoped in a web host's extension, captured by a singleton repository",
            "AoxeTech/Aoxe: demo/Zaaby.ThreeTier/WebApiHost/ServiceCollectionExtension.cs (repository and its registration in minimal form)",
            new[]
            {
                """
                using System.Data;
                using Microsoft.Extensions.DependencyInjection;
                using Npgsql;

                namespace WebApiHost
                {
                    public static class ServiceCollectionExtension
                    {
                        public static IServiceCollection AddDbConnection(this IServiceCollection services, string connectionString)
                        {
                            services.AddScoped<IDbConnection>(_ => new NpgsqlConnection(connectionString));
                            return services;
                        }
                    }
                }
                """,
                """
                using System.Collections.Generic;
                using System.Data;
                using System.Threading.Tasks;
                using Dapper;
                using Microsoft.Extensions.DependencyInjection;

                namespace WebApiHost
                {
                    public static class Startup
                    {
                        public static void ConfigureServices(IServiceCollection services, string connectionString)
                        {
                            services.AddDbConnection(connectionString);
                            services.AddSingleton<OrderRepository>();
                        }
                    }

                    public class OrderRepository
                    {
                        private readonly IDbConnection _connection;

                        public OrderRepository(IDbConnection connection)
                        {
                            _connection = connection;
                        }

                        public Task<IEnumerable<int>> OpenOrdersAsync() => _connection.QueryAsync<int>("SELECT id FROM orders WHERE closed_at IS NULL");
                    }
                }
                """,
            });
    }
}
