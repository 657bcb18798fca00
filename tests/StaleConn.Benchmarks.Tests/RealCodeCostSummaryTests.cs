using StaleConn.Benchmarks.AnalyzerCost;

namespace StaleConn.Benchmarks.Tests;

/// <summary>
/// analyzer-cost's set summary: the pooled ratio weighs each folder by its binding work, so one tiny folder's noisy ratio
/// cannot carry the set's reading the way it carries the median of ratios.
/// </summary>
public sealed class RealCodeCostSummaryTests
{
    [Fact]
    public void Pooled_ratio_is_the_sum_of_analyzer_time_over_the_sum_of_binding_time()
    {
        // A 20 ms folder at 10 % and a 1,000 ms folder at 0.5 %: the mean of ratios reads 5.25 %, the pooled 0.69 %.
        var pooled = RealCodeCostSummary.PooledRatio([new ProcessorRound(20, 2), new ProcessorRound(1000, 5)]);

        Assert.Equal(7.0 / 1020, pooled, 12);
    }

    [Fact]
    public void Pooled_ratio_is_taken_round_by_round_and_its_spread_reported()
    {
        IReadOnlyList<ProcessorRound> tiny = [new(10, 1), new(10, 3), new(10, 2)];
        IReadOnlyList<ProcessorRound> large = [new(990, 9), new(990, 7), new(990, 28)];

        var perRound = RealCodeCostSummary.PooledRatioPerRound([tiny, large]);
        var (median, lowest, highest) = RealCodeCostSummary.Spread(perRound);

        Assert.Equal([0.010, 0.010, 0.030], perRound.Select(r => Math.Round(r, 6)));
        Assert.Equal(0.010, median, 6);
        Assert.Equal(0.010, lowest, 6);
        Assert.Equal(0.030, highest, 6);
    }

    [Fact]
    public void Report_splits_folders_by_binding_time_and_refuses_uneven_rounds()
    {
        var summary = new RealCodeCostSummary();
        summary.Add("tiny", [new ProcessorRound(20, 2), new ProcessorRound(20, 2)]);
        summary.Add("large", [new ProcessorRound(1000, 5), new ProcessorRound(1000, 5)]);

        var report = summary.Format();

        Assert.Contains("| pooled ratio, all folders (Σ analyzers / Σ binding) | **0.69 %** | 0.69 %–0.69 % |", report);
        Assert.Contains("| pooled, 1 folders binding ≥ 100 ms | **0.50 %** |", report);
        Assert.Contains("| pooled, 1 folders binding < 100 ms | **10.00 %** |", report);
        Assert.Contains("| median of the folders' median ratios | 5.25 % |", report);
        Assert.Throws<ArgumentException>(() => summary.Add("short", [new ProcessorRound(50, 1)]));
    }

    [Fact]
    public void Allocation_is_pooled_by_bytes_and_reported_only_when_every_round_measured_it()
    {
        // 1 MB of 10 MB and 3 MB of 990 MB: the pooled allocation ratio is 4 of 1,000 MB, whatever the processor times.
        const long Megabyte = 1024 * 1024;
        var summary = new RealCodeCostSummary();
        summary.Add("tiny", [new ProcessorRound(20, 2, 10 * Megabyte, Megabyte), new ProcessorRound(30, 9, 10 * Megabyte, Megabyte)]);
        summary.Add("large", [new ProcessorRound(1000, 5, 990 * Megabyte, 3 * Megabyte), new ProcessorRound(1000, 5, 990 * Megabyte, 3 * Megabyte)]);

        var report = summary.Format();

        Assert.Equal(0.004, RealCodeCostSummary.PooledAllocationRatio([new ProcessorRound(20, 2, 10 * Megabyte, Megabyte), new ProcessorRound(1000, 5, 990 * Megabyte, 3 * Megabyte)]), 12);
        Assert.Contains("| pooled allocation ratio (Σ analyzers' bytes / Σ binding's bytes) | **0.40 %** | 0.40 %–0.40 % |", report);
        Assert.Contains("| Σ allocated: binding, analyzers (folders' medians) | 1000.0 MB, 4.00 MB | |", report);

        var unmeasured = new RealCodeCostSummary();
        unmeasured.Add("tiny", [new ProcessorRound(20, 2)]);
        Assert.DoesNotContain("allocation", unmeasured.Format(), StringComparison.Ordinal);
    }
}
