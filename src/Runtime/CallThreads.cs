using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace StaleConn;

/// <summary>
/// Threads of the guard's own for the slow path: a provider's blocking calls in the sync path, so that the caller can
/// stop waiting when the provider does not (see <see cref="HardBound"/>), and the disposal of dead connections in the
/// background. Not pool threads: a starved pool (the usual state of sync-over-async code) cannot delay a call into a
/// false "dead" verdict, and handing work to a pool that has retired its idle threads (after a quiet spell, which is
/// when recoveries happen) makes the caller start one — 150–800 µs measured on the benchmark machine, more than the
/// rest of a recovery's overhead. A hand-over to a parked thread of ours costs a wake-up. <see cref="KeptParked"/>
/// threads stay parked for the life of the process (no CPU, stack reserved only); extra ones exit after
/// <see cref="IdleLifetime"/>. A thread still busy with an abandoned call is simply not reused.
/// </summary>
internal static class CallThreads
{
    private const int KeptParked = 2;
    private static readonly TimeSpan IdleLifetime = TimeSpan.FromSeconds(30);
    private static readonly object s_lock = new();
    private static readonly List<Worker> s_idle = new();

    /// <summary>
    /// Runs <paramref name="work"/> on a guard thread; the task completes when it returns. Its continuations run on the
    /// thread pool, never inline on the guard thread: an awaiting caller resuming there kept the thread from parking
    /// again (a test that then waited for a parked thread waited on itself). A blocking <c>Wait</c> is still woken directly.
    /// </summary>
    public static Task<T> Run<T>(Func<T> work)
    {
        var call = new Call<T>(work);
        Post(call);
        return call.Task;
    }

    /// <summary>
    /// Runs <paramref name="item"/> on a guard thread, with no task to complete: for work that observes itself (the
    /// background disposal), so handing it over costs the caller the wake-up and nothing more.
    /// </summary>
    public static void Post(WorkItem item)
    {
        Worker? worker = null;
        lock (s_lock)
        {
            if (s_idle.Count > 0)
            {
                worker = s_idle[s_idle.Count - 1];
                s_idle.RemoveAt(s_idle.Count - 1);
            }
        }

        (worker ?? Worker.Start()).Post(item);
    }

    private static int s_started;

    /// <summary>How many threads were started so far (tests, benchmarks).</summary>
    internal static int Started => Volatile.Read(ref s_started);

    /// <summary>How many parked threads wait for work (tests).</summary>
    internal static int IdleCount
    {
        get
        {
            lock (s_lock)
            {
                return s_idle.Count;
            }
        }
    }

    /// <summary>Work for a guard thread. <see cref="Execute"/> must not throw: nothing would observe it.</summary>
    internal abstract class WorkItem
    {
        public abstract void Execute();
    }

    private sealed class Call<T> : WorkItem
    {
        private readonly Func<T> _work;
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Call(Func<T> work) => _work = work;

        public Task<T> Task => _completion.Task;

        public override void Execute()
        {
            try
            {
                _completion.TrySetResult(_work());
            }
            catch (Exception ex)
            {
                _completion.TrySetException(ex);
            }
        }
    }

    private sealed class Worker
    {
        private readonly SemaphoreSlim _posted = new(0, 1);
        private WorkItem? _item;

        public static Worker Start()
        {
            Interlocked.Increment(ref s_started);
            var worker = new Worker();
            new Thread(worker.Loop) { IsBackground = true, Name = "StaleConn bounded call" }.Start();
            return worker;
        }

        public void Post(WorkItem item)
        {
            Volatile.Write(ref _item, item);
            _posted.Release();
        }

        private void Loop()
        {
            while (true)
            {
                if (!_posted.Wait(IdleLifetime))
                {
                    lock (s_lock)
                    {
                        if (s_idle.Contains(this))
                        {
                            if (s_idle.Count > KeptParked)
                            {
                                s_idle.Remove(this);
                                return; // an extra thread, idle too long
                            }

                            continue; // one of the threads kept parked
                        }
                    }

                    _posted.Wait(); // taken from the idle list just now: its work is being posted
                }

                var item = Interlocked.Exchange(ref _item, null)!;
                item.Execute();
                lock (s_lock)
                {
                    s_idle.Add(this);
                }
            }
        }
    }
}
