using Verify = StaleConn.Analyzers.Tests.Infrastructure.AnalyzerVerifier<StaleConn.Analyzers.Rules.HeldByLongLivedOwnerAnalyzer>;

namespace StaleConn.Analyzers.Tests.Rules;

/// <summary>
/// SC0007's owners that run an endless waiting loop, found from the loop keywords in the owner's text: every loop form
/// (<c>for (;;)</c>, <c>do ... while</c>), the first in document order named, and a keyword spelled only in a comment
/// or a string is no loop.
/// </summary>
public class SC0007OwnerLoopTests
{
    private const string Store = """
        using System;
        using System.Threading;
        using MySqlConnector;

        public class Store
        {
            public MySqlConnection {|#0:Connection|} = new MySqlConnection("Server=db");
        }

        """;

    [Fact]
    public Task Owner_with_an_endless_for_loop_that_sleeps_is_reported() => Verify.VerifyAsync(
        Store + """
        public class {|#1:Poller|}
        {
            private readonly Store _store = new Store();

            public void Run()
            {
                for (;;)
                {
                    _store.Connection.Ping();
                    Thread.Sleep(1000);
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments(
            "Field", "Connection", "Store",
            "'Poller' ('Poller' keeps the 'Store' in field '_store'); 'Poller' runs an endless loop that waits (Thread.Sleep) in 'Run'"));

    [Fact]
    public Task Owner_with_a_do_while_loop_that_reads_the_console_is_reported() => Verify.VerifyAsync(
        Store + """
        public class {|#1:Shell|}
        {
            private readonly Store _store = new Store();

            public void Run()
            {
                string line;
                do
                {
                    line = Console.ReadLine();
                    _store.Connection.Ping();
                }
                while (line != "quit");
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments(
            "Field", "Connection", "Store",
            "'Shell' ('Shell' keeps the 'Store' in field '_store'); 'Shell' runs an endless loop that waits (Console.ReadLine) in 'Run'"));

    [Fact]
    public Task The_first_loop_in_document_order_is_named_whatever_its_keyword() => Verify.VerifyAsync(
        Store + """
        public class {|#1:Worker|}
        {
            private readonly Store _store = new Store();

            public void Poll()
            {
                for (;;)
                {
                    _store.Connection.Ping();
                    Thread.Sleep(5000);
                }
            }

            public void Listen()
            {
                while (true)
                {
                    Console.ReadLine();
                    _store.Connection.Ping();
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments(
            "Field", "Connection", "Store",
            "'Worker' ('Worker' keeps the 'Store' in field '_store'); 'Worker' runs an endless loop that waits (Thread.Sleep) in 'Poll'"));

    [Fact]
    public Task Loop_keywords_only_in_comments_and_strings_make_no_loop() => Verify.VerifyAsync(
        Store + """
        public class Reporter
        {
            private readonly Store _store = new Store();

            // while (true) { Thread.Sleep(1000); } -- for this one, do not loop
            public string Describe()
            {
                _store.Connection.Ping();
                Thread.Sleep(10);
                return "while (true) for (;;) do";
            }
        }

        public static class Program
        {
            public static string Once() => new Reporter().Describe();
        }
        """);
}
