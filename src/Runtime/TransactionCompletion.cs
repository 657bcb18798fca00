using System;
using System.Collections.Concurrent;
using System.Data.Common;
#if NET5_0_OR_GREATER
using System.Diagnostics.CodeAnalysis;
#endif
using System.Reflection;

namespace StaleConn;

/// <summary>
/// Whether a provider's transaction object is finished: committed, rolled back or disposed. A committed transaction is
/// finished whether or not it was disposed, on every provider; reading it never throws. What each provider shows:
/// <list type="bullet">
/// <item>MySqlConnector, Microsoft.Data.Sqlite, SqlClient: <see cref="DbTransaction.Connection"/> becomes <c>null</c>.</item>
/// <item>Npgsql: <c>Connection</c> stays set after a commit and throws <see cref="ObjectDisposedException"/> after a
/// dispose; its internal <c>IsCompleted</c> (the session is out of its transaction block) and <c>IsDisposed</c> tell.</item>
/// <item>MySql.Data (Connector/NET): <c>Connection</c> stays set until the dispose; its private <c>open</c> turns false
/// at the commit or rollback, <c>disposed</c> true at the dispose.</item>
/// </list>
/// The provider's own flags are read first (found once per type; when trimming removed them, <c>Connection</c> alone
/// decides, as for any other provider).
/// </summary>
internal static class TransactionCompletion
{
    private static readonly ConcurrentDictionary<Type, Flag[]> FlagsByType = new();

    // Members that say "finished" when they hold the given value, by provider, then the usual names of other providers.
    private static readonly (string Name, bool FinishedWhen, bool Disposal)[] KnownFlags =
    {
        ("IsCompleted", true, false), // Npgsql (internal property)
        ("IsDisposed", true, true), // Npgsql (internal field)
        ("open", false, false), // MySql.Data
        ("disposed", true, true), // MySql.Data
        ("m_isDisposed", true, true), // MySqlConnector
        ("m_isFinished", true, false), // MySqlConnector
        ("_disposed", true, true),
        ("_isDisposed", true, true),
        ("isDisposed", true, true),
        ("_completed", true, false), // Microsoft.Data.Sqlite
    };

    /// <summary>True when <paramref name="transaction"/> is committed, rolled back or disposed. Never throws.</summary>
    public static bool IsFinished(DbTransaction transaction)
    {
        try
        {
            foreach (var flag in FlagsByType.GetOrAdd(transaction.GetType(), FindFlags))
            {
                if (flag.SaysFinished(transaction))
                {
                    return true;
                }
            }

            return transaction.Connection is null;
        }
        catch (ObjectDisposedException)
        {
            return true; // Npgsql: reading a disposed transaction's connection throws
        }
        catch (Exception)
        {
            return false; // not known: taken as open, which never lets another unit of work into it
        }
    }

    /// <summary>
    /// Whether the caller has disposed <paramref name="transaction"/>; <c>null</c> when the provider shows no disposal
    /// (Microsoft.Data.Sqlite). A lost transaction waits for this, not for <see cref="IsFinished"/>: providers complete a
    /// transaction themselves once they learn the session is gone (Npgsql after a failed probe, SQLite at the close),
    /// while the code that owns it may still be about to run the rest of its unit of work.
    /// </summary>
    public static bool? IsDisposed(DbTransaction transaction)
    {
        try
        {
            bool? disposed = null;
            foreach (var flag in FlagsByType.GetOrAdd(transaction.GetType(), FindFlags))
            {
                if (flag.Disposal)
                {
                    disposed = (disposed ?? false) || flag.SaysFinished(transaction);
                }
            }

            return disposed;
        }
        catch (Exception)
        {
            return null;
        }
    }

#if NET5_0_OR_GREATER
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Optional members of the provider's transaction type: when trimmed away, Connection alone decides.")]
#endif
    private static Flag[] FindFlags(Type type)
    {
        var found = new System.Collections.Generic.List<Flag>();
        foreach (var (name, finishedWhen, disposal) in KnownFlags)
        {
            for (var current = type; current is not null && current != typeof(DbTransaction); current = current.BaseType)
            {
                const BindingFlags Members = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly;
                if (current.GetField(name, Members) is { FieldType: var fieldType } field && fieldType == typeof(bool))
                {
                    found.Add(new Flag(transaction => field.GetValue(transaction), finishedWhen, disposal));
                    break;
                }

                if (current.GetProperty(name, Members) is { PropertyType: var propertyType } property && propertyType == typeof(bool) && property.GetGetMethod(nonPublic: true) is { } getter)
                {
                    found.Add(new Flag(transaction => getter.Invoke(transaction, null), finishedWhen, disposal));
                    break;
                }
            }
        }

        return found.ToArray();
    }

    private sealed class Flag
    {
        private readonly Func<DbTransaction, object?> _read;
        private readonly bool _finishedWhen;

        public Flag(Func<DbTransaction, object?> read, bool finishedWhen, bool disposal)
        {
            _read = read;
            _finishedWhen = finishedWhen;
            Disposal = disposal;
        }

        /// <summary>Whether the flag tells a disposal (not only a commit or rollback).</summary>
        public bool Disposal { get; }

        public bool SaysFinished(DbTransaction transaction)
        {
            try
            {
                return _read(transaction) is bool value && value == _finishedWhen;
            }
            catch (TargetInvocationException ex) when (ex.InnerException is ObjectDisposedException)
            {
                return true;
            }
        }
    }
}
