using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace StaleConn;

/// <summary>
/// Measures idle time. The server counts wall time, including while this host was suspended (a laptop lid, a paused
/// VM), so idle time must too: a monotonic clock that stops during suspension would under-count it and skip a needed
/// check. A wall clock (<see cref="TimeProvider.GetUtcNow"/>) counts suspension but jumps when the time is set.
/// So with <see cref="TimeProvider.System"/> the guard reads a monotonic clock that keeps running during suspension:
/// Linux <c>CLOCK_BOOTTIME</c>, macOS <c>CLOCK_MONOTONIC</c>, Windows <c>GetTickCount64</c>; elsewhere (or if the call
/// fails) <see cref="Stopwatch"/>. Any other <see cref="TimeProvider"/> (tests) is used through its
/// <see cref="TimeProvider.GetTimestamp"/>.
/// </summary>
internal sealed class IdleClock
{
    private readonly TimeProvider? _timeProvider;
    private readonly ClockSource _source;

    private IdleClock(TimeProvider? timeProvider, ClockSource source, long frequency)
    {
        _timeProvider = timeProvider;
        _source = source;
        Frequency = frequency;
    }

    private enum ClockSource
    {
        TimeProvider,
        Stopwatch,
        PosixSuspendAware,
        WindowsTickCount,
    }

    /// <summary>Ticks per second of <see cref="Now"/>.</summary>
    public long Frequency { get; }

    public static IdleClock For(TimeProvider timeProvider)
    {
        if (!ReferenceEquals(timeProvider, TimeProvider.System))
        {
            return new IdleClock(timeProvider, ClockSource.TimeProvider, timeProvider.TimestampFrequency);
        }

        return SystemClock.Value;
    }

    /// <summary>One clock read: the hot path's only call that is not inlined (on Linux and macOS it calls <c>clock_gettime</c> directly).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Now() => _source == ClockSource.PosixSuspendAware ? NativeClocks.PosixNanoseconds() : OtherNow();

    private long OtherNow() => _source switch
    {
        ClockSource.WindowsTickCount => NativeClocks.WindowsMilliseconds(),
        ClockSource.Stopwatch => Stopwatch.GetTimestamp(),
        _ => _timeProvider!.GetTimestamp(),
    };

    /// <summary>
    /// A time no later than now and no earlier than <paramref name="floor"/>, for marking the end of a lease. With the
    /// system clock it costs no clock read: a background ticker publishes the time every <see cref="TickInterval"/>,
    /// so the value may lag, which only makes idle time look longer (an early probe), never shorter. A custom
    /// <see cref="TimeProvider"/> is read exactly (fake clocks do not tick by themselves).
    /// </summary>
    public long RecentLowerBound(long floor)
    {
        if (_source == ClockSource.TimeProvider)
        {
            return _timeProvider!.GetTimestamp();
        }

        var published = Volatile.Read(ref s_published);
        return published > floor ? published : floor;
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
    private static long s_published;

    private static IdleClock CreateAndStartSystemClock()
    {
        var clock = CreateSystemClock();
        Volatile.Write(ref s_published, clock.Now());

        // A dedicated background thread rather than a pool timer: a starved thread pool must not stall the published time.
        var ticker = new Thread(() =>
        {
            while (true)
            {
                Thread.Sleep(TickInterval);
                Volatile.Write(ref s_published, clock.Now());
            }
        })
        {
            IsBackground = true,
            Name = "StaleConn idle clock",
        };
        ticker.Start();
        return clock;
    }

    private static IdleClock CreateSystemClock()
    {
        try
        {
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
                return new IdleClock(null, ClockSource.WindowsTickCount, 1000);
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
        public const int MacMonotonic = 6; // CLOCK_MONOTONIC on macOS keeps counting while asleep

        private static int s_posixClock;

        [StructLayout(LayoutKind.Sequential)]
        private struct TimeSpec
        {
            public nint Seconds;
            public nint Nanoseconds;
        }

#if NET
        // Function pointers looked up at start-up for this platform only, not [DllImport]: the hot path inlines the
        // clock call, and an inlined [SuppressGCTransition] import of another platform's library made the runtime try
        // to load it while compiling (observed: DllNotFoundException for kernel32 on Linux, unhandled on a runtime
        // thread, crashed the process). A pointer is data, so nothing is bound that this platform does not have.
        private static readonly unsafe delegate* unmanaged[SuppressGCTransition]<int, TimeSpec*, int> ClockGettime =
            (delegate* unmanaged[SuppressGCTransition]<int, TimeSpec*, int>)Export("libc", "clock_gettime", OSPlatform.Linux, OSPlatform.OSX);

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

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe long PosixNanoseconds()
        {
            TimeSpec time;
            _ = ClockGettime(s_posixClock, &time);
            return ((long)time.Seconds * 1_000_000_000) + (long)time.Nanoseconds;
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

        public static long PosixNanoseconds()
        {
            _ = clock_gettime(s_posixClock, out var time);
            return ((long)time.Seconds * 1_000_000_000) + (long)time.Nanoseconds;
        }

        public static long WindowsMilliseconds() => (long)GetTickCount64();

        [DllImport("libc", EntryPoint = "clock_gettime")]
        private static extern int clock_gettime(int clockId, out TimeSpec time);

        [DllImport("kernel32", EntryPoint = "GetTickCount64")]
        private static extern ulong GetTickCount64();
#endif
    }
}
