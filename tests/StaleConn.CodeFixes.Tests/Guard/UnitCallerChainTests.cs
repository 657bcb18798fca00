using Microsoft.CodeAnalysis;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Corpus;
using StaleConn.CodeFixes.Tests.Reasons;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// A unit of work that reaches another unit (directly or through helper methods) while it holds its lease ran both on
/// one connection and session. The guard fix keeps that: every unit of the member acquires with <c>AcquireOrJoin</c>,
/// so the callee joins the caller's lease instead of waiting for itself. A call from a lambda or local function inside
/// the lease (which may run concurrently, or after the lease) still declines with <c>CallsAnotherUnitWhileLeased</c>.
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
    public async Task A_unit_reaching_another_through_two_helpers_joins_its_lease()
    {
        var (notFixed, fixedText) = await GuardAsync(Orders.Replace("NOTIFY_BODY", "Audit(text)", StringComparison.Ordinal));

        Assert.Empty(notFixed);
        Assert.Equal(2, Count(fixedText, "Connection.AcquireOrJoin()"));
        Assert.DoesNotContain("Connection.Acquire()", fixedText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Helpers_that_reach_no_unit_keep_the_plain_acquire()
    {
        var (notFixed, fixedText) = await GuardAsync(Orders.Replace("NOTIFY_BODY", "System.Console.WriteLine(text)", StringComparison.Ordinal));

        Assert.Empty(notFixed);
        Assert.Contains("Connection.Acquire()", fixedText, StringComparison.Ordinal);
        Assert.DoesNotContain("AcquireOrJoin", fixedText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("System.Threading.Tasks.Task.Run(() => Audit(\"shipped \" + id));")]
    [InlineData("System.Threading.Tasks.Parallel.For(0, 2, i => Audit(\"shipped \" + i));")]
    [InlineData("void Log() => Audit(\"shipped \" + id); Log();")]
    public async Task A_unit_reached_from_a_lambda_or_local_function_inside_the_lease_declines(string call)
    {
        var (notFixed, _) = await GuardAsync(Orders
            .Replace("Report(id);", call, StringComparison.Ordinal)
            .Replace("NOTIFY_BODY", "System.Console.WriteLine(text)", StringComparison.Ordinal));

        Assert.Equal(new[] { NoFixReason.CallsAnotherUnitWhileLeased }, notFixed);
    }

    private static int Count(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;

    /// <summary>The reasons of the members left as they were, and the fixed source (which must compile).</summary>
    internal static async Task<(IReadOnlyList<NoFixReason> NotFixed, string FixedText)> GuardAsync(params string[] sources)
    {
        var project = SnippetProject.Create(sources);
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var finding = Assert.Single(await HolderShapeCorpusTests.FindingsAsync(project, compilation));
        var document = project.GetDocument(finding.Location.SourceTree)!;
        var targets = (await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(document, finding, CancellationToken.None)).ToList();
        var (solution, notFixed) = await ConnectionGuardFix.GuardEachAsync(project.Solution, targets, FixMode.Guard, CancellationToken.None);
        var fixedDocument = solution.GetDocument(document.Id)!;
        var fixedCompilation = (await fixedDocument.Project.GetCompilationAsync())!;
        if (notFixed.Count == 0)
        {
            Assert.Empty(fixedCompilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        }

        var texts = await Task.WhenAll(fixedDocument.Project.Documents.Select(async d => (await d.GetTextAsync()).ToString()));
        return (notFixed.Select(n => n.Reason).Distinct().ToList(), string.Join("\n", texts));
    }
}
