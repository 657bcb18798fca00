using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace StaleConn;

/// <summary>
/// Exclusive use of the guard's connection, and the identity of each holder. One word holds both: its value modulo 4
/// is 0 when the gate is free, 1 while it is held (the word's value is then the holder's lease id) and 2 while the
/// holder is leaving. Each turn moves the word forward by 4, so a lease id is never seen again: a stale or twice
/// disposed lease fails the compare-exchange that starts an exit, and releases nothing.
/// Uncontended, an enter is one compare-exchange and an exit is one compare-exchange and a plain store (the hot path).
/// Contended callers queue, and are served first come, first served: a holder leaving with callers queued hands the
/// gate straight to the longest waiter (the word goes from "leaving" to "held by the next lease" without ever being
/// free), so a caller arriving at that moment cannot take the turn of one that has waited.
/// </summary>
/// <remarks>
/// The wake-up handshake is a Dekker pattern: an exit that saw no waiter opens the gate then reads the waiter count
/// again; a waiter registers then re-checks the gate. Each side needs its write visible before its read. On .NET the
/// waiter (the slow path) pays for both with a process-wide memory barrier (<c>Interlocked.MemoryBarrierProcessWide</c>),
/// so the exit opens the gate with a plain store; on .NET Standard the exit uses a full fence (an interlocked exchange)
/// instead. Queue changes and hand-offs happen under a lock, which only contended callers take.
/// </remarks>
internal sealed class LeaseGate
{
    /// <summary>Never a lease id: <see cref="TryEnter"/> returns it when the gate was not free.</summary>
    public const long None = 0;

    private const long StateMask = 3;
    private const long Held = 1;

    private readonly object _queueLock = new();
    private readonly LinkedList<Waiter> _queue = new();
    private long _word;
    private int _waiters;
    private Exception? _closed;

    /// <summary>How many callers wait in the queue now (for metrics and tests).</summary>
    public int WaiterCount => Volatile.Read(ref _waiters);

    /// <summary>Takes the gate if it is free: returns the new lease id (odd), or <see cref="None"/>.</summary>
    public long TryEnter()
    {
        var word = Volatile.Read(ref _word);
        return (word & StateMask) == 0 && Interlocked.CompareExchange(ref _word, word + Held, word) == word
            ? word + Held
            : None;
    }

    /// <summary>Whether any lease holds the gate now.</summary>
    public bool IsHeld => (Volatile.Read(ref _word) & StateMask) != 0;

    /// <summary>Whether <paramref name="leaseId"/> holds the gate now.</summary>
    public bool IsHeldBy(long leaseId) => leaseId != None && Volatile.Read(ref _word) == leaseId;

    /// <summary>
    /// Whether <paramref name="leaseId"/> holds the gate or is leaving it (between <see cref="TryBeginExit"/> and the end
    /// or cancellation of its exit). One read: an exit cancelled meanwhile cannot fall between two.
    /// </summary>
    public bool IsHeldOrLeaving(long leaseId) => leaseId != None && (Volatile.Read(ref _word) - leaseId) is 0 or 1;

    /// <summary>Waits for the gate; returns the lease id.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <param name="timeout">Gives up after this long with a <see cref="TimeoutException"/>; infinite when negative.</param>
    public long Enter(CancellationToken cancellationToken, TimeSpan timeout = default)
    {
        // As SemaphoreSlim did: an already-cancelled wait is refused even when the gate is free.
        cancellationToken.ThrowIfCancellationRequested();
        var leaseId = TryEnter();
        return leaseId != None ? leaseId : EnterContended(cancellationToken, timeout);
    }

    /// <summary>Waits for the gate; returns the lease id.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <param name="timeout">Gives up after this long with a <see cref="TimeoutException"/>; infinite when negative.</param>
    public ValueTask<long> EnterAsync(CancellationToken cancellationToken, TimeSpan timeout = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var leaseId = TryEnter();
        return leaseId != None ? new ValueTask<long>(leaseId) : EnterContendedAsync(cancellationToken, timeout);
    }

    /// <summary>
    /// Starts the exit of <paramref name="leaseId"/>: true if it held the gate (which stays closed to others until
    /// <see cref="EndExit"/>), false if it did not (a stale lease, or a second dispose), which changes nothing.
    /// </summary>
    public bool TryBeginExit(long leaseId) =>
        (leaseId & StateMask) == Held && Interlocked.CompareExchange(ref _word, leaseId + 1, leaseId) == leaseId;

    /// <summary>
    /// Takes back an exit begun with <see cref="TryBeginExit"/> (nothing else moves the word while its holder leaves):
    /// <paramref name="leaseId"/> holds the gate again.
    /// </summary>
    public void CancelExit(long leaseId) => Volatile.Write(ref _word, leaseId);

    /// <summary>
    /// Ends the exit after a successful <see cref="TryBeginExit"/>: hands the gate to the longest waiter, or opens it.
    /// </summary>
    public void EndExit(long leaseId)
    {
        if (Volatile.Read(ref _waiters) > 0)
        {
            HandOverOrOpen(leaseId);
            return;
        }

        // leaseId + 1 is "leaving"; + 3 is the next "free" value.
#if NET
        Volatile.Write(ref _word, leaseId + (4 - Held));
#else
        // A full fence, so the read of _waiters below cannot move before the gate opens.
        Interlocked.Exchange(ref _word, leaseId + (4 - Held));
#endif
        if (Volatile.Read(ref _waiters) > 0)
        {
            HandOverIfFree();
        }
    }

    /// <summary>Leaves the gate held by <paramref name="leaseId"/>; false (and no change) if it did not hold it.</summary>
    public bool Exit(long leaseId)
    {
        if (!TryBeginExit(leaseId))
        {
            return false;
        }

        EndExit(leaseId);
        return true;
    }

    /// <summary>
    /// Fails every queued caller with <paramref name="reason"/> (and every later one that would have to wait): the
    /// guard was disposed. A holder keeps its lease; an uncontended enter still succeeds (the guard checks for itself).
    /// </summary>
    public void Close(Exception reason)
    {
        lock (_queueLock)
        {
            _closed = reason;
            foreach (var waiter in _queue)
            {
                waiter.Completion.TrySetException(reason);
            }

            Interlocked.Add(ref _waiters, -_queue.Count);
            _queue.Clear();
        }
    }

    /// <summary>
    /// Makes a write that precedes this call visible before anything that follows, to a holder that opens the gate
    /// with a plain store and then reads that write (see the remarks on the class). The slow side of the handshake.
    /// </summary>
    public static void FenceAgainstExits()
    {
#if NET
        Interlocked.MemoryBarrierProcessWide();
#else
        Interlocked.MemoryBarrier();
#endif
    }

    private long EnterContended(CancellationToken cancellationToken, TimeSpan timeout)
    {
        var waiter = Queue(out var leaseId);
        if (waiter is null)
        {
            return leaseId;
        }

        try
        {
            if (!waiter.Completion.Task.Wait(ToMilliseconds(timeout), cancellationToken))
            {
                return Withdraw(waiter, new TimeoutException());
            }
        }
        catch (OperationCanceledException ex)
        {
            return Withdraw(waiter, ex);
        }
        catch (AggregateException ex) when (ex.InnerException is not null)
        {
            throw Rethrow(ex.InnerException);
        }

        return waiter.Completion.Task.Result;
    }

    private async ValueTask<long> EnterContendedAsync(CancellationToken cancellationToken, TimeSpan timeout)
    {
        var waiter = Queue(out var leaseId);
        if (waiter is null)
        {
            return leaseId;
        }

        var granted = waiter.Completion.Task;
        if (!granted.IsCompleted)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(timeout <= TimeSpan.Zero ? Timeout.InfiniteTimeSpan : timeout, stop.Token);
            var first = await Task.WhenAny(granted, delay).ConfigureAwait(false);
            stop.Cancel();
            if (first != granted)
            {
                return Withdraw(waiter, cancellationToken.IsCancellationRequested ? new OperationCanceledException(cancellationToken) : new TimeoutException());
            }
        }

        return await granted.ConfigureAwait(false);
    }

    // Registers a waiter, or takes the gate when it opened meanwhile (leaseId, and null).
    private Waiter? Queue(out long leaseId)
    {
        lock (_queueLock)
        {
            if (_closed is { } closed)
            {
                throw Rethrow(closed);
            }

            Interlocked.Increment(ref _waiters);

            // An exit that opened the gate with a plain store may not have published it yet, and may have read the waiter
            // count before our increment: after this barrier, either its open gate is visible to the re-check, or its
            // read of the count comes after our increment and it hands the gate over (under this lock, so after we queue).
            FenceAgainstExits();
            leaseId = TryEnter();
            if (leaseId != None)
            {
                Interlocked.Decrement(ref _waiters);
                return null;
            }

            var waiter = new Waiter();
            waiter.Node = _queue.AddLast(waiter);
            return waiter;
        }
    }

    // A waiter that stops waiting (cancelled, or past its timeout). If the gate was handed to it meanwhile, it passes
    // the gate on rather than leave it held by nobody.
    private long Withdraw(Waiter waiter, Exception reason)
    {
        lock (_queueLock)
        {
            if (waiter.Node?.List is not null)
            {
                _queue.Remove(waiter.Node);
                Interlocked.Decrement(ref _waiters);
                throw reason;
            }
        }

        var task = waiter.Completion.Task;
        if (task.Status == TaskStatus.RanToCompletion)
        {
            Exit(task.Result);
        }

        throw task.Exception?.InnerException is { } failure ? Rethrow(failure) : reason;
    }

    // A waiter is dequeued and granted under the lock, in one step, so one that stops waiting at that moment finds
    // either itself still queued or its grant already made (and passes it on): a grant is never lost. The completion
    // runs no continuation inline (RunContinuationsAsynchronously), so nothing else runs under the lock.
    private void HandOverOrOpen(long leaseId)
    {
        lock (_queueLock)
        {
            var next = Dequeue();

            // The gate goes from "leaving" straight to "held by the next lease" (leaseId + 4), or opens.
            Volatile.Write(ref _word, next is null ? leaseId + (4 - Held) : leaseId + 4);
            next?.Completion.TrySetResult(leaseId + 4);
        }
    }

    private void HandOverIfFree()
    {
        lock (_queueLock)
        {
            var word = Volatile.Read(ref _word);
            if ((word & StateMask) == 0 && _queue.First is not null && Interlocked.CompareExchange(ref _word, word + Held, word) == word)
            {
                Dequeue()!.Completion.TrySetResult(word + Held);
            }
        }
    }

    private Waiter? Dequeue()
    {
        if (_queue.First is not { } first)
        {
            return null;
        }

        _queue.RemoveFirst();
        Interlocked.Decrement(ref _waiters);
        return first.Value;
    }

    private static int ToMilliseconds(TimeSpan timeout) =>
        timeout <= TimeSpan.Zero ? Timeout.Infinite : (int)Math.Min(int.MaxValue, Math.Ceiling(timeout.TotalMilliseconds));

    private static Exception Rethrow(Exception exception)
    {
        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(exception).Throw();
        return exception; // not reached
    }

    private sealed class Waiter
    {
        // Completed off the exiting thread: a woken async waiter's continuation must not run inside the exit.
        public TaskCompletionSource<long> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }
    }
}
