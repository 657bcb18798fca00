using StaleConn.CodeFixes;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// A command built once and bound again in each function that runs it (stop 34's rebinding): a function that runs it,
/// calls another function that binds it too, and runs it again would run its last statements on the callee's disposed
/// connection, so the fix declines (<c>NestedRebinds</c>).
/// </summary>
public class NestedRebindFixTests
{
    /// <summary>
    /// The nesting on a command built once in a constructor (the stop-34 shape of vladzvx/test@44648e509992
    /// DataBaseWorker/DBWorker.cs, whose commands are built with <c>ReadConnention.CreateCommand()</c>): a method that
    /// runs the command, calls another method that runs it, and runs it again. Until stop 39 each got its own binding
    /// and the last run went to the callee's disposed connection.
    /// </summary>
    [Fact]
    public Task Command_built_in_a_constructor_and_run_after_a_nested_binding_gets_no_fix() => Verify.VerifyNoFixAsync("""
        using System;
        using Npgsql;

        public class DBWorker
        {
            static NpgsqlConnection {|SC0001:ReadConnention|};
            NpgsqlCommand _count;

            public DBWorker(string connectionString)
            {
                ReadConnention = new NpgsqlConnection(connectionString);
                _count = ReadConnention.CreateCommand();
            }

            public void Connect() => ReadConnention.Open();

            public long CountTwice(string table)
            {
                _count.CommandText = "select count(*) from " + table;
                var before = (long)_count.ExecuteScalar();
                Refresh();
                return before + (long)_count.ExecuteScalar();
            }

            public void Refresh()
            {
                _count.CommandText = "select count(*) from chats";
                Console.WriteLine(_count.ExecuteScalar());
            }
        }
        """);
}
