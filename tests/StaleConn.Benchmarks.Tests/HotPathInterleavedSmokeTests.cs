using StaleConn.Benchmarks.Runtime;

namespace StaleConn.Benchmarks.Tests;

public sealed class HotPathInterleavedSmokeTests
{
    [Fact]
    public void The_interleaved_hot_path_cross_check_runs_and_reports_every_variant()
    {
        var reportFile = Path.Combine("BenchmarkDotNet.Artifacts", "results", "hot-path-interleaved.md");
        if (File.Exists(reportFile))
        {
            File.Delete(reportFile); // a report left by an earlier run must not pass for this one
        }

        // The exit code is the targets' verdict, which a few tiny rounds cannot give reliably: only the run is checked.
        _ = InterleavedHotPathCommand.Run(["--rounds", "3", "--batch", "200"]);

        var report = File.ReadAllText(reportFile);
        foreach (var variant in new[] { "GetTimestamp", "AcquireAndDispose", "AcquireAndDisposeWithoutAutoEnlist", "AcquireAsyncAndDispose", "AcquireAsyncAndDisposeWithoutAutoEnlist", "(no async method) AcquireAsync + DisposeAsync", "(no guard) the async method alone", "AcquireOrJoinAndDispose", "(no async method) AcquireOrJoinAsync + DisposeAsync" })
        {
            Assert.Contains($"| {variant} |", report);
        }

        Assert.Contains("allocated B/op", report);
    }
}
