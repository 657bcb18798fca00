using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Corpus;
using StaleConn.CodeFixes.Tests.Reasons;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// The StackOverflow <c>DBConnection</c> singleton (question 21618015) written with the connection as an auto-property
/// that <c>IsConnected()</c> tests itself (<c>if (Connection == null) { ...; Connection = new MySqlConnection(cs); }</c>).
/// Each unit of work ends its connection with <c>Close()</c>, so the per-use factory is the faithful fix: the check reads
/// the string field set where the connection was built. Before, the member's own null check kept needing the member
/// (<c>MemberStillNeeded</c>). A <c>Connection = null;</c> outside a closer is mirrored on the string field; a closer
/// that forgets the member (<c>Connection?.Close(); Connection = null;</c>) stays and forgets the string instead.
/// </summary>
public class SelfCheckedConnectFixTests
{
    /// <summary>
    /// JayPaulinCodes/cst8333ProjectByJacobPaulin@HEAD, cst8333ApplicationByJacobPaulin/PersistenceLayer/Managers/DbManager.cs
    /// and PersistenceLayer/Daos/VegetableRecordDaoImpl.cs (<c>ReadAll()</c>; the same holder as in
    /// <see cref="Guard.LazyBuiltGuardFixTests"/>): <c>Close()</c> closes and forgets the member, so the next
    /// <c>IsConnected()</c> builds the connection string again from the configuration. The closer stays and forgets the
    /// string instead, and the DAO keeps calling it after its last use (before: <c>AccessorCheckedForNull</c>; the guard
    /// still declines with <c>DisposedWhileLeased</c>).
    /// </summary>
    [Fact]
    public async Task A_closer_that_forgets_the_member_forgets_the_string_instead()
    {
        var (holder, dao) = await FirstFixAsync(JayPaulinSources.Manager, JayPaulinSources.Dao);

        AssertCloseForgetsTheString(holder, dao);
    }

    /// <summary>
    /// The same holder with its configuration read-only, as the repository has it (<c>DbConfiguration</c>'s get-only
    /// properties) and with <c>Close()</c> written as Golden_Connect's closer (<c>Connection.Close();</c> without the
    /// null-conditional; thalukanyomulaudzi/Golden_Connect Design370/DBConnection.cs) and then forgetting the member.
    /// </summary>
    [Fact]
    public async Task A_plain_close_then_forget_keeps_the_closer_too()
    {
        var manager = JayPaulinSources.Manager
            .Replace("{ get; set; } = string.Empty;", "{ get; } = \"cst8333\";", StringComparison.Ordinal)
            .Replace("Connection?.Close();", "Connection.Close();", StringComparison.Ordinal);
        var (holder, dao) = await FirstFixAsync(manager, JayPaulinSources.Dao);

        AssertCloseForgetsTheString(holder, dao);
    }

    /// <summary>
    /// A closer that closes and forgets the member only when it is set (<c>if (Connection != null) { ... }</c>): its
    /// body is not only such statements, so the factory would remove it with its calls and the string the next check
    /// built again would be built once — it declines as before. (A method that also does other work, such as logging,
    /// is no closer at all: it stays a use, and its null write is mirrored as in the test below.)
    /// </summary>
    [Fact]
    public async Task A_closer_that_forgets_the_member_under_a_check_still_declines_the_factory()
    {
        var manager = JayPaulinSources.Manager.Replace(
            "Connection?.Close();\n            Connection = null;",
            "if (Connection != null)\n            {\n                Connection.Close();\n                Connection = null;\n            }",
            StringComparison.Ordinal);
        Assert.Contains("if (Connection != null)", manager, StringComparison.Ordinal);
        var factory = await PlanFactoryAsync(manager, JayPaulinSources.Dao);

        Assert.Equal(NoFixReason.AccessorCheckedForNull, factory.Reason);
    }

    /// <summary>
    /// The member forgotten by a method that does not close it (a <c>Reset()</c> the DAO calls after its last use, in
    /// the minimal form of the holder above): the string field mirrors the null write, so the next check builds the
    /// string again, as it built the connection again.
    /// </summary>
    [Fact]
    public async Task A_null_write_outside_a_closer_is_mirrored_on_the_string_field()
    {
        var manager = JayPaulinSources.Manager.Replace("Connection?.Close();", string.Empty, StringComparison.Ordinal);
        var (holder, dao) = await FirstFixAsync(manager, JayPaulinSources.Dao);

        AssertCloseForgetsTheString(holder, dao);
    }

    /// <summary>
    /// LeeCombs/FF2_Monster_Sim@cf5777e FF2_Monster_Sim/DBConnection.cs (thalukanyomulaudzi/Golden_Connect
    /// Design370/DBConnection.cs has the same holder): the auto-property tested by <c>IsConnected()</c>, a <c>Close()</c>
    /// that only closes. The factory now plans; the check reads the string field, <c>Close()</c> and its call go.
    /// </summary>
    [Fact]
    public async Task The_member_s_own_null_check_reads_the_string_field()
    {
        var manager = JayPaulinSources.Manager.Replace("Connection = null;", string.Empty, StringComparison.Ordinal);
        var (holder, dao) = await FirstFixAsync(manager, JayPaulinSources.Dao);
        Assert.DoesNotContain("voidClose()", holder, StringComparison.Ordinal);

        Assert.Contains("if(this.ConnectionString==null)", holder, StringComparison.Ordinal);
        Assert.DoesNotContain("Connection==null", holder, StringComparison.Ordinal);
        Assert.Contains("usingvarconnection=dbManager.OpenConnection();", dao, StringComparison.Ordinal);
    }

    /// <summary>
    /// The null write is mirrored only inside the holder: written from another type (the DAO setting the public
    /// property to null), the private string field cannot follow it, and the factory declines as before.
    /// </summary>
    [Fact]
    public async Task A_null_written_from_outside_the_holder_still_declines_the_factory()
    {
        var manager = JayPaulinSources.Manager.Replace("private set;", "set;", StringComparison.Ordinal);
        var dao = JayPaulinSources.Dao.Replace("dbManager.Close();", "dbManager.Connection = null;", StringComparison.Ordinal);
        var factory = await PlanFactoryAsync(manager.Replace("Connection?.Close();", string.Empty, StringComparison.Ordinal), dao);

        Assert.Equal(NoFixReason.AccessorCheckedForNull, factory.Reason);
    }

    /// <summary>
    /// The check reads the string field set where the connection was built, <c>Close()</c> forgets that string, and the
    /// DAO takes its connection inside <c>if (dbManager.IsConnected())</c> and still calls <c>Close()</c> after its last use.
    /// </summary>
    private static void AssertCloseForgetsTheString(string holder, string dao)
    {
        Assert.Contains("if(this.ConnectionString==null)", holder, StringComparison.Ordinal);
        Assert.Contains("this.ConnectionString=connstring;", holder, StringComparison.Ordinal);
        Assert.True(holder.Contains("publicvoidClose(){this.ConnectionString=null;}", StringComparison.Ordinal), holder);
        var check = dao.IndexOf("if(dbManager.IsConnected())", StringComparison.Ordinal);
        var take = dao.IndexOf("usingvarconnection=dbManager.OpenConnection();", StringComparison.Ordinal);
        Assert.True(check >= 0 && take > check, dao);
        Assert.Contains("dbManager.Close();returnresults;", dao, StringComparison.Ordinal);
    }

    private static async Task<PlanOutcome> PlanFactoryAsync(string manager, string dao)
    {
        var project = SnippetProject.Create(new[] { manager, dao });
        var compilation = (await project.GetCompilationAsync())!;
        var finding = Assert.Single(await HolderShapeCorpusTests.FindingsAsync(project, compilation), d => d.Id == "SC0002");
        var document = project.GetDocument(finding.Location.SourceTree)!;
        var target = Assert.Single(await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(document, finding, CancellationToken.None));
        return await GuardPlanner.PlanAsync(project, target.Resolve(compilation)!, FixMode.ConnectionFactory, CancellationToken.None);
    }

    /// <summary>Applies the first action offered for the SC0002 finding; the result compiles and has no SC0002 left.</summary>
    private static async Task<(string Holder, string Dao)> FirstFixAsync(string manager, string dao)
    {
        var project = SnippetProject.Create(new[] { manager, dao });
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var finding = Assert.Single(await HolderShapeCorpusTests.FindingsAsync(project, compilation), d => d.Id == "SC0002");
        var document = project.GetDocument(finding.Location.SourceTree)!;

        var actions = new List<CodeAction>();
        await new GuardWithConnectionGuardCodeFixProvider().RegisterCodeFixesAsync(
            new CodeFixContext(document, finding, (action, _) => actions.Add(action), CancellationToken.None));
        Assert.NotEmpty(actions);
        Assert.Equal(GuardWithConnectionGuardCodeFixProvider.FactoryEquivalenceKey, GuardWithConnectionGuardCodeFixProvider.OwnKeyOf(actions[0].Title));
        var applied = (await actions[0].GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single().ChangedSolution;
        var fixedProject = applied.GetProject(project.Id)!;
        var fixedCompilation = (await fixedProject.GetCompilationAsync())!;
        Assert.Empty(fixedCompilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.DoesNotContain(await HolderShapeCorpusTests.FindingsAsync(fixedProject, fixedCompilation), d => d.Id == "SC0002");

        var texts = new List<string>();
        foreach (var id in project.DocumentIds.Take(2))
        {
            texts.Add(string.Concat((await fixedProject.GetDocument(id)!.GetTextAsync()).ToString().Where(c => !char.IsWhiteSpace(c))));
        }

        return (texts[0], texts[1]);
    }
}
