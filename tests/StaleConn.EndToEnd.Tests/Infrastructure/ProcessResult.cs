namespace StaleConn.EndToEnd.Tests.Infrastructure;

/// <summary>What a finished child process printed (stdout and stderr interleaved) and its exit code.</summary>
public sealed record ProcessResult(string CommandLine, int ExitCode, string Output, TimeSpan Duration)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The last lines of the output, for assertion messages.</summary>
    public string Tail(int lines = 60)
    {
        var all = Output.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    public string Describe() => $"`{CommandLine}` exited with {ExitCode} after {Duration.TotalSeconds:F0} s:\n{Tail()}";
}
