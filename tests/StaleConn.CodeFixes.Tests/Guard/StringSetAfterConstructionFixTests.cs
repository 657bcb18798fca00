using Microsoft.CodeAnalysis.CSharp;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;
using VerifyHeld = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.HeldByLongLivedOwnerAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// A connection built empty and given its string on the next line (ivan-draga/rAPB@5d5ce417c279,
/// Emulator/MyDB/Database.cs; Lpoblete/IntegracionDonPeluchin@510222b04359, ERPIntegracion/ERPIntegracion/Conexion.cs;
/// Pensemossi/WindowsServiceVUCEImpo@cbe3d24ed7cd, whose provider-factory wrapper sets it after
/// <c>CreateConnection()</c>). The guard builds every replacement with its factory, so the string goes into the
/// factory; set on one lease's connection it would leave the first acquire, and every replacement, without one.
/// </summary>
public class StringSetAfterConstructionFixTests
{
    private const string GuardKey = GuardWithConnectionGuardCodeFixProvider.EquivalenceKey;

    [Fact]
    public Task A_string_set_right_after_an_empty_construction_goes_into_the_factory() => Verify.VerifyAsync("""
        using MySqlConnector;

        public static class Database
        {
            private static MySqlConnection {|SC0001:connection|};

            public static void Connect(string host, string database)
            {
                var connectionString = "Server=" + host + ";Database=" + database;
                connection = new MySqlConnection();
                connection.ConnectionString = connectionString;
                connection.Open();
            }

            public static long CountPlayers()
            {
                using var command = new MySqlCommand("SELECT COUNT(*) FROM players", connection);
                return (long)command.ExecuteScalar()!;
            }
        }
        """, """
        using MySqlConnector;
        using StaleConn;

        public static class Database
        {
            private static ConnectionGuard<MySqlConnection> connection;

            public static void Connect(string host, string database)
            {
                var connectionString = "Server=" + host + ";Database=" + database;
                connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection() { ConnectionString = connectionString });
            }

            public static long CountPlayers()
            {
                using var lease = connection.Acquire();
                using var command = new MySqlCommand("SELECT COUNT(*) FROM players", lease.Connection);
                return (long)command.ExecuteScalar()!;
            }
        }
        """, equivalenceKey: GuardKey);

    /// <summary>
    /// Mrs-Feathers/kittyircbot@8de44c87afbc, mysqlIRCbot/databaseMYSQL.cs: the field is built empty in its initializer
    /// and the only constructor sets its string from its parameters first. The guard is built there instead. The loop
    /// is davidxw/kerbtest's src/kerbtest/SqlTest2/Program.cs (as in the analyzer's corpus).
    /// </summary>
    [Fact]
    public Task A_string_the_only_constructor_sets_first_builds_the_guard_there() => VerifyHeld.VerifyAsync("""
        using System;
        using System.Threading;
        using MySqlConnector;

        public class databaseMYSQL
        {
            public MySqlConnection {|SC0007:connection|} = new MySqlConnection();

            public databaseMYSQL(string hostname, string database)
            {
                connection.ConnectionString = "server=" + hostname + ";database=" + database + ";";
                connection.Open();
            }
        }

        class Program
        {
            static void Main(string[] args)
            {
                var db = new databaseMYSQL("kerbtestvm", "kubetestdb");
                while (true)
                {
                    var command = new MySqlCommand("SELECT * FROM mydata LIMIT 10", db.connection);
                    command.ExecuteNonQuery();
                    Thread.Sleep(5000);
                }
            }
        }
        """, """
        using System;
        using System.Threading;
        using MySqlConnector;
        using StaleConn;

        public class databaseMYSQL
        {
            public ConnectionGuard<MySqlConnection> connection;

            public databaseMYSQL(string hostname, string database)
            {
                connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection() { ConnectionString = "server=" + hostname + ";database=" + database + ";" });
            }
        }

        class Program
        {
            static void Main(string[] args)
            {
                var db = new databaseMYSQL("kerbtestvm", "kubetestdb");
                while (true)
                {
                    using (var lease = db.connection.Acquire())
                    {
                        var command = new MySqlCommand("SELECT * FROM mydata LIMIT 10", lease.Connection);
                        command.ExecuteNonQuery();
                    }
                    Thread.Sleep(5000);
                }
            }
        }
        """, equivalenceKey: GuardKey);

    /// <summary>
    /// amingolmahalle/RandomGenerateDataBetweenTwoNumber (wild29), GeneratorData/DAL/GetConnection.cs: the static
    /// constructor sets the string inside a <c>try</c> whose catches rethrow.
    /// </summary>
    [Fact]
    public Task A_string_set_in_a_rethrowing_try_of_the_static_constructor_builds_the_guard_there() => Verify.VerifyAsync("""
        using System;
        using MySqlConnector;

        public static class GetConnection
        {
            public static string Configured { get; set; } = "Server=db";

            public static readonly MySqlConnection {|SC0001:Conn|} = new MySqlConnection();

            static GetConnection()
            {
                try
                {
                    Conn.ConnectionString = Configured;
                }
                catch (Exception ex)
                {
                    throw new InvalidOperationException("no connection string", ex);
                }
            }

            public static long CountRows()
            {
                using var command = new MySqlCommand("SELECT COUNT(*) FROM numbers", Conn);
                return (long)command.ExecuteScalar()!;
            }
        }
        """, """
        using System;
        using MySqlConnector;
        using StaleConn;

        public static class GetConnection
        {
            public static string Configured { get; set; } = "Server=db";

            public static readonly ConnectionGuard<MySqlConnection> Conn;

            static GetConnection()
            {
                try
                {
                    Conn = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection() { ConnectionString = Configured });
                }
                catch (Exception ex)
                {
                    throw new InvalidOperationException("no connection string", ex);
                }
            }

            public static long CountRows()
            {
                using var lease = Conn.Acquire();
                using var command = new MySqlCommand("SELECT COUNT(*) FROM numbers", lease.Connection);
                return (long)command.ExecuteScalar()!;
            }
        }
        """, equivalenceKey: GuardKey);

    [Fact]
    public Task A_string_set_in_a_try_whose_catch_goes_on_keeps_the_finding_without_a_guard() => Verify.VerifyNoFixAsync("""
        using System;
        using MySqlConnector;

        public static class GetConnection
        {
            public static string Configured { get; set; } = "Server=db";

            public static readonly MySqlConnection {|SC0001:Conn|} = new MySqlConnection();

            static GetConnection()
            {
                try
                {
                    Conn.ConnectionString = Configured;
                }
                catch (Exception ex)
                {
                    Console.WriteLine(ex.Message);
                }
            }

            public static long CountRows()
            {
                using var command = new MySqlCommand("SELECT COUNT(*) FROM numbers", Conn);
                return (long)command.ExecuteScalar()!;
            }
        }
        """);

    [Fact]
    public Task A_constructor_that_also_uses_the_connection_keeps_the_finding_without_a_guard() => VerifyHeld.VerifyNoFixAsync("""
        using System;
        using System.Threading;
        using MySqlConnector;

        public class databaseMYSQL
        {
            public MySqlConnection {|SC0007:connection|} = new MySqlConnection();

            public databaseMYSQL(string hostname)
            {
                connection.ConnectionString = "server=" + hostname;
                connection.Open();
                new MySqlCommand("SET NAMES utf8mb4", connection).ExecuteNonQuery();
            }
        }

        class Program
        {
            static void Main(string[] args)
            {
                var db = new databaseMYSQL("kerbtestvm");
                while (true)
                {
                    var command = new MySqlCommand("SELECT * FROM mydata LIMIT 10", db.connection);
                    command.ExecuteNonQuery();
                    Thread.Sleep(5000);
                }
            }
        }
        """);

    /// <summary>
    /// The "Unity networked game" book's DbManager.Connect (oowadanoko/MultiplayerTankBattle@HEAD,
    /// Server/MultiplayerTankBattle_Server/db/DbManager.cs; Koroshiya71/Slay-the-Touhou-RE and copper09as/Personal-Unity-Frame
    /// have it too): the string is formatted after the empty construction, so the guard is built where it is set; the
    /// handled open stays as one short lease, so Connect still returns false with the server down (stop 31).
    /// </summary>
    [Fact]
    public Task A_string_formatted_after_the_construction_builds_the_guard_where_it_is_set() => Verify.VerifyAsync("""
        using System;
        using MySqlConnector;

        public class DbManager
        {
            public static MySqlConnection {|SC0001:mysql|};

            public static bool Connect(string db, string ip, int port)
            {
                mysql = new MySqlConnection();
                string s = string.Format("Database={0}; Data Source={1}; Port={2}", db, ip, port);
                mysql.ConnectionString = s;
                try
                {
                    mysql.Open();
                    Console.WriteLine("connect succ");
                    return true;
                }
                catch (Exception e)
                {
                    Console.WriteLine("connect fail " + e.Message);
                    return false;
                }
            }

            public static long CountPlayers()
            {
                using var command = new MySqlCommand("SELECT COUNT(*) FROM players", mysql);
                return (long)command.ExecuteScalar()!;
            }
        }
        """, """
        using System;
        using MySqlConnector;
        using StaleConn;

        public class DbManager
        {
            public static ConnectionGuard<MySqlConnection> mysql;

            public static bool Connect(string db, string ip, int port)
            {
                string s = string.Format("Database={0}; Data Source={1}; Port={2}", db, ip, port);
                mysql = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection() { ConnectionString = s });
                try
                {
                    mysql.Acquire().Dispose();
                    Console.WriteLine("connect succ");
                    return true;
                }
                catch (Exception e)
                {
                    Console.WriteLine("connect fail " + e.Message);
                    return false;
                }
            }

            public static long CountPlayers()
            {
                using var lease = mysql.Acquire();
                using var command = new MySqlCommand("SELECT COUNT(*) FROM players", lease.Connection);
                return (long)command.ExecuteScalar()!;
            }
        }
        """, equivalenceKey: GuardKey);

    [Fact]
    public Task A_string_from_a_local_written_later_keeps_the_finding_without_a_guard() => Verify.VerifyNoFixAsync("""
        using MySqlConnector;

        public static class Database
        {
            private static MySqlConnection {|SC0001:connection|};

            public static void Connect(string host)
            {
                var connectionString = "Server=" + host;
                connection = new MySqlConnection();
                connection.ConnectionString = connectionString;
                connectionString = null;
                connection.Open();
            }

            public static long CountPlayers()
            {
                using var command = new MySqlCommand("SELECT COUNT(*) FROM players", connection);
                return (long)command.ExecuteScalar()!;
            }
        }
        """);

    [Fact]
    public Task A_string_set_in_another_method_keeps_the_finding_without_a_guard() => Verify.VerifyNoFixAsync("""
        using MySqlConnector;

        public static class Database
        {
            private static readonly MySqlConnection {|SC0001:connection|} = new MySqlConnection();

            public static void Connect(string connectionString)
            {
                connection.ConnectionString = connectionString;
                connection.Open();
            }

            public static long CountPlayers()
            {
                using var command = new MySqlCommand("SELECT COUNT(*) FROM players", connection);
                return (long)command.ExecuteScalar()!;
            }
        }
        """);

    /// <summary>
    /// Pensemossi/WindowsServiceVUCEImpo@cbe3d24ed7cd, AccesoBaseDatos.Consultar: the command goes to an adapter's
    /// <c>SelectCommand</c> and runs in <c>Fill</c>, after the last line that names the connection.
    /// </summary>
    [Fact]
    public Task An_adapter_handed_the_command_keeps_the_lease_until_it_fills() => Verify.VerifyAsync("""
        using System;
        using System.Data;
        using System.Data.Common;
        using MySqlConnector;

        public static class Acceso
        {
            private static readonly MySqlConnection {|SC0001:objConexion|} = new MySqlConnection("Server=db");

            public static DataTable Consultar(string strInstruccion)
            {
                DbCommand objComando = new MySqlCommand();
                DbDataAdapter objDataAdapter = new MySqlDataAdapter();
                DataTable objTabla = new DataTable();

                objComando.CommandText = strInstruccion;
                objComando.Connection = objConexion;
                objDataAdapter.SelectCommand = objComando;
                objDataAdapter.Fill(objTabla);
                Console.WriteLine(objTabla.Rows.Count);
                return objTabla;
            }
        }
        """, """
        using System;
        using System.Data;
        using System.Data.Common;
        using MySqlConnector;
        using StaleConn;

        public static class Acceso
        {
            private static readonly ConnectionGuard<MySqlConnection> objConexion = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));

            public static DataTable Consultar(string strInstruccion)
            {
                DbCommand objComando = new MySqlCommand();
                DbDataAdapter objDataAdapter = new MySqlDataAdapter();
                DataTable objTabla = new DataTable();

                objComando.CommandText = strInstruccion;
                using (var lease = objConexion.Acquire())
                {
                    objComando.Connection = lease.Connection;
                    objDataAdapter.SelectCommand = objComando;
                    objDataAdapter.Fill(objTabla);
                }
                Console.WriteLine(objTabla.Rows.Count);
                return objTabla;
            }
        }
        """, equivalenceKey: GuardKey);
}
