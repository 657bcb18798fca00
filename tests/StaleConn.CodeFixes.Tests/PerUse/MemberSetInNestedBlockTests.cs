using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Corpus;
using StaleConn.CodeFixes.Tests.Infrastructure;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// A DAL copy of a singleton's connection set inside an <c>if</c> and used after it there, with the command in a local.
/// Before stop 31 the guard fix compiled and put <c>using (var lease = connection.Acquire())</c> around the <c>if</c>,
/// before the write that became <c>connection = new ConnectionGuard&lt;SqlConnection&gt;(db.Connection);</c>: on the first
/// call the field was null (a <c>NullReferenceException</c> where the old code worked), later calls leased the previous
/// call's guard. The guard fix now declines with <see cref="NoFixReason.MemberSetInNestedBlock"/>; the same write as a
/// statement of the method's body is fixed as before.
/// </summary>
/// <remarks>
/// nkyokoo/unittesting@1a1b38ffcad6, UserService/UserServices.cs <c>Login</c> and UserService/DBConnection.cs, in
/// minimal form (the real method keeps the command in a field too: <see cref="ReleasedStoredCommandTests"/>).
/// </remarks>
public class MemberSetInNestedBlockTests
{
    private const string Holder = """
        using System.Data.SqlClient;

        public class DBConnection
        {
            private static DBConnection _instance;
            private SqlConnection connection;

            private DBConnection()
            {
                connection = new SqlConnection("Server=.;Database=unittesting");
                connection.Open();
            }

            public SqlConnection Connection => connection;

            public static DBConnection Instance() => _instance ?? (_instance = new DBConnection());
        }
        """;

    private static string Services(string login) => $$"""
        using System;
        using System.Data.SqlClient;

        public class UserServices
        {
            DBConnection db = DBConnection.Instance();
            SqlConnection connection;

            public bool Login(string email)
            {
                {{login}}
            }
        }

        public static class Program
        {
            static UserServices services = new UserServices();

            public static void Main() => services.Login(Console.ReadLine());
        }
        """;

    private const string SetInsideIf = """
        if (email.Contains("@"))
        {
            connection = db.Connection;
            SqlCommand command = connection.CreateCommand();
            command.CommandText = "SELECT name FROM users";
            Console.WriteLine(command.ExecuteScalar());
            return true;
        }

        return false;
        """;

    private const string SetAtTheTop = """
        connection = db.Connection;
        if (email.Contains("@"))
        {
            SqlCommand command = connection.CreateCommand();
            command.CommandText = "SELECT name FROM users";
            Console.WriteLine(command.ExecuteScalar());
            return true;
        }

        return false;
        """;

    [Fact]
    public async Task A_copy_set_inside_an_if_declines_the_guard()
    {
        var (solution, notFixed) = await FixAsync(SetInsideIf, FixMode.Guard);

        Assert.Contains(NoFixReason.MemberSetInNestedBlock, notFixed);
        Assert.DoesNotContain("Acquire()", await TextAsync(solution, "UserServices"));
    }

    [Fact]
    public async Task A_copy_set_at_the_top_of_the_method_gets_its_lease_after_the_write()
    {
        var (solution, notFixed) = await FixAsync(SetAtTheTop, FixMode.Guard);

        Assert.DoesNotContain(NoFixReason.MemberSetInNestedBlock, notFixed);
        var text = await TextAsync(solution, "UserServices");
        var write = text.IndexOf("connection = new ConnectionGuard<SqlConnection>(db.Connection, leaveOpen: true);", StringComparison.Ordinal);
        var lease = text.IndexOf("connection.Acquire()", StringComparison.Ordinal);
        Assert.True(write >= 0 && lease > write, text);
    }

    private static async Task<string> TextAsync(Solution solution, string mentioning)
    {
        foreach (var document in solution.Projects.Single().Documents)
        {
            var text = (await document.GetTextAsync()).ToString();
            if (text.Contains("class " + mentioning, StringComparison.Ordinal))
            {
                return text;
            }
        }

        throw new InvalidOperationException(mentioning + " not found");
    }

    private static Task<(Solution Solution, IReadOnlyList<NoFixReason> NotFixed)> FixAsync(string login, FixMode mode) =>
        ShapeFixRuns.FixEachAsync(
            new HolderShape("member set in a nested block", "nkyokoo/unittesting", new[] { Holder, Services(login) }, LanguageVersion.CSharp7_3),
            mode,
            compilesBefore: true);
}
