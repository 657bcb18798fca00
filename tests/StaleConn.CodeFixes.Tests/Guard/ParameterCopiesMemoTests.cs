using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Reasons;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// Following a copied constructor parameter to its callers is remembered per solution snapshot: the owner-source planner
/// and each connection fix ask for it in one lightbulb (a store copying its constructor's connection, as
/// UnrealMultiple/TShockPlugin@9319375 PvPer/DBManager/DbManager.cs and Economics.WeaponPlus/WeaponPlusDB.cs have it).
/// An edited solution is a new snapshot and is followed again.
/// </summary>
public class ParameterCopiesMemoTests
{
    private const string Store = """
        using System.Data;

        public class PlayerStore
        {
            private readonly IDbConnection _db;

            public PlayerStore(IDbConnection db)
            {
                _db = db;
            }

            public object? Count()
            {
                using var command = _db.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM Players";
                return command.ExecuteScalar();
            }
        }
        """;

    private const string Plugin = """
        using System.Data;

        public static class Host
        {
            public static IDbConnection Shared { get; set; } = null!;
        }

        public static class Plugin
        {
            public static PlayerStore Players = new PlayerStore(Host.Shared);
        }
        """;

    private const string SecondCaller = """
        public static class Backup
        {
            public static PlayerStore Players = new PlayerStore(new MySqlConnector.MySqlConnection("Server=backup"));
        }
        """;

    [Fact]
    public async Task A_snapshot_follows_a_parameter_once_and_an_edited_one_again()
    {
        var project = SnippetProject.Create(new[] { Store, Plugin });
        var first = await FollowAsync(project.Solution, project.Id);
        var again = await FollowAsync(project.Solution, project.Id);

        Assert.NotNull(first.Value);
        Assert.Same(first.Value, again.Value);
        Assert.Equal(new[] { "Host.Shared" }, first.Value!.Passed.Select(p => p.Value.ToString()));

        var edited = project.AddDocument("Backup.cs", SecondCaller).Project.Solution;
        var afterEdit = await FollowAsync(edited, project.Id);
        Assert.Equal(
            new[] { "Host.Shared", "new MySqlConnector.MySqlConnection(\"Server=backup\")" },
            afterEdit.Value!.Passed.Select(p => p.Value.ToString()).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// An edit in a referencing project leaves the store's own compilation (and so the followed symbols) as it was: only
    /// the snapshot tells the edited solution from the first, so a memo keyed by anything wider (the workspace's current
    /// solution) would hand back the callers found before the edit and miss the new one.
    /// </summary>
    [Fact]
    public async Task An_edit_in_a_referencing_project_is_followed_again()
    {
        var project = SnippetProject.Create(new[] { Store, HostOnly }, referencingFiles: new[] { PluginOnly });
        var consumer = project.Solution.Projects.Single(p => p.Id != project.Id);
        var first = await FollowAsync(project.Solution, project.Id);
        Assert.Equal(new[] { "Host.Shared" }, first.Value!.Passed.Select(p => p.Value.ToString()));

        var edited = consumer.AddDocument("Backup.cs", SecondCaller).Project.Solution;
        Assert.Same(await project.GetCompilationAsync(), await edited.GetProject(project.Id)!.GetCompilationAsync());
        var afterEdit = await FollowAsync(edited, project.Id);
        Assert.Equal(
            new[] { "Host.Shared", "new MySqlConnector.MySqlConnection(\"Server=backup\")" },
            afterEdit.Value!.Passed.Select(p => p.Value.ToString()).Order(StringComparer.Ordinal));
    }

    private const string HostOnly = """
        using System.Data;

        public static class Host
        {
            public static IDbConnection Shared { get; set; } = null!;
        }
        """;

    private const string PluginOnly = """
        public static class Plugin
        {
            public static PlayerStore Players = new PlayerStore(Host.Shared);
        }
        """;

    /// <summary>Follows <c>_db = db;</c> of the solution's own compilation, as the planners do.</summary>
    private static async Task<Planned<ParameterCopy>> FollowAsync(Solution solution, ProjectId snippet)
    {
        var project = solution.GetProject(snippet)!;
        var compilation = (await project.GetCompilationAsync())!;
        var member = compilation.GetTypeByMetadataName("PlayerStore")!.GetMembers("_db").Single();
        var tree = member.DeclaringSyntaxReferences[0].SyntaxTree;
        var model = compilation.GetSemanticModel(tree);
        var copied = (IdentifierNameSyntax)tree.GetRoot().DescendantNodes().OfType<AssignmentExpressionSyntax>().Single(a => a.Left.ToString() == "_db").Right;
        var parameter = ParameterCopies.CopiedParameter(copied, model, member, CancellationToken.None)!;
        return await ParameterCopies.FollowAsync(solution, parameter, copied, member, CancellationToken.None);
    }
}
