using System;
using System.Data.Common;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace StaleConn;

/// <summary>
/// Disposes a connection the guard no longer trusts. That can throw (closing a killed MySqlConnector connection with
/// an open transaction runs a rollback that fails) or hang (a silent peer), so it is bounded and its failure swallowed:
/// the connection is already written off.
/// </summary>
internal static class BoundedDiscard
{
    public static void Discard(DbConnection connection, TimeSpan bound, ILogger logger)
    {
        var disposal = Task.Run(connection.Dispose);
        try
        {
            if (!disposal.Wait(bound))
            {
                GuardLog.DiscardTimedOut(logger, bound.TotalSeconds, null);
                Observe(disposal);
            }
        }
        catch (AggregateException ex)
        {
            GuardLog.DiscardFailed(logger, ex.InnerException?.GetType().Name ?? ex.GetType().Name, ex.InnerException ?? ex);
        }
    }

    public static async ValueTask DiscardAsync(DbConnection connection, TimeSpan bound, ILogger logger)
    {
#if NETSTANDARD2_0
        var disposal = Task.Run(connection.Dispose);
#else
        var disposal = Task.Run(async () => await connection.DisposeAsync().ConfigureAwait(false));
#endif
        var finished = await Task.WhenAny(disposal, Task.Delay(bound)).ConfigureAwait(false);
        if (finished != disposal)
        {
            GuardLog.DiscardTimedOut(logger, bound.TotalSeconds, null);
            Observe(disposal);
            return;
        }

        if (disposal.Exception is { } ex)
        {
            GuardLog.DiscardFailed(logger, ex.InnerException?.GetType().Name ?? ex.GetType().Name, ex.InnerException ?? ex);
        }
    }

    private static void Observe(Task task) =>
        _ = task.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
}
