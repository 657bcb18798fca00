using System;
using System.Threading;
using System.Threading.Tasks;

namespace StaleConn;

/// <summary>
/// A last-resort bound on a provider call that the provider is supposed to bound itself (command and connect timeouts)
/// but may not on a silent peer: seen with Connector/NET, whose command cancellation needs a second connection that a
/// black hole never answers. Past the bound the call is abandoned (its connection is discarded by the caller) and a
/// <see cref="TimeoutException"/> is thrown. For such providers the call runs on one of <see cref="CallThreads"/>
/// (sync and async) so the caller can stop waiting even when the provider blocks. A provider that
/// keeps its own bounds (<see cref="ProviderTraits{TConnection}.BoundsItsOwnCalls"/>) runs on the caller's thread:
/// no hop, and for async the same bound still applies as a safety net. Slow path only (probe, open), never the hot path.
/// </summary>
internal static class HardBound
{
    /// <summary>Extra time granted to the provider beyond its own timeout before the guard stops waiting.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    // onAbandon: called when the guard stops waiting, to end the abandoned call (shut its socket down).
    public static async ValueTask<T> RunAsync<T>(Func<Task<T>> work, TimeSpan bound, bool sync, bool inline, string what, CancellationToken cancellationToken, Action? onAbandon = null)
    {
        if (inline && sync)
        {
            // The provider bounds the call itself; in sync mode the work completes before it returns.
            return work().GetAwaiter().GetResult();
        }

        // Not inline: on a guard thread, sync or async. Some providers' "async" methods block (Connector/NET's do, for
        // their whole timeout and the cancellation after it); on the pool they starved it, which delayed the very timer
        // that bounds them (a 3 s bound seen ending after 8.5 s). The work keeps the caller's ExecutionContext, sync or
        // async: activities, logging scopes, and the lease marks by which a handler it raises is known as the caller's. A call still queued for a guard thread when the bound passes (all of them busy
        // with abandoned calls) is withdrawn: it must not run later, on a connection already written off.
        using var withdraw = inline ? null : new CancellationTokenSource();
        var task = inline ? work() : CallThreads.Run(InCallersContext(work), withdraw!.Token);
        if (!task.IsCompleted)
        {
            if (sync)
            {
                try
                {
                    if (!task.Wait((int)Math.Min(int.MaxValue, bound.TotalMilliseconds), cancellationToken))
                    {
                        withdraw?.Cancel();
                        throw Abandon(task, bound, what, onAbandon);
                    }
                }
                catch (AggregateException)
                {
                    // Rethrown unwrapped below.
                }
                catch (OperationCanceledException)
                {
                    withdraw?.Cancel();
                    AbandonedTasks.Observe(task);
                    throw;
                }
            }
            else
            {
                using var delayCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var delay = Task.Delay(bound, delayCancel.Token);
                var winner = await Task.WhenAny(task, delay).ConfigureAwait(false);
                delayCancel.Cancel();
                if (winner != task)
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        AbandonedTasks.Observe(task);
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    throw Abandon(task, bound, what, onAbandon);
                }
            }
        }

        return task.GetAwaiter().GetResult();
    }

    // The provider's call, started in the caller's ExecutionContext and waited for on the guard thread. Under
    // ExecutionContext.SuppressFlow() there is none to capture, but the guard's lease marks still go along: a hook or
    // Validator that acquires is known as the caller's flow there too, and refused instead of waiting for itself.
    private static Func<T> InCallersContext<T>(Func<Task<T>> work)
    {
        var context = ExecutionContext.Capture();
        var leaseMarks = context is null ? FlowMarks.Leases.Value : null;
        return () =>
        {
            Task<T>? started = null;
            if (context is null)
            {
                started = WithLeaseMarks(leaseMarks, work);
            }
            else
            {
                ExecutionContext.Run(context, _ => started = work(), null);
            }

            return started!.GetAwaiter().GetResult();
        };
    }

    private static Task<T> WithLeaseMarks<T>(LeaseMark? leaseMarks, Func<Task<T>> work)
    {
        var previous = FlowMarks.Leases.Value;
        FlowMarks.Leases.Value = leaseMarks;
        try
        {
            return work();
        }
        finally
        {
            FlowMarks.Leases.Value = previous;
        }
    }

    private static TimeoutException Abandon(Task task, TimeSpan bound, string what, Action? onAbandon)
    {
        AbandonedTasks.Observe(task);
        try
        {
            onAbandon?.Invoke();
        }
        catch (Exception)
        {
            // Best effort: the call is written off either way.
        }

        return new TimeoutException($"{what} did not finish within {bound.TotalSeconds:0.#} s although the provider's own timeout had passed: the server or the network is not answering.");
    }
}
