using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// Lazy accessors that build the connection in ways the factory fix did not read before: a connection string read from
/// <c>ConfigurationManager.AppSettings.Get(...)</c> inside the null check (spaglicciar/EserciziADO,
/// EserciziADO/Helpers/DbHelper.cs), and <c>LazyInitializer.EnsureInitialized(ref db, CreateConnection)</c>
/// (atodorov5/Laboratory, Laboratory/Data/DBConfig.cs — a tutorial's holder copied into many repositories, see
/// <c>HolderShapes.Initialisation.cs</c>). The accessor becomes a factory of pooled connections, as for a plain
/// <c>if (conn == null) conn = new(...)</c>.
/// </summary>
public class AccessorInitialisationFixTests
{
    [Fact]
    public Task A_configuration_read_before_the_construction_stays_in_the_factory() => Verify.VerifyAsync(
        """
        using System.Configuration;
        using System.Data;
        using System.Data.SqlClient;

        public static class DbHelper
        {
            private static SqlConnection {|SC0001:connection|};

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
                SqlCommand command = new SqlCommand("SELECT Persona_ID, Nome FROM Persona", GetConnection());
                DataSet persone = new DataSet();
                SqlDataAdapter adapter = new SqlDataAdapter(command);
                adapter.Fill(persone);
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
        """
        using System.Configuration;
        using System.Data;
        using System.Data.SqlClient;

        public static class DbHelper
        {
            private static SqlConnection GetConnection()
            {
                string connectionString = ConfigurationManager.AppSettings.Get("connectionString");
                return new SqlConnection(connectionString);
            }

            public static DataSet GetPersone()
            {
                using var connection = GetConnection();
                SqlCommand command = new SqlCommand("SELECT Persona_ID, Nome FROM Persona", connection);
                DataSet persone = new DataSet();
                SqlDataAdapter adapter = new SqlDataAdapter(command);
                adapter.Fill(persone);
                return persone;
            }

            public static void InsertPersona(string nome)
            {
                using SqlConnection conn = GetConnection();
                SqlCommand command = new SqlCommand("INSERT INTO Persona (Nome) VALUES (@Nome)", conn);
                command.Parameters.Add("@Nome", SqlDbType.VarChar, 255).Value = nome;
                conn.Open();
                command.ExecuteNonQuery();
                conn.Close();
            }
        }
        """);

    /// <summary>The read as Shariq96/DBMS writes it (WebApplication8/WebApplication8/Models/Connections.cs).</summary>
    [Fact]
    public Task A_connection_string_setting_read_with_ToString_stays_in_the_factory() => Verify.VerifyAsync(
        """
        using System.Configuration;
        using System.Data.SqlClient;

        public class Connections
        {
            public static SqlConnection {|SC0001:My_SQL_Connection|};

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

        public class Students
        {
            public int Count()
            {
                var cmd = new SqlCommand("SELECT COUNT(*) FROM students", Connections.GetConnection());
                return (int)cmd.ExecuteScalar();
            }
        }
        """,
        """
        using System.Configuration;
        using System.Data.SqlClient;

        public class Connections
        {
            public static SqlConnection GetConnection()
            {
                string connectionString = ConfigurationManager.ConnectionStrings["mydb"].ToString();
                var connection = new SqlConnection(connectionString);
                try
                {
                    connection.Open();
                    return connection;
                }
                catch
                {
                    connection.Dispose();
                    throw;
                }
            }
        }

        public class Students
        {
            public int Count()
            {
                using var connection = Connections.GetConnection();
                var cmd = new SqlCommand("SELECT COUNT(*) FROM students", connection);
                return (int)cmd.ExecuteScalar();
            }
        }
        """);

    [Fact]
    public Task A_settings_collection_kept_in_a_field_is_not_read_per_call() => Verify.VerifyNoFixAsync(
        """
        using System.Collections.Specialized;
        using System.Data.SqlClient;

        public static class DbHelper
        {
            public static NameValueCollection Settings = new NameValueCollection();
            private static SqlConnection {|SC0001:connection|};

            public static SqlConnection GetConnection()
            {
                if (connection == null)
                {
                    string connectionString = Settings.Get("connectionString");
                    connection = new SqlConnection(connectionString);
                }
                return connection;
            }

            public static int Count()
            {
                var command = new SqlCommand("SELECT COUNT(*) FROM Persona", GetConnection());
                return (int)command.ExecuteScalar();
            }
        }
        """);

    [Fact]
    public Task EnsureInitialized_with_a_creator_method_becomes_a_factory_and_disposing_callers_stay() => Verify.VerifyAsync(
        """
        using System.Threading;
        using MySql.Data.MySqlClient;

        class DBConfig
        {
            static string conf = "server=localhost;user id=root;database=laboratorydb;";

            static MySqlConnection {|SC0001:db|};

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

                //db.Open();
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

        class TestCollection
        {
            public int CountPending()
            {
                var count = 0;
                using (var conn = DBConfig.Connection)
                {
                    conn.Open();
                    MySqlCommand cmd = new MySqlCommand("retrieve_pending_tests", conn);
                    MySqlDataReader dr = cmd.ExecuteReader();
                    while (dr.Read())
                    {
                        count++;
                    }
                }

                return count;
            }
        }
        """,
        """
        using System.Threading;
        using MySql.Data.MySqlClient;

        class DBConfig
        {
            static string conf = "server=localhost;user id=root;database=laboratorydb;";

            public static MySqlConnection Connection
            {
                get
                {
                    return new MySqlConnection(conf);
                }
            }

            static MySqlConnection CreateConnection()
            {
                var db = new MySqlConnection(conf);

                //db.Open();
                return db;
            }
        }

        class TestCollection
        {
            public int CountPending()
            {
                var count = 0;
                using (var conn = DBConfig.Connection)
                {
                    conn.Open();
                    MySqlCommand cmd = new MySqlCommand("retrieve_pending_tests", conn);
                    MySqlDataReader dr = cmd.ExecuteReader();
                    while (dr.Read())
                    {
                        count++;
                    }
                }

                return count;
            }
        }
        """);

    [Fact]
    public Task EnsureInitialized_with_a_creator_that_opens_gives_a_factory_that_opens() => Verify.VerifyAsync(
        """
        using System.Threading;
        using MySql.Data.MySqlClient;

        public class DBConfig
        {
            static string conf = "Server=db;Database=shelter;Uid=app;Pwd=secret";

            static MySqlConnection {|SC0001:db|};

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
        }

        public class Animals
        {
            public long Count()
            {
                var cmd = new MySqlCommand("SELECT COUNT(*) FROM animals", DBConfig.Connection);
                return (long)cmd.ExecuteScalar();
            }
        }
        """,
        """
        using System.Threading;
        using MySql.Data.MySqlClient;

        public class DBConfig
        {
            static string conf = "Server=db;Database=shelter;Uid=app;Pwd=secret";

            public static MySqlConnection Connection
            {
                get
                {
                    var connection = new MySqlConnection(conf);
                    try
                    {
                        connection.Open();
                        return connection;
                    }
                    catch
                    {
                        connection.Dispose();
                        throw;
                    }
                }
            }

            static MySqlConnection CreateConnection()
            {
                var db = new MySqlConnection(conf);
                db.Open();
                return db;
            }
        }

        public class Animals
        {
            public long Count()
            {
                using var connection = DBConfig.Connection;
                var cmd = new MySqlCommand("SELECT COUNT(*) FROM animals", connection);
                return (long)cmd.ExecuteScalar();
            }
        }
        """);

    [Fact]
    public Task EnsureInitialized_with_a_creator_reading_its_own_local_declines() => Verify.VerifyNoFixAsync(
        """
        using System.Threading;
        using MySql.Data.MySqlClient;

        public class DBConfig
        {
            static MySqlConnection {|SC0001:db|};

            public static MySqlConnection Connection
            {
                get
                {
                    LazyInitializer.EnsureInitialized(ref db, CreateConnection);
                    return db;
                }
            }

            static MySqlConnection CreateConnection()
            {
                var built = new MySqlConnection(System.Environment.GetEnvironmentVariable("DB"));
                built.Open();
                built.ChangeDatabase("shelter");
                return built;
            }
        }

        public class Animals
        {
            public long Count()
            {
                var cmd = new MySqlCommand("SELECT COUNT(*) FROM animals", DBConfig.Connection);
                return (long)cmd.ExecuteScalar();
            }
        }
        """);
}
