using System;
using System.Collections.Generic;
using System.Threading;

namespace StaleConn;

/// <summary>
/// The guards alive in the process (built and neither disposed nor collected). What the library runs process-wide —
/// the idle clock's ticker thread, the parked <see cref="CallThreads"/> and the <see cref="TimerThread"/> — runs only while one is: the last guard's
/// <c>Dispose</c> (or, for guards never disposed, the ticker's next look after they were collected) lets them all
/// stop, so an application that unloads a collectible AssemblyLoadContext after disposing its guards can unload.
/// </summary>
internal static class LiveGuards
{
    private static readonly object s_lock = new();
    private static readonly List<WeakReference<object>> s_guards = new();
    private static int s_count;

    /// <summary>Whether any guard is alive (a cheap read, for threads deciding whether to stay).</summary>
    public static bool AnyAlive => Volatile.Read(ref s_count) > 0;

    public static void Register(object guard)
    {
        lock (s_lock)
        {
            s_guards.Add(new WeakReference<object>(guard));
            Volatile.Write(ref s_count, s_guards.Count);
            IdleClock.StartTickerIfStopped();
        }
    }

    public static void Unregister(object guard)
    {
        lock (s_lock)
        {
            s_guards.RemoveAll(reference => !reference.TryGetTarget(out var target) || ReferenceEquals(target, guard));
            Volatile.Write(ref s_count, s_guards.Count);
            if (s_guards.Count > 0)
            {
                return;
            }
        }

        CallThreads.RetireIdle();
        TimerThread.RetireIfIdle();
    }

    /// <summary>
    /// For the ticker, at each tick: forgets guards that were collected without being disposed, and answers whether it
    /// should go on. When it should not, <paramref name="stop"/> runs under the same lock as <see cref="Register"/>,
    /// so a guard registering at that moment finds the ticker stopped and starts a new one.
    /// </summary>
    public static bool KeepTicking(Action stop)
    {
        lock (s_lock)
        {
            s_guards.RemoveAll(reference => !reference.TryGetTarget(out _));
            Volatile.Write(ref s_count, s_guards.Count);
            if (s_guards.Count > 0)
            {
                return true;
            }

            stop();
        }

        CallThreads.RetireIdle();
        TimerThread.RetireIfIdle();
        return false;
    }
}
