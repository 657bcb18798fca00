using System.Diagnostics;
using System.Globalization;
using System.Text;
using static StaleConn.Benchmarks.Infrastructure.CommandHelpers;

namespace StaleConn.Benchmarks.Runtime;

/// <summary>
/// <c>recovery-interleaved [--rounds R]</c>: a cross-check of <see cref="RecoveryBenchmarks"/> for a shared, loaded
/// machine. BenchmarkDotNet measures the fresh open and each recovery in separate processes one after another, so load
/// that changes between them moves their ratio (the baseline's median moved by 10–30 % between runs here). Here every
/// round measures one operation of each variant, in a shuffled order, each after the same unmeasured preparation as in
/// <see cref="RecoveryBenchmarks"/> (a killed session and a clock jump for the recoveries), so all variants see the
/// same load; the ratios are of the medians over rounds.
/// </summary>
public static class InterleavedRecoveryCommand
{
    /// <summary>Runs the command; returns 0 when both recovery targets hold.</summary>
    public static int Run(string[] args)
    {
        var rounds = IntOption(args, "--rounds", 300);
        var benchmarks = new RecoveryBenchmarks();
        benchmarks.SetupAsync().GetAwaiter().GetResult();
        try
        {
            var variants = new (string Name, Action Prepare, Action Measured, Action After)[]
            {
                (nameof(RecoveryBenchmarks.FreshUnpooledOpen), benchmarks.PrepareLikeTheRecoveries, () => benchmarks.FreshUnpooledOpen(), benchmarks.CloseFresh),
                (nameof(RecoveryBenchmarks.RecoverKnownDead), benchmarks.MakeKnownDead, () => benchmarks.RecoverKnownDead(), () => { }),
                (nameof(RecoveryBenchmarks.RecoverProbed), benchmarks.MakeProbablyDead, () => benchmarks.RecoverProbed(), () => { }),
                (nameof(RecoveryBenchmarks.RecoverProbedAsync), benchmarks.MakeProbablyDead, () => benchmarks.RecoverProbedAsync().GetAwaiter().GetResult(), () => { }),
            };
            var samples = variants.ToDictionary(v => v.Name, _ => new List<double>(rounds));
            var random = new Random(6);
            for (var round = -10; round < rounds; round++)
            {
                foreach (var (name, prepare, measured, after) in variants.OrderBy(_ => random.Next()))
                {
                    prepare();
                    var started = Stopwatch.GetTimestamp();
                    measured();
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
                    after();
                    if (round >= 0)
                    {
                        samples[name].Add(elapsed); // the first ten rounds warm up the JIT and the server
                    }
                }
            }

            var medians = samples.ToDictionary(pair => pair.Key, pair => Median(pair.Value));
            var report = Report(rounds, medians, out var allPass);
            Console.WriteLine(report);
            Directory.CreateDirectory(Path.Combine("BenchmarkDotNet.Artifacts", "results"));
            File.WriteAllText(Path.Combine("BenchmarkDotNet.Artifacts", "results", "recovery-interleaved.md"), report);
            return allPass ? 0 : 1;
        }
        finally
        {
            benchmarks.CleanupAsync().GetAwaiter().GetResult();
        }
    }

    private static string Report(int rounds, Dictionary<string, double> medians, out bool allPass)
    {
        var inv = CultureInfo.InvariantCulture;
        var fresh = medians[nameof(RecoveryBenchmarks.FreshUnpooledOpen)];
        var text = new StringBuilder();
        text.AppendLine(inv, $"Interleaved: {rounds} rounds, one operation per variant each, shuffled order each round.");
        text.AppendLine();
        text.AppendLine("| variant | median µs | ratio to fresh unpooled open + SELECT 1 |");
        text.AppendLine("|---|---|---|");
        foreach (var (name, median) in medians)
        {
            text.AppendLine(inv, $"| {name} | {median:0.0} | {median / fresh:0.000} |");
        }

        var knownDead = medians[nameof(RecoveryBenchmarks.RecoverKnownDead)] / fresh;
        var probed = medians[nameof(RecoveryBenchmarks.RecoverProbed)] / fresh;
        text.AppendLine();
        text.AppendLine(inv, $"| recovery, known dead ≤ 1.5× fresh unpooled open | {knownDead:0.000} | {(knownDead <= 1.5 ? "PASS" : "FAIL")} |");
        text.AppendLine(inv, $"| recovery, probed ≤ 1.5× fresh unpooled open | {probed:0.000} | {(probed <= 1.5 ? "PASS" : "FAIL")} |");
        allPass = knownDead <= 1.5 && probed <= 1.5;
        return text.ToString();
    }
}
