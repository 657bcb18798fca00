using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StaleConn.Analyzers.Tests.Infrastructure;
using StaleConn.CodeFixes.Guarding.Planning;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// <c>_c = _c ?? new SqlConnection(cs);</c>, the spelling of <c>_c ??= new SqlConnection(cs);</c> before C# 8, in a lazy
/// accessor (a statement then <c>return _c;</c>, or an expression body) and in a static constructor
/// (georgemihaila/mondly-challenge, field28). The code search shows the accessor in several repositories whose
/// repository it did not name; they are cited by the search's file id. It is read as the lazy initialisation it is:
/// the accessor becomes a factory of pooled connections, the constructor's statement keeps its spelling around the
/// guard — and an assignment whose <c>??</c> reads anything but the member itself is not read so.
/// </summary>
public class SelfCoalescingAccessorFixTests
{
    // Code-search file id 33211837015 (namespace OtelOtomasyonu_ORM, Tools.cs; the Turkish ORM `Tools` of course
    // projects): the accessor and its ExecuteNonQuery as they are; the caller in minimal form after the project's ORM
    // classes (`new SqlCommand(sql, Tools.Connection)` handed to `Tools.ExecuteNonQuery`).
    [Fact]
    public Task A_statement_accessor_becomes_a_factory_and_each_command_gets_its_connection() => Verify.VerifyAsync(
        """
        using System;
        using System.Configuration;
        using System.Data;
        using System.Data.SqlClient;

        public class Tools
        {
            private static SqlConnection {|SC0001:_Connection|};

            public static SqlConnection Connection
            {
                get
                {
                    _Connection = _Connection ?? new SqlConnection(ConfigurationManager.ConnectionStrings["Connection"].ConnectionString);
                    return _Connection;
                }
            }

            public static bool ExecuteNonQuery(SqlCommand command)
            {
                try
                {
                    if (command.Connection.State != ConnectionState.Open)
                        command.Connection.Open();
                    int rowAffected = command.ExecuteNonQuery();
                    return rowAffected > 0 ? true : false;
                }
                catch (Exception)
                {
                    return false;
                }
                finally
                {
                    if (command.Connection.State != ConnectionState.Closed)
                        command.Connection.Close();
                }
            }
        }

        public class MusteriORM
        {
            public bool Sil(int id)
            {
                SqlCommand cmd = new SqlCommand("DELETE FROM Musteri WHERE Id = @Id", Tools.Connection);
                cmd.Parameters.AddWithValue("@Id", id);
                return Tools.ExecuteNonQuery(cmd);
            }
        }
        """,
        """
        using System;
        using System.Configuration;
        using System.Data;
        using System.Data.SqlClient;

        public class Tools
        {
            public static SqlConnection Connection
            {
                get
                {
                    return new SqlConnection(ConfigurationManager.ConnectionStrings["Connection"].ConnectionString);
                }
            }

            public static bool ExecuteNonQuery(SqlCommand command)
            {
                try
                {
                    if (command.Connection.State != ConnectionState.Open)
                        command.Connection.Open();
                    int rowAffected = command.ExecuteNonQuery();
                    return rowAffected > 0 ? true : false;
                }
                catch (Exception)
                {
                    return false;
                }
                finally
                {
                    if (command.Connection.State != ConnectionState.Closed)
                        command.Connection.Close();
                }
            }
        }

        public class MusteriORM
        {
            public bool Sil(int id)
            {
                using var connection = Tools.Connection;
                SqlCommand cmd = new SqlCommand("DELETE FROM Musteri WHERE Id = @Id", connection);
                cmd.Parameters.AddWithValue("@Id", id);
                return Tools.ExecuteNonQuery(cmd);
            }
        }
        """);

    // Code-search file id 36242312027 (AbstractDapperContext.GetConnection, `=> _connection = _connection ?? new
    // MySqlConnection(_connectionString)`), made static with its configured string as a literal so that it is
    // long-lived by declaration; the caller in minimal form.
    [Fact]
    public Task An_expression_bodied_accessor_becomes_a_factory() => Verify.VerifyAsync(
        """
        using MySqlConnector;

        public static class DapperContext
        {
            private static readonly string _connectionString = "Server=db;Database=shop";
            private static MySqlConnection {|SC0001:_connection|};

            public static MySqlConnection GetConnection() => _connection = _connection ?? new MySqlConnection(_connectionString);
        }

        public class OrderRepository
        {
            public object Count()
            {
                var connection = DapperContext.GetConnection();
                connection.Open();
                try
                {
                    return new MySqlCommand("SELECT COUNT(*) FROM orders", connection).ExecuteScalar();
                }
                finally
                {
                    connection.Close();
                }
            }
        }
        """,
        """
        using MySqlConnector;

        public static class DapperContext
        {
            private static readonly string _connectionString = "Server=db;Database=shop";

            public static MySqlConnection GetConnection()
            {
                return new MySqlConnection(_connectionString);
            }
        }

        public class OrderRepository
        {
            public object Count()
            {
                using var connection = DapperContext.GetConnection();
                connection.Open();
                try
                {
                    return new MySqlCommand("SELECT COUNT(*) FROM orders", connection).ExecuteScalar();
                }
                finally
                {
                    connection.Close();
                }
            }
        }
        """);

    // georgemihaila/mondly-challenge@72c56f251eb9, asp-core-api/asp-core-mvc/Entities/SqlExpressAPI.cs (and Program.cs,
    // which calls Kill() when the host stops): opened in the static constructor. The guard keeps the author's spelling
    // (a C# 7.3 project has no `??=`) and opens per lease, as it does for `Connection ??= new SqlConnection(...)`.
    [Fact]
    public Task A_static_constructor_keeps_its_spelling_around_the_guard() => Verify.VerifyAsync(
        """
        using System.Data.SqlClient;

        public static class SqlExpressAPI
        {
            static SqlExpressAPI()
            {
                Connection = Connection ?? new SqlConnection(ConnectionString);
                Connection.Open();
            }

            public static void Kill()
            {
                Connection.Close();
            }

            private static string ConnectionString => @"Data Source=DESKTOP-CE0B3GV\SQLEXPRESS;Initial Catalog=mondly-db;Integrated Security=SSPI";

            private static SqlConnection {|SC0001:Connection|} { get; set; }
        }
        """,
        """
        using System.Data.SqlClient;
        using StaleConn;

        public static class SqlExpressAPI
        {
            static SqlExpressAPI()
            {
                Connection = Connection ?? new ConnectionGuard<SqlConnection>(() => new SqlConnection(ConnectionString));
            }

            public static void Kill()
            {
                Connection.Close();
            }

            private static string ConnectionString => @"Data Source=DESKTOP-CE0B3GV\SQLEXPRESS;Initial Catalog=mondly-db;Integrated Security=SSPI";

            private static ConnectionGuard<SqlConnection> Connection { get; set; }
        }
        """);

    [Theory]
    [InlineData("_c = _c ?? new SqlConnection(\"Server=db\");", true)]
    [InlineData("this._c = this._c ?? new SqlConnection(\"Server=db\");", true)]
    [InlineData("_c = _fallback ?? new SqlConnection(\"Server=db\");", false)]
    [InlineData("_c = _other._c ?? new SqlConnection(\"Server=db\");", false)]
    [InlineData("_c = _c ?? _fallback;", true)]
    [InlineData("_c ??= new SqlConnection(\"Server=db\");", false)]
    public void Only_an_assignment_whose_coalesce_reads_the_same_member_is_self_coalescing(string statement, bool selfCoalescing)
    {
        var tree = CSharpSyntaxTree.ParseText($$"""
            using System.Data.SqlClient;

            public class Holder
            {
                private SqlConnection _c;
                private SqlConnection _fallback;
                private Holder _other;

                public void Build()
                {
                    {{statement}}
                }
            }
            """);
        var compilation = CSharpCompilation.Create("Shapes", new[] { tree }, TestReferences.Net80WithProviders);
        var model = compilation.GetSemanticModel(tree);
        var assignment = tree.GetRoot().DescendantNodes().OfType<AssignmentExpressionSyntax>().Single();

        var value = SelfCoalescingAssignments.ValueOf(assignment, model);

        Assert.Equal(selfCoalescing, value is not null);
        if (value is not null)
        {
            Assert.Same(value, ((BinaryExpressionSyntax)assignment.Right).Right);
            Assert.Same(assignment, SelfCoalescingAssignments.AroundRead(((BinaryExpressionSyntax)assignment.Right).Left, model));
        }
    }

    [Fact]
    public void A_returned_self_coalescing_assignment_is_read_only_where_it_is_returned()
    {
        var tree = CSharpSyntaxTree.ParseText("""
            using System.Data.SqlClient;

            public class Holder
            {
                private SqlConnection _c;

                public SqlConnection Get() => _c = _c ?? new SqlConnection("Server=db");
            }
            """);
        var compilation = CSharpCompilation.Create("Shapes", new[] { tree }, TestReferences.Net80WithProviders);
        var model = compilation.GetSemanticModel(tree);
        var assignment = tree.GetRoot().DescendantNodes().OfType<AssignmentExpressionSyntax>().Single();

        // Not a statement: the reference collector leaves it alone; the accessor scan reads the returned value.
        Assert.Null(SelfCoalescingAssignments.ValueOf(assignment, model));
        Assert.IsType<ObjectCreationExpressionSyntax>(SelfCoalescingAssignments.CoalescedValue(assignment, model));
    }
}
