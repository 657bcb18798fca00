using Microsoft.CodeAnalysis;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Tests.Reasons;

namespace StaleConn.CodeFixes.Tests.FirstFix;

/// <summary>
/// The fix's "adds compiler diagnostics" check (<see cref="ConnectionGuardFix.AddsDiagnosticsAsync"/>) on a file built
/// without one of its references, as most repositories are measured: a type of the missing assembly spelled in one more
/// place is the same missing name, not a new error (UnrealMultiple/TShockPlugin src/EssentialsPlus/EssentialsPlus.cs: the
/// plugin derives from <c>LazyPlugin</c>, whose base <c>TerrariaPlugin</c> the bench does not bind, and the library
/// factory's <c>System.Func&lt;IDbConnection&gt;</c> looked up through it added one more CS0246 'TerrariaPlugin', so the
/// applied fix changed nothing). A missing name the file did not miss, or one more error of any other kind, still counts.
/// </summary>
public class UnresolvedNameCheckTests
{
    /// <summary>The plugin shape of UnrealMultiple/TShockPlugin src/EssentialsPlus/EssentialsPlus.cs, its host's types unbound.</summary>
    private const string Plugin = """
        using System.Data;

        public class EssentialsPlus : TerrariaPlugin
        {
            public static IDbConnection Db { get; private set; }

            public EssentialsPlus(Main game) : base(game) { }
        }
        """;

    [Fact]
    public Task A_missing_type_spelled_once_more_adds_nothing() =>
        AssertAddsAsync(Plugin.Replace("public static IDbConnection Db", "public static TerrariaPlugin Owner { get; set; }\n    public static IDbConnection Db"), adds: false);

    [Fact]
    public Task A_type_the_file_did_not_miss_before_is_added() =>
        AssertAddsAsync(Plugin.Replace("public static IDbConnection Db", "public static ServerApi Hooks { get; set; }\n    public static IDbConnection Db"), adds: true);

    [Fact]
    public Task A_missing_namespace_member_the_file_did_not_miss_is_added() =>
        AssertAddsAsync(Plugin.Replace("public static IDbConnection Db", "public static System.Data.Sqlite.SqliteConnection Sqlite { get; set; }\n    public static IDbConnection Db"), adds: true);

    [Fact]
    public Task An_unresolved_name_of_another_kind_is_added_even_when_spelled_before() =>
        AssertAddsAsync(
            Plugin.Replace("public EssentialsPlus(Main game)", "public static string Text() => ConnectionStr;\n    public EssentialsPlus(Main game)"),
            Plugin.Replace("public EssentialsPlus(Main game)", "public static string Text() => ConnectionStr;\n    public static string Again() => ConnectionStr;\n    public EssentialsPlus(Main game)"),
            adds: true);

    [Fact]
    public Task A_warning_added_beside_the_missing_types_is_added() =>
        AssertAddsAsync(Plugin.Replace("public EssentialsPlus(Main game)", "public static void Wait() { int unused; }\n    public EssentialsPlus(Main game)"), adds: true);

    private static Task AssertAddsAsync(string rewritten, bool adds) => AssertAddsAsync(Plugin, rewritten, adds);

    private static async Task AssertAddsAsync(string original, string rewritten, bool adds)
    {
        var project = SnippetProject.Create(new[] { original });
        var document = project.Documents.First(d => d.Name == "File0.cs");
        var before = project.Solution;
        var after = document.WithText(Microsoft.CodeAnalysis.Text.SourceText.From(rewritten)).Project.Solution;
        Assert.Contains((await document.GetSemanticModelAsync())!.GetDiagnostics(), d => d.Id == "CS0246");

        Assert.Equal(adds, await ConnectionGuardFix.AddsDiagnosticsAsync(before, after, new[] { document.Id }, CancellationToken.None));
        Assert.Equal(adds, await NeighbourhoodCheck.AddsDiagnosticsAsync(before, after, new[] { document.Id }, CancellationToken.None));
    }
}
