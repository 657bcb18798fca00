using Microsoft.CodeAnalysis;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Corpus;
using StaleConn.CodeFixes.Tests.Reasons;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// A unit of work that reaches another unit through helper methods would take a second lease while it holds the first:
/// the guard fix follows the chain of callers, however many helpers stand between, and declines.
/// </summary>
public class UnitCallerChainTests
{
    private const string Orders = """
        using Dapper;
        using MySqlConnector;

        public static class Orders
        {
            private static readonly MySqlConnection Connection = new MySqlConnection("Server=db");

            public static void Ship(int id)
            {
                Connection.Execute("UPDATE orders SET shipped = 1 WHERE id = @id", new { id });
                Report(id);
                Connection.Execute("DELETE FROM pending WHERE order_id = @id", new { id });
            }

            private static void Report(int id) => Notify("shipped " + id);

            private static void Notify(string text) => NOTIFY_BODY;

            public static void Audit(string text) => Connection.Execute("INSERT INTO audit(text) VALUES (@text)", new { text });
        }
        """;

    [Fact]
    public async Task A_unit_reaching_another_through_two_helpers_gets_no_guard_fix()
    {
        var notFixed = await GuardAsync(Orders.Replace("NOTIFY_BODY", "Audit(text)", StringComparison.Ordinal));

        Assert.Equal(new[] { NoFixReason.CallsAnotherUnitWhileLeased }, notFixed);
    }

    [Fact]
    public async Task Helpers_that_reach_no_unit_leave_the_guard_fix_offered()
    {
        var notFixed = await GuardAsync(Orders.Replace("NOTIFY_BODY", "System.Console.WriteLine(text)", StringComparison.Ordinal));

        Assert.Empty(notFixed);
    }

    private static async Task<IReadOnlyList<NoFixReason>> GuardAsync(string source)
    {
        var project = SnippetProject.Create(new[] { source });
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var finding = Assert.Single(await HolderShapeCorpusTests.FindingsAsync(project, compilation));
        var document = project.GetDocument(finding.Location.SourceTree)!;
        var targets = (await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(document, finding, CancellationToken.None)).ToList();
        var (_, notFixed) = await ConnectionGuardFix.GuardEachAsync(project.Solution, targets, FixMode.Guard, CancellationToken.None);
        return notFixed.Select(n => n.Reason).Distinct().ToList();
    }
}
