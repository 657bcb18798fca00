using System;
using System.Threading;
using System.Threading.Tasks;

namespace StaleConn;

/// <summary>
/// A last-resort bound on a provider call that the provider is supposed to bound itself (command and connect timeouts)
/// but may not on a silent peer: seen with Connector/NET, whose command cancellation needs a second connection that a
/// black hole never answers. Past the bound the call is abandoned (its connection is discarded by the caller) and a
/// <see cref="TimeoutException"/> is thrown. For such providers the call runs elsewhere (the pool for async, one of
/// <see cref="CallThreads"/> for sync) so the caller can stop waiting even when the provider blocks. A provider that
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

        // Async: on the pool unless inline, since some providers' "async" methods block the caller. Sync: on a guard
        // thread, so a starved pool cannot turn a slow start into a false "dead" verdict.
        // A sync call still queued for a guard thread when the bound passes (all of them busy with abandoned calls) is
        // withdrawn: it must not run later, on a connection already written off.
        using var withdraw = sync && !inline ? new CancellationTokenSource() : null;
        var task = inline ? work() : sync ? CallThreads.Run(() => work().GetAwaiter().GetResult(), withdraw!.Token) : Task.Run(work);
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
