using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using MySqlConnector.ScriptedForTests;

namespace StaleConn.Runtime.Tests.Unit;

/// <summary>
/// Nothing process-wide keeps running once no guard is alive: a plugin host that loads StaleConn.Runtime into a
/// collectible AssemblyLoadContext, uses a guard and disposes it, can unload the context (the idle clock's ticker
/// and the parked call threads stop; before, they ran for the life of the process and held the context).
/// </summary>
public sealed class UnloadTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void A_collectible_context_that_used_and_disposed_a_guard_unloads(int steps)
    {
        var context = UseAGuardInACollectibleContext(steps);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (context.IsAlive && DateTime.UtcNow < deadline)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Thread.Sleep(50);
        }

        Assert.False(context.IsAlive, "the collectible context that held StaleConn.Runtime was still alive after 20 s: something of the library kept running");
    }

    // Out of line, so no local of this frame keeps the context's objects alive.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference UseAGuardInACollectibleContext(int steps)
    {
        var context = new PluginContext();
        var runtime = context.LoadFromAssemblyPath(typeof(ConnectionGuard<>).Assembly.Location);
        Assert.NotSame(typeof(ConnectionGuard<>).Assembly, runtime);
        var guardType = runtime.GetType("StaleConn.ConnectionGuard`1", throwOnError: true)!.MakeGenericType(typeof(ScriptedConnection));
        var database = new ScriptedDatabase();
        var guard = (IDisposable)Activator.CreateInstance(guardType, new Func<ScriptedConnection>(database.CreateConnection), null)!;
        var acquire = guardType.GetMethod("Acquire")!;
        for (var i = 0; i < 3 && steps > 0; i++)
        {
            ((IDisposable)acquire.Invoke(guard, new object[] { CancellationToken.None })!).Dispose();
        }

        // A background disposal and a bounded call: the guard's own threads start and must stop again.
        if (steps > 1)
        {
            guardType.GetMethod("Close")!.Invoke(guard, null);
            ((IDisposable)acquire.Invoke(guard, new object[] { CancellationToken.None })!).Dispose();
        }

        guard.Dispose();
        context.Unload();
        return new WeakReference(context, trackResurrection: true); // as the runtime docs track an unloading context
    }

    private sealed class PluginContext : AssemblyLoadContext
    {
        public PluginContext()
            : base("staleconn-plugin", isCollectible: true)
        {
        }

        // Everything but StaleConn.Runtime comes from the default context.
        protected override Assembly? Load(AssemblyName assemblyName) => null;
    }
}
