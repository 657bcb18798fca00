using StaleConn.Benchmarks.CodeFixLatency;
using Xunit;

namespace StaleConn.Benchmarks.Tests;

/// <summary>The lightbulb bench's processor time leaves out the tiered JIT's thread and counts every other.</summary>
public sealed class ThreadsProcessorTimeTests
{
    [Fact]
    public void The_tiered_compilation_thread_is_counted_apart_from_the_work()
    {
        var before = new Dictionary<string, (string Name, long Nanoseconds)>
        {
            ["10"] = ("StaleConn.Benchm", 1_000_000_000),
            ["11"] = (".NET Tiered Com", 500_000_000),
            ["12"] = (".NET TP Worker", 0),
        };
        var after = new Dictionary<string, (string Name, long Nanoseconds)>
        {
            ["10"] = ("StaleConn.Benchm", 1_040_000_000),
            ["11"] = (".NET Tiered Com", 800_000_000),
            ["12"] = (".NET TP Worker", 25_000_000),
            ["13"] = (".NET TP Worker", 5_000_000),
        };

        var (work, jit) = ThreadsProcessorTime.Split(before, after);

        Assert.Equal(70, work, 3);
        Assert.Equal(300, jit, 3);
    }

    [Theory]
    [InlineData("123456789 2000 7\n", 123456789L)]
    [InlineData("0 0 0\n", 0L)]
    [InlineData("", null)]
    public void The_processor_time_is_the_first_field_of_schedstat(string text, long? expected) =>
        Assert.Equal(expected, ThreadsProcessorTime.ParseSchedStat(text));

    [Fact]
    public void Work_on_other_threads_is_counted()
    {
        // The bench and CI run on Linux, where /proc has per-thread times; elsewhere the bench falls back to the process's.
        Assert.True(ThreadsProcessorTime.IsAvailable);
        var before = ThreadsProcessorTime.Now();
        var spun = Task.Run(() =>
        {
            var end = System.Diagnostics.Stopwatch.StartNew();
            var x = 0L;
            while (end.ElapsedMilliseconds < 200)
            {
                x++;
            }

            return x;
        });
        spun.Wait();
        var (work, _) = ThreadsProcessorTime.Now().Since(before);

        // The spin ran on a pool thread for 200 ms of wall time; under load it gets less of a core, never none.
        Assert.True(work > 1, $"work {work} ms");
    }
}
