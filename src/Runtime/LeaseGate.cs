using System.Threading;
using System.Threading.Tasks;

namespace StaleConn;

/// <summary>
/// Exclusive use of the guard's connection, and the identity of each holder. One word holds both: its value modulo 4
/// is 0 when the gate is free, 1 while it is held (the word's value is then the holder's lease id) and 2 while the
/// holder is leaving. Each turn moves the word forward by 4, so a lease id is never seen again: a stale or twice
/// disposed lease fails the compare-exchange that starts an exit, and releases nothing.
/// Uncontended, an enter is one compare-exchange and an exit is one compare-exchange and a plain store (the hot path);
/// contended callers queue on a semaphore that only carries wake-ups. Not FIFO: a caller arriving as the gate opens
/// may go first.
/// </summary>
/// <remarks>
/// The wake-up handshake is a Dekker pattern: the exit opens the gate then reads the waiter count; a waiter registers
/// then re-checks the gate. Each side needs its write visible before its read. On .NET the waiter (the slow path)
/// pays for both with a process-wide memory barrier (<c>Interlocked.MemoryBarrierProcessWide</c>), so the exit
/// opens the gate with a plain store; on .NET Standard the exit uses a full fence (an interlocked exchange) instead.
/// </remarks>
internal sealed class LeaseGate
{
    /// <summary>Never a lease id: <see cref="TryEnter"/> returns it when the gate was not free.</summary>
    public const long None = 0;

    private const long StateMask = 3;
    private const long Held = 1;
    private const long Leaving = 2;

    private readonly SemaphoreSlim _wakeUps = new(0);
    private long _word;
    private int _waiters;

    /// <summary>Takes the gate if it is free: returns the new lease id (odd), or <see cref="None"/>.</summary>
    public long TryEnter()
    {
        var word = Volatile.Read(ref _word);
        return (word & StateMask) == 0 && Interlocked.CompareExchange(ref _word, word + Held, word) == word
            ? word + Held
            : None;
    }

    /// <summary>Whether <paramref name="leaseId"/> holds the gate now.</summary>
    public bool IsHeldBy(long leaseId) => leaseId != None && Volatile.Read(ref _word) == leaseId;

    /// <summary>Waits for the gate; returns the lease id.</summary>
    public long Enter(CancellationToken cancellationToken)
    {
        // As SemaphoreSlim did: an already-cancelled wait is refused even when the gate is free.
        cancellationToken.ThrowIfCancellationRequested();
        var leaseId = TryEnter();
        return leaseId != None ? leaseId : EnterContended(cancellationToken);
    }

    /// <summary>Waits for the gate; returns the lease id.</summary>
    public ValueTask<long> EnterAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var leaseId = TryEnter();
        return leaseId != None ? new ValueTask<long>(leaseId) : EnterContendedAsync(cancellationToken);
    }

    /// <summary>
    /// Starts the exit of <paramref name="leaseId"/>: true if it held the gate (which stays closed to others until
    /// <see cref="EndExit"/>), false if it did not (a stale lease, or a second dispose), which changes nothing.
    /// </summary>
    public bool TryBeginExit(long leaseId) =>
        (leaseId & StateMask) == Held && Interlocked.CompareExchange(ref _word, leaseId + 1, leaseId) == leaseId;

    /// <summary>Opens the gate after a successful <see cref="TryBeginExit"/> and wakes a waiter if there is one.</summary>
    public void EndExit(long leaseId)
    {
        // leaseId + 1 is "leaving"; + 3 is the next "free" value.
#if NET
        Volatile.Write(ref _word, leaseId + (4 - Held));
#else
        // A full fence, so the read of _waiters below cannot move before the gate opens.
        Interlocked.Exchange(ref _word, leaseId + (4 - Held));
#endif
        if (Volatile.Read(ref _waiters) > 0)
        {
            _wakeUps.Release();
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

    private long EnterContended(CancellationToken cancellationToken)
    {
        Register();
        try
        {
            // Re-checked after registering as a waiter, so an exit that saw no waiter cannot leave us asleep.
            long leaseId;
            while ((leaseId = TryEnter()) == None)
            {
                _wakeUps.Wait(cancellationToken);
            }

            return leaseId;
        }
        finally
        {
            Interlocked.Decrement(ref _waiters);
        }
    }

    private async ValueTask<long> EnterContendedAsync(CancellationToken cancellationToken)
    {
        Register();
        try
        {
            long leaseId;
            while ((leaseId = TryEnter()) == None)
            {
                await _wakeUps.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            return leaseId;
        }
        finally
        {
            Interlocked.Decrement(ref _waiters);
        }
    }

    private void Register()
    {
        Interlocked.Increment(ref _waiters);

        // An exit that opened the gate with a plain store may not have published it yet, and may have read the waiter
        // count before our increment: after this barrier, either its open gate is visible to the re-check, or its read
        // of the count comes after our increment and it wakes us.
        FenceAgainstExits();
    }
}
