using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using static StaleConn.Benchmarks.Infrastructure.CommandHelpers;

namespace StaleConn.Benchmarks.Runtime;

/// <summary>
/// <c>hot-path-interleaved [--rounds R] [--batch B]</c>: a cross-check of <see cref="GuardHotPathBenchmarks"/> for a
/// shared, loaded machine. BenchmarkDotNet measures the baseline and the guard one after another, so a change of load
/// between them moves the ratio; here every round times a batch of each variant in a shuffled order, and the result is
/// the median over rounds of each round's ratio to <c>GetTimestamp</c> in the same round (the cost of an empty loop
/// iteration, timed the same way, is taken off every batch first, as BenchmarkDotNet does with its overhead).
/// </summary>
public static class InterleavedHotPathCommand
{
    private static object? s_sink;
    private static long s_sum;

    private static readonly (string Name, Action<GuardHotPathBenchmarks, int> Run)[] Variants =
    [
        ("GetTimestamp", Timestamps),
        ("AcquireAndDispose", Sync),
        ("AcquireAndDisposeWithoutAutoEnlist", SyncWithoutAutoEnlist),
        ("AcquireAsyncAndDispose", Async),
        ("AcquireAsyncAndDisposeWithoutAutoEnlist", AsyncWithoutAutoEnlist),
        ("(no async method) AcquireAsync + DisposeAsync", AsyncCallsOnly),
        ("(no guard) the async method alone", AsyncMethodOnly),
        ("AcquireOrJoinAndDispose", JoinableSync),
        ("(no async method) AcquireOrJoinAsync + DisposeAsync", JoinableAsyncCallsOnly),
    ];

    /// <summary>Runs the command; returns 0 when the sync and async hot-path targets hold.</summary>
    public static int Run(string[] args)
    {
        var rounds = IntOption(args, "--rounds", 400);
        var batch = IntOption(args, "--batch", 20_000);
        var benchmarks = new GuardHotPathBenchmarks();
        benchmarks.Setup();
        try
        {
            var perOp = Variants.ToDictionary(v => v.Name, _ => new List<double>(rounds));
            var ratios = Variants.ToDictionary(v => v.Name, _ => new List<double>(rounds));
            var random = new Random(6);
            for (var round = -20; round < rounds; round++)
            {
                var overhead = Time(static (_, n) => EmptyLoop(n), benchmarks, batch);
                var times = new Dictionary<string, double>();
                foreach (var (name, run) in Variants.OrderBy(_ => random.Next()))
                {
                    times[name] = Math.Max(0, Time(run, benchmarks, batch) - overhead);
                }

                // The first rounds warm up the JIT (tiering, PGO) and are not counted.
                if (round < 0)
                {
                    continue;
                }

                foreach (var (name, time) in times)
                {
                    perOp[name].Add(time);
                    ratios[name].Add(time / times["GetTimestamp"]);
                }
            }

            var allocated = Variants.ToDictionary(v => v.Name, v => AllocatedPerOperation(v.Run, benchmarks, batch));
            var report = Report(rounds, batch, perOp, ratios, allocated, out var pass);
            Console.WriteLine(report);
            Directory.CreateDirectory(Path.Combine("BenchmarkDotNet.Artifacts", "results"));
            File.WriteAllText(Path.Combine("BenchmarkDotNet.Artifacts", "results", "hot-path-interleaved.md"), report);
            return pass ? 0 : 1;
        }
        finally
        {
            benchmarks.Cleanup();
        }
    }

    private static double Time(Action<GuardHotPathBenchmarks, int> run, GuardHotPathBenchmarks benchmarks, int batch)
    {
        var start = Stopwatch.GetTimestamp();
        run(benchmarks, batch);
        return Stopwatch.GetElapsedTime(start).TotalNanoseconds / batch;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void EmptyLoop(int batch)
    {
        for (var i = 0; i < batch; i++)
        {
            s_sum += i;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Timestamps(GuardHotPathBenchmarks benchmarks, int batch)
    {
        for (var i = 0; i < batch; i++)
        {
            s_sum += benchmarks.GetTimestamp();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Sync(GuardHotPathBenchmarks benchmarks, int batch)
    {
        for (var i = 0; i < batch; i++)
        {
            s_sink = benchmarks.AcquireAndDispose();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SyncWithoutAutoEnlist(GuardHotPathBenchmarks benchmarks, int batch)
    {
        for (var i = 0; i < batch; i++)
        {
            s_sink = benchmarks.AcquireAndDisposeWithoutAutoEnlist();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Async(GuardHotPathBenchmarks benchmarks, int batch)
    {
        for (var i = 0; i < batch; i++)
        {
            s_sink = benchmarks.AcquireAsyncAndDispose().GetAwaiter().GetResult();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AsyncWithoutAutoEnlist(GuardHotPathBenchmarks benchmarks, int batch)
    {
        for (var i = 0; i < batch; i++)
        {
            s_sink = benchmarks.AcquireAsyncAndDisposeWithoutAutoEnlist().GetAwaiter().GetResult();
        }
    }

    // The guard's own part of the async path: the same calls without the caller's async state machine.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AsyncCallsOnly(GuardHotPathBenchmarks benchmarks, int batch)
    {
        var guard = benchmarks.Guard;
        for (var i = 0; i < batch; i++)
        {
            var lease = guard.AcquireAsync().GetAwaiter().GetResult();
            s_sink = lease.Connection;
            lease.DisposeAsync().GetAwaiter().GetResult();
        }
    }

    // A lease other units may join: a mark and an execution context of its own per lease (stop 33).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void JoinableSync(GuardHotPathBenchmarks benchmarks, int batch)
    {
        for (var i = 0; i < batch; i++)
        {
            s_sink = benchmarks.AcquireOrJoinAndDispose();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void JoinableAsyncCallsOnly(GuardHotPathBenchmarks benchmarks, int batch)
    {
        for (var i = 0; i < batch; i++)
        {
            s_sink = benchmarks.AcquireOrJoinAsyncCallsAlone();
        }
    }

    // Bytes allocated per operation on this thread (everything here runs on it: the hot path completes synchronously).
    private static double AllocatedPerOperation(Action<GuardHotPathBenchmarks, int> run, GuardHotPathBenchmarks benchmarks, int batch)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        run(benchmarks, batch);
        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)batch;
    }

    // The caller's side of the async rows without the guard: the same async method shape (await a completed
    // ValueTask<struct>, await using it) around a struct of the lease's size whose DisposeAsync does nothing.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AsyncMethodOnly(GuardHotPathBenchmarks benchmarks, int batch)
    {
        var connection = benchmarks.Guard;
        for (var i = 0; i < batch; i++)
        {
            s_sink = AsyncMethodShape(connection).GetAwaiter().GetResult();
        }
    }

    private static async ValueTask<object> AsyncMethodShape(object value)
    {
        await using var lease = await new ValueTask<GuardHotPathBenchmarks.NothingToDispose>(new GuardHotPathBenchmarks.NothingToDispose(value, value, 1));
        return lease.Value;
    }

    private static string Report(int rounds, int batch, Dictionary<string, List<double>> perOp, Dictionary<string, List<double>> ratios, Dictionary<string, double> allocated, out bool pass)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(inv, $"Interleaved: {rounds} rounds × {batch} operations per variant, shuffled order each round; load average at the end: {LoadAverage()}.");
        text.AppendLine();
        text.AppendLine("| variant | median ns/op | median of per-round ratios to GetTimestamp | ratio of medians | ≤ 2× | allocated B/op |");
        text.AppendLine("|---|---|---|---|---|---|");
        var unit = Median(perOp["GetTimestamp"]);
        pass = true;
        foreach (var (name, _) in Variants)
        {
            var ratio = Median(ratios[name]);
            var ok = ratio <= 2.0;
            if (name is "AcquireAndDispose" or "AcquireAsyncAndDispose")
            {
                pass &= ok;
            }

            text.AppendLine(inv, $"| {name} | {Median(perOp[name]):0.00} | {ratio:0.000} | {Median(perOp[name]) / unit:0.000} | {(name == "GetTimestamp" ? "" : ok ? "PASS" : "FAIL")} | {allocated[name]:0.#} |");
        }

        return text.ToString();
    }

    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
