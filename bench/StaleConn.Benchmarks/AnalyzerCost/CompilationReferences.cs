using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using MySqlConnector;

namespace StaleConn.Benchmarks.AnalyzerCost;

/// <summary>
/// What the generated solution compiles against: the .NET and ASP.NET Core reference packs of the installed SDK
/// (as a web service project would) and MySqlConnector from the benchmark's own references.
/// </summary>
public static class CompilationReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> All = new(Load);

    private static readonly Lazy<ImmutableArray<MetadataReference>> RealCode = new(() => All.Value.AddRange(
        StaleConn.Testing.References.SnippetReferencePaths.Resolved
            .Where(path => !path.Replace('\\', '/').Contains("/packs/", StringComparison.Ordinal))
            .Where(path => !All.Value.OfType<PortableExecutableReference>().Any(known => Path.GetFileName(known.FilePath) == Path.GetFileName(path)))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))));

    /// <summary>The references, loaded once per process.</summary>
    public static ImmutableArray<MetadataReference> Get() => All.Value;

    /// <summary>
    /// Real repositories: the same packs, plus the providers and libraries their code most often uses (MySql.Data,
    /// Npgsql, SqlClient, Sqlite, Dapper, the hosting and DI abstractions: the tests' snippet references). Anything else a
    /// repository uses stays unresolved, as it would in an editor before restore.
    /// </summary>
    public static ImmutableArray<MetadataReference> ForRealCode() => RealCode.Value;

    private static ImmutableArray<MetadataReference> Load()
    {
        var paths = new List<string>();
        paths.AddRange(ReferencePack("Microsoft.NETCore.App.Ref"));
        paths.AddRange(ReferencePack("Microsoft.AspNetCore.App.Ref"));
        paths.Add(typeof(MySqlConnection).Assembly.Location);
        return paths.Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToImmutableArray();
    }

    private static IEnumerable<string> ReferencePack(string packName)
    {
        // The running runtime lives in <dotnet>/shared/Microsoft.NETCore.App/<version>/; packs are in <dotnet>/packs.
        var dotnetRoot = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var packRoot = Path.Combine(dotnetRoot, "packs", packName);
        var tfm = $"net{Environment.Version.Major}.0";
        var refDirectory = Directory.Exists(packRoot)
            ? Directory.GetDirectories(packRoot)
                .Where(version => Directory.Exists(Path.Combine(version, "ref", tfm)))
                .OrderByDescending(version => Version.TryParse(Path.GetFileName(version), out var parsed) ? parsed : new Version(0, 0))
                .Select(version => Path.Combine(version, "ref", tfm))
                .FirstOrDefault()
            : null;
        if (refDirectory is null)
        {
            throw new DirectoryNotFoundException(
                $"The {packName} reference pack for {tfm} was not found under {packRoot}; install the .NET SDK (it ships the packs).");
        }

        return Directory.GetFiles(refDirectory, "*.dll");
    }
}
