using System;
using System.Data.Common;

namespace StaleConn;

/// <summary>
/// The guard's connection was found dead and the guard did not replace it silently
/// (<see cref="ConnectionGuardOptions.FailInsteadOfReconnect"/>). The session's state (variables, locks, temporary
/// tables) is gone; the next acquire opens a new session.
/// </summary>
public class ConnectionLostException : DbException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was lost and what to do.</param>
    /// <param name="innerException">The failure that showed the connection dead, if any.</param>
    public ConnectionLostException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

#if NET6_0_OR_GREATER
    /// <summary>Retrying the whole unit of work on a new session is expected to succeed.</summary>
    public override bool IsTransient => true;
#endif
}
