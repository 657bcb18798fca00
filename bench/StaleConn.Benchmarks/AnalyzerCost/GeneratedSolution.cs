using System.Collections.Immutable;

namespace StaleConn.Benchmarks.AnalyzerCost;

/// <summary>Source files of a generated service solution and what the analyzers must find in it.</summary>
/// <param name="Files">File name and C# text of each generated file.</param>
/// <param name="ClassCount">Classes and records declared.</param>
/// <param name="HolderCounts">How many connection holders of each shape were planted.</param>
public sealed record GeneratedSolution(
    ImmutableArray<(string Path, string Text)> Files,
    int ClassCount,
    ImmutableDictionary<ConnectionHolderKind, int> HolderCounts)
{
    /// <summary>Total number of lines over all files.</summary>
    public int LineCount => Files.Sum(f => CountLines(f.Text));

    /// <summary>Classes that hold a long-lived connection.</summary>
    public int HolderCount => HolderCounts.Values.Sum();

    /// <summary>The diagnostics StaleConn must report, by rule id (one per planted holder).</summary>
    public ImmutableDictionary<string, int> ExpectedDiagnostics => HolderCounts.ToImmutableDictionary(
        pair => RuleIdOf(pair.Key), pair => pair.Value);

    /// <summary>The rule that reports a holder shape.</summary>
    public static string RuleIdOf(ConnectionHolderKind kind) => kind switch
    {
        ConnectionHolderKind.StaticField => "SC0001",
        ConnectionHolderKind.HostedServiceField => "SC0002",
        ConnectionHolderKind.SingletonRegistration => "SC0003",
        ConnectionHolderKind.LocalAcrossWaitingLoop => "SC0004",
        ConnectionHolderKind.SingletonServiceField => "SC0005",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static int CountLines(string text)
    {
        var lines = 0;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                lines++;
            }
        }

        return text.Length > 0 && text[^1] != '\n' ? lines + 1 : lines;
    }
}
