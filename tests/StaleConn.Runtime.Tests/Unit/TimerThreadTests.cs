using System.Diagnostics;
using MySqlConnector.ScriptedForTests;

namespace StaleConn.Runtime.Tests.Unit;

/// <summary>The slow path's own timer thread (<see cref="TimerThread"/>): what its callers rely on when they dispose a call.</summary>
public sealed class TimerThreadTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public void A_call_fires_off_the_pool_after_its_time_and_a_disposed_one_never_fires()
    {
        using var alive = new ConnectionGuard<ScriptedConnection>(new ScriptedDatabase().CreateConnection);
        using var fired = new ManualResetEventSlim(false);
        var firedOnPool = (bool?)null;
        var firedAfter = TimeSpan.Zero;
        var disposedFired = 0;
        var watch = Stopwatch.StartNew();
        var disposed = TimerThread.Schedule(TimeSpan.FromMilliseconds(100), _ => Interlocked.Increment(ref disposedFired), new object());
        using var kept = TimerThread.Schedule(TimeSpan.FromMilliseconds(300), _ =>
        {
            firedAfter = watch.Elapsed;
            firedOnPool = Thread.CurrentThread.IsThreadPoolThread;
            fired.Set();
        }, new object());
        disposed.Dispose();

        Assert.True(fired.Wait(Deadline), "the kept call never fired");
        Assert.True(firedAfter >= TimeSpan.FromMilliseconds(300), $"fired after {firedAfter}");
        Assert.False(firedOnPool);
        Assert.Equal(0, Volatile.Read(ref disposedFired));
    }

    [Fact]
    public void Disposing_a_call_that_is_firing_returns_after_its_callback_ended()
    {
        // A ping's watchdog shuts the connection's socket down: once the ping's caller disposed it and moved on with the
        // connection, that must not happen any more.
        using var alive = new ConnectionGuard<ScriptedConnection>(new ScriptedDatabase().CreateConnection);
        using var started = new ManualResetEventSlim(false);
        var ended = false;
        var call = TimerThread.Schedule(TimeSpan.Zero, _ =>
        {
            started.Set();
            Thread.Sleep(300);
            Volatile.Write(ref ended, true);
        }, new object());
        Assert.True(started.Wait(Deadline), "the call never fired");

        call.Dispose();

        Assert.True(Volatile.Read(ref ended), "Dispose returned while the callback still ran");
    }
}
