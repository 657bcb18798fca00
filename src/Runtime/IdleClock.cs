using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace StaleConn;

/// <summary>
/// Measures idle time. The server counts wall time, including while this host was suspended (a laptop lid, a paused
/// VM), so idle time must too: a monotonic clock that stops during suspension would under-count it and skip a needed
/// check. A wall clock counts suspension but jumps when the time is set. Each reading (<see cref="IdleInstant"/>) is
/// therefore a pair, and idle time is the longer of the two spans plus the clocks' resolution:
/// <list type="bullet">
/// <item>Linux: <c>CLOCK_MONOTONIC_COARSE</c> (steady) and <c>CLOCK_REALTIME_COARSE</c> (wall). Both are read from the
/// vDSO without a hardware counter read, which makes them several times cheaper than <c>CLOCK_BOOTTIME</c>. The kernel
/// adds the time spent suspended to the wall clock as it resumes, before user tasks thaw, so the wall span counts a
/// suspension; the steady span covers the wall clock being set back. Setting it forward makes idle time look longer (an
/// early check). Idle time is under-counted only when, within one idle spell, the host was suspended for S <em>and</em>
/// the wall clock was set back by B: by min(S, B). A coarse reading lags the time by less than its resolution
/// (<c>clock_getres</c>, one kernel tick), which <see cref="Elapsed"/> adds, so the rounding never under-counts (a
/// tick delayed on an overloaded VM may add a few milliseconds of lag, well within the margin of at least 1 s that the
/// threshold keeps below the server's limit). The steady span alone, which no setting of the clock can lengthen, is <see cref="SteadyElapsed"/>: decisions
/// that skip asking the server rest on it.</item>
/// <item>macOS <c>CLOCK_MONOTONIC</c> and Windows <c>GetTickCount64</c> keep counting while asleep and are never set:
/// both fields hold the one reading (Windows' with a resolution of 16 ms, its system timer's default period). So does Linux <c>CLOCK_BOOTTIME</c> where the coarse clocks are unavailable, and
/// <see cref="Stopwatch"/> elsewhere (or if the calls fail).</item>
/// </list>
/// Any other <see cref="TimeProvider"/> (tests) is used through its <see cref="TimeProvider.GetTimestamp"/>, one reading
/// in both fields, exactly as before.
/// </summary>
internal sealed class IdleClock
{
    private readonly TimeProvider? _timeProvider;
    private readonly TimeProvider? _wallForTests;
    private readonly ClockSource _source;
    private readonly long _resolution;

    private IdleClock(TimeProvider? timeProvider, ClockSource source, long frequency, long resolution = 0, TimeProvider? wallForTests = null)
    {
        _timeProvider = timeProvider;
        _wallForTests = wallForTests;
        _source = source;
        _resolution = resolution;
        Frequency = frequency;
    }

    private enum ClockSource
    {
        TimeProvider,
        ScriptedPair,
        Stopwatch,
        LinuxCoarsePair,
        PosixSuspendAware,
        WindowsTickCount,
    }

    /// <summary>Ticks per second of both clocks of a reading.</summary>
    public long Frequency { get; }

    /// <summary>How far a reading may lag the time, in ticks: 0 unless the clocks are coarse.</summary>
    public long Resolution => _resolution;

    public static IdleClock For(TimeProvider timeProvider)
    {
        if (!ReferenceEquals(timeProvider, TimeProvider.System))
        {
            return new IdleClock(timeProvider, ClockSource.TimeProvider, timeProvider.TimestampFrequency);
        }

        return SystemClock.Value;
    }

    /// <summary>For tests: a steady and a wall clock read through their timestamps, combined as the Linux pair is.</summary>
    internal static IdleClock ForPair(TimeProvider steady, TimeProvider wall, long resolution)
    {
        if (steady.TimestampFrequency != wall.TimestampFrequency)
        {
            throw new ArgumentException("Both clocks must tick at the same frequency.", nameof(wall));
        }

        return new IdleClock(steady, ClockSource.ScriptedPair, steady.TimestampFrequency, resolution, wall);
    }

    /// <summary>One reading: the hot path's only calls that are not inlined (on Linux two vDSO calls through <c>clock_gettime</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public IdleInstant Now()
    {
        return _source == ClockSource.LinuxCoarsePair ? NativeClocks.LinuxCoarsePair() : OtherNow();
    }

    private IdleInstant OtherNow()
    {
        if (_source == ClockSource.ScriptedPair)
        {
            return new IdleInstant(_timeProvider!.GetTimestamp(), _wallForTests!.GetTimestamp());
        }

        var reading = _source switch
        {
            ClockSource.PosixSuspendAware => NativeClocks.PosixNanoseconds(),
            ClockSource.WindowsTickCount => NativeClocks.WindowsMilliseconds(),
            ClockSource.Stopwatch => Stopwatch.GetTimestamp(),
            _ => _timeProvider!.GetTimestamp(),
        };
        return new IdleInstant(reading, reading);
    }

    /// <summary>
    /// The time from <paramref name="since"/> to <paramref name="now"/>, in ticks, that may have passed: the longer
    /// span of the two clocks plus the resolution. Never shorter than the time passed, unless the host was suspended
    /// and the wall clock set back within the span (see the class summary).
    /// </summary>
    public long Elapsed(IdleInstant since, IdleInstant now)
    {
        var steady = now.Steady - since.Steady;
        var wall = now.Wall - since.Wall;
        var longer = steady > wall ? steady : wall;
        return longer > long.MaxValue - _resolution ? long.MaxValue : longer + _resolution;
    }

    /// <summary>
    /// The span of the steady clock alone: no setting of the wall clock lengthens it, so a decision that skips asking
    /// the server (the connection is known dead) can rest on it. On Linux it does not count suspension.
    /// </summary>
    public long SteadyElapsed(IdleInstant since, IdleInstant now) => now.Steady - since.Steady;

    /// <summary>
    /// The earliest reading at which <see cref="Elapsed"/> from <paramref name="since"/> is at least
    /// <paramref name="ticks"/>: <c>now.HasReached(DeadlineAfter(since, ticks))</c> exactly when
    /// <c>Elapsed(since, now) &gt;= ticks</c>. <see cref="long.MaxValue"/> ticks is never.
    /// </summary>
    public IdleInstant DeadlineAfter(IdleInstant since, long ticks)
    {
        if (ticks == long.MaxValue)
        {
            return IdleInstant.Never;
        }

        var span = ticks - _resolution;
        return new IdleInstant(SaturatingAdd(since.Steady, span), SaturatingAdd(since.Wall, span));
    }

    /// <summary>
    /// A reading no later than now and no earlier than <paramref name="floor"/> on each clock, for marking the end of a
    /// lease. With the system clock it costs no clock read: a background ticker publishes a reading every
    /// <see cref="TickInterval"/>, so the value may lag, which only makes idle time look longer (an early probe), never
    /// shorter. Its two fields may come from different ticks: each is a past reading of its own clock, which is all
    /// <see cref="Elapsed"/> needs. A custom <see cref="TimeProvider"/> is read exactly (fake clocks do not tick by themselves).
    /// </summary>
    public IdleInstant RecentLowerBound(IdleInstant floor)
    {
        if (_source is ClockSource.TimeProvider or ClockSource.ScriptedPair)
        {
            return OtherNow();
        }

        var published = new IdleInstant(Volatile.Read(ref s_publishedSteady), Volatile.Read(ref s_publishedWall));
        return IdleInstant.Later(published, floor);
    }

    public long ToTicks(TimeSpan span)
    {
        if (span == TimeSpan.MaxValue)
        {
            return long.MaxValue;
        }

        var ticks = span.Ticks * (double)Frequency / TimeSpan.TicksPerSecond;
        return ticks >= long.MaxValue ? long.MaxValue : (long)Math.Ceiling(ticks);
    }

    public TimeSpan ToTimeSpan(long ticks) => TimeSpan.FromTicks((long)(ticks * ((double)TimeSpan.TicksPerSecond / Frequency)));

    /// <summary>How often the ticker publishes the system clock for <see cref="RecentLowerBound"/>.</summary>
    internal static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(100);

    private static readonly Lazy<IdleClock> SystemClock = new(CreateAndStartSystemClock);
    private static long s_publishedSteady;
    private static long s_publishedWall;

    private static long SaturatingAdd(long value, long add)
    {
        var sum = unchecked(value + add);

        // Overflow: both operands have one sign and the sum the other.
        return ((value ^ sum) & (add ^ sum)) < 0 ? (add > 0 ? long.MaxValue : long.MinValue) : sum;
    }

    private static void Publish(IdleInstant reading)
    {
        Volatile.Write(ref s_publishedSteady, reading.Steady);
        Volatile.Write(ref s_publishedWall, reading.Wall);
    }

    private static IdleClock CreateAndStartSystemClock()
    {
        var clock = CreateSystemClock();
        Publish(clock.Now());
        return clock;
    }

    // Guarded by LiveGuards' lock: the ticker runs while a guard is alive, and stops with the last one.
    private static Thread? s_ticker;

    /// <summary>Starts the ticker if the system clock is in use and no ticker runs (called under LiveGuards' lock).</summary>
    internal static void StartTickerIfStopped()
    {
        if (s_ticker is not null || !SystemClock.IsValueCreated)
        {
            return;
        }

        var clock = SystemClock.Value;
        Publish(clock.Now());

        // A dedicated background thread rather than a pool timer: a starved thread pool must not stall the published time.
        s_ticker = new Thread(() =>
        {
            do
            {
                Thread.Sleep(TickInterval);
                Publish(clock.Now());
            }
            while (LiveGuards.KeepTicking(static () => s_ticker = null));
        })
        {
            IsBackground = true,
            Name = "StaleConn idle clock",
        };
        s_ticker.Start();
    }

    /// <summary>Whether the ticker thread runs (tests).</summary>
    internal static bool TickerRunning => Volatile.Read(ref s_ticker) is not null;

    private static IdleClock CreateSystemClock()
    {
        try
        {
            if (Environment.Is64BitProcess && RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && NativeClocks.TryLinuxCoarseResolution() is > 0 and var resolution)
            {
                return new IdleClock(null, ClockSource.LinuxCoarsePair, 1_000_000_000, resolution);
            }

            if (Environment.Is64BitProcess && RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && NativeClocks.TrySelectPosix(NativeClocks.LinuxBootTime))
            {
                return new IdleClock(null, ClockSource.PosixSuspendAware, 1_000_000_000);
            }

            if (Environment.Is64BitProcess && RuntimeInformation.IsOSPlatform(OSPlatform.OSX) && NativeClocks.TrySelectPosix(NativeClocks.MacMonotonic))
            {
                return new IdleClock(null, ClockSource.PosixSuspendAware, 1_000_000_000);
            }

            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                _ = NativeClocks.WindowsMilliseconds();
                // The tick count moves with the system timer (15.6 ms by default): counted as its resolution, like Linux's ticks.
                return new IdleClock(null, ClockSource.WindowsTickCount, 1000, resolution: 16);
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or MarshalDirectiveException)
        {
            // Fall back to the runtime's monotonic clock below.
        }

        return new IdleClock(null, ClockSource.Stopwatch, Stopwatch.Frequency);
    }

    private static class NativeClocks
    {
        public const int LinuxBootTime = 7; // CLOCK_BOOTTIME: CLOCK_MONOTONIC plus time suspended
        public const int LinuxRealtimeCoarse = 5; // CLOCK_REALTIME_COARSE: the wall clock at the last tick
        public const int LinuxMonotonicCoarse = 6; // CLOCK_MONOTONIC_COARSE: the monotonic clock at the last tick

        // A coarse clock whose resolution is coarser than this is not used (the kernel reports one tick: 1-10 ms).
        private const long MaxCoarseResolution = 100_000_000;
        public const int MacMonotonic = 6; // CLOCK_MONOTONIC on macOS keeps counting while asleep

        private static int s_posixClock;

        [StructLayout(LayoutKind.Sequential)]
        private struct TimeSpec
        {
            public nint Seconds;
            public nint Nanoseconds;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static long Nanoseconds(TimeSpec time) => ((long)time.Seconds * 1_000_000_000) + (long)time.Nanoseconds;

        private static long CoarseResolution(long steady, long wall)
        {
            var coarser = Math.Max(steady, wall);
            return coarser is > 0 and <= MaxCoarseResolution ? coarser : 0;
        }

#if NET
        // Function pointers looked up at start-up for this platform only, not [DllImport]: the hot path inlines the
        // clock call, and an inlined [SuppressGCTransition] import of another platform's library made the runtime try
        // to load it while compiling (observed: DllNotFoundException for kernel32 on Linux, unhandled on a runtime
        // thread, crashed the process). A pointer is data, so nothing is bound that this platform does not have.
        private static readonly unsafe delegate* unmanaged[SuppressGCTransition]<int, TimeSpec*, int> ClockGettime =
            (delegate* unmanaged[SuppressGCTransition]<int, TimeSpec*, int>)Export("libc", "clock_gettime", OSPlatform.Linux, OSPlatform.OSX);

        private static readonly unsafe delegate* unmanaged[SuppressGCTransition]<int, TimeSpec*, int> ClockGetres =
            (delegate* unmanaged[SuppressGCTransition]<int, TimeSpec*, int>)Export("libc", "clock_getres", OSPlatform.Linux);

        private static readonly unsafe delegate* unmanaged[SuppressGCTransition]<ulong> TickCount64 =
            (delegate* unmanaged[SuppressGCTransition]<ulong>)Export("kernel32", "GetTickCount64", OSPlatform.Windows);

        public static unsafe bool TrySelectPosix(int clockId)
        {
            TimeSpec time;
            if (ClockGettime == null || ClockGettime(clockId, &time) != 0)
            {
                return false;
            }

            s_posixClock = clockId;
            return true;
        }

        /// <summary>The coarser resolution of the two coarse clocks in nanoseconds, or 0 when either cannot be read.</summary>
        public static unsafe long TryLinuxCoarseResolution()
        {
            TimeSpec steady;
            TimeSpec wall;
            if (ClockGettime == null || ClockGetres == null
                || ClockGettime(LinuxMonotonicCoarse, &steady) != 0 || ClockGettime(LinuxRealtimeCoarse, &wall) != 0
                || ClockGetres(LinuxMonotonicCoarse, &steady) != 0 || ClockGetres(LinuxRealtimeCoarse, &wall) != 0)
            {
                return 0;
            }

            return CoarseResolution(Nanoseconds(steady), Nanoseconds(wall));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe IdleInstant LinuxCoarsePair()
        {
            TimeSpec steady;
            TimeSpec wall;
            _ = ClockGettime(LinuxMonotonicCoarse, &steady);
            _ = ClockGettime(LinuxRealtimeCoarse, &wall);
            return new IdleInstant(Nanoseconds(steady), Nanoseconds(wall));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe long PosixNanoseconds()
        {
            TimeSpec time;
            _ = ClockGettime(s_posixClock, &time);
            return Nanoseconds(time);
        }

        public static unsafe long WindowsMilliseconds() =>
            TickCount64 != null ? (long)TickCount64() : throw new EntryPointNotFoundException("GetTickCount64");

        private static nint Export(string library, string name, OSPlatform first, OSPlatform? second = null)
        {
            if (!RuntimeInformation.IsOSPlatform(first) && !(second is { } other && RuntimeInformation.IsOSPlatform(other)))
            {
                return 0;
            }

            return NativeLibrary.TryLoad(library, typeof(NativeClocks).Assembly, null, out var handle)
                && NativeLibrary.TryGetExport(handle, name, out var address)
                ? address
                : 0;
        }
#else
        // Without [SuppressGCTransition] (not on .NET Standard) an import is bound at its first call only.
        public static bool TrySelectPosix(int clockId)
        {
            if (clock_gettime(clockId, out _) != 0)
            {
                return false;
            }

            s_posixClock = clockId;
            return true;
        }

        public static long TryLinuxCoarseResolution()
        {
            if (clock_gettime(LinuxMonotonicCoarse, out _) != 0 || clock_gettime(LinuxRealtimeCoarse, out _) != 0
                || clock_getres(LinuxMonotonicCoarse, out var steady) != 0 || clock_getres(LinuxRealtimeCoarse, out var wall) != 0)
            {
                return 0;
            }

            return CoarseResolution(Nanoseconds(steady), Nanoseconds(wall));
        }

        public static IdleInstant LinuxCoarsePair()
        {
            _ = clock_gettime(LinuxMonotonicCoarse, out var steady);
            _ = clock_gettime(LinuxRealtimeCoarse, out var wall);
            return new IdleInstant(Nanoseconds(steady), Nanoseconds(wall));
        }

        public static long PosixNanoseconds()
        {
            _ = clock_gettime(s_posixClock, out var time);
            return Nanoseconds(time);
        }

        public static long WindowsMilliseconds() => (long)GetTickCount64();

        [DllImport("libc", EntryPoint = "clock_gettime")]
        private static extern int clock_gettime(int clockId, out TimeSpec time);

        [DllImport("libc", EntryPoint = "clock_getres")]
        private static extern int clock_getres(int clockId, out TimeSpec resolution);

        [DllImport("kernel32", EntryPoint = "GetTickCount64")]
        private static extern ulong GetTickCount64();
#endif
    }
}
