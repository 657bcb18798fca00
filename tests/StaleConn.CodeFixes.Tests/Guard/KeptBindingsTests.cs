using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Reasons;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// The callers search keeps what each unchanged tree's names bind to across edits that leave every declaration as it
/// was (typing inside a method body), so the first lightbulb after a keystroke binds only the edited tree
/// (docs/benchmarks.md lat32, lat33). What it finds must be what a fresh search finds: a caller added by the edit is
/// found, and a changed declaration elsewhere (an overload) binds the unchanged trees again.
/// </summary>
public class KeptBindingsTests
{
    private const string Store = """
        using MySqlConnector;

        public static partial class Store
        {
            private static MySqlConnection _connection = new MySqlConnection("Server=db");

            public static void Save(object row)
            {
                using var command = _connection.CreateCommand();
                command.CommandText = row.ToString();
                command.ExecuteNonQuery();
            }
        }
        """;

    private const string Job = """
        public static class Job
        {
            public static void Run() => Store.Save(1);
        }
        """;

    private const string Report = """
        public static class Report
        {
            public static void Print()
            {
                System.Console.WriteLine("report");
            }
        }
        """;

    [Fact]
    public async Task A_caller_added_inside_another_body_is_found_and_unchanged_trees_are_not_bound_again()
    {
        var project = SnippetProject.Create(new[] { Store, Job, Report });
        var before = await FindAsync(project);
        Assert.Equal(new[] { "Run", "Save" }, Names(before.Units));

        var report = project.Documents.Single(d => d.Name == "File2.cs");
        var edited = report.WithText(SourceText.From(Report.Replace("System.Console.WriteLine(\"report\");", "Store.Save(\"report\");"))).Project;
        Assert.Equal(DeclarationWorld.Of((await project.GetCompilationAsync())!, CancellationToken.None), DeclarationWorld.Of((await edited.GetCompilationAsync())!, CancellationToken.None));

        var after = await FindAsync(edited);
        Assert.Equal(new[] { "Print", "Run", "Save" }, Names(after.Units));
        Assert.Equal(before.CallSites.Count + 1, after.CallSites.Count);
        var jobTree = (await edited.Documents.Single(d => d.Name == "File1.cs").GetSyntaxTreeAsync())!;
        Assert.True(KeptBindings.ReusedIn(jobTree) > 0, "Job.cs did not change: its call of Save is answered from what was kept.");
    }

    [Fact]
    public async Task A_body_edited_in_the_units_own_file_finds_its_callers_the_same()
    {
        var project = SnippetProject.Create(new[] { Store, Job, Report });
        var before = await FindAsync(project);

        var store = project.Documents.Single(d => d.Name == "File0.cs");
        var edited = store.WithText(SourceText.From(Store.Replace("row.ToString()", "\"insert \" + row"))).Project;
        var after = await FindAsync(edited);

        Assert.Equal(Names(before.Units), Names(after.Units));
        Assert.Equal(new[] { "Run", "Save" }, Names(after.Units));
        var jobTree = (await edited.Documents.Single(d => d.Name == "File1.cs").GetSyntaxTreeAsync())!;
        Assert.True(KeptBindings.ReusedIn(jobTree) > 0, "Save is found again by its id in the edited Store.cs.");
    }

    [Fact]
    public async Task An_overload_declared_elsewhere_binds_the_unchanged_trees_again()
    {
        var project = SnippetProject.Create(new[] { Store, Job, Report });
        var before = await FindAsync(project);
        Assert.Contains("Run", Names(before.Units));

        // Job.cs is unchanged, but `Store.Save(1)` now calls the new Save(int), which is no unit.
        var report = project.Documents.Single(d => d.Name == "File2.cs");
        var edited = report.WithText(SourceText.From(Report + "\npublic static partial class Store { public static void Save(int row) { } }\n")).Project;
        Assert.NotEqual(DeclarationWorld.Of((await project.GetCompilationAsync())!, CancellationToken.None), DeclarationWorld.Of((await edited.GetCompilationAsync())!, CancellationToken.None));

        var after = await FindAsync(edited);
        Assert.Equal(new[] { "Save" }, Names(after.Units));
        Assert.Empty(after.CallSites);
    }

    [Fact]
    public async Task An_extension_unit_is_judged_the_same_before_and_after_a_body_edit_elsewhere()
    {
        // A call of an extension method binds to its reduced form, which finding the declaration again would not give back.
        const string extensions = """
            using MySqlConnector;

            public sealed class Ledger { public MySqlConnection Connection = new MySqlConnection("Server=db"); }

            public static class LedgerWrites
            {
                public static void Save(this Ledger ledger, object row)
                {
                    using var command = ledger.Connection.CreateCommand();
                    command.CommandText = row.ToString();
                    command.ExecuteNonQuery();
                }
            }

            public static class Nightly
            {
                public static void Run(Ledger ledger) => ledger.Save(1);
            }
            """;
        var project = SnippetProject.Create(new[] { extensions, Report });
        var before = await FindAsync(project);

        var report = project.Documents.Single(d => d.Name == "File1.cs");
        var edited = report.WithText(SourceText.From(Report.Replace("\"report\"", "\"nightly\""))).Project;
        var after = await FindAsync(edited);

        Assert.Equal(Names(before.Units), Names(after.Units));
        Assert.Equal(before.CallSites.Count, after.CallSites.Count);
    }

    [Theory]
    [InlineData("System.Console.WriteLine(\"report\");", "System.Console.WriteLine(\"other\"); var x = 1;", true)]
    [InlineData("public static void Print()", "public static void Print(int copies = 1)", false)]
    [InlineData("public static class Report", "public static class Report2", false)]
    [InlineData("public static void Print()\n    {\n        System.Console.WriteLine(\"report\");\n    }", "public static void Print();", false)]
    public async Task The_world_changes_with_a_declaration_not_with_a_body(string find, string replace, bool same)
    {
        var project = SnippetProject.Create(new[] { Store, Job, Report });
        var report = project.Documents.Single(d => d.Name == "File2.cs");
        var text = Report.Replace("\r\n", "\n");
        Assert.Contains(find, text);
        var edited = report.WithText(SourceText.From(text.Replace(find, replace))).Project;

        var before = DeclarationWorld.Of((await project.GetCompilationAsync())!, CancellationToken.None);
        var after = DeclarationWorld.Of((await edited.GetCompilationAsync())!, CancellationToken.None);

        Assert.Equal(same, before.Equals(after));
    }

    [Fact]
    public async Task An_empty_file_added_keeps_the_world_and_a_using_added_does_not()
    {
        var project = SnippetProject.Create(new[] { Store, Job, Report });
        var world = DeclarationWorld.Of((await project.GetCompilationAsync())!, CancellationToken.None);

        var withEmpty = project.AddDocument("Empty.cs", SourceText.From("// nothing yet\n")).Project;
        var withUsing = project.AddDocument("Usings.cs", SourceText.From("global using System.Linq;\n")).Project;

        Assert.Equal(world, DeclarationWorld.Of((await withEmpty.GetCompilationAsync())!, CancellationToken.None));
        Assert.NotEqual(world, DeclarationWorld.Of((await withUsing.GetCompilationAsync())!, CancellationToken.None));
    }

    [Fact]
    public async Task An_equal_world_is_compared_in_full_once_per_tree_not_once_per_name()
    {
        const string jobOfThree = """
            public static class Job
            {
                public static void Run() { Store.Save(1); Store.Save(2); Store.Save(3); }
            }
            """;
        var project = SnippetProject.Create(new[] { Store, jobOfThree, Report });
        await FindAsync(project);

        var report = project.Documents.Single(d => d.Name == "File2.cs");
        var edited = report.WithText(SourceText.From(Report.Replace("\"report\"", "\"other\""))).Project;
        var world = DeclarationWorld.Of((await edited.GetCompilationAsync())!, CancellationToken.None);
        await FindAsync(edited);

        // Job.cs asks for its three calls; the other trees name no Save the search binds.
        Assert.Equal(1, world.ComparedInFull);
    }

    private static string[] Names(IEnumerable<ISymbol> units) => units.Select(u => u.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();

    private static async Task<(IReadOnlyList<ISymbol> Units, IReadOnlyList<SyntaxNode> CallSites)> FindAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        var save = compilation.GetSymbolsWithName("Save", SymbolFilter.Member).Single(s => s is IMethodSymbol { Parameters: [.., { Type.SpecialType: SpecialType.System_Object }] });
        return UnitCallers.Find(project, compilation, new[] { save }, CancellationToken.None);
    }
}
