using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Corpus;
using StaleConn.CodeFixes.Tests.Reasons;

namespace StaleConn.CodeFixes.Tests.Behaviour;

/// <summary>
/// A unit that reads <c>LAST_INSERT_ID()</c> without inserting reads what another unit left on the shared session. When
/// another unit calls it (<c>Add</c> inserts, then calls <c>LastId()</c>), the read is that caller's and the per-use
/// fixes name it (<c>CallsAnotherUnitSharingSessionState</c>). Before, the caller was found by name alone: a call to a
/// same-named method of another type (<c>audit.LastId()</c>) counted, the read was taken for the caller's, and the
/// factory fix was offered although <c>Orders.LastId()</c>, called by nobody, would read 0 on its own pooled session.
/// The call is now bound, as the planner binds the units' calls elsewhere.
/// </summary>
public class SameNamedCalleeTests
{
    [Theory]
    [InlineData("LastId()", true)]
    [InlineData("audit.LastId()", false)]
    public async Task A_call_to_a_same_named_method_of_another_type_does_not_make_the_read_the_callers(string callee, bool callsTheUnit)
    {
        var expected = callsTheUnit ? NoFixReason.CallsAnotherUnitSharingSessionState : NoFixReason.UnitsShareSessionState;
        var project = SnippetProject.Create(new[] { Orders.Replace("CALLEE", callee, StringComparison.Ordinal) }, LanguageVersion.Latest);
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var finding = Assert.Single(await HolderShapeCorpusTests.FindingsAsync(project, compilation),
            d => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan) == "Connection");
        var document = project.GetDocument(finding.Location.SourceTree)!;
        var member = (await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(document, finding, CancellationToken.None)).Single().Resolve(compilation)!;

        Assert.Equal(expected, (await GuardPlanner.PlanAsync(project, member, FixMode.ConnectionFactory, CancellationToken.None)).Reason);
    }

    private const string Orders = """
        using System;
        using Dapper;
        using MySqlConnector;

        public class Audit
        {
            public long LastId() => 0;
        }

        public static class Orders
        {
            private static readonly MySqlConnection Connection = new MySqlConnection("Server=db");
            private static readonly Audit audit = new Audit();

            public static long Add(string name)
            {
                Connection.Execute("INSERT INTO orders(name) VALUES (@name)", new { name });
                var id = CALLEE;
                Connection.Execute("INSERT INTO audit(order_id) VALUES (@id)", new { id });
                return id;
            }

            public static long LastId() => Connection.ExecuteScalar<long>("SELECT LAST_INSERT_ID()");
        }
        """;
}
