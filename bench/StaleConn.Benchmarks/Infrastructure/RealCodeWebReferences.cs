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
            .Append(SqlClientFor(packages, Path.GetFileName(tfmDirectory)));
    }

    /// <summary>
    /// Microsoft.Data.SqlClient's reference assembly for the snippets' framework. The bench runs on a newer runtime, whose
    /// copy (lib/net9.0) is built against System.Data.Common 9: against the .NET 8 pack every use of it read CS1705, once
    /// per use, so a fix that adds uses looked like a fix that adds errors.
    /// </summary>
    internal static string SqlClientFor(string packages, string tfm)
    {
        var loaded = typeof(Microsoft.Data.SqlClient.SqlConnection).Assembly;
        var version = loaded.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion.Split('+')[0];
        var matching = version is null ? null : Path.Combine(packages, "microsoft.data.sqlclient", version, "ref", tfm, "Microsoft.Data.SqlClient.dll");
        return matching is not null && File.Exists(matching)
            ? matching
            : throw new FileNotFoundException(
                $"No Microsoft.Data.SqlClient {version} reference assembly for {tfm} at {matching}: restore bench/StaleConn.Benchmarks, or give it a SqlClient that ships ref/{tfm}.");
    }
}
