using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;

namespace StaleConn;

/// <summary>
/// The slow path's timers, fired from a thread of the library's own rather than by the thread pool: a sync probe runs on
/// the caller's thread (MySqlConnector) and only these timers end it, and a starved pool (the usual state of
/// sync-over-async code) held a pool timer's callback until the pool ran again, far past the bound it enforced. The
/// callbacks run one after another on that thread, so they must be short and must not block: shut a socket down, cancel
/// a token with short callbacks, or hand slower work to <see cref="CallThreads"/>. The thread runs while calls are
/// scheduled and for <see cref="IdleLifetime"/> after the last, and not at all once none is scheduled and no guard is
/// alive (<see cref="LiveGuards"/>).
/// </summary>
internal static class TimerThread
{
    private static readonly TimeSpan IdleLifetime = TimeSpan.FromSeconds(30);
    private static readonly object s_lock = new();
    private static readonly List<ScheduledCall> s_scheduled = new();
    private static ScheduledCall? s_firing;
    private static bool s_running;

    [ThreadStatic]
    private static bool t_onTimerThread;

    /// <summary>Whether the thread runs (tests).</summary>
    internal static bool Running
    {
        get
        {
            lock (s_lock)
            {
                return s_running;
            }
        }
    }

    /// <summary>
    /// Calls <paramref name="fire"/> with <paramref name="state"/> once <paramref name="after"/> has passed, unless the
    /// returned call is disposed first. Once its <c>Dispose</c> returns, the call has run to its end or never will.
    /// </summary>
    public static ScheduledCall Schedule(TimeSpan after, Action<object> fire, object state)
    {
        var call = new ScheduledCall(Stopwatch.GetTimestamp() + StopwatchTicks(after), fire, state);
        lock (s_lock)
        {
            s_scheduled.Add(call);
            if (s_running)
            {
                Monitor.PulseAll(s_lock);
            }
            else
            {
                s_running = true;
                new Thread(Run) { IsBackground = true, Name = "StaleConn timers" }.Start();
            }
        }

        return call;
    }

    /// <summary>Wakes the thread so that it ends now if no call is scheduled (the last guard was disposed).</summary>
    internal static void RetireIfIdle()
    {
        lock (s_lock)
        {
            Monitor.PulseAll(s_lock);
        }
    }

    internal static void Unschedule(ScheduledCall call)
    {
        lock (s_lock)
        {
            if (s_scheduled.Remove(call))
            {
                return;
            }

            // Firing now: wait for its end, so that a disposed call's callback never runs after the caller moved on
            // (a ping's socket shut down under a connection already handed to the caller). Not from the callback itself.
            while (ReferenceEquals(s_firing, call) && !t_onTimerThread)
            {
                Monitor.Wait(s_lock);
            }
        }
    }

    private static void Run()
    {
        t_onTimerThread = true;
        while (TakeNextDue() is { } due)
        {
            try
            {
                due.Fire(due.State);
            }
            catch (Exception)
            {
                // The callbacks end calls already written off; nothing would observe the failure.
            }

            lock (s_lock)
            {
                s_firing = null;
                Monitor.PulseAll(s_lock);
            }
        }
    }

    // The next call whose time has come, marked as firing; null when the thread should end.
    private static ScheduledCall? TakeNextDue()
    {
        lock (s_lock)
        {
            while (true)
            {
                if (s_scheduled.Count == 0)
                {
                    if (!LiveGuards.AnyAlive || !Monitor.Wait(s_lock, IdleLifetime) && s_scheduled.Count == 0)
                    {
                        s_running = false;
                        return null;
                    }

                    continue;
                }

                var earliest = Earliest();
                var wait = earliest.Due - Stopwatch.GetTimestamp();
                if (wait <= 0)
                {
                    s_scheduled.Remove(earliest);
                    s_firing = earliest;
                    return earliest;
                }

                _ = Monitor.Wait(s_lock, WholeMillisecondsUp(wait));
            }
        }
    }

    private static ScheduledCall Earliest()
    {
        var earliest = s_scheduled[0];
        for (var i = 1; i < s_scheduled.Count; i++)
        {
            if (s_scheduled[i].Due < earliest.Due)
            {
                earliest = s_scheduled[i];
            }
        }

        return earliest;
    }

    private static long StopwatchTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    // Rounded up: a wait that ends a little early would spin until the call is due.
    private static int WholeMillisecondsUp(long stopwatchTicks) =>
        (int)Math.Min(int.MaxValue, Math.Ceiling(stopwatchTicks * 1000.0 / Stopwatch.Frequency));
}

/// <summary>A call scheduled on <see cref="TimerThread"/>; disposing it unschedules it.</summary>
internal sealed class ScheduledCall : IDisposable
{
    internal ScheduledCall(long due, Action<object> fire, object state)
    {
        Due = due;
        Fire = fire;
        State = state;
    }

    internal long Due { get; }

    internal Action<object> Fire { get; }

    internal object State { get; }

    public void Dispose() => TimerThread.Unschedule(this);
}
