using System;
using System.Data.Common;

namespace StaleConn;

/// <summary>What the guard knows about a provider without referencing it: MySQL detection and pooling.</summary>
internal static class ProviderFacts
{
    /// <summary>MySqlConnector (<c>MySqlConnector.MySqlConnection</c>) or Connector/NET (<c>MySql.Data.MySqlClient.MySqlConnection</c>).</summary>
    public static bool IsMySql(DbConnection connection) => IsMySql(connection.GetType());

    /// <inheritdoc cref="IsMySql(DbConnection)"/>
    public static bool IsMySql(Type connectionType)
    {
        var ns = connectionType.Namespace ?? string.Empty;
        return ns.StartsWith("MySqlConnector", StringComparison.Ordinal) || ns.StartsWith("MySql.Data", StringComparison.Ordinal);
    }

    /// <summary>Npgsql (<c>Npgsql.NpgsqlConnection</c>): PostgreSQL.</summary>
    public static bool IsNpgsql(Type connectionType) => string.Equals(connectionType.Namespace, "Npgsql", StringComparison.Ordinal);

    /// <summary>
    /// The probe statement for the database behind <paramref name="connectionType"/>: <c>SELECT 1</c> where a
    /// <c>SELECT</c> needs no table, and the dummy table of those that require one (Oracle before 23c, DB2, Firebird,
    /// Informix). <see cref="ConnectionGuardOptions.ValidationQuery"/> replaces it.
    /// </summary>
    public static string DefaultProbeSql(Type connectionType)
    {
        var ns = connectionType.Namespace ?? string.Empty;
        return ns.StartsWith("Oracle.", StringComparison.Ordinal) || ns.StartsWith("System.Data.OracleClient", StringComparison.Ordinal) || ns.StartsWith("Devart.Data.Oracle", StringComparison.Ordinal)
            ? "SELECT 1 FROM DUAL"
            : ns.StartsWith("IBM.Data.DB2", StringComparison.OrdinalIgnoreCase)
            ? "SELECT 1 FROM SYSIBM.SYSDUMMY1"
            : ns.StartsWith("FirebirdSql.", StringComparison.Ordinal)
            ? "SELECT 1 FROM RDB$DATABASE"
            : ns.StartsWith("IBM.Data.Informix", StringComparison.Ordinal) || ns.StartsWith("Informix.", StringComparison.Ordinal)
            ? "SELECT 1 FROM systables WHERE tabid = 1"
            : "SELECT 1";
    }

    /// <summary>MySqlConnector itself (its assembly, not only a namespace that looks like it).</summary>
    public static bool IsMySqlConnector(Type connectionType) =>
        string.Equals(connectionType.Namespace, "MySqlConnector", StringComparison.Ordinal)
        && string.Equals(connectionType.Assembly.GetName().Name, "MySqlConnector", StringComparison.Ordinal);

    /// <summary>
    /// Whether the connection string rules TLS out (<c>SslMode=None</c> or <c>Disabled</c>). MySqlConnector's sync open
    /// bounds the TCP connect, the greeting and the authentication by <c>Connect Timeout</c>, but not a TLS handshake.
    /// </summary>
    public static bool RulesOutTls(string? connectionString)
    {
        if (!TryParse(connectionString, out var builder))
        {
            return false;
        }

        foreach (var key in SslModeKeys)
        {
            if (builder.TryGetValue(key, out var value))
            {
                var mode = value?.ToString();
                return string.Equals(mode, "None", StringComparison.OrdinalIgnoreCase) || string.Equals(mode, "Disabled", StringComparison.OrdinalIgnoreCase);
            }
        }

        return false;
    }

    private static readonly string[] SslModeKeys = { "SslMode", "Ssl Mode", "Ssl-Mode" };

    /// <summary>
    /// The connection string with the provider's pool turned off. The guard is itself the long-lived holder of one
    /// connection: a pool would only hand a replaced (possibly dead) session back on the next open. Returns
    /// <c>null</c> when the string is empty or already says <c>Pooling=false</c>.
    /// </summary>
    public static string? WithoutPooling(string? connectionString)
    {
        if (!TryParse(connectionString, out var builder) || SaysNoPooling(builder))
        {
            return null;
        }

        builder["Pooling"] = "false";
        return builder.ConnectionString;
    }

    /// <summary>Whether the connection string already turns the provider's pool off (<c>Pooling=false</c>).</summary>
    public static bool SaysNoPooling(string? connectionString) => TryParse(connectionString, out var builder) && SaysNoPooling(builder);

    private static bool SaysNoPooling(DbConnectionStringBuilder builder) =>
        builder.TryGetValue("Pooling", out var value) && string.Equals(value?.ToString(), "false", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Reads a connection string with the provider-neutral parser: false when it is empty or does not parse, in which
    /// case every caller keeps its default (the provider will report a malformed string itself when it opens).
    /// </summary>
    public static bool TryParse(string? connectionString, out DbConnectionStringBuilder builder)
    {
        builder = new DbConnectionStringBuilder();
        if (string.IsNullOrEmpty(connectionString))
        {
            return false;
        }

        try
        {
            builder.ConnectionString = connectionString;
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
