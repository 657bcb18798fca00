using BenchmarkDotNet.Running;
using StaleConn.Benchmarks.AnalyzerCost;
using StaleConn.Benchmarks.Infrastructure;
using StaleConn.Benchmarks.Runtime;

// analyzer-cost: the in-process analyzer/compiler comparison (not a BenchmarkDotNet run: one compilation takes seconds),
// under the server garbage collector as the compiler runs (a child process unless --workstation-gc).
// code-fix-latency [--sources DIR]...: RegisterCodeFixesAsync per diagnostic on the generated solution and real sources.
// findings --sources DIR...: every StaleConn finding in real repositories, one line each, and a total per rule.
// first-fix-rate --sources DIR...: the share of findings in real repositories whose first fix works (issue 14).
// named-nodes-memory [--lines N]: the heap the fixers' per-tree name index keeps on the generated solution.
// generate-solution DIR: writes the generated service solution as a buildable project, for -p:ReportAnalyzer=true.
// hot-path-interleaved: the guard's hot path and GetTimestamp in shuffled rounds, a cross-check on a loaded machine.
// steady-state-interleaved: the steady-state variants measured in shuffled rounds, a cross-check on a loaded machine.
// recovery-interleaved: the fresh open and the recoveries measured in shuffled rounds, the same cross-check.
// Anything else goes to BenchmarkDotNet (for example: --filter '*').
return args.FirstOrDefault() switch
{
    "analyzer-cost" => ServerGcRelaunch.RunsHere(args[1..]) ? await AnalyzerCostCommand.RunAsync(args[1..]) : await ServerGcRelaunch.RunInChild(args),
    "code-fix-latency" => await StaleConn.Benchmarks.CodeFixLatency.CodeFixLatencyCommand.RunAsync(args[1..]),
    "findings" => await StaleConn.Benchmarks.Findings.FindingsCommand.RunAsync(args[1..]),
    "named-nodes-memory" => await StaleConn.Benchmarks.CodeFixLatency.NamedNodesMemoryCommand.RunAsync(args[1..]),
    "first-fix-rate" => await StaleConn.Benchmarks.FirstFixRate.FirstFixRateCommand.RunAsync(args[1..]),
    "generate-solution" => await GenerateSolutionCommand.RunAsync(args[1..]),
    "hot-path-interleaved" => InterleavedHotPathCommand.Run(args[1..]),
    "steady-state-interleaved" => InterleavedSteadyStateCommand.Run(args[1..]),
    "recovery-interleaved" => InterleavedRecoveryCommand.Run(args[1..]),
    _ => RunBenchmarks(args),
};

static int RunBenchmarks(string[] args)
{
    var summaries = BenchmarkSwitcher.FromAssembly(typeof(AnalyzerCostCommand).Assembly).Run(args).ToArray();
    var targets = TargetReport.Build(summaries);
    Console.WriteLine(targets);
    Directory.CreateDirectory(Path.Combine("BenchmarkDotNet.Artifacts", "results"));
    File.WriteAllText(Path.Combine("BenchmarkDotNet.Artifacts", "results", "targets.md"), targets);
    return summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success)) ? 1 : 0;
}
