using System;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace StaleConn;

/// <summary>
/// Disposes a connection the guard no longer trusts. That can throw (closing a killed MySqlConnector connection with
/// an open transaction runs a rollback that fails) or hang (a silent peer), so it is bounded and its failure swallowed:
/// the connection is already written off. <see cref="DiscardInBackground"/> (recovery) does not make the caller wait
/// at all; <see cref="Discard"/> and <see cref="DiscardAsync"/> (closing the guard) wait up to the bound. A session the
/// guard found dead is first kept from the provider's pool (<c>beforeDispose</c>, see <see cref="DeadSessions"/>), in
/// the same work item and under the same bound.
/// </summary>
internal static class BoundedDiscard
{
    /// <summary>
    /// Disposes <paramref name="connection"/> on one of the guard's parked threads (<see cref="CallThreads"/>, not the
    /// pool, which may first have to start a thread on the caller) while the caller goes on: the new lease never waits
    /// for the old socket. Still observed: a failure is logged (Debug), never left as an unobserved task exception, and
    /// a disposal still running after <paramref name="bound"/> is logged as timed out. It still ends with the socket
    /// closed: the disposal runs to its end (or the provider's own timeout) in the background.
    /// </summary>
    public static void DiscardInBackground(DbConnection connection, TimeSpan bound, ILogger logger, Action? beforeDispose = null)
    {
        // One work item that logs its own failure, and one timer for the overrun: the caller (a recovery, on its way
        // to the new lease) pays the hand-over and the timer, ≈ 4.4 µs instead of ≈ 8 µs for a task, a continuation and
        // a Task.WhenAny on the benchmark machine.
        var disposal = new BackgroundDisposal(connection, bound, logger, beforeDispose);
        CallThreads.Post(disposal);
        _ = Task.Delay(bound).ContinueWith(
            static (_, state) => ((BackgroundDisposal)state!).LogIfStillRunning(),
            disposal,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    public static void Discard(DbConnection connection, TimeSpan bound, ILogger logger, Action? beforeDispose = null)
    {
        var disposal = DisposeOnGuardThread(connection, beforeDispose);
        try
        {
            if (!disposal.Wait(bound))
            {
                GuardLog.DiscardTimedOut(logger, bound.TotalSeconds, null);
                AbandonedTasks.Observe(disposal);
            }
        }
        catch (AggregateException ex)
        {
            LogFailure(logger, ex);
        }
    }

    public static async ValueTask DiscardAsync(DbConnection connection, TimeSpan bound, ILogger logger, Action? beforeDispose = null)
    {
        var disposal = DisposeOnGuardThread(connection, beforeDispose);
        var finished = await Task.WhenAny(disposal, Task.Delay(bound)).ConfigureAwait(false);
        if (finished != disposal)
        {
            GuardLog.DiscardTimedOut(logger, bound.TotalSeconds, null);
            AbandonedTasks.Observe(disposal);
            return;
        }

        if (disposal.Exception is { } ex)
        {
            LogFailure(logger, ex);
        }
    }

    private static void LogFailure(ILogger logger, AggregateException ex) =>
        GuardLog.DiscardFailed(logger, ex.InnerException?.GetType().Name ?? ex.GetType().Name, ex.InnerException ?? ex);

    // Not on the pool: see CallThreads (a starved or shrunk pool would hold the disposal up, or start a thread on the caller).
    private static Task<bool> DisposeOnGuardThread(DbConnection connection, Action? beforeDispose) =>
        CallThreads.Run(() =>
        {
            Dispose(connection, beforeDispose);
            return true;
        });

    // Disposed even when keeping the session from the pool failed: the socket is closed either way.
    private static void Dispose(DbConnection connection, Action? beforeDispose)
    {
        try
        {
            beforeDispose?.Invoke();
        }
        finally
        {
            connection.Dispose();
        }
    }

    private sealed class BackgroundDisposal : CallThreads.WorkItem
    {
        private readonly DbConnection _connection;
        private readonly TimeSpan _bound;
        private readonly ILogger _logger;
        private readonly Action? _beforeDispose;
        private volatile bool _finished;

        public BackgroundDisposal(DbConnection connection, TimeSpan bound, ILogger logger, Action? beforeDispose)
        {
            _connection = connection;
            _bound = bound;
            _logger = logger;
            _beforeDispose = beforeDispose;
        }

        public override void Execute()
        {
            try
            {
                Dispose(_connection, _beforeDispose);
            }
            catch (Exception ex)
            {
                GuardLog.DiscardFailed(_logger, ex.GetType().Name, ex);
            }
            finally
            {
                _finished = true;
            }
        }

        public void LogIfStillRunning()
        {
            if (!_finished)
            {
                GuardLog.DiscardTimedOut(_logger, _bound.TotalSeconds, null);
            }
        }
    }
}
