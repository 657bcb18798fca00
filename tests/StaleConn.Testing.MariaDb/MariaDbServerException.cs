using System;

namespace StaleConn.Testing.MariaDb;

/// <summary>A throwaway MariaDB server could not be installed or started; the message says why and what to do.</summary>
public sealed class MariaDbServerException : Exception
{
    /// <summary>Creates the exception with its explanation.</summary>
    /// <param name="message">What failed and how to fix it.</param>
    public MariaDbServerException(string message)
        : base(message)
    {
    }
}
