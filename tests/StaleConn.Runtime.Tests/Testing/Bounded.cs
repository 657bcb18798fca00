using System.Diagnostics;

namespace StaleConn.Runtime.Tests.Testing;

/// <summary>
/// A call on the guard with a deadline of its own, off the test's context: a regression that makes it wait for ever
/// fails the test at once with what was still waiting (and the guard's log), not at the test's own deadline.
/// </summary>
internal static class Bounded
{
    /// <summary>
    /// Runs <paramref name="operation"/> on the thread pool; its time and its exception, or a timeout at
    /// <paramref name="deadline"/>. The thread pool, not xunit's synchronization context: that context has one thread
    /// per core, and a test class beside this one can hold them for seconds (a sync acquire over a black hole), which an
    /// <c>await</c> resuming there would add to a bound meant for the guard.
    /// </summary>
    public static async Task<(TimeSpan Elapsed, Exception? Error)> RunAsync(Func<Task> operation, TimeSpan deadline, string what, Func<string>? context = null)
    {
        var watch = Stopwatch.StartNew();
        var run = Task.Run(operation);
        if (await Task.WhenAny(run, Task.Delay(deadline)).ConfigureAwait(false) != run)
        {
            throw StillWaiting(what, deadline, context);
        }

        try
        {
            await run.ConfigureAwait(false);
            return (watch.Elapsed, null);
        }
        catch (Exception ex)
        {
            return (watch.Elapsed, ex);
        }
    }

    /// <summary>Runs a blocking <paramref name="operation"/> on a thread of its own; its time and its exception, or a timeout at <paramref name="deadline"/>.</summary>
    public static (TimeSpan Elapsed, Exception? Error) Run(Action operation, TimeSpan deadline, string what, Func<string>? context = null)
    {
        Exception? error = null;
        var elapsed = TimeSpan.Zero;
        var thread = new Thread(() =>
        {
            var watch = Stopwatch.StartNew();
            try
            {
                operation();
            }
            catch (Exception ex)
            {
                error = ex;
            }

            elapsed = watch.Elapsed;
        }) { IsBackground = true, Name = what };
        thread.Start();
        return thread.Join(deadline) ? (elapsed, error) : throw StillWaiting(what, deadline, context);
    }

    private static TimeoutException StillWaiting(string what, TimeSpan deadline, Func<string>? context) =>
        new($"{what} was still waiting after {deadline.TotalSeconds:0.#} s{(context is null ? "." : ": " + context())}");
}

/// <summary>Shorthands for a bounded call's outcome.</summary>
internal static class BoundedOutcome
{
    /// <summary>Rethrows the call's exception, if it had one.</summary>
    public static void ThrowIfFailed(this (TimeSpan Elapsed, Exception? Error) outcome)
    {
        if (outcome.Error is { } error)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
        }
    }
}
