using System.Globalization;
using System.Text;
using BenchmarkDotNet.Reports;

namespace StaleConn.Benchmarks.Infrastructure;

/// <summary>
/// The targets of issue 6, checked against the medians of a run: each is a ratio of two benchmarks' medians (by
/// method name, across every summary of the run) compared with a bound, plus the hot path's allocations.
/// </summary>
public static class TargetReport
{
    private sealed record Target(string Description, string Numerator, string Denominator, bool AtMost, double Bound);

    private static readonly Target[] Targets =
    {
        new("guarded ≤ 1.02× raw long-lived", "GuardedWithinIdleThreshold", "RawLongLived", AtMost: true, 1.02),
        new("(extra) guarded ≤ 1.02× raw long-lived, async API (thread-pool noise)", "GuardedWithinIdleThresholdAsync", "RawLongLivedAsync", AtMost: true, 1.02),
        new("ping before every use ≥ 1.8× guarded", "PingBeforeEveryUse", "GuardedWithinIdleThreshold", AtMost: false, 1.8),
        new("(extra) SELECT 1 check before every use ≥ 1.8× guarded", "SelectCheckBeforeEveryUse", "GuardedWithinIdleThreshold", AtMost: false, 1.8),
        new("pool open/run/close ≥ 2× guarded", "PoolOpenRunClose", "GuardedWithinIdleThreshold", AtMost: false, 2.0),
        new("recovery, known dead ≤ 1.5× fresh unpooled open", "RecoverKnownDead", "FreshUnpooledOpen", AtMost: true, 1.5),
        new("recovery, probed ≤ 1.5× fresh unpooled open", "RecoverProbed", "FreshUnpooledOpen", AtMost: true, 1.5),
        new("hot path Acquire+Dispose ≤ 2× GetTimestamp", "AcquireAndDispose", "GetTimestamp", AtMost: true, 2.0),
        new("hot path AcquireAsync+DisposeAsync (the calls alone) ≤ 2× GetTimestamp", "AsyncCallsAlone", "GetTimestamp", AtMost: true, 2.0),
        new("(extra) hot path AcquireAsync+DisposeAsync in an async method ≤ 2× GetTimestamp (includes the method's state machine)", "AcquireAsyncAndDispose", "GetTimestamp", AtMost: true, 2.0),
        new("(extra) hot path Acquire+Dispose, AutoEnlist=false ≤ 2× GetTimestamp", "AcquireAndDisposeWithoutAutoEnlist", "GetTimestamp", AtMost: true, 2.0),
        new("(extra) hot path AcquireAsync+DisposeAsync in an async method, AutoEnlist=false ≤ 2× GetTimestamp", "AcquireAsyncAndDisposeWithoutAutoEnlist", "GetTimestamp", AtMost: true, 2.0),
    };

    private static readonly string[] ZeroAllocation =
    {
        "AcquireAndDispose", "AcquireAsyncAndDispose", "AsyncCallsAlone", "AcquireAndDisposeWithoutAutoEnlist", "AcquireAsyncAndDisposeWithoutAutoEnlist",
    };

    /// <summary>
    /// Builds the markdown table. Both sides of a ratio come from the same summary (benchmark class), so a baseline
    /// that two classes share by name is never mixed across runs; targets whose benchmarks did not run are left out.
    /// </summary>
    public static string Build(IEnumerable<Summary> summaries)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("| target | numerator median | denominator median | ratio of medians | result |");
        text.AppendLine("|---|---|---|---|---|");
        var allocationRows = new List<string>();
        foreach (var summary in summaries)
        {
            var medians = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var report in summary.Reports.Where(r => r.Success && r.ResultStatistics is not null))
            {
                var name = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
                medians[name] = report.ResultStatistics!.Median;
                if (ZeroAllocation.Contains(name) && report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) is { } bytes)
                {
                    allocationRows.Add(string.Create(inv, $"| {name} allocates 0 B | {bytes} B/op | | | {(bytes == 0 ? "PASS" : "FAIL")} |"));
                }
            }

            foreach (var target in Targets)
            {
                if (!medians.TryGetValue(target.Numerator, out var numerator) || !medians.TryGetValue(target.Denominator, out var denominator))
                {
                    continue;
                }

                var ratio = numerator / denominator;
                var pass = target.AtMost ? ratio <= target.Bound : ratio >= target.Bound;
                text.AppendLine(inv, $"| {target.Description} | {Time(numerator)} | {Time(denominator)} | {ratio:0.000} | {(pass ? "PASS" : "FAIL")} |");
            }
        }

        foreach (var row in allocationRows)
        {
            text.AppendLine(row);
        }

        return text.ToString();
    }

    private static string Time(double nanoseconds) => nanoseconds switch
    {
        >= 1_000_000 => (nanoseconds / 1_000_000).ToString("0.000 'ms'", CultureInfo.InvariantCulture),
        >= 1_000 => (nanoseconds / 1_000).ToString("0.00 'µs'", CultureInfo.InvariantCulture),
        _ => nanoseconds.ToString("0.00 'ns'", CultureInfo.InvariantCulture),
    };
}
