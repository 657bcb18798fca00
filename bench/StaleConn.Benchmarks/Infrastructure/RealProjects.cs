using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace StaleConn.Benchmarks.Infrastructure;

/// <summary>
/// A folder of real code compiled the way its project files say (<c>--per-project</c>): each C# file belongs to the
/// project file of its nearest folder (the SDK's default globbing), projects reference each other as their
/// <c>ProjectReference</c>s say, and files under no project file form one project of their own. Compiling a repository
/// of several projects as one compilation mixes their types (two <c>Program</c> classes, a class compiled twice) and
/// lets a fix see callers that its project cannot.
/// </summary>
internal static partial class RealProjects
{
    /// <summary>The folder's projects in one solution, or an empty solution when the folder has no C# file.</summary>
    public static Solution Load(string folder, ImmutableArray<MetadataReference> references)
    {
        var sources = RealSources.Files(folder, withImplicitUsings: false);
        var projectFiles = Directory.EnumerateFiles(folder, "*.csproj", SearchOption.AllDirectories)
            .Where(path => !RealSources.IsExcluded(folder, path))
            .Select(Path.GetFullPath)
            .Order(StringComparer.Ordinal)
            .ToList();

        // One project per folder: a second project file beside the first (a framework variant) compiles the same files.
        var owners = projectFiles.GroupBy(p => Path.GetDirectoryName(p)!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var filesOf = sources.GroupBy(f => OwningProject(f.Path, folder, owners)).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        var repositoryNullable = Directory.EnumerateFiles(folder, "Directory.Build.props", SearchOption.AllDirectories).Any(p => NullableOn().IsMatch(File.ReadAllText(p)));
        var workspace = new AdhocWorkspace();
        var solution = workspace.CurrentSolution;
        var ids = new Dictionary<string, ProjectId>(StringComparer.OrdinalIgnoreCase);
        foreach (var (projectFile, files) in filesOf.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var id = ProjectId.CreateNewId();
            ids[projectFile] = id;
            var projectText = projectFile.Length == 0 ? string.Empty : File.ReadAllText(projectFile);
            var name = projectFile.Length == 0 ? "(no project file)" : Path.GetFileNameWithoutExtension(projectFile);
            solution = solution.AddProject(ProjectInfo.Create(
                id,
                VersionStamp.Default,
                name,
                name,
                LanguageNames.CSharp,
                filePath: projectFile.Length == 0 ? null : projectFile,
                compilationOptions: new CSharpCompilationOptions(
                    OutputKind.DynamicallyLinkedLibrary,
                    nullableContextOptions: repositoryNullable || NullableOn().IsMatch(projectText) ? NullableContextOptions.Enable : NullableContextOptions.Disable),
                parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
                metadataReferences: references));
            var implicitUsings = projectFile.Length == 0 ? [] : RealCodeImplicitUsings.ForProject(projectFile);
            foreach (var (path, text) in files.Concat(implicitUsings))
            {
                solution = solution.AddDocument(DocumentId.CreateNewId(id), Path.GetFileName(path), SourceText.From(text), filePath: path);
            }
        }

        foreach (var (projectFile, id) in ids.Where(p => p.Key.Length > 0))
        {
            foreach (var referenced in ReferencedProjects(projectFile))
            {
                // A reference to a project with no C# file here, or one that would close a cycle, is left out.
                if (ids.TryGetValue(referenced, out var target) && target != id
                    && !solution.GetProjectDependencyGraph().GetProjectsThatThisProjectTransitivelyDependsOn(target).Contains(id))
                {
                    solution = solution.AddProjectReference(id, new ProjectReference(target));
                }
            }
        }

        return solution;
    }

    /// <summary>The project file of the nearest folder above <paramref name="path"/> that has one; empty when none.</summary>
    private static string OwningProject(string path, string folder, Dictionary<string, string> owners)
    {
        var root = Path.GetFullPath(folder);
        for (var directory = Path.GetDirectoryName(Path.GetFullPath(path)); directory is not null && directory.Length >= root.Length; directory = Path.GetDirectoryName(directory))
        {
            if (owners.TryGetValue(directory, out var project))
            {
                return project;
            }
        }

        return string.Empty;
    }

    /// <summary>The full paths of the project files <paramref name="projectFile"/> references.</summary>
    private static IEnumerable<string> ReferencedProjects(string projectFile)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(projectFile))!;
        foreach (Match match in ProjectReference().Matches(File.ReadAllText(projectFile)))
        {
            var relative = match.Groups[1].Value.Replace('\\', Path.DirectorySeparatorChar);
            yield return Path.GetFullPath(Path.Combine(directory, relative));
        }
    }

    [GeneratedRegex(@"<ProjectReference\s+Include\s*=\s*""([^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex ProjectReference();

    // The project's own setting, or a Directory.Build.props of the repository (read once per folder).
    [GeneratedRegex(@"<Nullable>\s*enable\s*</Nullable>", RegexOptions.IgnoreCase)]
    private static partial Regex NullableOn();
}
