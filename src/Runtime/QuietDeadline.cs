using System;
using System.Threading;

namespace StaleConn;

/// <summary>
/// A token cancelled when a bound passes, whose callbacks cannot end the process. <c>CancelAfter</c> runs a token's
/// callbacks on a timer thread, where one that throws is unhandled, and a provider's does throw: MySqlConnector's
/// <c>Cancel</c> reads the session's endpoint, gone once the server dropped the session (a CI run's test host died of it;
/// mysql-net/MySqlConnector#1553). Here the timer cancels the token itself and lets such exceptions go, and so does the
/// caller's cancellation: a linked token source would run those callbacks inside the caller's <c>Cancel()</c> (or its
/// <c>CancelAfter</c> timer), which would throw there.
/// </summary>
internal sealed class QuietDeadline : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly CancellationTokenRegistration _caller;
    private readonly Timer _timer;

    public QuietDeadline(TimeSpan timeout, CancellationToken cancellationToken)
    {
        _caller = cancellationToken.Register(static state => CancelQuietly((CancellationTokenSource)state!), _source);
        _timer = new Timer(static state => CancelQuietly((CancellationTokenSource)state!), _source, timeout, Timeout.InfiniteTimeSpan);
    }

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        _caller.Dispose();
        _timer.Dispose();
        _source.Dispose();
    }

    private static void CancelQuietly(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (Exception)
        {
            // The callbacks' AggregateException (the caller's call is written off either way), or the source disposed
            // as the timer fired.
        }
    }
}
