using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Corpus;
using StaleConn.CodeFixes.Tests.Guard;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// A holder class compiled twice in one project — an older copy at the root and the project's own in its folder, or a
/// <c>"- Copy.cs"</c> beside the original — as a folder of a repository compiles when each of its files is taken: Roslyn
/// merges the copies into one type, so every reference to the member binds to neither. Each copy's fix is planned as
/// the build that compiles that copy sees it, edits only the callers in its own folder, and leaves the other copy and its
/// callers as they were; Fix All fixes both.
/// </summary>
public class DeclaredCopiesFixTests
{
    /// <summary>
    /// thothang/CNPM_CK@743790485dd6: ConnectionSingleton.cs (the root's copy) and WindowsFormsApp1/ConnectionSingleton.cs
    /// (the project's own, same namespace and class: CS0101), each with a form model that builds its command on
    /// <c>GetConnection()</c> — in minimal form (one caller per folder, the password left out).
    /// </summary>
    private static readonly (string Path, string Text)[] RootAndProjectCopies =
    {
        ("/repo/ConnectionSingleton.cs", Holder("MSI\\\\SQLEXPRESS")),
        ("/repo/QuanLyDanhMucModel.cs", Caller("QuanLyDanhMucModel", "DanhMuc")),
        ("/repo/WindowsFormsApp1/ConnectionSingleton.cs", Holder("MSI\\\\SQLEXPRESS")),
        ("/repo/WindowsFormsApp1/QuanLySanPhamModel.cs", Caller("QuanLySanPhamModel", "SanPham")),
    };

    /// <summary>The same holder as a Windows Explorer copy beside the original (<c>"ConnectionSingleton - Copy.cs"</c>).</summary>
    private static readonly (string Path, string Text)[] CopyBesideOriginal =
    {
        ("/repo/ConnectionSingleton.cs", Holder("MSI\\\\SQLEXPRESS")),
        ("/repo/ConnectionSingleton - Copy.cs", Holder("localhost")),
        ("/repo/QuanLySanPhamModel.cs", Caller("QuanLySanPhamModel", "SanPham")),
    };

    [Theory]
    [InlineData("/repo/ConnectionSingleton.cs", "/repo/QuanLyDanhMucModel.cs", "/repo/WindowsFormsApp1/")]
    [InlineData("/repo/WindowsFormsApp1/ConnectionSingleton.cs", "/repo/WindowsFormsApp1/QuanLySanPhamModel.cs", "/repo/ConnectionSingleton.cs")]
    public async Task Each_copy_is_fixed_with_the_callers_of_its_own_folder(string copyFile, string ownCaller, string otherCopy)
    {
        var project = CreateProject(RootAndProjectCopies);
        var (changed, action) = await FirstFixAsync(project, copyFile);

        var changedFiles = ChangedFiles(project, changed);
        Assert.Equal(new[] { copyFile, ownCaller }.OrderBy(f => f), changedFiles.OrderBy(f => f));
        Assert.DoesNotContain(changedFiles, f => f.StartsWith(otherCopy, StringComparison.Ordinal));
        var holder = await TextAsync(changed, copyFile);
        Assert.DoesNotContain("static SqlConnection conn;", holder);
        Assert.Contains("new SqlConnection(builder.ConnectionString)", holder);
        Assert.Contains("using (", await TextAsync(changed, ownCaller));
        Assert.Empty(await AddedProblemsAsync(project, changed));
        Assert.DoesNotContain(await FindingFilesAsync(changed), f => f == copyFile);
        Assert.Equal("Open a pooled connection per use", action);
    }

    [Fact]
    public async Task Fix_all_fixes_both_copies_and_adds_no_compiler_problem()
    {
        var project = CreateProject(RootAndProjectCopies);
        var targets = await TargetsAsync(project);
        Assert.Equal(2, targets.Count);

        var (fixedSolution, notFixed) = await ConnectionGuardFix.GuardEachAsync(project.Solution, targets, FixMode.ConnectionFactory, CancellationToken.None);

        Assert.Empty(notFixed);
        var changed = fixedSolution.GetProject(project.Id)!;
        foreach (var copy in new[] { "/repo/ConnectionSingleton.cs", "/repo/WindowsFormsApp1/ConnectionSingleton.cs" })
        {
            Assert.DoesNotContain("static SqlConnection conn;", await TextAsync(changed, copy));
        }

        Assert.Empty(await AddedProblemsAsync(project, changed));
        Assert.Empty(await FindingFilesAsync(changed));
    }

    [Theory]
    [InlineData("/repo/ConnectionSingleton.cs", "/repo/ConnectionSingleton - Copy.cs")]
    [InlineData("/repo/ConnectionSingleton - Copy.cs", "/repo/ConnectionSingleton.cs")]
    public async Task A_copy_beside_the_original_is_fixed_and_the_original_left_as_it_was(string copyFile, string otherCopy)
    {
        var project = CreateProject(CopyBesideOriginal);
        var (changed, _) = await FirstFixAsync(project, copyFile);

        Assert.DoesNotContain("static SqlConnection conn;", await TextAsync(changed, copyFile));
        Assert.Equal(await TextAsync(project, otherCopy), await TextAsync(changed, otherCopy));
        Assert.Empty(await AddedProblemsAsync(project, changed));
        Assert.DoesNotContain(await FindingFilesAsync(changed), f => f == copyFile);
    }

    /// <summary>Two copies of the class in one file: nothing tells their callers apart, so neither is fixed.</summary>
    [Fact]
    public async Task Copies_in_one_file_are_declined_as_ambiguous()
    {
        var project = CreateProject(new[]
        {
            ("/repo/ConnectionSingleton.cs", Holder("MSI\\\\SQLEXPRESS") + "\n" + Holder("localhost")),
            ("/repo/QuanLySanPhamModel.cs", Caller("QuanLySanPhamModel", "SanPham")),
        });
        var targets = await TargetsAsync(project);

        var (_, notFixed) = await ConnectionGuardFix.GuardEachAsync(project.Solution, targets, FixMode.ConnectionFactory, CancellationToken.None);

        // Both fields have one ID and one file: one target, which names neither copy.
        Assert.Single(targets);
        Assert.Equal(NoFixReason.AmbiguousReference, Assert.Single(notFixed).Reason);
    }

    private static string Holder(string server) => $$"""
        using System.Data.SqlClient;

        namespace WindowsFormsApp1
        {
            public static class ConnectionSingleton
            {
                static SqlConnection conn;
                public static SqlConnection GetConnection()
                {
                    if (conn == null)
                    {
                        SqlConnectionStringBuilder builder = new SqlConnectionStringBuilder();
                        builder["Data Source"] = "{{server}}";
                        builder["integrated Security"] = true;
                        builder["Initial Catalog"] = "CNPM_CK";
                        conn = new SqlConnection(builder.ConnectionString);
                        conn.Open();
                        return conn;
                    }
                    else
                        return conn;
                }
            }
        }
        """;

    private static string Caller(string type, string table) => $$"""
        using System.Data.SqlClient;

        namespace WindowsFormsApp1
        {
            public class {{type}}
            {
                public int Count()
                {
                    SqlCommand cmd = new SqlCommand("SELECT COUNT(*) FROM {{table}}", ConnectionSingleton.GetConnection());
                    return (int)cmd.ExecuteScalar();
                }
            }
        }
        """;

    private static Project CreateProject(IEnumerable<(string Path, string Text)> files)
    {
        var references = HolderShapeCorpusTests.ReferencesAsync().Result;
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Default,
            "Copies",
            "Copies",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary),
            parseOptions: new CSharpParseOptions(LanguageVersion.CSharp7_3),
            metadataReferences: references));
        foreach (var (path, text) in files)
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), Path.GetFileName(path), SourceText.From(text), filePath: path);
        }

        return solution.GetProject(projectId)!;
    }

    private static async Task<Diagnostic> FindingInAsync(Project project, string file)
    {
        var compilation = (await project.GetCompilationAsync())!;
        var findings = await HolderShapeCorpusTests.FindingsAsync(project, compilation);
        return Assert.Single(findings, f => f.Location.SourceTree!.FilePath == file);
    }

    private static async Task<(Project Changed, string Action)> FirstFixAsync(Project project, string file)
    {
        var finding = await FindingInAsync(project, file);
        var document = project.GetDocument(finding.Location.SourceTree)!;
        var actions = new List<CodeAction>();
        foreach (var fixer in AnalyzerCorpusTests.Fixers.Where(f => f.FixableDiagnosticIds.Contains(finding.Id)))
        {
            await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, finding, (action, _) => actions.Add(action), CancellationToken.None));
        }

        Assert.NotEmpty(actions);
        var operation = (await actions[0].GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single();
        return (operation.ChangedSolution.GetProject(project.Id)!, actions[0].Title);
    }

    private static async Task<List<GuardTarget>> TargetsAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        var targets = new List<GuardTarget>();
        foreach (var finding in await HolderShapeCorpusTests.FindingsAsync(project, compilation))
        {
            targets.AddRange(await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(project.GetDocument(finding.Location.SourceTree)!, finding, CancellationToken.None));
        }

        return targets.Distinct().ToList();
    }

    private static IReadOnlyList<string> ChangedFiles(Project before, Project after) =>
        after.Documents.Where(d => before.GetDocument(d.Id) is not { } old || old.GetTextAsync().Result.ToString() != d.GetTextAsync().Result.ToString())
            .Select(d => d.FilePath!).ToList();

    private static async Task<string> TextAsync(Project project, string file) =>
        (await project.Documents.Single(d => d.FilePath == file).GetTextAsync()).ToString();

    private static async Task<IReadOnlyList<string>> FindingFilesAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        return (await HolderShapeCorpusTests.FindingsAsync(project, compilation)).Select(f => f.Location.SourceTree!.FilePath).ToList();
    }

    /// <summary>Errors and warnings the fix added, counted per file and id (the copies' CS0101/CS0229 are there before).</summary>
    private static async Task<IReadOnlyList<string>> AddedProblemsAsync(Project before, Project after)
    {
        static async Task<ILookup<string, int>> CountsAsync(Project project) =>
            (await project.GetCompilationAsync())!.GetDiagnostics()
                .Where(d => d.Severity >= DiagnosticSeverity.Warning && !d.IsSuppressed && d.Location.IsInSource)
                .GroupBy(d => d.Location.SourceTree?.FilePath + " " + d.Id)
                .ToLookup(g => g.Key, g => g.Count());

        var old = await CountsAsync(before);
        var now = await CountsAsync(after);
        return now.Where(g => g.Single() > old[g.Key].DefaultIfEmpty(0).Single()).Select(g => g.Key + " ×" + g.Single()).ToList();
    }
}
