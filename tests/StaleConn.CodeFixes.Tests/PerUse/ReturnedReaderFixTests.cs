using Microsoft.CodeAnalysis.CSharp;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Corpus;
using StaleConn.CodeFixes.Tests.Infrastructure;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// DAL helpers that return the reader they run over the shared connection (<c>return cmd.ExecuteReader();</c>), read by
/// callers inside a <c>using</c>. Per use, the reader takes the new connection over
/// (<c>CommandBehavior.CloseConnection</c>): the caller's <c>using</c> that ended the reader now also returns the
/// connection to the pool, and the helper disposes it only if it throws before the reader exists.
/// </summary>
public class ReturnedReaderFixTests
{
    /// <summary>
    /// A shop's static DAL (public code, exact-string search "return cmd.ExecuteReader();": a private
    /// <c>GetConnection()</c> that builds and opens the static <c>sqlConnection</c>, <c>GetProduts()</c> returning
    /// <c>new MySqlCommand(stm, GetConnection()).ExecuteReader()</c>), its caller reading in a <c>using</c> as
    /// Dapper's and the SqlHelper callers do (exact-string search "using (SqlDataReader dr = SqlHelper.ExecuteReader(",
    /// ten hits). The result is the per-call helper public code writes by hand: DotWu/MyRepository (TE.Data/SQLHelper.cs,
    /// <c>GetReader</c>) and EasonDongH/LearningDatabase (CSharp/Winform/TreeViewTest/TreeViewTest/SQLHelper.cs,
    /// <c>GetDataReader</c>) open a connection per call and return <c>ExecuteReader(CommandBehavior.CloseConnection)</c>.
    /// </summary>
    [Fact]
    public Task A_helper_returning_a_reader_read_in_using_hands_the_connection_to_the_reader() => Verify.VerifyAsync(
        """
        using System.Data;
        using MySqlConnector;

        static class Shop
        {
            static string cs = "server=db;database=shop;uid=shop;pwd=secret";
            static MySqlConnection {|SC0001:sqlConnection|};

            private static MySqlConnection GetConnection()
            {
                if (sqlConnection == null) sqlConnection = new MySqlConnection(cs);

                if (sqlConnection.State == ConnectionState.Closed) sqlConnection.Open();

                return sqlConnection;
            }

            public static MySqlDataReader GetProducts()
            {
                var stm = "select * from products";
                var cmd = new MySqlCommand(stm, GetConnection());
                return cmd.ExecuteReader();
            }

            public static int CountProducts()
            {
                var count = 0;
                using (var reader = GetProducts())
                {
                    while (reader.Read()) count++;
                }

                return count;
            }
        }
        """,
        """
        using System.Data;
        using MySqlConnector;

        static class Shop
        {
            static string cs = "server=db;database=shop;uid=shop;pwd=secret";

            private static MySqlConnection GetConnection()
            {
                var connection = new MySqlConnection(cs);
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

            public static MySqlDataReader GetProducts()
            {
                var stm = "select * from products";
                var connection = GetConnection();
                try
                {
                    var cmd = new MySqlCommand(stm, connection);
                    return cmd.ExecuteReader(CommandBehavior.CloseConnection);
                }
                catch
                {
                    connection.Dispose();
                    throw;
                }
            }

            public static int CountProducts()
            {
                var count = 0;
                using (var reader = GetProducts())
                {
                    while (reader.Read()) count++;
                }

                return count;
            }
        }
        """);

    private const string ShopWith = """
        using System.Data;
        using MySqlConnector;

        static class Shop
        {
            static MySqlConnection sqlConnection;

            private static MySqlConnection GetConnection()
            {
                if (sqlConnection == null) sqlConnection = new MySqlConnection("server=db;database=shop");

                if (sqlConnection.State == ConnectionState.Closed) sqlConnection.Open();

                return sqlConnection;
            }

            public static MySqlDataReader GetProducts(string filter)
            {
                var cmd = new MySqlCommand("select * from products where name like @f", GetConnection());
                HELPER_TAIL
            }

            public static int CountProducts()
            {
                var count = 0;
                CALLER
                return count;
            }
        }
        """;

    /// <summary><see cref="ShopWith"/> after the factory fix: the accessor opens a pooled connection per call, the helper hands it to its reader.</summary>
    private const string FixedShop = """
        using System.Data;
        using MySqlConnector;

        static class Shop
        {
            private static MySqlConnection GetConnection()
            {
                var connection = new MySqlConnection("server=db;database=shop");
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

            public static MySqlDataReader GetProducts(string filter)
            {
                var connection = GetConnection();
                try
                {
                    var cmd = new MySqlCommand("select * from products where name like @f", connection);
                    HELPER_TAIL
                }
                catch
                {
                    connection.Dispose();
                    throw;
                }
            }

            public static int CountProducts()
            {
                var count = 0;
                CALLER
            }
        }
        """;

    private const string ReadInUsing = "using (var reader = GetProducts(\"%\")) { while (reader.Read()) count++; }";

    /// <summary>
    /// Masterikis/botlucasgassiot@209596b (MelenchBot-DataBase/DataBase/DBUserCommunication.cs, <c>getUsers</c>,
    /// <c>setUserWarnings</c>, <c>getByUserName</c>; DBWarningCommunication.cs and DBStatusCommunication.cs the same): <c>var
    /// reader = this.executeQuery(query); while (reader != null &amp;&amp; reader.Read()) ...; if (reader != null)
    /// reader.Close();</c>, a .NET Framework project (C# 7.3). Closed on the happy path only: the caller's own close stays
    /// where it was and a <c>using</c> over the rest of the block also disposes the reader, so an exception while reading
    /// no longer keeps the reader's pooled connection checked out.
    /// </summary>
    [Fact]
    public Task A_caller_that_closes_the_reader_itself_is_given_a_using_statement() => Verify.VerifyAsync(
        ShopWith.Replace("static MySqlConnection sqlConnection;", "static MySqlConnection {|SC0001:sqlConnection|};")
            .Replace("HELPER_TAIL", "return cmd.ExecuteReader();").Replace("CALLER", ClosedOnTheHappyPath),
        FixedShop.Replace("HELPER_TAIL", "return cmd.ExecuteReader(CommandBehavior.CloseConnection);").Replace("CALLER", """
            using (var reader = GetProducts("%"))
                    {
                        while (reader != null && reader.Read()) count++;
                        if (reader != null) reader.Close();
                        return count;
                    }
            """),
        LanguageVersion.CSharp7_3);

    /// <summary>
    /// The same caller in C# 8 and later (the shape of ChascaNeperiana/GloboQueSeInflaConRaspberry's
    /// GloboAPI/GloboAPI/Controllers/PublicacionController.cs callers of <c>Conexion_MySql.Query</c>, with a close):
    /// <c>using var</c>, the statements after it left as they were.
    /// </summary>
    [Fact]
    public Task A_caller_that_closes_the_reader_itself_is_given_a_using_declaration() => Verify.VerifyAsync(
        ShopWith.Replace("static MySqlConnection sqlConnection;", "static MySqlConnection {|SC0001:sqlConnection|};")
            .Replace("HELPER_TAIL", "return cmd.ExecuteReader();").Replace("CALLER", ClosedOnTheHappyPath),
        FixedShop.Replace("HELPER_TAIL", "return cmd.ExecuteReader(CommandBehavior.CloseConnection);").Replace("CALLER", """
            using var reader = GetProducts("%");
                    while (reader != null && reader.Read()) count++;
                    if (reader != null) reader.Close();
                    return count;
            """));

    /// <summary>
    /// Callers that keep the lifetime of the reader their own way decline: a reader never closed (a university project's
    /// <c>MySqlDataReader reader = DatabaseConnection.Instance.Query("SELECT * FROM student;"); while (reader.Read())
    /// ...</c>, public code index), a local given a second reader (ChascaNeperiana/GloboQueSeInflaConRaspberry
    /// GloboAPI/GloboAPI/Controllers/LikesController.cs: <c>sdr = conexion.Query(query);</c> again), one returned to the
    /// caller's caller (macedolg/conexao-bd_asp-net AppQuinta/UsuarioDAO.cs <c>Select()</c>: <c>reader.Close(); ...
    /// return reader;</c>), one handed on, or read in a lambda.
    /// </summary>
    [Theory]
    [InlineData("var reader = GetProducts(\"%\"); while (reader.Read()) count++;")]
    [InlineData("var reader = GetProducts(\"%\"); while (reader.Read()) count++; reader.Close(); reader = GetProducts(\"a%\"); while (reader.Read()) count++; reader.Close();")]
    [InlineData("var reader = GetProducts(\"%\"); while (reader.Read()) count++; reader.Close(); Keep(reader);")]
    [InlineData("var reader = GetProducts(\"%\"); System.Func<bool> next = () => reader.Read(); while (next()) count++; reader.Close();")]
    public async Task A_caller_that_keeps_the_reader_its_own_way_declines(string caller)
    {
        var source = ShopWith.Replace("HELPER_TAIL", "return cmd.ExecuteReader();").Replace("CALLER", caller)
            .Replace("    public static int CountProducts()", "    static void Keep(MySqlDataReader reader) { }\n\n    public static int CountProducts()");
        Assert.Equal(NoFixReason.ReaderNotDisposedByCaller, Assert.Single(await NotFixedAsync(source, FixMode.ConnectionFactory)));
    }

    private const string ClosedOnTheHappyPath = """
        var reader = GetProducts("%");
                while (reader != null && reader.Read()) count++;
                if (reader != null) reader.Close();
        """;

    /// <summary>A <c>return null;</c> after the connection is taken would leave it neither disposed nor handed to a reader.</summary>
    [Fact]
    public async Task A_second_way_out_after_the_connection_is_taken_declines()
    {
        var source = ShopWith.Replace("HELPER_TAIL", "if (filter == null) return null; return cmd.ExecuteReader();").Replace("CALLER", ReadInUsing);
        Assert.Equal(NoFixReason.ReaderOutlivesConnection, Assert.Single(await NotFixedAsync(source, FixMode.ConnectionFactory)));
    }

    /// <summary>The callers' <c>using</c> is what makes the hand-over safe: with it, the same helper is fixed.</summary>
    [Fact]
    public async Task The_same_helper_read_in_using_is_fixed()
    {
        var source = ShopWith.Replace("HELPER_TAIL", "return cmd.ExecuteReader(CommandBehavior.SequentialAccess);").Replace("CALLER", ReadInUsing);
        Assert.Empty(await NotFixedAsync(source, FixMode.ConnectionFactory));
    }

    private static async Task<IReadOnlyList<NoFixReason>> NotFixedAsync(string source, FixMode mode) =>
        (await ShapeFixRuns.FixEachAsync(
            new HolderShape("returned reader", "public DAL helpers", new[] { source }, LanguageVersion.CSharp7_3),
            mode)).NotFixed;
}
