using System.Threading.Tasks;

namespace StaleConn;

/// <summary>Tasks the guard stops waiting for (a bound passed): their failure is observed, never an unobserved task exception.</summary>
internal static class AbandonedTasks
{
    public static void Observe(Task task) =>
        _ = task.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
}
