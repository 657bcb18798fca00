using System;

namespace StaleConn;

/// <summary>
/// Whether a connection string lets the provider enlist in an ambient <see cref="System.Transactions.Transaction"/> on
/// open. Providers spell the switch <c>AutoEnlist</c> (MySqlConnector) or <c>Enlist</c> (MySql.Data, SqlClient, Npgsql,
/// Oracle); both default to on. When it is off the provider would not enlist a freshly opened connection, so the guard
/// does not enlist its long-lived one either, and its hot path skips the ambient-transaction look-up.
/// </summary>
internal static class AutoEnlistSetting
{
    private static readonly string[] Keywords = ["AutoEnlist", "Auto Enlist", "Enlist"];

    /// <summary>False only when the connection string turns auto-enlistment off; true when it is on, absent or unreadable.</summary>
    public static bool IsOn(string? connectionString)
    {
        if (!ProviderFacts.TryParse(connectionString, out var builder))
        {
            return true;
        }

        foreach (var keyword in Keywords)
        {
            if (builder.TryGetValue(keyword, out var value) && IsFalse(value?.ToString()))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsFalse(string? value) =>
        value is not null
        && (string.Equals(value.Trim(), "false", StringComparison.OrdinalIgnoreCase)
            || string.Equals(value.Trim(), "no", StringComparison.OrdinalIgnoreCase)
            || value.Trim() == "0");
}
