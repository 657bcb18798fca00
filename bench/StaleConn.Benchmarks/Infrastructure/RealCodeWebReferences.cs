namespace StaleConn.Benchmarks.Infrastructure;

/// <summary>
/// The references real repositories need beyond the tests' snippet references: the ASP.NET Core reference pack that
/// matches the .NET reference pack the snippets use (the bench's project downloads it, see its csproj), and
/// Microsoft.Data.SqlClient. Kept out of the snippet references so that the tests' thousands of small compilations do
/// not load them.
/// </summary>
internal static class RealCodeWebReferences
{
    private const string CorePack = "microsoft.netcore.app.ref";
    private const string WebPack = "microsoft.aspnetcore.app.ref";

    /// <summary>The paths to add to <paramref name="snippetReferences"/>; throws when the ASP.NET Core pack is missing.</summary>
    public static IEnumerable<string> Paths(IReadOnlyList<string> snippetReferences)
    {
        var coreAssembly = snippetReferences.FirstOrDefault(path => path.Replace('\\', '/').Contains("/" + CorePack + "/", StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException("The snippet references hold no .NET reference pack (" + CorePack + ").");

        // <packages>/microsoft.netcore.app.ref/<version>/ref/<tfm>/X.dll -> <packages>/microsoft.aspnetcore.app.ref/<version>/ref/<tfm>
        var tfmDirectory = Path.GetDirectoryName(coreAssembly)!;
        var versionDirectory = Path.GetDirectoryName(Path.GetDirectoryName(tfmDirectory))!;
        var packages = Path.GetDirectoryName(Path.GetDirectoryName(versionDirectory))!;
        var webDirectory = Path.Combine(packages, WebPack, Path.GetFileName(versionDirectory), "ref", Path.GetFileName(tfmDirectory));
        if (!Directory.Exists(webDirectory))
        {
            throw new DirectoryNotFoundException(
                $"No ASP.NET Core reference pack at {webDirectory}: restore bench/StaleConn.Benchmarks (its PackageDownload brings it) or align its version with {versionDirectory}.");
        }

        var known = new HashSet<string>(snippetReferences.Select(Path.GetFileName)!, StringComparer.OrdinalIgnoreCase);
        return Directory.GetFiles(webDirectory, "*.dll")
            .Where(path => !known.Contains(Path.GetFileName(path)))
            .Append(typeof(Microsoft.Data.SqlClient.SqlConnection).Assembly.Location);
    }
}
