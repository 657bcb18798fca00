using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StaleConn.Analyzers.Internal;

namespace StaleConn.Analyzers.Tests.Internal;

/// <summary>
/// SC0007's waiting loop read from syntax: the loop's waiting call is read once per loop statement, however many locals
/// and holders reach it; a local is found from the loop's text, and one renewed on every turn is not reused.
/// </summary>
public class WaitingLoopSyntaxTests
{
    // https://github.com/valloon91234/Github2Telegram (Program.cs), reduced: two objects created once, reused by one polling loop.
    private const string Poller = """
        using System.Threading;
        class Program
        {
            static void Main()
            {
                var db = new Dao();
                var bot = new Bot();
                while (true)
                {
                    foreach (var item in db.Select()) { bot.Send(item); }
                    Thread.Sleep(30000);
                }
            }
        }
        """;

    private static BlockSyntax Body(string source) =>
        CSharpSyntaxTree.ParseText(source).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().First().Body!;

    [Fact]
    public void A_loop_reached_by_two_locals_is_read_for_its_wait_once()
    {
        var body = Body(Poller);
        var before = WaitingLoopSyntax.LoopsReadForWaits;

        var forDb = WaitingLoopSyntax.Find(body, "db", 0);
        var forBot = WaitingLoopSyntax.Find(body, "bot", 0);

        Assert.Equal("Thread.Sleep", forDb?.Wait);
        Assert.Equal("Thread.Sleep", forBot?.Wait);
        Assert.Equal(1, WaitingLoopSyntax.LoopsReadForWaits - before);
    }

    [Fact]
    public void A_local_named_only_in_a_comment_or_a_string_of_the_loop_is_not_reused()
    {
        var body = Body("""
            class Program
            {
                static void Main()
                {
                    var db = new Dao();
                    while (true) { Log("db"); /* db */ System.Threading.Thread.Sleep(1000); }
                }
            }
            """);

        Assert.Null(WaitingLoopSyntax.Find(body, "db", 0));
    }

    [Fact]
    public void A_local_renewed_on_every_turn_is_not_reused_but_one_renewed_after_a_failure_is()
    {
        var renewed = Body("""
            class Program
            {
                static void Main()
                {
                    var db = new Dao();
                    while (true) { @db = new Dao(); db.Select(); System.Threading.Thread.Sleep(1000); }
                }
            }
            """);
        var reconnected = Body("""
            class Program
            {
                static void Main()
                {
                    var db = new Dao();
                    while (true) { try { db.Select(); } catch { db.Dispose(); db = new Dao(); } System.Threading.Thread.Sleep(1000); }
                }
            }
            """);

        Assert.Null(WaitingLoopSyntax.Find(renewed, "db", 0));
        Assert.Equal("Sleep", WaitingLoopSyntax.Find(reconnected, "db", 0)?.Wait);
    }
}
