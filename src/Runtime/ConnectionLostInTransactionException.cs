using System;

namespace StaleConn;

/// <summary>
/// The connection was lost while a transaction was open on it: the server rolled that transaction back, so none of its
/// statements took effect. The guard throws this on every acquire until that transaction is disposed (or the ambient
/// <see cref="System.Transactions.TransactionScope"/> ends), so the rest of the unit of work can never autocommit on a
/// new session. Dispose the transaction, then retry the whole unit of work from its start.
/// </summary>
public sealed class ConnectionLostInTransactionException : ConnectionLostException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was lost and what to do.</param>
    /// <param name="innerException">The failure that showed the connection dead, if any.</param>
    public ConnectionLostInTransactionException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    internal static ConnectionLostInTransactionException Create(bool ambient, Exception? cause) => new(
        "The database connection was lost while a transaction was open: the server rolled the transaction back and " +
        "none of its statements took effect. " +
        (ambient
            ? "End the TransactionScope (dispose it without completing)"
            : "Dispose the transaction") +
        ", then retry the whole unit of work; until then every acquire on this guard fails with this exception.",
        cause);
}
