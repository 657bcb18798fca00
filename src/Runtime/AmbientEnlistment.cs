using System.Threading.Tasks;
using System.Transactions;

namespace StaleConn;

/// <summary>An ambient transaction the guard's connection was enlisted in, and whether it has ended.</summary>
internal sealed class AmbientEnlistment
{
    private readonly TaskCompletionSource<bool> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _completed;

    public AmbientEnlistment(Transaction transaction) => Transaction = transaction;

    public Transaction Transaction { get; }

    /// <summary>Completes when the completion event is raised (acquirers of other flows wait on it, polling <see cref="Completed"/> too).</summary>
    public Task Ended => _ended.Task;

    /// <summary>
    /// Whether the transaction has ended. The completion event can be skipped when a participant's rollback throws
    /// (the provider's, on a dead session), so the status is read too; a disposed transaction has ended.
    /// </summary>
    public bool Completed
    {
        get
        {
            if (_completed)
            {
                return true;
            }

            try
            {
                return Transaction.TransactionInformation.Status != TransactionStatus.Active;
            }
            catch (System.ObjectDisposedException)
            {
                return true;
            }
        }
    }

    /// <summary>
    /// Whether the connection may serve another flow: the completion event was raised (the participants, the
    /// provider's among them, are done with the connection), or the status has shown the transaction ended for
    /// <see cref="Settle"/> (the event can be skipped). The status alone changes before the participants are told:
    /// seen here, Npgsql was still running its rollback on the connection when the status read Aborted.
    /// </summary>
    public bool Settled
    {
        get
        {
            if (_completed)
            {
                return true;
            }

            if (!Completed)
            {
                return false;
            }

            var now = System.Diagnostics.Stopwatch.GetTimestamp();
            if (_endSeenAt == 0)
            {
                _endSeenAt = now;
            }

            return now - _endSeenAt >= (long)(Settle.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        }
    }

    private static readonly System.TimeSpan Settle = System.TimeSpan.FromSeconds(1);
    private long _endSeenAt;

    // Raised by System.Transactions, possibly on another thread, when the transaction commits or aborts.
    public void OnCompleted(object? sender, TransactionEventArgs e)
    {
        _completed = true;
        _ended.TrySetResult(true);
    }
}
