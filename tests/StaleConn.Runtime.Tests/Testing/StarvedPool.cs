using System.Diagnostics;

namespace StaleConn.Runtime.Tests.Testing;

/// <summary>
/// Every thread-pool thread blocked, with more blocked work queued behind it than the pool can add threads for in a
/// test's time: what a sync-over-async service under load looks like. A pool timer's callback queues behind that work,
/// so nothing that waits for the pool runs until <see cref="Release"/>.
/// </summary>
internal sealed class StarvedPool : IDisposable
{
    private const int QueuedBeyondThreads = 200;
    private readonly ManualResetEventSlim _released = new();
    private int _blocked;

    private StarvedPool()
    {
    }

    /// <summary>How many work items were blocked on the pool.</summary>
    public int Blocked => Volatile.Read(ref _blocked);

    /// <summary>What released the pool: the caller, the fallback timer, or the disposal.</summary>
    public string? ReleasedBy { get; private set; }

    public static StarvedPool Start()
    {
        var pool = new StarvedPool();
        var count = ThreadPool.ThreadCount + QueuedBeyondThreads;
        for (var i = 0; i < count; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static state => ((StarvedPool)state!).Block(), pool);
        }

        // Starved once work waits with every thread taken.
        var watch = Stopwatch.StartNew();
        while (ThreadPool.PendingWorkItemCount < QueuedBeyondThreads / 2)
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(10))
            {
                pool.Dispose();
                throw new InvalidOperationException($"The thread pool did not starve: {ThreadPool.PendingWorkItemCount} items pending, {ThreadPool.ThreadCount} threads.");
            }

            Thread.Sleep(10);
        }

        return pool;
    }

    /// <summary>Lets the blocked work go (the first release counts).</summary>
    public void Release() => Release("the probe's end");

    /// <summary>Releases the pool after <paramref name="delay"/> from a thread of its own, if nothing did before.</summary>
    public void ReleaseAfter(TimeSpan delay)
    {
        var fallback = new Thread(() =>
        {
            if (!_released.Wait(delay))
            {
                Release("the fallback after " + delay);
            }
        }) { IsBackground = true, Name = "starved pool fallback" };
        fallback.Start();
    }

    public void Dispose() => Release("the disposal");

    private void Release(string by)
    {
        lock (_released)
        {
            if (_released.IsSet)
            {
                return;
            }

            ReleasedBy = by;
            _released.Set();
        }
    }

    private void Block()
    {
        Interlocked.Increment(ref _blocked);
        _released.Wait();
    }
}
