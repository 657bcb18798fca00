using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using StaleConn.Benchmarks.Infrastructure;
using static StaleConn.Benchmarks.Infrastructure.CommandHelpers;

namespace StaleConn.Benchmarks.AnalyzerCost;

/// <summary>
/// <c>analyzer-cost [--lines N] [--rounds R] [--concurrent] [--workstation-gc] [--first-touch-probe] [--sources DIR]...</c>: generates the service solution, measures it R
/// times and prints the median ratio of analyzer time to compiler time, with the target; then each real folder the same
/// way. With <c>--sources</c> and no <c>--lines</c>, only the real folders are measured. Also writes the table to
/// <c>BenchmarkDotNet.Artifacts/results/analyzer-cost.md</c>. Runs under the server garbage collector, as <c>csc</c> and
/// <c>VBCSCompiler</c> do (<see cref="Infrastructure.ServerGcRelaunch"/>), unless <c>--workstation-gc</c>.
/// </summary>
public static class AnalyzerCostCommand
{
    /// <summary>The target of issue 6: analyzers cost at most 1 % of the compiler's time.</summary>
    public const double TargetRatio = 0.01;

    /// <summary>Runs the command; returns the process exit code (0 when the target holds).</summary>
    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out);

    /// <summary>Runs the command, printing to <paramref name="output"/>; returns the process exit code.</summary>
    internal static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var rounds = IntOption(args, "--rounds", 3);
        if (!MeasuresGeneratedSolution(args))
        {
            // Real folders alone: the 200,728-line solution would take minutes before the first folder (stop 38).
            var realCode = await RealCodeReportAsync(args, rounds, output).ConfigureAwait(false);
            output.WriteLine(realCode);
            await WriteReportAsync(realCode, concurrent: false).ConfigureAwait(false);
            return 0;
        }

        var lines = IntOption(args, "--lines", ServiceSolutionGenerator.DefaultTargetLines);
        var concurrent = args.Contains("--concurrent");
        var solution = ServiceSolutionGenerator.Generate(lines);
        output.WriteLine($"Generated {solution.Files.Length} files, {solution.LineCount:N0} lines, {solution.ClassCount:N0} classes, {solution.HolderCount:N0} connection holders.");

        // One round first, left out of the medians: JIT of the compiler and the analyzers, reference loading. Printed, as
        // a fresh csc pays it once per build (stop 30: what first use adds to the callbacks).
        var warmUp = await AnalyzerCostMeasurement.MeasureAsync(solution, concurrent).ConfigureAwait(false);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"warm-up round (first use in this process): compiler {warmUp.CompilerTime.TotalMilliseconds:F0} ms, StaleConn analyzers {warmUp.AnalyzerTime.TotalMilliseconds:F1} ms, processor {warmUp.AnalyzerProcessorTime.TotalMilliseconds:F1} of {warmUp.CompilerProcessorTime.TotalMilliseconds:F0} ms ({warmUp.ProcessorRatio:P3})"));
        var results = new List<AnalyzerCostResult>();
        for (var round = 1; round <= rounds; round++)
        {
            var result = await AnalyzerCostMeasurement.MeasureAsync(solution, concurrent).ConfigureAwait(false);
            results.Add(result);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round}: compiler {result.CompilerTime.TotalMilliseconds:F0} ms (emit {result.EmitTime.TotalMilliseconds:F0} ms), StaleConn analyzers {result.AnalyzerTime.TotalMilliseconds:F1} ms ({result.Ratio:P3}; {result.EmitRatio:P3} of emit), processor {result.AnalyzerProcessorTime.TotalMilliseconds:F1} of {result.CompilerProcessorTime.TotalMilliseconds:F0} ms ({result.ProcessorRatio:P3}), driver wall {result.DriverWallTime.TotalMilliseconds:F0} ms, GC pauses in it {result.DriverGcPause.TotalMilliseconds:F0} ms"));
        }

        var last = results[^1];
        if (!last.CompilerErrors.IsEmpty)
        {
            Console.Error.WriteLine($"The generated solution does not compile ({last.CompilerErrors.Length} errors), first: {last.CompilerErrors[0]}");
            return 2;
        }

        var report = Report(solution, results, concurrent) + await RealCodeReportAsync(args, rounds, output).ConfigureAwait(false);
        output.WriteLine(report);
        await WriteReportAsync(report, concurrent).ConfigureAwait(false);
        // The measurement only counts if the analyzers did their job: each supported rule found exactly its holders.
        var supported = StaleConnAnalyzers.SupportedRuleIds(StaleConnAnalyzers.Create());
        var missed = solution.ExpectedDiagnostics
            .Where(pair => supported.Contains(pair.Key) && (last.Diagnostics.TryGetValue(pair.Key, out var found) ? found : 0) != pair.Value)
            .Select(pair => pair.Key)
            .ToList();
        if (missed.Count > 0 || !last.AnalyzerExceptions.IsEmpty)
        {
            Console.Error.WriteLine($"Analyzer results differ from the planted holders for {string.Join(", ", missed)}; exceptions: {last.AnalyzerExceptions.Length}.");
            return 3;
        }

        return Median(results.Select(r => r.Ratio)) <= TargetRatio ? 0 : 1;
    }

    /// <summary>
    /// The generated solution is measured unless real folders are given without <c>--lines</c>: then they are what
    /// is asked about, and the generated solution is left out.
    /// </summary>
    internal static bool MeasuresGeneratedSolution(string[] args) => args.Contains("--lines") || !RealSources.Folders(args).Any();

    private static async Task WriteReportAsync(string report, bool concurrent)
    {
        var directory = Path.Combine("BenchmarkDotNet.Artifacts", "results");
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, concurrent ? "analyzer-cost-concurrent.md" : "analyzer-cost.md"), report).ConfigureAwait(false);
    }

    /// <summary>
    /// Each <c>--sources DIR</c> measured the same way, in the same run: real repositories, with the compile errors their
    /// unrestored packages leave (as in an editor before restore).
    /// </summary>
    private static async Task<string> RealCodeReportAsync(string[] args, int rounds, TextWriter output)
    {
        var folders = RealSources.Folders(args).ToList();
        if (folders.Count == 0)
        {
            return string.Empty;
        }

        var firstTouchProbe = args.Contains("--first-touch-probe");
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine(inv, $"Real code, the same measurement ({rounds} rounds after a warm-up, medians; load average at the start: {LoadAverage()}):");
        text.AppendLine();
        text.AppendLine("| sources | files | lines | compile errors | compiler (binding) | StaleConn analyzers | ratio | processor: binding, StaleConn, ratio | processor ratio, lowest–highest round | allocated: binding, StaleConn, ratio | costliest analyzer (processor) | findings |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        var references = CompilationReferences.ForRealCode();
        var summary = new RealCodeCostSummary();
        foreach (var folder in folders)
        {
            var files = RealSources.Files(folder);
            var sources = new GeneratedSolution(files, 0, ImmutableDictionary<ConnectionHolderKind, int>.Empty);
            var warmUp = await AnalyzerCostMeasurement.MeasureAsync(sources, references: references, realCode: true, firstTouchProbe: firstTouchProbe).ConfigureAwait(false);
            var measured = new List<AnalyzerCostResult>();
            for (var round = 0; round < rounds; round++)
            {
                measured.Add(await AnalyzerCostMeasurement.MeasureAsync(sources, references: references, realCode: true, firstTouchProbe: firstTouchProbe).ConfigureAwait(false));
            }

            var last = measured[^1];
            var folderRounds = measured.Select(r => new ProcessorRound(r.CompilerProcessorTime.TotalMilliseconds, r.AnalyzerProcessorTime.TotalMilliseconds, r.CompilerAllocatedBytes, r.AnalyzerAllocatedTotal)).ToList();
            summary.Add(RealSources.Name(folder), folderRounds);
            var (_, lowest, highest) = RealCodeCostSummary.Spread(folderRounds.Select(r => r.Ratio));
            var costliest = last.AnalyzerProcessorTimes.OrderByDescending(p => p.Value).First();
            var name = RealSources.Name(folder);
            var line = string.Create(inv,
                $"| {name} | {files.Length:N0} | {sources.LineCount:N0} | {last.CompilerErrors.Length:N0} | {Median(measured.Select(r => r.CompilerTime.TotalMilliseconds)):F0} ms | {Median(measured.Select(r => r.AnalyzerTime.TotalMilliseconds)):F1} ms | **{Median(measured.Select(r => r.Ratio)):P2}** | {Median(measured.Select(r => r.CompilerProcessorTime.TotalMilliseconds)):F0} ms, {Median(measured.Select(r => r.AnalyzerProcessorTime.TotalMilliseconds)):F1} ms, **{Median(measured.Select(r => r.ProcessorRatio)):P2}** | {lowest:P2}–{highest:P2} | {Megabytes(Median(measured.Select(r => (double)r.CompilerAllocatedBytes)))}, {Megabytes(Median(measured.Select(r => (double)r.AnalyzerAllocatedTotal)))}, **{Median(measured.Select(r => r.AllocationRatio)):P2}** | {costliest.Key} {Median(measured.Select(r => r.AnalyzerProcessorTimes[costliest.Key].TotalMilliseconds)):F1} ms | {string.Join(", ", last.Diagnostics.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => d.Key + " " + d.Value))} |");
            output.WriteLine(line);
            output.WriteLine(string.Create(inv, $"  warm-up round, left out (processor binding/analyzers ms): {warmUp.CompilerProcessorTime.TotalMilliseconds:F1}/{warmUp.AnalyzerProcessorTime.TotalMilliseconds:F2}"));
            output.WriteLine("  rounds (processor binding/analyzers ms): " + string.Join(", ", folderRounds.Select(r => string.Create(inv, $"{r.BindingMilliseconds:F1}/{r.AnalyzerMilliseconds:F2}"))));
            output.WriteLine("  wall: " + string.Join(", ", last.AnalyzerTimes.OrderByDescending(p => p.Value).Select(p => string.Create(inv, $"{p.Key} {Median(measured.Select(r => r.AnalyzerTimes[p.Key].TotalMilliseconds)):F1} ms"))));
            output.WriteLine("  processor by callback: " + string.Join(", ", last.CallbackProcessorTimes.OrderByDescending(p => p.Value.Time).Select(p => string.Create(inv,
                $"{p.Key} {Median(measured.Select(r => r.CallbackProcessorTimes.TryGetValue(p.Key, out var t) ? t.Time.TotalMilliseconds : 0)):F2} ms ({p.Value.Count:N0})"))));
            output.WriteLine("  allocated by callback: " + string.Join(", ", last.CallbackAllocatedBytes.OrderByDescending(p => p.Value).Select(p => string.Create(inv,
                $"{p.Key} {Megabytes(Median(measured.Select(r => (double)r.CallbackAllocatedBytes.GetValueOrDefault(p.Key))))} ({last.CallbackProcessorTimes[p.Key].Count:N0}, {Median(measured.Select(r => (double)r.CallbackAllocatedBytes.GetValueOrDefault(p.Key))) / Math.Max(1, last.CallbackProcessorTimes[p.Key].Count):N0} B each)"))));
            if (firstTouchProbe)
            {
                output.WriteLine(string.Create(inv, $"  first touch (probe run before the rules, not in the ratio): {Median(measured.Select(r => r.FirstTouch.Time.TotalMilliseconds)):F2} ms, {Megabytes(Median(measured.Select(r => (double)r.FirstTouch.Bytes)))} ({last.FirstTouch.Callbacks:N0} members)"));
            }

            output.WriteLine(string.Create(inv, $"  driver pass, whole process (its own binding, the driver, the callbacks): processor {Median(measured.Select(r => r.DriverProcessorTime.TotalMilliseconds)):F1} ms, allocated {Megabytes(Median(measured.Select(r => (double)r.DriverAllocatedBytes)))}; the compiler's binding alone: {Median(measured.Select(r => r.CompilerProcessorTime.TotalMilliseconds)):F1} ms, {Megabytes(Median(measured.Select(r => (double)r.CompilerAllocatedBytes)))}"));
            output.WriteLine("  processor: " + string.Join(", ", last.AnalyzerProcessorTimes.OrderByDescending(p => p.Value).Select(p => string.Create(inv, $"{p.Key} {Median(measured.Select(r => r.AnalyzerProcessorTimes[p.Key].TotalMilliseconds)):F2} ms"))));
            text.AppendLine(line);
        }

        text.Append(summary.Format());
        text.AppendLine(inv, $"Load average at the end: {LoadAverage()}.");
        return text.ToString();
    }

    /// <summary>Bytes as megabytes with two decimals ("1.25 MB").</summary>
    internal static string Megabytes(double bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024):F2} MB");

    /// <summary>The machine's 1-, 5- and 15-minute load averages, where Linux gives them: a ratio is read with its load.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string Report(GeneratedSolution solution, IReadOnlyList<AnalyzerCostResult> results, bool concurrent)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        var ratio = Median(results.Select(r => r.Ratio));
        text.AppendLine(inv, $"Generated solution: {solution.LineCount:N0} lines, {solution.Files.Length:N0} files, {solution.ClassCount:N0} classes, {solution.HolderCount:N0} holding a connection.");
        text.AppendLine(inv, $"Rounds: {results.Count} (after one warm-up round); mode: {(concurrent ? "concurrent (compiler wall time vs analyzer callback time summed over threads)" : "sequential (compiler and analyzers each on one thread: work vs work)")}; garbage collector: {ServerGcRelaunch.Describe()}.");
        text.AppendLine(inv, $"Per-round ratios: {string.Join(", ", results.Select(r => r.Ratio.ToString("P2", inv)))}.");
        text.AppendLine();
        text.AppendLine("| measure | median |");
        text.AppendLine("|---|---|");
        text.AppendLine(inv, $"| compiler (`GetDiagnostics`, fresh compilation) | {Median(results.Select(r => r.CompilerTime.TotalMilliseconds)):F0} ms |");
        text.AppendLine(inv, $"| compiler building the assembly (`Emit`, fresh compilation) | {Median(results.Select(r => r.EmitTime.TotalMilliseconds)):F0} ms |");
        foreach (var name in results[0].AnalyzerTimes.Keys.Order(StringComparer.Ordinal))
        {
            text.AppendLine(inv, $"| {name} (telemetry ExecutionTime) | {Median(results.Select(r => r.AnalyzerTimes[name].TotalMilliseconds)):F1} ms |");
        }

        text.AppendLine(inv, $"| all StaleConn analyzers | {Median(results.Select(r => r.AnalyzerTime.TotalMilliseconds)):F1} ms |");
        text.AppendLine(inv, $"| analyzer driver wall time (own binding + analyzers) | {Median(results.Select(r => r.DriverWallTime.TotalMilliseconds)):F0} ms |");
        text.AppendLine(inv, $"| garbage-collection pauses during the analyzer pass | {Median(results.Select(r => r.DriverGcPause.TotalMilliseconds)):F0} ms |");
        text.AppendLine(inv, $"| **analyzers / compiler** (median of per-round ratios) | **{ratio:P3}** — target ≤ {TargetRatio:P0}: {(ratio <= TargetRatio ? "PASS" : "FAIL")} |");
        text.AppendLine(inv, $"| analyzers / compiler on processor time (callbacks' thread clocks against the compiler's; median) | {Median(results.Select(r => r.ProcessorRatio)):P3} ({Median(results.Select(r => r.AnalyzerProcessorTime.TotalMilliseconds)):F1} of {Median(results.Select(r => r.CompilerProcessorTime.TotalMilliseconds)):F0} ms) |");
        text.AppendLine(inv, $"| analyzers / compiler building the assembly (median of per-round ratios) | {Median(results.Select(r => r.EmitRatio)):P3} |");
        text.AppendLine();
        var found = results[^1].Diagnostics;
        text.AppendLine("| rule | planted | reported |");
        text.AppendLine("|---|---|---|");
        foreach (var (rule, expected) in solution.ExpectedDiagnostics.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.AppendLine(inv, $"| {rule} | {expected} | {(found.TryGetValue(rule, out var n) ? n : 0)} |");
        }

        text.AppendLine(inv, $"Analyzer exceptions (AD0001): {results[^1].AnalyzerExceptions.Length}.");
        return text.ToString();
    }
}
