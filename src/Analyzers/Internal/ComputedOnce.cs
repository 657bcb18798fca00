using System;
using System.Threading;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// A value computed by its first caller while concurrent callers wait for it. A computation that throws (a cancelled
/// walk) leaves the value unset, so the next caller computes it under its own token instead of seeing the exception.
/// </summary>
internal sealed class ComputedOnce<T>
{
    private readonly object _gate = new();
    private volatile bool _computed;
    private T _value = default!;

    /// <summary>The value, computed from <paramref name="state"/> by the first caller to get here.</summary>
    public T Get<TState>(TState state, Func<TState, T> compute)
    {
        if (_computed)
        {
            return _value;
        }

        lock (_gate)
        {
            if (!_computed)
            {
                _value = compute(state);
                _computed = true;
            }

            return _value;
        }
    }
}
