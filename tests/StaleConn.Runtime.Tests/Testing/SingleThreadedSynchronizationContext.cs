using System.Collections.Concurrent;

namespace StaleConn.Runtime.Tests.Testing;

/// <summary>
/// What WinForms, WPF and classic ASP.NET give a UI or request thread: a synchronization context whose posted work all
/// runs on its one thread, one item at a time. Code that blocks that thread on a task whose continuation was posted
/// here deadlocks.
/// </summary>
internal sealed class SingleThreadedSynchronizationContext : SynchronizationContext, IDisposable
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = new();
    private readonly Thread _thread;

    public SingleThreadedSynchronizationContext()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "single-threaded context" };
        _thread.Start();
    }

    public override void Post(SendOrPostCallback d, object? state) => _queue.Add((d, state));

    public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException();

    /// <summary>Runs <paramref name="work"/> on the context's thread; fails after <paramref name="deadline"/> with <paramref name="what"/>.</summary>
    public T Run<T>(Func<T> work, TimeSpan deadline, string what)
    {
        var outcome = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(_ =>
        {
            try
            {
                outcome.SetResult(work());
            }
            catch (Exception ex)
            {
                outcome.SetException(ex);
            }
        }, null);
        return outcome.Task.Wait(deadline) ? outcome.Task.Result : throw new TimeoutException($"{what}: still waiting after {deadline.TotalSeconds:0} s");
    }

    public void Dispose() => _queue.CompleteAdding();

    private void Loop()
    {
        SetSynchronizationContext(this);
        foreach (var (callback, state) in _queue.GetConsumingEnumerable())
        {
            callback(state);
        }
    }
}
