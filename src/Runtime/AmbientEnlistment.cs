using System.Transactions;

namespace StaleConn;

/// <summary>An ambient transaction the guard's connection was enlisted in, and whether it has ended.</summary>
internal sealed class AmbientEnlistment
{
    private volatile bool _completed;

    public AmbientEnlistment(Transaction transaction) => Transaction = transaction;

    public Transaction Transaction { get; }

    public bool Completed => _completed;

    // Raised by System.Transactions, possibly on another thread, when the transaction commits or aborts.
    public void OnCompleted(object? sender, TransactionEventArgs e) => _completed = true;
}
