using System;

namespace StaleConn.Testing.PostgreSql;

/// <summary>A throwaway PostgreSQL server could not be set up or started; the message says why and what to do.</summary>
public sealed class PostgreSqlServerException : Exception
{
    /// <summary>Creates the exception with its explanation.</summary>
    /// <param name="message">What failed and how to fix it.</param>
    public PostgreSqlServerException(string message)
        : base(message)
    {
    }
}
