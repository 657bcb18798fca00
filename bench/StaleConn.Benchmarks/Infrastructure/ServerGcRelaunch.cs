using System.Diagnostics;
using System.Reflection;
using System.Runtime;

namespace StaleConn.Benchmarks.Infrastructure;

/// <summary>
/// Runs a command in a child process with the server garbage collector, the collector the compiler itself runs with:
/// the SDK's <c>csc.runtimeconfig.json</c> and <c>VBCSCompiler.runtimeconfig.json</c> set <c>System.GC.Server</c>. The
/// bench process keeps the workstation collector for its other commands, so only the command that hosts the compiler
/// changes.
/// </summary>
internal static class ServerGcRelaunch
{
    /// <summary>The option that keeps a command on the workstation collector (to compare with earlier runs).</summary>
    public const string WorkstationGcOption = "--workstation-gc";

    /// <summary>"server" or "workstation", and whether background collection is on, for the report.</summary>
    public static string Describe() =>
        (GCSettings.IsServerGC ? "server" : "workstation") + (GCSettings.LatencyMode == GCLatencyMode.Batch ? ", non-concurrent" : ", concurrent");

    /// <summary>
    /// True when the command should run here: the collector is already the server one, or the user asked for the
    /// workstation one. Otherwise the caller returns <see cref="RunInChild"/>'s exit code.
    /// </summary>
    public static bool RunsHere(string[] commandArgs) => GCSettings.IsServerGC || commandArgs.Contains(WorkstationGcOption);

    /// <summary>Runs this program again with <paramref name="args"/> (the whole command line) under the server collector; returns its exit code.</summary>
    public static async Task<int> RunInChild(string[] args)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot tell which executable runs the bench.");
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            // `dotnet StaleConn.Benchmarks.dll ...`: the child needs the program's assembly again.
            start.ArgumentList.Add(Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("No entry assembly."));
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_gcServer"] = "1";
        using var child = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {host}.");
        await child.WaitForExitAsync().ConfigureAwait(false);
        if (child.ExitCode != 0)
        {
            Console.Error.WriteLine($"(The command ran in a child process with the server garbage collector; {WorkstationGcOption} runs it here.)");
        }

        return child.ExitCode;
    }
}
