using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Reasons;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// The simple names of a tree are read by one walk while the tree lives: the callers search on the compilation after an
/// edit elsewhere finds what it found before without walking the unchanged trees again (docs/benchmarks.md stop 36).
/// </summary>
public class NamedNodesTests
{
    private const string Job = """
        public static class Job
        {
            public static void Run() => Store.Save(1);

            public static void Nightly()
            {
                Run();
                Store.Save("nightly");
            }
        }
        """;

    [Fact]
    public async Task The_callers_search_after_an_edit_elsewhere_walks_no_unchanged_tree_again()
    {
        var project = SnippetProject.Create(new[] { KeptBindingsTests.Store, Job });
        var before = await FindAsync(project);
        var jobTree = (await project.Documents.Single(d => d.Name == "File1.cs").GetSyntaxTreeAsync())!;
        Assert.Equal(1, NamedNodes.WalksOf(jobTree));

        var edited = project.AddDocument("Elsewhere.cs", SourceText.From("public static class Elsewhere { }")).Project;
        var after = await FindAsync(edited);

        Assert.NotSame((await project.GetCompilationAsync())!, (await edited.GetCompilationAsync())!);
        Assert.Equal(1, NamedNodes.WalksOf(jobTree));
        Assert.Equal(Describe(before.CallSites), Describe(after.CallSites));
        Assert.Equal(new[] { "Nightly", "Run", "Save" }, before.Units.Select(u => u.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Names_spelling_any_of_several_come_in_the_order_a_walk_meets_them()
    {
        var tree = CSharpSyntaxTree.ParseText("""
            class C
            {
                void M(Run<Save> run) { Save(Run.Save(run), Run<Save>.Save); }
            }
            """);
        var walked = Describe(tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>()
            .Where(n => n.Identifier.ValueText is "Run" or "Save"));

        Assert.Equal(8, walked.Length);
        Assert.Equal(walked, Describe(NamedNodes.SpellingAny(tree, new[] { "Save", "Run", "Save" }, CancellationToken.None)));
        Assert.Equal(walked.Where(n => n.EndsWith(" Save", StringComparison.Ordinal)), Describe(NamedNodes.Spelling(tree, "Save", CancellationToken.None)));
    }

    private static string[] Describe(IEnumerable<SyntaxNode> nodes) =>
        nodes.Select(n => n.SyntaxTree.FilePath + ":" + n.SpanStart + " " + n).ToArray();

    private static async Task<(IReadOnlyList<ISymbol> Units, IReadOnlyList<SyntaxNode> CallSites)> FindAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        var save = compilation.GetSymbolsWithName("Save", SymbolFilter.Member).Single();
        return UnitCallers.Find(project, compilation, new[] { save }, CancellationToken.None);
    }
}
