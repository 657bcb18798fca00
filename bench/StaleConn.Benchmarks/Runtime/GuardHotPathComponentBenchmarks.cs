using System.Diagnostics.Metrics;
using System.Runtime.InteropServices;
using System.Transactions;
using BenchmarkDotNet.Attributes;
using StaleConn.Benchmarks.Infrastructure;

namespace StaleConn.Benchmarks.Runtime;

/// <summary>
/// The pieces the guard's hot path is made of, each alone, so a miss on the hot-path target can be pinned on one:
/// the lease gate (its interlocked operations, and the <see cref="SemaphoreSlim"/> it replaced), the suspend-aware clock
/// it read on acquire (<c>clock_gettime(CLOCK_BOOTTIME)</c> on Linux) and the coarse pair it reads now, the
/// ambient-transaction check and the acquire counter.
/// </summary>
[Config(typeof(HotPathConfig))]
public class GuardHotPathComponentBenchmarks
{
    private const int ClockRealtimeCoarse = 5;
    private const int ClockMonotonicCoarse = 6;
    private const int ClockBootTime = 7;

    private static readonly Meter Meter = new("StaleConn.Benchmarks.Components");
    private static readonly Counter<long> Counter = Meter.CreateCounter<long>("acquires");

    private readonly SemaphoreSlim _gate = new(1, 1);

    private long _word;
    private int _waiters = 0; // the gate reads it on exit; no waiter here

    /// <summary>The floor the target is defined on.</summary>
    [Benchmark(Baseline = true, Description = "TimeProvider.System.GetTimestamp()")]
    public long GetTimestamp() => TimeProvider.System.GetTimestamp();

    /// <summary>Uncontended <c>Wait()</c> + <c>Release()</c>: the lease's exclusivity.</summary>
    [Benchmark(Description = "SemaphoreSlim Wait + Release")]
    public int SemaphoreWaitRelease()
    {
        _gate.Wait();
        return _gate.Release();
    }

    /// <summary>
    /// Uncontended enter + exit of the guard's lease gate (its <c>LeaseGate</c> is internal; these are its operations on
    /// .NET): a read and a compare-exchange in (the word becomes the lease id); out, a compare-exchange that checks the
    /// lease id, a plain store that opens the gate and a read of the waiter count.
    /// </summary>
    [Benchmark(Description = "Lease gate: CompareExchange in, CompareExchange + store out")]
    public int InterlockedGate()
    {
        var word = Volatile.Read(ref _word);
        var leaseId = Interlocked.CompareExchange(ref _word, word + 1, word) == word ? word + 1 : 0;
        if (Interlocked.CompareExchange(ref _word, leaseId + 1, leaseId) == leaseId)
        {
            Volatile.Write(ref _word, leaseId + 3);
        }

        return Volatile.Read(ref _waiters);
    }

    /// <summary>One read of the suspend-aware clock the guard uses with <see cref="TimeProvider.System"/>.</summary>
    [Benchmark(Description = "clock_gettime(CLOCK_BOOTTIME)")]
    public long BootTimeClock()
    {
        _ = clock_gettime(ClockBootTime, out var time);
        return (time.Seconds * 1_000_000_000) + time.Nanoseconds;
    }

    /// <summary>
    /// What the guard reads instead on Linux: <c>CLOCK_MONOTONIC_COARSE</c> and <c>CLOCK_REALTIME_COARSE</c>, the clocks
    /// at the last kernel tick (no hardware counter read).
    /// </summary>
    [Benchmark(Description = "clock_gettime(MONOTONIC_COARSE) + clock_gettime(REALTIME_COARSE)")]
    public long CoarseClockPair()
    {
        _ = clock_gettime(ClockMonotonicCoarse, out var steady);
        _ = clock_gettime(ClockRealtimeCoarse, out var wall);
        return (steady.Seconds * 1_000_000_000) + steady.Nanoseconds + (wall.Seconds * 1_000_000_000) + wall.Nanoseconds;
    }

    /// <summary>The ambient transaction check.</summary>
    [Benchmark(Description = "Transaction.Current")]
    public bool AmbientTransaction() => Transaction.Current is not null;

    /// <summary>A metrics counter increment with no listener.</summary>
    [Benchmark(Description = "Counter<long>.Add (no listener)")]
    public void CounterAdd() => Counter.Add(1);

    /// <summary>What the guard does instead: the increment only when someone listens.</summary>
    [Benchmark(Description = "Counter<long>.Enabled check (no listener)")]
    public void CounterAddIfEnabled()
    {
        if (Counter.Enabled)
        {
            Counter.Add(1);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [SuppressGCTransition]
    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int clock_gettime(int clockId, out TimeSpec time);
}
