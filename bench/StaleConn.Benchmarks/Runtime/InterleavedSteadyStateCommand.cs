using System.Diagnostics;
using System.Globalization;
using System.Text;
using StaleConn.Benchmarks.Infrastructure;
using static StaleConn.Benchmarks.Infrastructure.CommandHelpers;

namespace StaleConn.Benchmarks.Runtime;

/// <summary>
/// <c>steady-state-interleaved [--rounds R] [--batch B]</c>: a cross-check of <see cref="SteadyStateBenchmarks"/> for
/// a shared, loaded machine. BenchmarkDotNet measures one variant after another, so load that changes between them
/// (other builds on the same cores) moves their ratio; here every round runs a batch of each variant, in a shuffled
/// order, so all variants see the same load, and the ratios are of the medians of per-round batch times.
/// </summary>
public static class InterleavedSteadyStateCommand
{
    /// <summary>Runs the command; returns 0 when every steady-state target holds.</summary>
    public static int Run(string[] args)
    {
        var rounds = IntOption(args, "--rounds", 300);
        var batch = IntOption(args, "--batch", 200);
        var benchmarks = new SteadyStateBenchmarks();
        benchmarks.Setup();
        try
        {
            var variants = new (string Name, Func<int> Run)[]
            {
                (nameof(SteadyStateBenchmarks.RawLongLived), benchmarks.RawLongLived),
                (nameof(SteadyStateBenchmarks.GuardedWithinIdleThreshold), benchmarks.GuardedWithinIdleThreshold),
                (nameof(SteadyStateBenchmarks.PingBeforeEveryUse), benchmarks.PingBeforeEveryUse),
                (nameof(SteadyStateBenchmarks.SelectCheckBeforeEveryUse), benchmarks.SelectCheckBeforeEveryUse),
                (nameof(SteadyStateBenchmarks.PoolOpenRunClose), benchmarks.PoolOpenRunClose),
            };
            var samples = variants.ToDictionary(v => v.Name, _ => new List<double>(rounds));
            var random = new Random(6);
            for (var round = -10; round < rounds; round++)
            {
                foreach (var (name, run) in variants.OrderBy(_ => random.Next()))
                {
                    var stopwatch = Stopwatch.StartNew();
                    for (var i = 0; i < batch; i++)
                    {
                        run();
                    }

                    // The first ten rounds warm up the JIT, the pool and the server's caches.
                    if (round >= 0)
                    {
                        samples[name].Add(stopwatch.Elapsed.TotalMicroseconds / batch);
                    }
                }
            }

            var medians = samples.ToDictionary(pair => pair.Key, pair => Median(pair.Value));
            var report = Report(rounds, batch, medians, out var allPass);
            Console.WriteLine(report);
            Directory.CreateDirectory(Path.Combine("BenchmarkDotNet.Artifacts", "results"));
            File.WriteAllText(Path.Combine("BenchmarkDotNet.Artifacts", "results", "steady-state-interleaved.md"), report);
            return allPass ? 0 : 1;
        }
        finally
        {
            benchmarks.Cleanup();
        }
    }

    private static string Report(int rounds, int batch, Dictionary<string, double> medians, out bool allPass)
    {
        var inv = CultureInfo.InvariantCulture;
        var raw = medians[nameof(SteadyStateBenchmarks.RawLongLived)];
        var guarded = medians[nameof(SteadyStateBenchmarks.GuardedWithinIdleThreshold)];
        var ping = medians[nameof(SteadyStateBenchmarks.PingBeforeEveryUse)];
        var pool = medians[nameof(SteadyStateBenchmarks.PoolOpenRunClose)];
        var check = medians[nameof(SteadyStateBenchmarks.SelectCheckBeforeEveryUse)];
        var text = new StringBuilder();
        text.AppendLine(inv, $"Interleaved: {rounds} rounds × {batch} operations per variant, shuffled order each round.");
        text.AppendLine();
        text.AppendLine("| variant | median µs/op |");
        text.AppendLine("|---|---|");
        foreach (var (name, median) in medians)
        {
            text.AppendLine(inv, $"| {name} | {median:0.00} |");
        }

        text.AppendLine();
        text.AppendLine("| target | ratio of medians | result |");
        text.AppendLine("|---|---|---|");
        var checks = new (string Target, double Ratio, bool Pass)[]
        {
            ("guarded ≤ 1.02× raw long-lived", guarded / raw, guarded / raw <= 1.02),
            ("ping before every use ≥ 1.8× guarded", ping / guarded, ping / guarded >= 1.8),
            ("pool open/run/close ≥ 2× guarded", pool / guarded, pool / guarded >= 2.0),
            ("(extra) SELECT 1 check before every use ≥ 1.8× guarded", check / guarded, check / guarded >= 1.8),
        };
        foreach (var (target, ratio, pass) in checks)
        {
            text.AppendLine(inv, $"| {target} | {ratio:0.000} | {(pass ? "PASS" : "FAIL")} |");
        }

        allPass = checks.Where(c => !c.Target.StartsWith("(extra)", StringComparison.Ordinal)).All(c => c.Pass);
        return text.ToString();
    }
}
