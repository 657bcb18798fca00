using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace StaleConn;

/// <summary>
/// Threads of the guard's own for the slow path: a provider's calls that may block (sync, and async on providers that
/// do not bound their own calls), so that the caller can stop waiting when the provider does not (see
/// <see cref="HardBound"/>), and the disposal of dead connections in the background. Not pool threads: a starved pool (the usual state of sync-over-async code) cannot delay a call into a
/// false "dead" verdict, and handing work to a pool that has retired its idle threads (after a quiet spell, which is
/// when recoveries happen) makes the caller start one — 150–800 µs measured on the benchmark machine, more than the
/// rest of a recovery's overhead. A hand-over to a parked thread of ours costs a wake-up.
/// <para>
/// Bounded: at most <see cref="MaxThreads"/> exist at once. A call blocked for good (a peer frozen in a TLS handshake
/// that no socket shutdown ends) keeps its thread; once all are taken, new work queues, and a sync call still queued
/// when its bound passes is withdrawn (<see cref="HardBound"/>) and fails with the bound's timeout instead of starting
/// another thread. While a guard is alive, <see cref="KeptParked"/> idle threads stay parked (no CPU, stack reserved
/// only) and extra ones exit after <see cref="IdleLifetime"/>; once no guard is alive (<see cref="LiveGuards"/>),
/// every idle thread exits, so nothing of the library keeps running (a collectible AssemblyLoadContext can unload).
/// </para>
/// </summary>
internal static class CallThreads
{
    /// <summary>The most threads that may exist at once.</summary>
    internal const int MaxThreads = 16;

    private const int KeptParked = 2;
    private static readonly TimeSpan IdleLifetime = TimeSpan.FromSeconds(30);
    private static readonly object s_lock = new();
    private static readonly List<Worker> s_idle = new();
    private static readonly Queue<WorkItem> s_queued = new();
    private static int s_started;
    private static int s_alive;

    /// <summary>
    /// Runs <paramref name="work"/> on a guard thread; the task completes when it returns. Its continuations run on the
    /// thread pool, never inline on the guard thread: an awaiting caller resuming there kept the thread from parking
    /// again (a test that then waited for a parked thread waited on itself). A blocking <c>Wait</c> is still woken directly.
    /// Cancelling <paramref name="withdraw"/> before a thread took the call cancels it instead.
    /// </summary>
    public static Task<T> Run<T>(Func<T> work, CancellationToken withdraw = default)
    {
        var call = new Call<T>(work);
        if (withdraw.CanBeCanceled)
        {
            call.Registration = withdraw.Register(static state => ((Call<T>)state!).Withdraw(), call);
        }

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
        var start = false;
        lock (s_lock)
        {
            if (s_idle.Count > 0)
            {
                worker = s_idle[s_idle.Count - 1];
                s_idle.RemoveAt(s_idle.Count - 1);
            }
            else if (s_alive < MaxThreads)
            {
                s_alive++;
                start = true;
            }
            else
            {
                s_queued.Enqueue(item);
                return;
            }
        }

        (start ? Worker.Start() : worker!).Post(item);
    }

    /// <summary>How many threads were started so far (tests, benchmarks).</summary>
    internal static int Started => Volatile.Read(ref s_started);

    /// <summary>How many threads exist now, busy or parked (tests).</summary>
    internal static int Alive
    {
        get
        {
            lock (s_lock)
            {
                return s_alive;
            }
        }
    }

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

    /// <summary>The last guard was disposed or collected: every parked thread exits (busy ones exit when they finish).</summary>
    internal static void RetireIdle()
    {
        List<Worker> retiring;
        lock (s_lock)
        {
            retiring = new List<Worker>(s_idle);
            s_idle.Clear();
        }

        foreach (var worker in retiring)
        {
            worker.Post(null);
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
        private int _state; // 0 queued, 1 running, 2 withdrawn

        public Call(Func<T> work) => _work = work;

        public Task<T> Task => _completion.Task;

        public CancellationTokenRegistration Registration { get; set; }

        public void Withdraw()
        {
            if (Interlocked.CompareExchange(ref _state, 2, 0) == 0)
            {
                _completion.TrySetCanceled();
            }
        }

        public override void Execute()
        {
            if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
            {
                return; // withdrawn while queued
            }

            Registration.Dispose();
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
            var thread = new Thread(worker.Loop) { IsBackground = true, Name = "StaleConn bounded call" };

            // A thread would keep the ExecutionContext of the flow that started it (its lease marks among them) for every
            // later call it runs: each call brings its own caller's context instead (HardBound.InCallersContext). A
            // caller may have suppressed the flow already, and suppressing it twice is documented to throw (.NET Framework
            // does; .NET 10 was seen not to).
            if (ExecutionContext.IsFlowSuppressed())
            {
                thread.Start();
            }
            else
            {
                using (ExecutionContext.SuppressFlow())
                {
                    thread.Start();
                }
            }

            return worker;
        }

        /// <summary>Hands <paramref name="item"/> to this parked thread; <c>null</c> tells it to exit.</summary>
        public void Post(WorkItem? item)
        {
            Volatile.Write(ref _item, item);
            _posted.Release();
        }

        private void Loop()
        {
            _posted.Wait();
            var item = Interlocked.Exchange(ref _item, null);
            while (item is not null)
            {
                item.Execute();
                item = NextOrPark();
            }
        }

        // Queued work first; else park until posted to, or exit (an extra thread idle too long, or no guard alive).
        private WorkItem? NextOrPark()
        {
            lock (s_lock)
            {
                if (s_queued.Count > 0)
                {
                    return s_queued.Dequeue();
                }

                if (!LiveGuards.AnyAlive)
                {
                    s_alive--;
                    return null;
                }

                s_idle.Add(this);
            }

            while (!_posted.Wait(IdleLifetime))
            {
                bool beingPosted;
                lock (s_lock)
                {
                    beingPosted = !s_idle.Contains(this);
                    if (!beingPosted && (s_idle.Count > KeptParked || !LiveGuards.AnyAlive))
                    {
                        s_idle.Remove(this);
                        s_alive--;
                        return null; // an extra thread idle too long, or no guard left to serve
                    }
                }

                if (beingPosted)
                {
                    _posted.Wait(); // taken from the idle list just now: its work is being posted
                    break;
                }
            }

            var item = Interlocked.Exchange(ref _item, null);
            if (item is null)
            {
                lock (s_lock)
                {
                    s_alive--;
                }
            }

            return item;
        }
    }
}
