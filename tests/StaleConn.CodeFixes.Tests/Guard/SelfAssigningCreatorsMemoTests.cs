using Microsoft.CodeAnalysis;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Reasons;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// A member's self-assigning creators are made <c>void</c> once per solution snapshot: the guard, data-source and
/// factory plans of one lightbulb then plan on one normalised compilation and share what it bound (written small after
/// mrtwidget/Livemaps, Database.cs; UhuruSoftware/vcap-dotnet's Node bound its callers once per plan, docs/benchmarks.md
/// lat28). An edited solution is a new snapshot and is normalised again, with the edit.
/// </summary>
public class SelfAssigningCreatorsMemoTests
{
    private const string Tracker = """
        using System;
        using MySqlConnector;

        public static class Settings
        {
            public static string Host = "db";
            public static int Port;
        }

        public static class Tracker
        {
            private static MySqlConnection _connection;

            public static void Start()
            {
                _connection = CreateConnection();
                _connection.Open();
            }

            private static MySqlConnection CreateConnection()
            {
                try
                {
                    if (Settings.Port == 0)
                        Settings.Port = 3306;
                    _connection = new MySqlConnection("Server=" + Settings.Host + ";Port=" + Settings.Port);
                }
                catch (ArgumentException ex)
                {
                    Console.WriteLine(ex.Message);
                }

                return _connection;
            }

            public static void OnPlayerDied(string player)
            {
                try
                {
                    MySqlCommand command = _connection.CreateCommand();
                    command.CommandText = "UPDATE players SET dead = 1 WHERE name = @name";
                    command.Parameters.AddWithValue("@name", player);
                    command.ExecuteNonQuery();
                }
                catch (MySqlException ex)
                {
                    Console.WriteLine(ex.Message);
                }
            }
        }
        """;

    [Fact]
    public async Task A_snapshot_is_normalised_once_and_an_edited_one_again()
    {
        var project = SnippetProject.Create(new[] { Tracker });
        var first = await NormaliseAsync(project.Solution, project.Id);
        var again = await NormaliseAsync(project.Solution, project.Id);

        Assert.NotNull(first);
        Assert.Same(first!.Value.Project, again!.Value.Project);
        Assert.Same(first.Value.Member, again.Value.Member);

        var edited = project.AddDocument("Backup.cs", "public static class Backup { }").Project.Solution;
        var afterEdit = await NormaliseAsync(edited, project.Id);
        Assert.NotSame(first.Value.Project, afterEdit!.Value.Project);
        Assert.Contains(afterEdit.Value.Project.Documents, d => d.Name == "Backup.cs");
        Assert.DoesNotContain(first.Value.Project.Documents, d => d.Name == "Backup.cs");
    }

    [Fact]
    public async Task The_guard_and_the_factory_plan_on_one_normalised_compilation()
    {
        var project = SnippetProject.Create(new[] { Tracker });
        var member = (await project.GetCompilationAsync())!.GetSymbolsWithName("_connection", SymbolFilter.Member).Single();
        var guard = await GuardPlanner.PlanAsync(project, member, FixMode.Guard, CancellationToken.None);
        var factory = await GuardPlanner.PlanAsync(project, member, FixMode.ConnectionFactory, CancellationToken.None);

        Assert.True(guard.Plans is not null && factory.Plans is not null, $"guard: {guard.Reason}, factory: {factory.Reason}");
        var guardDocument = Assert.Single(guard.Plans!).Document;
        var factoryDocument = Assert.Single(factory.Plans!).Document;
        Assert.Same(guardDocument.Project, factoryDocument.Project);
        Assert.NotSame(project, guardDocument.Project);
        Assert.Contains("private static void CreateConnection()", (await guardDocument.GetTextAsync()).ToString(), StringComparison.Ordinal);
    }

    private static async Task<(Project Project, ISymbol Member)?> NormaliseAsync(Solution solution, ProjectId snippet)
    {
        var project = solution.GetProject(snippet)!;
        var member = (await project.GetCompilationAsync())!.GetSymbolsWithName("_connection", SymbolFilter.Member).Single();
        return await SelfAssigningCreators.NormaliseAsync(project, member, CancellationToken.None);
    }
}
