using System;
using System.Threading;

namespace StaleConn;

/// <summary>
/// A token cancelled when a bound passes, whose callbacks cannot end the process. <c>CancelAfter</c> runs a token's
/// callbacks on a timer thread, where one that throws is unhandled, and a provider's does throw: MySqlConnector's
/// <c>Cancel</c> reads the session's endpoint, gone once the server dropped the session (a CI run's test host died of it;
/// mysql-net/MySqlConnector#1553). Here the bound's time is kept by <see cref="TimerThread"/> (a starved pool must not
/// hold it back) and the cancellation runs on a <see cref="CallThreads"/> thread (a provider's cancel can block: MySqlConnector's
/// opens a second connection), which lets such exceptions go; and so does the caller's cancellation: a linked token
/// source would run those callbacks inside the caller's <c>Cancel()</c> (or its <c>CancelAfter</c> timer), which would throw there.
/// </summary>
internal sealed class QuietDeadline : IDisposable
{
    // Never disposed: a cancellation handed to a guard thread may still run on it, and with no timer and no wait handle
    // it holds nothing to release.
    private readonly CancellationTokenSource _source = new();
    private readonly CancellationTokenRegistration _caller;
    private readonly ScheduledCall _bound;

    public QuietDeadline(TimeSpan timeout, CancellationToken cancellationToken)
    {
        _caller = cancellationToken.Register(static state => CancelQuietly((CancellationTokenSource)state!), _source);
        _bound = TimerThread.Schedule(timeout, static state => CallThreads.Post(new Cancellation((CancellationTokenSource)state)), _source);
    }

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        _caller.Dispose();
        _bound.Dispose();
    }

    private static void CancelQuietly(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (Exception)
        {
            // The callbacks' AggregateException: the caller's call is written off either way.
        }
    }

    private sealed class Cancellation : CallThreads.WorkItem
    {
        private readonly CancellationTokenSource _source;

        public Cancellation(CancellationTokenSource source) => _source = source;

        public override void Execute() => CancelQuietly(_source);
    }
}
