using System;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Reflection;

namespace StaleConn;

/// <summary>
/// Whether a provider's transaction object is finished (committed, rolled back or disposed). Most providers clear
/// <see cref="DbTransaction.Connection"/> then; Connector/NET (MySql.Data) keeps it, so its private completion flags are
/// read as a fallback, found once per type.
/// </summary>
internal static class TransactionCompletion
{
    private static readonly string[] FinishedWhenTrue = { "m_isDisposed", "disposed", "_disposed", "isDisposed", "_isDisposed", "m_isFinished", "_completed" };
    private static readonly ConcurrentDictionary<Type, FieldInfo?> DisposedFlags = new();

    public static bool IsFinished(DbTransaction transaction)
    {
        if (transaction.Connection is null)
        {
            return true;
        }

        var flag = DisposedFlags.GetOrAdd(transaction.GetType(), FindFlag);
        return flag is not null && flag.GetValue(transaction) is true;
    }

    private static FieldInfo? FindFlag(Type type)
    {
        for (var current = type; current is not null && current != typeof(DbTransaction); current = current.BaseType)
        {
            foreach (var name in FinishedWhenTrue)
            {
                var field = current.GetField(name, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly);
                if (field?.FieldType == typeof(bool))
                {
                    return field;
                }
            }
        }

        return null;
    }
}
