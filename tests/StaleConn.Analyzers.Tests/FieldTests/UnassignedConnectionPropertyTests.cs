using Verify = StaleConn.Analyzers.Tests.FieldTests.AllRulesVerifier;

namespace StaleConn.Analyzers.Tests.FieldTests;

/// <summary>
/// An auto-property declared as bare accessors (<c>{ get; set; }</c>) stores its value in a field the compiler names:
/// when nothing in reach of its setter assigns it (no assignment, initializer with a value, object initializer or
/// deconstruction), it is always null and no rule reports it, as for an unassigned field. Any write in reach (another
/// partial part, another file, a derived type, a static constructor) makes it a holder again; so does a setter other
/// assemblies can reach, an attribute, or a member that stands for another (virtual, an interface's implementation).
/// </summary>
public class UnassignedConnectionPropertyTests
{
    [Fact]
    public Task Static_connection_property_whose_only_writer_is_commented_out_is_silent() => Verify.VerifyAsync(
        """
        // https://github.com/Rekkuzan5/Appointment-App/blob/76c9e37acf3869838911c4694b6247924609deef/Database/DBConnection.cs
        // and Database/Logic.cs, reduced: the internal DBConnection keeps a MySqlConnection property whose StartConnection
        // was commented out; every query opens a local connection from the connection string property.
        using System.Data;
        using MySql.Data.MySqlClient;

        namespace Appointment_App.Database
        {
            class DBConnection
            {
                private static string _connection = "server=localhost;database=client_schedule";
                public static string Connection
                {
                    get => _connection;
                    set => _connection = value;
                }

                public static MySqlConnection Conn { get; set; }

                //public static void StartConnection()
                //{
                //    Conn = new MySqlConnection(Connection);
                //    Conn.Open();
                //}
            }

            class Logic
            {
                public static DataTable GetCustomers()
                {
                    MySqlConnection conn = new MySqlConnection(DBConnection.Connection);
                    conn.Open();
                    var table = new DataTable();
                    new MySqlDataAdapter("SELECT * FROM customer", conn).Fill(table);
                    conn.Close();
                    return table;
                }
            }
        }
        """);

    [Fact]
    public Task Private_static_connection_property_of_the_program_nothing_assigns_is_silent() => Verify.VerifyAsync(
        """
        // https://github.com/tuant1804/Prj-WF-Quan_Li_Kho/blob/e6db3cae21e7be96ed80363409d2512a309e0e2f/Prj-WF-Quan_Li_Kho/Program.cs,
        // reduced: the WinForms program declares a private SqlConnection property and hands the connection string to
        // its SQL helper instead.
        using System;
        using System.Data.SqlClient;

        namespace Prj_WF_Quan_Li_Kho
        {
            internal static class CSQL
            {
                public static string ConnectionString;

                public static void Create_Connection(string connectionString) => ConnectionString = connectionString;
            }

            internal static class Program
            {
                private static SqlConnection conn { get; set; }

                [STAThread]
                static void Main()
                {
                    try
                    {
                        CSQL.Create_Connection("Server=.;Database=QuanLiKho;Integrated Security=True");
                    }
                    catch (Exception ex)
                    {
                        Console.WriteLine(ex.Message);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Static_connection_property_its_class_assigns_is_reported() => Verify.VerifyAsync(
        """
        // https://github.com/Andre-G99/Capstone/blob/197975f98781100246faa8d189dc7ca17bf3afbf/c969/Database/DBConnection.cs,
        // reduced: the same internal DBConnection as Rekkuzan5/Appointment-App's, with startConnection still in use.
        using MySql.Data.MySqlClient;

        namespace c969.Database
        {
            class DBConnection
            {
                public static MySqlConnection {|SC0001:conn|} { get; set; }

                public static void startConnection()
                {
                    try
                    {
                        conn = new MySqlConnection("server=localhost;database=client_schedule");
                        conn.Open();
                    }
                    catch (MySqlException ex)
                    {
                        System.Console.WriteLine(ex.Message);
                    }
                }

                public static void closeConnection()
                {
                    if (conn != null)
                    {
                        conn.Close();
                    }

                    conn = null;
                }
            }
        }
        """);

    [Fact]
    public Task Private_static_connection_property_assigned_in_either_branch_is_reported() => Verify.VerifyAsync(
        """
        // https://github.com/cadillacshine/LISAGManager/blob/3e9fadbe72c122a40853e1a169f94b1a77619a01/LISAGManager/LISAGManager/Misc.cs,
        // reduced: setConn assigns the private property in both branches; every form opens it through connOpen.
        using System.Data.SqlClient;

        namespace LISAGManager
        {
            class Misc
            {
                private static SqlConnection {|SC0001:conn|} { get; set; }

                public static void setConn(string connection)
                {
                    if (connection == "Production")
                        conn = new SqlConnection(@"data source=FIVE;initial catalog=dbLISAG;integrated security=True");
                    else
                        conn = new SqlConnection(@"data source=FIVE;initial catalog=dbLISAG;integrated security=True");
                }

                public static SqlConnection getConn() => conn;

                public static void connOpen()
                {
                    if (conn.State == System.Data.ConnectionState.Closed)
                        conn.Open();
                }
            }
        }
        """);

    [Fact]
    public Task Static_properties_written_elsewhere_in_their_assembly_or_by_their_declaration_are_reported() => Verify.VerifyFilesAsync(
        ("Data/Db.cs", """
            using MySqlConnector;

            internal static partial class Db
            {
                public static MySqlConnection {|SC0001:Main|} { get; set; }
                public static MySqlConnection {|SC0001:Reports|} { get; private set; }
                public static MySqlConnection {|SC0001:Audit|} { get; }
                public static MySqlConnection {|SC0001:Archive|} { get; set; } = new MySqlConnection("Server=archive");
                public static MySqlConnection {|SC0001:Cache|} { get; set; }
                public static MySqlConnection Unused { get; set; } = null!;

                static Db() => Audit = new MySqlConnection("Server=audit");
            }

            internal abstract class Store
            {
                protected static MySqlConnection {|SC0001:Shared|} { get; set; }
            }
            """),
        ("Data/Db.Reports.cs", """
            using MySqlConnector;

            internal static partial class Db
            {
                public static void OpenReports() => Db.Reports = new MySqlConnection("Server=reports");
            }
            """),
        ("Startup.cs", """
            using MySqlConnector;

            internal sealed class OrderStore : Store
            {
                public OrderStore() => Shared ??= new MySqlConnection("Server=orders");
            }

            internal static class Startup
            {
                public static void Run()
                {
                    Db.Main = new MySqlConnection("Server=main");
                    (Db.Cache, _) = (new MySqlConnection("Server=cache"), 0);
                }
            }
            """));

    [Fact]
    public Task Static_properties_other_code_may_write_unseen_are_reported() => Verify.VerifyAsync(
        """
        using System;
        using System.Data;
        using MySqlConnector;

        [AttributeUsage(AttributeTargets.Property)]
        public sealed class InjectAttribute : Attribute { }

        // Another assembly may set a public property of a public class; a container sets an attributed one.
        public static class Shared
        {
            public static MySqlConnection {|SC0001:Connection|} { get; set; }
        }

        internal static class Injected
        {
            [Inject]
            public static MySqlConnection {|SC0001:Connection|} { get; set; }
        }

        // A generic method elsewhere may set it as T.Shared, handed this class as T.
        public interface IConnectionSource
        {
            static abstract MySqlConnection Shared { get; set; }
        }

        internal sealed class Source : IConnectionSource
        {
            public static MySqlConnection {|SC0001:Shared|} { get; set; }
        }
        """);

    [Fact]
    public Task Hosted_service_with_a_connection_property_it_only_reads_is_silent() => Verify.VerifyAsync(
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public sealed class ReportWorker : BackgroundService
        {
            private MySqlConnection Connection { get; set; }

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    if (Connection is not null)
                    {
                        await Connection.CloseAsync();
                    }

                    await Task.Delay(60_000, stoppingToken);
                }
            }
        }
        """);

    [Fact]
    public Task Instance_properties_written_by_an_object_initializer_a_container_or_as_another_member_are_reported() => Verify.VerifyAsync(
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        internal class SyncWorker : BackgroundService
        {
            internal MySqlConnection {|SC0002:Orders|} { get; init; }
            protected virtual MySqlConnection {|SC0002:Stock|} { get; set; }
            internal MySqlConnection Prices { get; private set; }

            // Autofac's PropertiesAutowired and Castle Windsor set a public settable property nothing in the code assigns.
            public MySqlConnection {|SC0002:Injected|} { get; set; }

            protected override Task ExecuteAsync(CancellationToken stoppingToken) => Orders.OpenAsync(stoppingToken);
        }

        internal static class Workers
        {
            public static SyncWorker Create() => new SyncWorker { Orders = new MySqlConnection("Server=orders") };
        }
        """);
}
