using System.Runtime.InteropServices;

namespace StaleConn.Benchmarks.AnalyzerCost;

/// <summary>
/// The calling thread's processor time (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>): what a callback or the compiler's own
/// single-threaded pass cost, without the time the thread waited for a core. On a machine shared by other builds the
/// wall times of both sides stretch by different amounts; processor times do not. Zero where the clock is missing
/// (<see cref="IsAvailable"/>), so the bench still runs on other systems with wall times only.
/// </summary>
internal static class ThreadProcessorTime
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>True when the thread clock can be read here.</summary>
    public static bool IsAvailable { get; } = Probe();

    /// <summary>
    /// Processor time one read-and-read pair charges to the span it brackets, so a total over many callbacks can take
    /// out what the clock itself cost (a system call per read on some kernels).
    /// </summary>
    public static TimeSpan PairOverhead { get; } = MeasurePairOverhead();

    /// <summary>The calling thread's processor time so far.</summary>
    public static TimeSpan Now()
    {
        if (!IsAvailable || clock_gettime(ClockThreadCpuTimeId, out var value) != 0)
        {
            return TimeSpan.Zero;
        }

        return TimeSpan.FromTicks((value.Seconds * TimeSpan.TicksPerSecond) + (value.Nanoseconds / 100));
    }

    private static bool Probe()
    {
        try
        {
            return OperatingSystem.IsLinux() && clock_gettime(ClockThreadCpuTimeId, out _) == 0;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    private static TimeSpan MeasurePairOverhead()
    {
        if (!IsAvailable)
        {
            return TimeSpan.Zero;
        }

        const int Pairs = 20_000;
        var inside = TimeSpan.Zero;
        for (var i = 0; i < Pairs; i++)
        {
            var start = Now();
            inside += Now() - start;
        }

        return inside / Pairs;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = false)]
    private static extern int clock_gettime(int clockId, out TimeSpec value);
}
