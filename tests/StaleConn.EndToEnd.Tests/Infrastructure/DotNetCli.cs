namespace StaleConn.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The `dotnet` CLI as a user runs it, in a child process. No build servers or reused MSBuild nodes are left behind
/// (they would outlive the test and hold its output pipes open), and the MSBuild variables of the `dotnet test` that
/// started this process are not passed on.
/// </summary>
public static class DotNetCli
{
    private static readonly Lazy<string> Executable = new(Locate);

    public static string Path => Executable.Value;

    public static Task<ProcessResult> RunAsync(
        string workingDirectory,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? extraEnvironment,
        params string[] arguments)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>())
        {
            if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
            {
                environment[name] = null;
            }
        }

        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["UseSharedCompilation"] = "false";
        foreach (var (name, value) in extraEnvironment ?? new Dictionary<string, string?>())
        {
            environment[name] = value;
        }

        return ProcessRunner.RunAsync(Path, arguments, workingDirectory, environment, timeout);
    }

    private static string Locate()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath)
        {
            candidates.Add(hostPath);
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            candidates.Add(System.IO.Path.Combine(directory, "dotnet"));
        }

        candidates.Add("/usr/share/dotnet/dotnet");
        candidates.Add("/usr/lib/dotnet/dotnet");
        candidates.Add(System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "dotnet"));

        return candidates.FirstOrDefault(File.Exists) ?? throw new InvalidOperationException(
            "The end-to-end tests run the `dotnet` CLI, which was not found (DOTNET_HOST_PATH, PATH, /usr/share/dotnet). " +
            "Install the .NET SDK (on Debian: https://learn.microsoft.com/dotnet/core/install/linux-debian, then " +
            "`apt-get install -y dotnet-sdk-10.0`) and run eng/test.sh again.");
    }
}
