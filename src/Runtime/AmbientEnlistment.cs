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

    // Raised by System.Transactions, possibly on another thread, when the transaction commits or aborts.
    public void OnCompleted(object? sender, TransactionEventArgs e)
    {
        _completed = true;
        _ended.TrySetResult(true);
    }
}
