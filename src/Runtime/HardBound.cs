using System;
using System.Threading;
using System.Threading.Tasks;

namespace StaleConn;

/// <summary>
/// A last-resort bound on a provider call that the provider is supposed to bound itself (command and connect timeouts)
/// but may not on a silent peer: seen with Connector/NET, whose command cancellation needs a second connection that a
/// black hole never answers. Past the bound the call is abandoned (its connection is discarded by the caller) and a
/// <see cref="TimeoutException"/> is thrown. The call runs on another thread (the pool for async, a thread of its own
/// for sync) so the caller can stop waiting even when the provider blocks; this only happens on the slow path (probe,
/// open), never on the hot path.
/// </summary>
internal static class HardBound
{
    /// <summary>Extra time granted to the provider beyond its own timeout before the guard stops waiting.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    public static async ValueTask<T> RunAsync<T>(Func<Task<T>> work, TimeSpan bound, bool sync, string what, CancellationToken cancellationToken)
    {
        // Async: on the pool, since some providers' "async" methods block the caller. Sync: on a thread of its own, so a
        // starved pool (the usual state of sync-over-async code) cannot turn a slow start into a false "dead" verdict.
        var task = sync ? RunOnOwnThread(work) : Task.Run(work);
        if (!task.IsCompleted)
        {
            if (sync)
            {
                try
                {
                    if (!task.Wait((int)Math.Min(int.MaxValue, bound.TotalMilliseconds), cancellationToken))
                    {
                        throw Abandon(task, bound, what);
                    }
                }
                catch (AggregateException)
                {
                    // Rethrown unwrapped below.
                }
                catch (OperationCanceledException)
                {
                    Observe(task);
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
                        Observe(task);
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    throw Abandon(task, bound, what);
                }
            }
        }

        return task.GetAwaiter().GetResult();
    }

    private static Task<T> RunOnOwnThread<T>(Func<Task<T>> work)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                // In sync mode the work completes synchronously; GetResult also unwraps its exception.
                completion.TrySetResult(work().GetAwaiter().GetResult());
            }
            catch (Exception ex)
            {
                completion.TrySetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "StaleConn bounded call",
        };
        thread.Start();
        return completion.Task;
    }

    private static TimeoutException Abandon(Task task, TimeSpan bound, string what)
    {
        Observe(task);
        return new TimeoutException($"{what} did not finish within {bound.TotalSeconds:0.#} s although the provider's own timeout had passed: the server or the network is not answering.");
    }

    private static void Observe(Task task) =>
        _ = task.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
}
