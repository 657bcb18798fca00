using System.Globalization;
using StaleConn.EndToEnd.Tests.Infrastructure;

namespace StaleConn.EndToEnd.Tests.Packaging;

/// <summary>
/// StaleConn.Runtime and StaleConn.Analyzers packed once per test run from the repository's sources, with a version
/// no earlier run used, into a private folder feed. Build output goes to a private artifacts folder, so the
/// repository's own bin/obj are left alone.
/// </summary>
public sealed class PackedPackages
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(8);
    private static readonly Lazy<Task<PackedPackages>> Shared = new(PackAsync);

    private PackedPackages(string feed, string version, TimeSpan duration)
    {
        Feed = feed;
        Version = version;
        Duration = duration;
    }

    /// <summary>The folder feed holding the .nupkg and .snupkg files.</summary>
    public string Feed { get; }

    /// <summary>A stable (non-prerelease) version unique to this run, so `dotnet add package` picks it without flags.</summary>
    public string Version { get; }

    public TimeSpan Duration { get; }

    public string AnalyzersPackage => Path.Combine(Feed, $"StaleConn.Analyzers.{Version}.nupkg");

    public string RuntimePackage => Path.Combine(Feed, $"StaleConn.Runtime.{Version}.nupkg");

    public string RuntimeSymbolsPackage => Path.Combine(Feed, $"StaleConn.Runtime.{Version}.snupkg");

    public static Task<PackedPackages> GetAsync() => Shared.Value;

    private static async Task<PackedPackages> PackAsync()
    {
        // Lives for the whole test process (the consumer projects restore from it), deleted when it exits.
        var scratch = new ScratchDirectory("pack");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => scratch.Dispose();
        var root = scratch.Path;
        var feed = Path.Combine(root, "feed");
        var now = DateTime.UtcNow;
        // Each part of an assembly version must stay below 65535; a non-zero fourth part keeps NuGet from shortening it.
        var version = string.Create(CultureInfo.InvariantCulture,
            $"0.{(now - new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc)).Days}.{(int)now.TimeOfDay.TotalSeconds / 2}.{Random.Shared.Next(1, 1000)}");
        var started = DateTime.UtcNow;
        foreach (var project in new[] { "src/Runtime/StaleConn.Runtime.csproj", "src/Package/StaleConn.Analyzers.Package.csproj" })
        {
            var result = await DotNetCli.RunAsync(RepositoryLayout.Root, PackTimeout, null,
                "pack", project, "-c", "Release", "--disable-build-servers",
                "-o", feed, "--artifacts-path", Path.Combine(root, "artifacts"),
                $"-p:Version={version}", "-p:ContinuousIntegrationBuild=true");
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(
                    "Packing failed (it needs the .NET SDK, not only the runtime: on Debian see " +
                    "https://learn.microsoft.com/dotnet/core/install/linux-debian): " + result.Describe());
            }
        }

        return new PackedPackages(feed, version, DateTime.UtcNow - started);
    }
}
