using System.Collections.Immutable;

namespace StaleConn.Benchmarks.Infrastructure;

/// <summary>A folder of real C# code given with <c>--sources DIR</c>: its files, without build output.</summary>
internal static class RealSources
{
    /// <summary>Every <c>--sources DIR</c> of <paramref name="args"/>; a folder that does not exist is an error.</summary>
    public static IEnumerable<string> Folders(string[] args)
    {
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--sources")
            {
                yield return Directory.Exists(args[i + 1]) ? args[i + 1] : throw new DirectoryNotFoundException($"--sources {args[i + 1]}: no such folder.");
            }
        }
    }

    /// <summary>
    /// The folder's C# files (path and text), in path order, without <c>obj</c>, <c>bin</c> and hidden folders (the SDK's
    /// default <c>**/.*/**</c> exclude: Visual Studio's <c>.vshistory</c> copies are not compiled); then, when its projects
    /// enable implicit usings, the global usings the SDK would generate (<see cref="RealCodeImplicitUsings"/>).
    /// </summary>
    public static ImmutableArray<(string Path, string Text)> Files(string folder, bool withImplicitUsings = true)
    {
        var files = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsExcluded(folder, path))
            .Order(StringComparer.Ordinal)
            .Select(path => (path, File.ReadAllText(path)))
            .ToImmutableArray();
        return files.IsEmpty || !withImplicitUsings ? files : files.AddRange(RealCodeImplicitUsings.For(folder));
    }

    /// <summary>Whether <paramref name="path"/> lies under an <c>obj</c>, <c>bin</c> or hidden folder of <paramref name="folder"/>.</summary>
    public static bool IsExcluded(string folder, string path) =>
        Path.GetRelativePath(folder, path).Split(Path.DirectorySeparatorChar).SkipLast(1).Any(part => part is "obj" or "bin" || part.StartsWith('.'));

    /// <summary>The folder's name, for tables.</summary>
    public static string Name(string folder) => Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));

    /// <summary>
    /// Whether the repository builds with nullable annotations: some project file of the folder turns them on
    /// (<c>&lt;Nullable&gt;enable&lt;/Nullable&gt;</c>); without one the compiler's default (off) applies.
    /// </summary>
    public static bool NullableEnabled(string folder) =>
        Directory.EnumerateFiles(folder, "*.*proj", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(folder, "Directory.Build.props", SearchOption.AllDirectories))
            .Any(path => File.ReadAllText(path).Contains("<Nullable>enable</Nullable>", StringComparison.OrdinalIgnoreCase));
}
