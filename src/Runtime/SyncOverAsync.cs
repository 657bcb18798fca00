using System;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;

namespace StaleConn;

/// <summary>
/// Runs a user's async delegate (an on-open hook, a validator) for a sync acquire. Blocking on it where the caller's
/// thread has a single-threaded synchronization context (WinForms, WPF, classic ASP.NET) would deadlock: its awaits
/// post their continuations to that context, whose one thread is the one blocked. So it starts with no
/// synchronization context, on the default scheduler (a custom scheduler the caller runs on could be as busy).
/// </summary>
internal static class SyncOverAsync
{
    public static void Run(Func<DbConnection, CancellationToken, Task> hook, DbConnection connection, CancellationToken cancellationToken) =>
        Start(hook, connection, cancellationToken).GetAwaiter().GetResult();

    /// <summary>Starts <paramref name="work"/> outside the caller's synchronization context and scheduler.</summary>
    public static Task<TResult> Start<TResult>(Func<DbConnection, CancellationToken, Task<TResult>> work, DbConnection connection, CancellationToken cancellationToken) =>
        Start<Task<TResult>>(() => work(connection, cancellationToken)).Unwrap();

    private static Task Start(Func<DbConnection, CancellationToken, Task> work, DbConnection connection, CancellationToken cancellationToken) =>
        Start<Task>(() => work(connection, cancellationToken)).Unwrap();

    private static Task<T> Start<T>(Func<T> start)
        where T : Task
    {
        if (TaskScheduler.Current != TaskScheduler.Default)
        {
            return Task.Factory.StartNew(start, CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
        }

        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return Task.FromResult(start());
        }
        catch (Exception ex)
        {
            return Task.FromException<T>(ex);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }
}
