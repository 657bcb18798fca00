using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace StaleConn;

/// <summary>
/// Threads of the guard's own that run a provider's blocking calls for the sync path, so that the caller can stop
/// waiting when the provider does not (see <see cref="HardBound"/>). Not pool threads, so a starved pool (the usual
/// state of sync-over-async code) cannot delay a call into a false "dead" verdict. Reused: starting a thread cost
/// 150–500 µs on the benchmark machine, a hand-over to a parked one a few µs. A thread still busy with an abandoned
/// call is simply not reused; an idle one exits after <see cref="IdleLifetime"/>.
/// </summary>
internal static class CallThreads
{
    private static readonly TimeSpan IdleLifetime = TimeSpan.FromSeconds(30);
    private static readonly object s_lock = new();
    private static readonly List<Worker> s_idle = new();

    /// <summary>Runs <paramref name="work"/> on a guard thread; the task completes (without running continuations inline on the caller) when it returns.</summary>
    public static Task<T> Run<T>(Func<T> work)
    {
        var call = new Call<T>(work);
        Worker? worker = null;
        lock (s_lock)
        {
            if (s_idle.Count > 0)
            {
                worker = s_idle[s_idle.Count - 1];
                s_idle.RemoveAt(s_idle.Count - 1);
            }
        }

        (worker ?? Worker.Start()).Post(call);
        return call.Task;
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

    private abstract class WorkItem
    {
        public abstract void Execute();
    }

    private sealed class Call<T> : WorkItem
    {
        private readonly Func<T> _work;
        private readonly TaskCompletionSource<T> _completion = new();

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
                        if (s_idle.Remove(this))
                        {
                            return; // idle too long and nobody took it
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
