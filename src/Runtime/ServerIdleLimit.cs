using System;

namespace StaleConn;

/// <summary>
/// How to read a server's own limit on idle sessions, past which it closes them: MySQL's and MariaDB's
/// <c>@@session.wait_timeout</c> (seconds), PostgreSQL's <c>idle_session_timeout</c> (14+, milliseconds, 0 = off; read
/// from <c>pg_settings</c>, which has no row on older versions, so they simply have no limit). Both can prove a
/// connection dead, never alive.
/// </summary>
internal sealed class ServerIdleLimit
{
    private static readonly ServerIdleLimit MySql = new(
        "SELECT @@session.wait_timeout, CONNECTION_ID()",
        "SELECT @@session.wait_timeout",
        TimeSpan.FromSeconds(1),
        "wait_timeout");

    private static readonly ServerIdleLimit PostgreSql = new(
        "SELECT (SELECT setting FROM pg_settings WHERE name = 'idle_session_timeout'), pg_backend_pid()",
        "SELECT (SELECT setting FROM pg_settings WHERE name = 'idle_session_timeout')",
        TimeSpan.FromMilliseconds(1),
        "idle_session_timeout");

    private ServerIdleLimit(string sessionSql, string limitSql, TimeSpan unit, string name)
    {
        SessionSql = sessionSql;
        LimitSql = limitSql;
        Unit = unit;
        Name = name;
    }

    /// <summary>One row: the limit (in <see cref="Unit"/>s) and the server's id for the session.</summary>
    public string SessionSql { get; }

    /// <summary>One row, one column: the limit alone (the id came with the handshake).</summary>
    public string LimitSql { get; }

    /// <summary>The unit the server reports the limit in.</summary>
    public TimeSpan Unit { get; }

    /// <summary>The setting's name, for logs.</summary>
    public string Name { get; }

    /// <summary>The limit of <paramref name="connectionType"/>'s server, or <c>null</c> when the guard knows of none.</summary>
    public static ServerIdleLimit? For(Type connectionType) =>
        ProviderFacts.IsMySql(connectionType) ? MySql
        : ProviderFacts.IsNpgsql(connectionType) ? PostgreSql
        : null;

    /// <summary>A reported value as a span; <c>null</c> when the limit is off (0), negative or not reported.</summary>
    public TimeSpan? ToSpan(object? value)
    {
        if (value is null or DBNull)
        {
            return null;
        }

        var amount = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
        return amount > 0 ? TimeSpan.FromTicks(checked(amount * Unit.Ticks)) : null;
    }
}
