using System.Threading;
using System.Threading.Tasks;

namespace StaleConn;

/// <summary>
/// Exclusive use of the guard's connection. Uncontended enter and exit are one interlocked operation each (the hot
/// path); contended callers queue on a semaphore that only carries wake-ups. Not FIFO: a caller arriving as the gate
/// opens may go first.
/// </summary>
internal sealed class LeaseGate
{
    private readonly SemaphoreSlim _wakeUps = new(0);
    private int _held;
    private int _waiters;

    public bool TryEnter() => Interlocked.CompareExchange(ref _held, 1, 0) == 0;

    public void Enter(CancellationToken cancellationToken)
    {
        // As SemaphoreSlim did: an already-cancelled wait is refused even when the gate is free.
        cancellationToken.ThrowIfCancellationRequested();
        if (TryEnter())
        {
            return;
        }

        Interlocked.Increment(ref _waiters);
        try
        {
            // Re-checked after registering as a waiter, so an exit that saw no waiter cannot leave us asleep.
            while (!TryEnter())
            {
                _wakeUps.Wait(cancellationToken);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiters);
        }
    }

    public async ValueTask EnterAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (TryEnter())
        {
            return;
        }

        Interlocked.Increment(ref _waiters);
        try
        {
            while (!TryEnter())
            {
                await _wakeUps.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiters);
        }
    }

    public void Exit()
    {
        // A full fence (not a plain write) so the read of _waiters below cannot move before the gate opens.
        Interlocked.Exchange(ref _held, 0);
        if (Volatile.Read(ref _waiters) > 0)
        {
            _wakeUps.Release();
        }
    }
}
