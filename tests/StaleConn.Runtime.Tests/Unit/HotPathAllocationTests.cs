using Microsoft.Extensions.Time.Testing;
using MySqlConnector.ScriptedForTests;

namespace StaleConn.Runtime.Tests.Unit;

/// <summary>The hot path (connection within its idle threshold) allocates nothing, sync or async.</summary>
public sealed class HotPathAllocationTests
{
    [Fact]
    public async Task Acquiring_and_releasing_a_fresh_connection_allocates_nothing()
    {
        var database = new ScriptedDatabase();
        await using var guard = new ConnectionGuard<ScriptedConnection>(database.CreateConnection, new ConnectionGuardOptions { TimeProvider = new FakeTimeProvider() });
        for (var i = 0; i < 100; i++)
        {
            RunSync(guard);
            RunAsync(guard);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            RunSync(guard);
            RunAsync(guard);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void RunSync(ConnectionGuard<ScriptedConnection> guard)
    {
        using var lease = guard.Acquire();
        _ = lease.Connection;
    }

    // Completes synchronously on the hot path, so it runs on this thread and can be measured.
    private static void RunAsync(ConnectionGuard<ScriptedConnection> guard)
    {
        var pending = guard.AcquireAsync();
        Assert.True(pending.IsCompletedSuccessfully);
        var lease = pending.Result;
        _ = lease.Connection;
        var disposal = lease.DisposeAsync();
        Assert.True(disposal.IsCompletedSuccessfully);
    }
}
