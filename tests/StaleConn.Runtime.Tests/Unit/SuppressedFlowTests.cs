using Microsoft.Extensions.Time.Testing;
using MySqlConnector.ScriptedForTests;
using StaleConn.Runtime.Tests.Testing;

namespace StaleConn.Runtime.Tests.Unit;

/// <summary>
/// A flow under <c>ExecutionContext.SuppressFlow()</c> is still its own flow for the calls it makes on its thread: a
/// lease it takes there is seen by its nested calls (a nested acquire fails instead of waiting for itself for ever, a
/// nested <c>AcquireOrJoin</c> joins), and a lease it took before the suppression is seen inside it too.
/// </summary>
public sealed class SuppressedFlowTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new();
    private readonly ScriptedDatabase _database = new();

    private ConnectionGuard<ScriptedConnection> CreateGuard() =>
        new(_database.CreateConnection, new ConnectionGuardOptions { TimeProvider = _time, PingTimeout = TimeSpan.FromMilliseconds(300) });

    [Fact]
    public void A_nested_acquire_under_SuppressFlow_fails_instead_of_waiting_for_its_own_lease()
    {
        using var guard = CreateGuard();
        Exception? nestedSync = null;
        Exception? nestedAsync = null;
        Exception? nestedInside = null;
        Bounded.Run(
            () =>
            {
                using (ExecutionContext.SuppressFlow())
                {
                    using var outer = guard.Acquire(); // slow path: the first open
                    nestedSync = Record.Exception(() => { using var _ = guard.Acquire(); });
                    nestedAsync = Record.Exception(() => guard.AcquireAsync().AsTask().GetAwaiter().GetResult().Dispose());
                }

                // A lease taken before the suppression (the hot path now) is seen inside it too.
                using var before = guard.Acquire();
                using (ExecutionContext.SuppressFlow())
                {
                    nestedInside = Record.Exception(() => { using var _ = guard.Acquire(); });
                }
            },
            Deadline,
            "nested acquires under ExecutionContext.SuppressFlow()").ThrowIfFailed();

        foreach (var nested in new[] { nestedSync, nestedAsync, nestedInside })
        {
            var failure = Assert.IsType<InvalidOperationException>(nested);
            Assert.Contains("already holds its lease", failure.Message);
            Assert.Contains("SuppressFlow() does not make a call", failure.Message);
        }

        using var after = guard.Acquire(); // every lease ended: the connection is free
        Assert.Equal(1, _database.Opens);
    }

    [Fact]
    public void A_unit_called_under_SuppressFlow_joins_the_lease_its_flow_took_with_AcquireOrJoin()
    {
        using var guard = CreateGuard();
        var sessions = new List<int>();
        LeaseMark? marksLeft = null;
        Bounded.Run(
            () =>
            {
                using (ExecutionContext.SuppressFlow())
                {
                    using var outer = guard.AcquireOrJoin(); // slow path: the first open
                    sessions.Add(outer.Connection.SessionId);
                    using (var inner = guard.AcquireOrJoin())
                    {
                        sessions.Add(inner.Connection.SessionId);
                    }

                    using var innerAsync = guard.AcquireOrJoinAsync().AsTask().GetAwaiter().GetResult();
                    sessions.Add(innerAsync.Connection.SessionId);
                }

                using (ExecutionContext.SuppressFlow())
                {
                    using var outer = guard.AcquireOrJoin(); // the hot path
                    using var inner = guard.AcquireOrJoin();
                    sessions.Add(inner.Connection.SessionId);
                }

                marksLeft = FlowMarks.Leases.Value; // every lease ended on this thread: their marks are gone
            },
            Deadline,
            "AcquireOrJoin nested under ExecutionContext.SuppressFlow()").ThrowIfFailed();

        Assert.Equal(4, sessions.Count);
        Assert.All(sessions, session => Assert.Equal(sessions[0], session));
        Assert.Null(marksLeft); // a worker that loops under SuppressFlow does not pile marks up

        // Every lease ended: another flow gets the connection.
        Task<ConnectionLease<ScriptedConnection>> other;
        using (ExecutionContext.SuppressFlow())
        {
            other = Task.Run(() => guard.Acquire());
        }

        Assert.True(other.Wait(Deadline), "a lease taken under SuppressFlow kept the connection after it ended");
        other.Result.Dispose();
        Assert.Equal(1, _database.Opens);
    }
}
