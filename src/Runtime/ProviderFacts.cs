using System;
using System.Data.Common;

namespace StaleConn;

/// <summary>What the guard knows about a provider without referencing it: MySQL detection and pooling.</summary>
internal static class ProviderFacts
{
    /// <summary>MySqlConnector (<c>MySqlConnector.MySqlConnection</c>) or Connector/NET (<c>MySql.Data.MySqlClient.MySqlConnection</c>).</summary>
    public static bool IsMySql(DbConnection connection)
    {
        var ns = connection.GetType().Namespace ?? string.Empty;
        return ns.StartsWith("MySqlConnector", StringComparison.Ordinal) || ns.StartsWith("MySql.Data", StringComparison.Ordinal);
    }

    /// <summary>
    /// The connection string with the provider's pool turned off. The guard is itself the long-lived holder of one
    /// connection: a pool would only hand a replaced (possibly dead) session back on the next open. Returns
    /// <c>null</c> when the string is empty or already says <c>Pooling=false</c>.
    /// </summary>
    public static string? WithoutPooling(string? connectionString)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            return null;
        }

        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
            if (builder.TryGetValue("Pooling", out var value) && string.Equals(value?.ToString(), "false", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            builder["Pooling"] = "false";
            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
