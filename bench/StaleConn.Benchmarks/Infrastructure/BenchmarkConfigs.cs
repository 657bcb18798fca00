using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;

namespace StaleConn.Benchmarks.Infrastructure;

/// <summary>
/// Lets the smoke test replace every class's job with a dry, in-process one (the configs below are built when a run
/// starts, so the test sets this first).
/// </summary>
public static class SmokeRun
{
    /// <summary>When set, every benchmark class runs this job instead of its own.</summary>
    public static Job? Job { get; set; }
}

/// <summary>Shared columns: the median and the ratio of medians that the targets use.</summary>
public abstract class StaleConnConfig : ManualConfig
{
    /// <summary>Uses <paramref name="job"/> unless a smoke run overrides it.</summary>
    protected StaleConnConfig(Job job)
    {
        AddJob(SmokeRun.Job ?? job);
        AddColumn(StatisticColumn.Median, StatisticColumn.P95, new MedianRatioColumn());
    }
}

/// <summary>
/// Round trips to a loopback server (~15–200 µs): 250 ms iterations hold 1,000+ operations each; 30 iterations after
/// 3 warm-ups in each of two processes, ~20 s per benchmark. One process of 15 iterations left a standard deviation of
/// ≈ 4 % on an idle KVM guest (each sync read waits for a halted vCPU to wake), too wide to judge a 2 % target.
/// </summary>
public sealed class DatabaseConfig : StaleConnConfig
{
    /// <summary>Creates the config.</summary>
    public DatabaseConfig()
        : base(Job.Default.WithId("db").WithLaunchCount(2).WithWarmupCount(3).WithIterationCount(30)
            .WithIterationTime(TimeInterval.FromMilliseconds(250)))
    {
    }
}

/// <summary>
/// Recovery needs a dead session before every operation, so each iteration is one operation after an unmeasured
/// setup (kill + clock jump). 60 iterations after 5 warm-ups: each takes a few ms, and the many samples keep the
/// median steady although each one is a single sub-millisecond operation.
/// </summary>
public sealed class RecoveryConfig : StaleConnConfig
{
    /// <summary>Creates the config.</summary>
    public RecoveryConfig()
        : base(Job.Default.WithId("recovery").WithLaunchCount(1).WithWarmupCount(5).WithIterationCount(60)
            .WithInvocationCount(1).WithUnrollFactor(1))
    {
    }
}

/// <summary>Nanosecond operations: BenchmarkDotNet's own pilot picks the invocation count; memory is measured.</summary>
public sealed class HotPathConfig : StaleConnConfig
{
    /// <summary>Creates the config.</summary>
    public HotPathConfig()
        : base(Job.Default.WithId("hot-path").WithLaunchCount(1).WithWarmupCount(5).WithIterationCount(20)
            .WithIterationTime(TimeInterval.FromMilliseconds(250)))
    {
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
