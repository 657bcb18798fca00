using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// Answers remembered per immutable snapshot (a <c>Solution</c> or a <c>Compilation</c>) and key, so the plans of one
/// lightbulb share one search: an edit makes a new snapshot, so an answer can never go stale, and the snapshot's
/// answers go with it. A search runs once per key; a search another caller cancelled is not kept (this caller searches
/// for itself), nor is one that failed.
/// </summary>
internal sealed class SnapshotMemo<TSnapshot, TKey, TValue>
    where TSnapshot : class
    where TKey : notnull
{
    private readonly ConditionalWeakTable<TSnapshot, ConcurrentDictionary<TKey, Lazy<Task<TValue>>>> _answers = new();
    private readonly IEqualityComparer<TKey>? _keys;

    public SnapshotMemo(IEqualityComparer<TKey>? keys = null) => _keys = keys;

    /// <summary>The remembered answer for <paramref name="key"/> in <paramref name="snapshot"/>, searched once.</summary>
    public async Task<TValue> GetOrSearchAsync(TSnapshot snapshot, TKey key, Func<Task<TValue>> search, CancellationToken cancellationToken)
    {
        var answers = _answers.GetValue(snapshot, _ => _keys is null ? new ConcurrentDictionary<TKey, Lazy<Task<TValue>>>() : new ConcurrentDictionary<TKey, Lazy<Task<TValue>>>(_keys));
        var answer = answers.GetOrAdd(key, _ => new Lazy<Task<TValue>>(search));
        try
        {
            return await answer.Value.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Another lightbulb's search was cancelled: this one searches for itself.
            ((ICollection<KeyValuePair<TKey, Lazy<Task<TValue>>>>)answers).Remove(new KeyValuePair<TKey, Lazy<Task<TValue>>>(key, answer));
            return await search().ConfigureAwait(false);
        }
        catch
        {
            ((ICollection<KeyValuePair<TKey, Lazy<Task<TValue>>>>)answers).Remove(new KeyValuePair<TKey, Lazy<Task<TValue>>>(key, answer));
            throw;
        }
    }
}
