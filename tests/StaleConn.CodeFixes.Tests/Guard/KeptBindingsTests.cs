using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
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
    /// <summary>A static holder whose one unit of work is <c>Save(object)</c> (NamedNodesTests searches its callers too).</summary>
    internal const string Store = """
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

    [Fact]
    public async Task A_receiver_of_another_type_is_looked_up_once_across_body_edits_elsewhere()
    {
        // `archive.Save` spells the unit but is called on a type without one: the search's pre-filter looks its type up.
        const string archive = """
            public sealed class Archive { public void Save(string row) { } }

            public static class Nightly
            {
                public static void Run(Archive archive) => archive.Save("night");
            }
            """;
        var project = SnippetProject.Create(new[] { Store, Job, Report, archive });
        var before = await FindAsync(project);
        var archiveTree = (await project.Documents.Single(d => d.Name == "File3.cs").GetSyntaxTreeAsync())!;
        var reused = KeptBindings.ReusedIn(archiveTree);

        var report = project.Documents.Single(d => d.Name == "File2.cs");
        var edited = report.WithText(SourceText.From(Report.Replace("\"report\"", "\"other\""))).Project;
        var after = await FindAsync(edited);

        Assert.Equal(new[] { "Run", "Save" }, Names(after.Units));
        Assert.Equal(Names(before.Units), Names(after.Units));
        Assert.DoesNotContain(after.Units, unit => unit.ContainingType.Name == "Nightly");
        Assert.True(KeptBindings.ReusedIn(archiveTree) > reused, "File3.cs did not change: its receiver's type is answered from what was kept.");
    }

    [Theory]
    [InlineData("row.ToString()", "\"insert \" + row", true)]
    [InlineData("public static void Save(object row)", "public static void Save(object row, int tries = 1)", false)]
    public async Task A_referenced_project_changes_the_world_with_a_declaration_not_with_a_body(string find, string replace, bool same)
    {
        var holder = SnippetProject.Create(new[] { Store }, referencingFiles: new[] { Job });
        var consumer = holder.Solution.Projects.Single(p => p.Name == "Consumer");
        var before = await FindInConsumerAsync(consumer);
        Assert.Equal(new[] { "Run", "Save" }, Names(before.Units));
        var jobTree = (await consumer.Documents.Single().GetSyntaxTreeAsync())!;
        var reused = KeptBindings.ReusedIn(jobTree);

        var store = holder.Documents.Single(d => d.Name == "File0.cs");
        Assert.Contains(find, Store);
        var edited = store.WithText(SourceText.From(Store.Replace(find, replace))).Project.Solution.GetProject(consumer.Id)!;
        Assert.Same(jobTree, await edited.Documents.Single().GetSyntaxTreeAsync());

        var worldBefore = DeclarationWorld.Of((await consumer.GetCompilationAsync())!, CancellationToken.None);
        var worldAfter = DeclarationWorld.Of((await edited.GetCompilationAsync())!, CancellationToken.None);
        Assert.Equal(same, worldBefore.Equals(worldAfter));

        var after = await FindInConsumerAsync(edited);
        Assert.Equal(new[] { "Run", "Save" }, Names(after.Units));
        Assert.Equal(same, KeptBindings.ReusedIn(jobTree) > reused);
    }

    [Fact]
    public async Task A_file_reference_read_again_keeps_the_world_and_a_rebuilt_one_does_not()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kept-bindings-{Guid.NewGuid():N}.dll");
        try
        {
            var project = SnippetProject.Create(new[] { Store, Job, Report });
            EmitLibrary(path, "public class Lib { public void A() { } }");
            var first = project.AddMetadataReference(MetadataReference.CreateFromFile(path));
            var readAgain = project.AddMetadataReference(MetadataReference.CreateFromFile(path));
            EmitLibrary(path, "public class Lib { public void A() { } public void B() { } }");
            var rebuilt = project.AddMetadataReference(MetadataReference.CreateFromFile(path));

            var world = DeclarationWorld.Of((await first.GetCompilationAsync())!, CancellationToken.None);
            Assert.Equal(world, DeclarationWorld.Of((await readAgain.GetCompilationAsync())!, CancellationToken.None));
            Assert.NotEqual(world, DeclarationWorld.Of((await rebuilt.GetCompilationAsync())!, CancellationToken.None));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_referenced_projects_old_compilation_is_not_kept_alive_by_the_bindings_kept()
    {
        var (jobTree, current, old) = EditReferencedBodyAfterASearch();

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(old.TryGetTarget(out _), "The bindings kept for Job.cs hold the referenced project's old compilation.");
        GC.KeepAlive(jobTree);
        GC.KeepAlive(current);
    }

    /// <summary>Apart, so that no local of the test holds the old snapshot.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (SyntaxTree JobTree, Compilation Current, WeakReference<Compilation> Old) EditReferencedBodyAfterASearch()
    {
        var holder = SnippetProject.Create(new[] { Store }, referencingFiles: new[] { Job });
        var consumer = holder.Solution.Projects.Single(p => p.Name == "Consumer");
        FindInConsumerAsync(consumer).GetAwaiter().GetResult();
        var old = new WeakReference<Compilation>(holder.GetCompilationAsync().GetAwaiter().GetResult()!);

        var store = holder.Documents.Single(d => d.Name == "File0.cs");
        var edited = store.WithText(SourceText.From(Store.Replace("row.ToString()", "\"insert \" + row"))).Project.Solution.GetProject(consumer.Id)!;
        FindInConsumerAsync(edited).GetAwaiter().GetResult();
        return (edited.Documents.Single().GetSyntaxTreeAsync().GetAwaiter().GetResult()!, edited.GetCompilationAsync().GetAwaiter().GetResult()!, old);
    }

    [Fact]
    public void Options_whose_provider_keys_each_tree_keep_the_world_across_a_body_edit()
    {
        var (world, edited, _) = WorldsBeforeAndAfterABodyEditUnderATreeKeyedProvider();

        Assert.Equal(world, edited);
    }

    [Fact]
    public void A_world_does_not_keep_the_trees_its_options_provider_keys()
    {
        var (world, _, oldTree) = WorldsBeforeAndAfterABodyEditUnderATreeKeyedProvider();

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(oldTree.TryGetTarget(out _), "The world holds the options' provider, and the provider the compilation's trees.");
        GC.KeepAlive(world);
    }

    /// <summary>
    /// Compilations as the command-line compiler builds them: options whose per-tree provider is a new instance per
    /// compilation and keys each tree (Roslyn's <c>CompilerSyntaxTreeOptionsProvider</c>). Apart, so no local holds the old tree.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (DeclarationWorld Before, DeclarationWorld After, WeakReference<SyntaxTree> OldTree) WorldsBeforeAndAfterABodyEditUnderATreeKeyedProvider()
    {
        var trees = new[] { Store, Job, Report }.Select(text => CSharpSyntaxTree.ParseText(text)).ToArray();
        var compilation = CSharpCompilation.Create("Snippet", trees, new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) },
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        compilation = compilation.WithOptions(compilation.Options.WithSyntaxTreeOptionsProvider(new TreeKeyedOptions(compilation.SyntaxTrees)));
        var before = DeclarationWorld.Of(compilation, CancellationToken.None);

        var edited = compilation.ReplaceSyntaxTree(trees[2], CSharpSyntaxTree.ParseText(Report.Replace("\"report\"", "\"other\"")));
        edited = edited.WithOptions(edited.Options.WithSyntaxTreeOptionsProvider(new TreeKeyedOptions(edited.SyntaxTrees)));
        return (before, DeclarationWorld.Of(edited, CancellationToken.None), new WeakReference<SyntaxTree>(trees[2]));
    }

    /// <summary>Per-tree options kept by tree, compared by instance, as the compiler's own provider.</summary>
    private sealed class TreeKeyedOptions : SyntaxTreeOptionsProvider
    {
        private readonly Dictionary<SyntaxTree, GeneratedKind> _generated;

        public TreeKeyedOptions(IEnumerable<SyntaxTree> trees) => _generated = trees.ToDictionary(tree => tree, _ => GeneratedKind.NotGenerated);

        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) =>
            _generated.TryGetValue(tree, out var kind) ? kind : GeneratedKind.Unknown;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = ReportDiagnostic.Default;
            return false;
        }

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = ReportDiagnostic.Default;
            return false;
        }
    }

    private static void EmitLibrary(string path, string source)
    {
        var compilation = CSharpCompilation.Create("Lib", new[] { CSharpSyntaxTree.ParseText(source) },
            new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) }, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var file = File.Create(path);
        Assert.True(compilation.Emit(file).Success);
    }

    private static async Task<(IReadOnlyList<ISymbol> Units, IReadOnlyList<SyntaxNode> CallSites)> FindInConsumerAsync(Project consumer)
    {
        var compilation = (await consumer.GetCompilationAsync())!;
        var save = compilation.GetTypeByMetadataName("Store")!.GetMembers("Save").Single();
        return UnitCallers.Find(consumer, compilation, new[] { save }, CancellationToken.None);
    }

    private static string[] Names(IEnumerable<ISymbol> units) => units.Select(u => u.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();

    private static async Task<(IReadOnlyList<ISymbol> Units, IReadOnlyList<SyntaxNode> CallSites)> FindAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        var save = compilation.GetSymbolsWithName("Save", SymbolFilter.Member).Single(s => s is IMethodSymbol { Parameters: [.., { Type.SpecialType: SpecialType.System_Object }] });
        return UnitCallers.Find(project, compilation, new[] { save }, CancellationToken.None);
    }
}
