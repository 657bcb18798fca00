using Microsoft.CodeAnalysis;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Reasons;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// The callers of a plan's units of work are searched once per compilation and set of units: the guard, data-source
/// and factory plans of one lightbulb share the search (UhuruSoftware/vcap-dotnet's Node searched them once per plan,
/// docs/benchmarks.md lat28 and lat29). An edited project is a new compilation, searched again with its edit.
/// </summary>
public class UnitCallersMemoTests
{
    private const string Store = """
        using MySqlConnector;

        public static class Store
        {
            private static MySqlConnection _connection = new MySqlConnection("Server=db");

            public static void Save(string row)
            {
                using var command = _connection.CreateCommand();
                command.CommandText = row;
                command.ExecuteNonQuery();
            }

            public static void SaveAll(string[] rows)
            {
                foreach (var row in rows)
                    Save(row);
            }
        }
        """;

    private const string Job = """
        public static class Job
        {
            public static void Run() => Store.SaveAll(new[] { "x" });
        }
        """;

    [Fact]
    public async Task One_compilation_is_searched_once_and_an_edited_one_again()
    {
        var project = SnippetProject.Create(new[] { Store });
        var first = await FindAsync(project);
        var again = await FindAsync(project);

        Assert.Same(first.CallSites, again.CallSites);
        Assert.Equal(new[] { "Save", "SaveAll" }, first.Units.Select(u => u.Name).OrderBy(n => n, StringComparer.Ordinal));

        var edited = project.AddDocument("Job.cs", Job).Project;
        var afterEdit = await FindAsync(edited);
        Assert.NotSame(first.CallSites, afterEdit.CallSites);
        Assert.Equal(new[] { "Run", "Save", "SaveAll" }, afterEdit.Units.Select(u => u.Name).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(first.CallSites.Count + 1, afterEdit.CallSites.Count);
    }

    [Fact]
    public async Task Another_set_of_units_is_searched_for_itself()
    {
        var project = SnippetProject.Create(new[] { Store, Job });
        var compilation = (await project.GetCompilationAsync())!;
        var saveAll = compilation.GetSymbolsWithName("SaveAll", SymbolFilter.Member).Single();
        var run = compilation.GetSymbolsWithName("Run", SymbolFilter.Member).Single(s => s.ContainingType.Name == "Job"); // not the WinForms stand-in's Application.Run

        var fromSaveAll = UnitCallers.Find(project, compilation, new[] { saveAll }, CancellationToken.None);
        var fromRun = UnitCallers.Find(project, compilation, new[] { run }, CancellationToken.None);

        Assert.Equal(new[] { "Run", "SaveAll" }, fromSaveAll.Units.Select(u => u.Name).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal("Run", Assert.Single(fromRun.Units).Name);
        Assert.Empty(fromRun.CallSites);
    }

    private static async Task<(IReadOnlyList<ISymbol> Units, IReadOnlyList<SyntaxNode> CallSites)> FindAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        var save = compilation.GetSymbolsWithName("Save", SymbolFilter.Member).Single();
        return UnitCallers.Find(project, compilation, new[] { save }, CancellationToken.None);
    }
}
