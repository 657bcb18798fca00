using Verify = StaleConn.Analyzers.Tests.Infrastructure.AnalyzerVerifier<StaleConn.Analyzers.Rules.LongLivedServiceConnectionAnalyzer>;

namespace StaleConn.Analyzers.Tests.Rules;

/// <summary>
/// SC0002 stays silent for a long-lived type's connection that is opened only for one operation at a time: every
/// <c>Open()</c> reaching it, directly or through accessors, forwarders and opener methods, is closed again in a
/// <c>finally</c> of the same operation (OpenedPerOperation). Each counter-case keeps one way the connection can stay
/// open between operations, and stays reported. The real shape is VitorSiqueirr/avaliacao-tecnica-visualsoft
/// (FieldTests/PerUseHoldersRealRepositoryTests).
/// </summary>
public class SC0002OpenedPerOperationTests
{
    private const string Singleton = """
        using System;
        using MySql.Data.MySqlClient;

        public sealed class SingletonDB
        {
            private readonly MySqlConnection {|#0:connection|} = new MySqlConnection("server=db;database=app");

            private SingletonDB() { }

            private static readonly Lazy<SingletonDB> instance = new Lazy<SingletonDB>(() => new SingletonDB());

            public static SingletonDB Instance => instance.Value;

            public MySqlConnection Connection { get { return connection; } }
        }

        public class DatabaseService
        {
            private readonly SingletonDB bd = SingletonDB.Instance;

            public MySqlConnection Connection => bd.Connection;

            public void OpenConnection()
            {
                if (Connection.State != System.Data.ConnectionState.Open)
                {
                    Connection.Open();
                }
            }

            public void CloseConnection()
            {
                if (Connection.State != System.Data.ConnectionState.Closed)
                {
                    Connection.Close();
                }
            }
        }

        """;

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Reported() =>
        Verify.Diagnostic("SC0002").WithLocation(0).WithArguments("Field", "connection", "MySqlConnection", "SingletonDB",
            "is a singleton (static field 'instance' holds its only instance)");

    [Fact]
    public Task Every_opening_closed_in_the_callers_finally_is_not_reported() => Verify.VerifyAsync(Singleton + """
        public class Repository
        {
            private readonly DatabaseService _db = new DatabaseService();

            public int Insert(string name)
            {
                try
                {
                    _db.OpenConnection();
                    using (var cmd = new MySqlCommand("INSERT INTO t (name) VALUES (@n)", _db.Connection))
                    {
                        cmd.Parameters.AddWithValue("@n", name);
                        return cmd.ExecuteNonQuery();
                    }
                }
                finally
                {
                    _db.CloseConnection();
                }
            }

            public object Count()
            {
                _db.OpenConnection();
                try
                {
                    var cmd = new MySqlCommand("SELECT COUNT(*) FROM t");
                    cmd.Connection = _db.Connection;
                    return cmd.ExecuteScalar();
                }
                finally
                {
                    _db.CloseConnection();
                }
            }
        }
        """);

    [Fact]
    public Task An_operation_that_opens_without_closing_is_reported() => Verify.VerifyAsync(Singleton + """
        public class Repository
        {
            private readonly DatabaseService _db = new DatabaseService();

            public int Insert(string name)
            {
                _db.OpenConnection();
                using (var cmd = new MySqlCommand("INSERT INTO t (name) VALUES (@n)", _db.Connection))
                {
                    cmd.Parameters.AddWithValue("@n", name);
                    return cmd.ExecuteNonQuery();
                }
            }
        }
        """, Reported());

    [Fact]
    public Task A_finally_that_closes_something_else_is_reported() => Verify.VerifyAsync(Singleton + """
        public class Repository
        {
            private readonly DatabaseService _db = new DatabaseService();

            public int Insert(MySqlCommand cmd)
            {
                try
                {
                    _db.OpenConnection();
                    cmd.Connection = _db.Connection;
                    return cmd.ExecuteNonQuery();
                }
                finally
                {
                    cmd.Dispose();
                }
            }
        }
        """, Reported());

    [Fact]
    public Task An_opener_nothing_in_the_source_calls_is_reported() => Verify.VerifyAsync(Singleton + """
        public class Repository
        {
            public object Count()
            {
                var cmd = new MySqlCommand("SELECT COUNT(*) FROM t", SingletonDB.Instance.Connection);
                return cmd.ExecuteScalar();
            }
        }
        """, Reported());

    /// <summary>
    /// An opener named like the connection's own method (<c>public void Open() => connection.Open();</c>, the shape of
    /// NoFixReasonCatalogue's <c>HelperIsContract</c> row) spells its name in the opening it makes; that call is not a
    /// caller, so an opener nothing else calls is still reported.
    /// </summary>
    [Fact]
    public Task An_opener_named_Open_that_only_its_own_body_calls_is_reported() => Verify.VerifyAsync("""
        using MySql.Data.MySqlClient;

        public sealed class Database
        {
            public static readonly Database Instance = new Database();

            private readonly MySqlConnection {|#0:connection|} = new MySqlConnection("server=db;database=app");

            public void Open() => connection.Open();
        }
        """, Verify.Diagnostic("SC0002").WithLocation(0).WithArguments("Field", "connection", "MySqlConnection", "Database",
            "is a singleton (static field 'Instance' holds its only instance)"));

    [Fact]
    public Task A_copy_of_the_connection_is_reported() => Verify.VerifyAsync(Singleton + """
        public class Repository
        {
            private readonly DatabaseService _db = new DatabaseService();

            public object Count()
            {
                try
                {
                    _db.OpenConnection();
                    var connection = _db.Connection;
                    connection.Open();
                    return new MySqlCommand("SELECT COUNT(*) FROM t", connection).ExecuteScalar();
                }
                finally
                {
                    _db.CloseConnection();
                }
            }
        }
        """, Reported());

    [Fact]
    public Task An_opening_in_a_lambda_is_reported() => Verify.VerifyAsync(Singleton + """
        public class Repository
        {
            public System.Threading.Tasks.Task Warm() => System.Threading.Tasks.Task.Run(() => SingletonDB.Instance.Connection.Open());
        }
        """, Reported());

    [Fact]
    public Task An_owner_opening_in_its_constructor_is_reported() => Verify.VerifyAsync("""
        using System;
        using MySql.Data.MySqlClient;

        public sealed class Database
        {
            public static readonly Database Instance = new Database();

            private readonly MySqlConnection {|#0:_connection|} = new MySqlConnection("server=db");

            private Database() { _connection.Open(); }

            public object Count()
            {
                try
                {
                    _connection.Open();
                    return new MySqlCommand("SELECT 1", _connection).ExecuteScalar();
                }
                finally
                {
                    _connection.Close();
                }
            }
        }
        """, Verify.Diagnostic("SC0002").WithLocation(0).WithArguments("Field", "_connection", "MySqlConnection", "Database",
            "is a singleton (static field 'Instance' holds its only instance)"));

    [Fact]
    public Task An_owner_opening_and_closing_in_each_method_is_not_reported() => Verify.VerifyAsync("""
        using System;
        using MySql.Data.MySqlClient;

        public sealed class Database
        {
            public static readonly Database Instance = new Database();

            private readonly MySqlConnection _connection = new MySqlConnection("server=db");

            public object Count()
            {
                try
                {
                    _connection.Open();
                    return new MySqlCommand("SELECT 1", _connection).ExecuteScalar();
                }
                finally
                {
                    _connection.Close();
                }
            }
        }
        """);

    [Fact]
    public Task A_connection_nothing_opens_is_still_reported() => Verify.VerifyAsync("""
        using System;
        using MySql.Data.MySqlClient;

        public sealed class Database
        {
            public static readonly Database Instance = new Database();

            private readonly MySqlConnection {|#0:_connection|} = new MySqlConnection("server=db");

            public object Count() => new MySqlCommand("SELECT 1", _connection).ExecuteScalar();
        }
        """, Verify.Diagnostic("SC0002").WithLocation(0).WithArguments("Field", "_connection", "MySqlConnection", "Database",
            "is a singleton (static field 'Instance' holds its only instance)"));

    [Fact]
    public Task A_bracket_around_a_polling_loop_is_a_workers_life_and_reported() => Verify.VerifyAsync(Singleton + """
        public class Poller
        {
            private readonly DatabaseService _db = new DatabaseService();
            private readonly System.Net.Http.HttpClient _http = new System.Net.Http.HttpClient();

            public async System.Threading.Tasks.Task Run(System.Threading.CancellationToken token)
            {
                try
                {
                    _db.OpenConnection();
                    while (!token.IsCancellationRequested)
                    {
                        var page = await _http.GetStringAsync("https://example.org/feed");
                        new MySqlCommand("INSERT INTO pages (body) VALUES ('" + page.Length + "')", _db.Connection).ExecuteNonQuery();
                    }
                }
                finally
                {
                    _db.CloseConnection();
                }
            }
        }
        """, Reported());

    [Fact]
    public Task A_bracket_around_a_loop_over_a_files_lines_is_one_operation() => Verify.VerifyAsync(Singleton + """
        public class Importer
        {
            private readonly DatabaseService _db = new DatabaseService();

            public void Import(string path)
            {
                try
                {
                    _db.OpenConnection();
                    using var reader = System.IO.File.OpenText(path);
                    string line;
                    while ((line = reader.ReadLine()) != null)
                    {
                        var cmd = new MySqlCommand("INSERT INTO t (name) VALUES (@n)", _db.Connection);
                        cmd.Parameters.AddWithValue("@n", line);
                        cmd.ExecuteNonQuery();
                    }
                }
                finally
                {
                    _db.CloseConnection();
                }
            }
        }
        """);
}
