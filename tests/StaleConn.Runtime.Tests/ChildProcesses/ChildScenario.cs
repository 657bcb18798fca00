using System.Diagnostics;
using System.Text;

namespace StaleConn.Runtime.Tests.ChildProcesses;

/// <summary>
/// Runs a scenario in a child process of this test assembly (<c>dotnet exec</c> on it, see <see cref="Program"/>), for a
/// failure that ends the process (an exception on a provider's timer thread) instead of failing a test: the child's exit
/// code and output tell the test what happened, and the test host survives a regression.
/// </summary>
internal static class ChildScenario
{
    /// <summary>Exit code of a child whose scenario did not reach the step it was written to test.</summary>
    public const int NotReached = 3;

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static int Run(string[] args) => args switch
    {
        [ProviderTimerScenario.Name, var connectionString, var step, var mode] => ProviderTimerScenario.Run(connectionString, step, mode == "sync"),
        _ => Usage(),
    };

    /// <summary>Starts the child with <paramref name="args"/>; its exit code and output (stdout and stderr), killed past a minute.</summary>
    public static async Task<(int ExitCode, string Output)> StartAsync(params string[] args)
    {
        var startInfo = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add("exec");
        startInfo.ArgumentList.Add(typeof(ChildScenario).Assembly.Location);
        foreach (var argument in args)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The child scenario ({string.Join(' ', args)}) still ran after {Limit.TotalSeconds} s:{Environment.NewLine}{output}");
        }

        process.WaitForExit(); // the redirected streams are drained
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.Append(line).Append('\n');
            }
        }
    }

    // The muxer that runs this test host (dotnet test sets DOTNET_HOST_PATH), else the one on PATH.
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static int Usage()
    {
        Console.Error.WriteLine("Child scenarios of StaleConn.Runtime.Tests; run by the tests, not by hand.");
        return 2;
    }
}
