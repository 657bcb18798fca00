using Verify = StaleConn.Analyzers.Tests.Infrastructure.AnalyzerVerifier<StaleConn.Analyzers.Rules.StaticConnectionAnalyzer>;

namespace StaleConn.Analyzers.Tests.Rules;

/// <summary>
/// SC0001 stays silent for a static connection opened only for one operation at a time (OpenedPerOperation, as SC0002
/// does for a long-lived type's member): every opening reaching it is closed in a <c>finally</c> of the same operation,
/// or by a close later in the same block. Each case here keeps one way it stays open between operations and is still
/// reported. The real shapes are in FieldTests/StaticOpenedPerOperationRealRepositoryTests.
/// </summary>
public class SC0001OpenedPerOperationTests
{
    private const string Db = """
        using System.Data;
        using System.Threading;
        using MySql.Data.MySqlClient;

        static class DB
        {
            static MySqlConnection {|#0:connection|} = new MySqlConnection("server=db;database=app");

            public static void OpenConnect()
            {
                if (connection.State == ConnectionState.Closed)
                    connection.Open();
            }

            public static void CloseConnect()
            {
                if (connection.State == ConnectionState.Open)
                    connection.Close();
            }

            public static MySqlConnection getConnection() => connection;
        }

        """;

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Reported() =>
        Verify.Diagnostic("SC0001").WithLocation(0).WithArguments("field", "connection", "MySqlConnection");

    [Fact]
    public Task Opened_at_start_up_and_never_closed_is_reported() => Verify.VerifyAsync(Db + """
        public static class Program
        {
            public static void Main()
            {
                DB.OpenConnect();
                new MySqlCommand("SELECT 1", DB.getConnection()).ExecuteScalar();
            }
        }
        """, Reported());

    [Fact]
    public Task A_close_only_under_a_condition_is_reported() => Verify.VerifyAsync(Db + """
        public class Form
        {
            public void Save(bool done)
            {
                DB.OpenConnect();
                new MySqlCommand("INSERT INTO t VALUES (1)", DB.getConnection()).ExecuteNonQuery();
                if (done)
                    DB.CloseConnect();
            }
        }
        """, Reported());

    [Fact]
    public Task A_close_before_the_opening_is_reported() => Verify.VerifyAsync(Db + """
        public class Form
        {
            public void Save()
            {
                DB.CloseConnect();
                DB.OpenConnect();
                new MySqlCommand("INSERT INTO t VALUES (1)", DB.getConnection()).ExecuteNonQuery();
            }
        }
        """, Reported());

    [Fact]
    public Task A_waiting_loop_between_the_opening_and_the_close_is_reported() => Verify.VerifyAsync(Db + """
        public class Poller
        {
            private bool _stopped;

            public void Run()
            {
                DB.OpenConnect();
                while (!_stopped)
                {
                    new MySqlCommand("SELECT 1", DB.getConnection()).ExecuteScalar();
                    Thread.Sleep(60000);
                }
                DB.CloseConnect();
            }
        }
        """, Reported());

    [Fact]
    public Task An_opener_nothing_in_the_source_calls_is_reported() => Verify.VerifyAsync(Db + """
        public class Form
        {
            public void Save()
            {
                new MySqlCommand("INSERT INTO t VALUES (1)", DB.getConnection()).ExecuteNonQuery();
                DB.CloseConnect();
            }
        }
        """, Reported());

    [Fact]
    public Task Closed_only_after_the_program_ran_is_reported() => Verify.VerifyAsync(Db + """
        public static class Application
        {
            public static void Run(object form) { }
        }

        public static class Program
        {
            public static void Main()
            {
                DB.OpenConnect();
                Application.Run(new object());
                DB.CloseConnect();
            }
        }
        """, Reported());

    [Fact]
    public Task Closed_only_after_a_wait_is_reported() => Verify.VerifyAsync(Db + """
        public static class Program
        {
            public static void Main()
            {
                DB.OpenConnect();
                new MySqlCommand("SELECT 1", DB.getConnection()).ExecuteScalar();
                System.Console.ReadLine();
                new MySqlCommand("SELECT 2", DB.getConnection()).ExecuteScalar();
                DB.CloseConnect();
            }
        }
        """, Reported());
}
