using StaleConn.EndToEnd.Tests.Infrastructure;
using StaleConn.EndToEnd.Tests.Packaging;

namespace StaleConn.EndToEnd.Tests.Consumer;

/// <summary>
/// A new worker project in a temp folder outside the repository that takes StaleConn exactly as a user does:
/// `dotnet add package StaleConn.Analyzers` from a folder feed holding this run's packages (beside the machine's
/// usual NuGet source), restored into a private packages folder so no cached copy of an older build is ever used.
/// Built once as written (kept aside to run later) and once with -warnaserror; the `dotnet format` step runs on a
/// copy, on first use.
/// </summary>
public sealed class ConsumerWorkspace : IAsyncLifetime
{
    // Guards against a hung dotnet command, not speed targets: at load ~60 on 2 cores a first build took over 3 minutes.
    private static readonly TimeSpan RestoreTimeout = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan FormatTimeout = TimeSpan.FromMinutes(8);

    private readonly ScratchDirectory _scratch = new("consumer");
    private readonly SemaphoreSlim _fixGate = new(1, 1);
    private FixedProject? _fixed;

    public WorkerSource Source { get; } = new(new Random());

    public PackedPackages Packages { get; private set; } = null!;

    public string ProjectDirectory => _scratch.Combine("unfixed", Source.ProjectName);

    public string UnfixedOutput => _scratch.Combine("unfixed-bin");

    public ProcessResult AddPackage { get; private set; } = null!;

    public ProcessResult Build { get; private set; } = null!;

    public ProcessResult StrictBuild { get; private set; } = null!;

    public IReadOnlyDictionary<string, string?> NuGetEnvironment => new Dictionary<string, string?>
    {
        ["NUGET_PACKAGES"] = _scratch.Combine("nuget-packages"),
    };

    public string WorkerDll(string outputDirectory) => Path.Combine(outputDirectory, Source.ProjectName + ".dll");

    public async Task InitializeAsync()
    {
        Packages = await PackedPackages.GetAsync();
        WriteNuGetConfig();
        // MSBuild looks for these files in every parent folder: stop the search here, so nothing a shared temp folder
        // happens to hold changes how the project builds.
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(_scratch.Combine(file), "<Project />\n");
        }

        Source.WriteTo(ProjectDirectory);

        AddPackage = await DotNetCli.RunAsync(ProjectDirectory, RestoreTimeout, NuGetEnvironment, "add", "package", "StaleConn.Analyzers");
        if (!AddPackage.Succeeded)
        {
            throw new InvalidOperationException("`dotnet add package StaleConn.Analyzers` failed: " + AddPackage.Describe());
        }

        Build = await DotNetCli.RunAsync(ProjectDirectory, BuildTimeout, NuGetEnvironment, "build", "--disable-build-servers");
        if (Build.Succeeded)
        {
            CopyDirectory(Path.Combine(ProjectDirectory, "bin", "Debug", "net10.0"), UnfixedOutput);
        }

        // --no-incremental: an up-to-date project would skip the compiler and report nothing.
        StrictBuild = await DotNetCli.RunAsync(ProjectDirectory, BuildTimeout, NuGetEnvironment, "build", "--disable-build-servers", "--no-incremental", "-warnaserror");
    }

    /// <summary>Copies the project's sources, runs the README's `dotnet format analyzers` command, then builds.</summary>
    public async Task<FixedProject> GetFixedProjectAsync()
    {
        await _fixGate.WaitAsync();
        try
        {
            if (_fixed is null)
            {
                var directory = _scratch.Combine("fixed", Source.ProjectName);
                Directory.CreateDirectory(directory);
                foreach (var file in Directory.EnumerateFiles(ProjectDirectory))
                {
                    File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
                }

                var format = await DotNetCli.RunAsync(directory, FormatTimeout, NuGetEnvironment,
                    "format", "analyzers", "--diagnostics", "SC0001", "SC0002", "SC0003", "SC0004", "SC0005", "--severity", "warn", "--verbosity", "detailed");

                // A plain build first, kept aside to run (even if a finding is left, the fixed code's behaviour is
                // checked on its own), then the -warnaserror build that CI would run.
                var build = await DotNetCli.RunAsync(directory, BuildTimeout, NuGetEnvironment, "build", "--disable-build-servers");
                var output = _scratch.Combine("fixed-bin");
                if (build.Succeeded)
                {
                    CopyDirectory(Path.Combine(directory, "bin", "Debug", "net10.0"), output);
                }

                var strictBuild = await DotNetCli.RunAsync(directory, BuildTimeout, NuGetEnvironment, "build", "--disable-build-servers", "--no-incremental", "-warnaserror");
                _fixed = new FixedProject(directory, format, build, strictBuild, output);
            }

            return _fixed;
        }
        finally
        {
            _fixGate.Release();
        }
    }

    public Task DisposeAsync()
    {
        _scratch.Dispose();
        _fixGate.Dispose();
        return Task.CompletedTask;
    }

    private void WriteNuGetConfig()
    {
        var machineCache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        // The machine's package cache is only a read-only fallback for third-party packages (MySqlConnector,
        // Microsoft.Extensions.Hosting): StaleConn's packages carry a version unique to this run.
        var fallback = Directory.Exists(machineCache)
            ? $"""
                <fallbackPackageFolders>
                  <add key="machine-cache" value="{machineCache}" />
                </fallbackPackageFolders>
              """
            : string.Empty;
        File.WriteAllText(_scratch.Combine("NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="staleconn-under-test" value="{Packages.Feed}" />
              </packageSources>
            {fallback}
            </configuration>
            """);
    }

    private static void CopyDirectory(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}

/// <summary>The copy of the consumer project after `dotnet format analyzers`, its plain build and its -warnaserror build.</summary>
public sealed record FixedProject(string Directory, ProcessResult Format, ProcessResult Build, ProcessResult StrictBuild, string Output);
