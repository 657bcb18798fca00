using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Corpus;

namespace StaleConn.CodeFixes.Tests.Reasons;

/// <summary>
/// A project of C# snippets compiled as users have them: .NET 8 with the providers, StaleConn.Runtime and the framework
/// stand-ins, nullable enabled from C# 8 on; optionally a second project that references it.
/// </summary>
internal static class SnippetProject
{
    /// <summary>The one SC0001/SC0002 finding of a snippet that compiles, with the fix's targets for it.</summary>
    public static async Task<(Project Project, List<GuardTarget> Targets)> HolderFindingAsync(
        string source, LanguageVersion languageVersion = LanguageVersion.Latest, IReadOnlyList<string>? referencingFiles = null)
    {
        var project = Create(new[] { source }, languageVersion, referencingFiles);
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var finding = Assert.Single(await HolderShapeCorpusTests.FindingsAsync(project, compilation), f => f.Id is "SC0001" or "SC0002");
        var document = project.GetDocument(finding.Location.SourceTree)!;
        var targets = (await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(document, finding, CancellationToken.None)).ToList();
        Assert.NotEmpty(targets);
        return (project, targets);
    }

    /// <summary>Asserts that the guard, the data source and the factory each decline the snippet's one finding with exactly <paramref name="reason"/>.</summary>
    public static async Task AssertEveryFixDeclinesAsync(string shape, string source, NoFixReason reason)
    {
        var (project, targets) = await HolderFindingAsync(source);
        foreach (var mode in new[] { FixMode.Guard, FixMode.DataSource, FixMode.ConnectionFactory })
        {
            var (_, notFixed) = await ConnectionGuardFix.GuardEachAsync(project.Solution, targets, mode, CancellationToken.None);
            Assert.True(notFixed.Select(n => n.Reason).SequenceEqual(new[] { reason }), $"{shape} {mode}: {string.Join(", ", notFixed.Select(n => n.Reason))}");
        }
    }

    /// <param name="files">The holder project's sources.</param>
    /// <param name="languageVersion">Both projects' language version.</param>
    /// <param name="referencingFiles">The sources of a second project that references the first.</param>
    /// <param name="referencingSeesRuntime">Whether the second project references StaleConn.Runtime too.</param>
    public static Project Create(IReadOnlyList<string> files, LanguageVersion languageVersion = LanguageVersion.Latest, IReadOnlyList<string>? referencingFiles = null, bool referencingSeesRuntime = true)
    {
        var references = HolderShapeCorpusTests.ReferencesAsync().GetAwaiter().GetResult();
        var parseOptions = new CSharpParseOptions(languageVersion);
        var compilationOptions = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: languageVersion >= LanguageVersion.CSharp8 ? NullableContextOptions.Enable : NullableContextOptions.Disable);
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "Holder", "Holder", LanguageNames.CSharp,
            compilationOptions: compilationOptions, parseOptions: parseOptions, metadataReferences: references));
        var sources = files.Append(FrameworkStandIns.Source).ToArray();
        for (var i = 0; i < sources.Length; i++)
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), $"File{i}.cs", SourceText.From(sources[i]), filePath: $"/0/File{i}.cs");
        }

        if (referencingFiles is { Count: > 0 })
        {
            var otherId = ProjectId.CreateNewId();
            solution = solution.AddProject(ProjectInfo.Create(otherId, VersionStamp.Default, "Consumer", "Consumer", LanguageNames.CSharp,
                compilationOptions: compilationOptions, parseOptions: parseOptions,
                metadataReferences: referencingSeesRuntime ? references : references.Where(r => !(r.Display ?? "").Contains("StaleConn.Runtime")).ToList(),
                projectReferences: new[] { new ProjectReference(projectId) }));
            for (var i = 0; i < referencingFiles.Count; i++)
            {
                solution = solution.AddDocument(DocumentId.CreateNewId(otherId), $"Other{i}.cs", SourceText.From(referencingFiles[i]), filePath: $"/1/Other{i}.cs");
            }
        }

        return solution.GetProject(projectId)!;
    }

    /// <summary>Compiler errors and warnings (what <c>-warnaserror</c> fails on), by id and message.</summary>
    public static HashSet<string> CompilerProblems(Compilation compilation) =>
        new(compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && !d.IsSuppressed)
            .Select(d => d.Id + " " + d.GetMessage()));

    /// <summary>docs/code-fixes.md, which names every no-fix reason and concurrent path.</summary>
    public static string CodeFixesDocs()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "StaleConn.Analyzers.sln")))
            {
                return File.ReadAllText(Path.Combine(directory.FullName, "docs", "code-fixes.md"));
            }
        }

        throw new DirectoryNotFoundException("StaleConn.Analyzers.sln not found above " + AppContext.BaseDirectory);
    }
}
