using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using StaleConn.Benchmarks.Infrastructure;
using StaleConn.Benchmarks.Runtime;

namespace StaleConn.Benchmarks.Tests;

/// <summary>
/// Runs every benchmark class once, in this process, with BenchmarkDotNet's dry job: the benchmarks keep building,
/// their setup (a real MariaDB for the database ones) works, and every benchmark method completes without error.
/// Measures nothing: the numbers come from the real runs (see docs/benchmarks.md).
/// </summary>
public sealed class BenchmarkSmokeTests
{
    private static readonly Type[] SmokeTested =
    {
        typeof(GuardHotPathBenchmarks),
        typeof(GuardHotPathComponentBenchmarks),
        typeof(SteadyStateBenchmarks),
        typeof(RecoveryBenchmarks),
        typeof(RecoveryComponentBenchmarks),
    };

    public static TheoryData<Type> BenchmarkClasses() => new(SmokeTested);

    [Fact]
    public void Every_benchmark_class_is_smoke_tested()
    {
        var declared = typeof(SteadyStateBenchmarks).Assembly.GetTypes()
            .Where(type => type.GetMethods().Any(method => method.IsDefined(typeof(BenchmarkDotNet.Attributes.BenchmarkAttribute), inherit: false)))
            .OrderBy(type => type.FullName, StringComparer.Ordinal);
        var tested = SmokeTested.OrderBy(type => type.FullName, StringComparer.Ordinal);
        Assert.Equal(declared, tested);
    }

    [Theory]
    [MemberData(nameof(BenchmarkClasses))]
    public void Dry_run_completes_every_benchmark_without_errors(Type benchmarkClass)
    {
        var log = new AccumulationLogger();
        SmokeRun.Job = Job.Dry.WithToolchain(InProcessEmitToolchain.Instance);
        try
        {
            var config = ManualConfig.CreateEmpty()
                .AddLogger(log)
                .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "staleconn-bench-smoke", Guid.NewGuid().ToString("N")))
                .WithOptions(ConfigOptions.DisableOptimizationsValidator);
            var summary = BenchmarkRunner.Run(benchmarkClass, config);

            var benchmarkCount = benchmarkClass.GetMethods().Count(m => m.IsDefined(typeof(BenchmarkDotNet.Attributes.BenchmarkAttribute), false));
            var failures = summary.Reports.Where(report => !report.Success).Select(report => report.BenchmarkCase.DisplayInfo).ToList();
            var context = $"validation errors: {string.Join("; ", summary.ValidationErrors.Select(e => e.Message))}\nfailed: {string.Join(", ", failures)}\nlog tail:\n{Tail(log.GetLog())}";
            Assert.False(summary.HasCriticalValidationErrors, context);
            Assert.True(summary.Reports.Length == benchmarkCount, $"expected {benchmarkCount} reports, got {summary.Reports.Length}\n{context}");
            Assert.True(failures.Count == 0, context);
            Assert.All(summary.Reports, report => Assert.NotNull(report.ResultStatistics));
        }
        finally
        {
            SmokeRun.Job = null;
        }
    }

    private static string Tail(string text) => text.Length <= 6000 ? text : text[^6000..];
}
