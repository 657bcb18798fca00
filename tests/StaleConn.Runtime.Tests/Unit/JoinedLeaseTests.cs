using Microsoft.Extensions.Time.Testing;
using MySqlConnector.ScriptedForTests;

namespace StaleConn.Runtime.Tests.Unit;

/// <summary>
/// <c>AcquireOrJoin</c>: a unit of work called by another that holds the lease (a DAO's <c>Insert</c> calling its
/// <c>GetLastId</c>) runs on the same connection, without waiting for itself; others still wait their turn.
/// </summary>
public sealed class JoinedLeaseTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly FakeTimeProvider _time = new();
    private readonly ScriptedDatabase _database = new();

    private ConnectionGuard<ScriptedConnection> CreateGuard() =>
        new(_database.CreateConnection, new ConnectionGuardOptions { TimeProvider = _time, PingTimeout = TimeSpan.FromMilliseconds(300) });

    [Fact]
    public void A_unit_called_inside_a_lease_joins_it_on_the_same_connection_and_its_end_does_not_release()
    {
        using var guard = CreateGuard();
        using var outer = guard.AcquireOrJoin();
        var session = outer.Connection.SessionId;
        using (var inner = guard.AcquireOrJoin())
        {
            Assert.Same(outer.Connection, inner.Connection);
        }

        // The outer unit still holds the connection: another flow waits for it.
        Task<ConnectionLease<ScriptedConnection>> other;
        using (ExecutionContext.SuppressFlow())
        {
            other = Task.Run(() => guard.Acquire());
        }

        Assert.False(other.Wait(TimeSpan.FromMilliseconds(300)), "another flow got the connection while the outer lease held it");
        outer.Dispose();
        Assert.True(other.Wait(Deadline), "the outer lease's end did not hand the connection on");
        using var next = other.Result;
        Assert.Equal(session, next.Connection.SessionId);
        Assert.Equal(1, _database.Opens);
    }

    [Fact]
    public async Task An_awaited_async_callee_joins_and_a_joined_lease_is_never_checked()
    {
        await using var guard = CreateGuard();
        async Task<int> CalleeAsync()
        {
            await Task.Yield();
            await using var inner = await guard.AcquireOrJoinAsync();
            return inner.Connection.SessionId;
        }

        await using (var outer = await guard.AcquireOrJoinAsync())
        {
            var probes = _database.Probes;
            _time.Advance(TimeSpan.FromMinutes(5)); // idle past the threshold: a fresh acquire would probe
            Assert.Equal(outer.Connection.SessionId, await CalleeAsync().WaitAsync(Deadline));
            Assert.Equal(probes, _database.Probes);
        }

        await using var after = await guard.AcquireAsync().AsTask().WaitAsync(Deadline);
        Assert.Equal(1, _database.Opens);
    }

    [Fact]
    public void Without_a_lease_held_it_acquires_exclusively_and_Acquire_still_refuses_to_nest()
    {
        using var guard = CreateGuard();
        using (var first = guard.AcquireOrJoin())
        {
            Task<ConnectionLease<ScriptedConnection>> other;
            using (ExecutionContext.SuppressFlow())
            {
                other = Task.Run(() => guard.AcquireOrJoin());
            }

            Assert.False(other.Wait(TimeSpan.FromMilliseconds(300)), "a flow holding no lease joined another's");
            var nested = Assert.Throws<InvalidOperationException>(() => guard.Acquire());
            Assert.Contains("already holds its lease", nested.Message);
            first.Dispose();
            Assert.True(other.Wait(Deadline));
            other.Result.Dispose();
        }
    }

    [Fact]
    public async Task Work_that_joined_keeps_the_connection_after_the_outer_lease_ends_until_it_ends_too()
    {
        await using var guard = CreateGuard();
        using var joinedMayEnd = new ManualResetEventSlim();
        using var joinedNow = new ManualResetEventSlim();
        Task<int> child;
        using (var outer = guard.AcquireOrJoin())
        {
            // Work started inside the lease carries its flow: it joins, as it shared the connection before.
            child = Task.Run(() =>
            {
                using var joined = guard.AcquireOrJoin();
                joinedNow.Set();
                joinedMayEnd.Wait(Deadline);
                return joined.Connection.SessionId;
            });
            Assert.True(joinedNow.Wait(Deadline), "the started work did not join");
        }

        Task<ConnectionLease<ScriptedConnection>> other;
        using (ExecutionContext.SuppressFlow())
        {
            other = Task.Run(() => guard.Acquire());
        }

        Assert.False(other.Wait(TimeSpan.FromMilliseconds(300)), "the connection went to another flow while joined work still used it");
        joinedMayEnd.Set();
        await child.WaitAsync(Deadline);
        Assert.True(other.Wait(Deadline), "the last joined lease's end did not hand the connection on");
        other.Result.Dispose();

        // The outer flow's next lease is its own again, and a plain acquire from it is not taken for a nested one.
        using var again = guard.Acquire();
        Assert.Equal(child.Result, again.Connection.SessionId);
    }

    [Fact]
    public void A_joined_lease_disposed_twice_ends_once()
    {
        using var guard = CreateGuard();
        var outer = guard.AcquireOrJoin();
        var first = guard.AcquireOrJoin();
        var second = guard.AcquireOrJoin();
        first.Dispose();
        first.Dispose();
        outer.Dispose();

        // `second` still holds it: a double dispose of `first` did not count for it.
        Task<ConnectionLease<ScriptedConnection>> other;
        using (ExecutionContext.SuppressFlow())
        {
            other = Task.Run(() => guard.Acquire());
        }

        Assert.False(other.Wait(TimeSpan.FromMilliseconds(300)), "a joined lease disposed twice released another's hold");
        second.Dispose();
        Assert.True(other.Wait(Deadline));
        other.Result.Dispose();
    }

    [Fact]
    public void A_transaction_the_outer_unit_began_stays_with_it_through_the_joined_unit()
    {
        using var guard = CreateGuard();
        using (var outer = guard.AcquireOrJoin())
        {
            using var transaction = outer.BeginTransaction();
            using (var inner = guard.AcquireOrJoin())
            {
                Assert.Same(transaction, inner.Connection.CurrentTransaction);
            }

            Assert.Same(transaction, outer.Connection.CurrentTransaction); // the joined end neither commits nor forgets it
            transaction.Commit();
        }

        using var next = guard.Acquire();
        Assert.Null(next.Connection.CurrentTransaction);
    }

    [Fact]
    public void An_on_open_hook_that_joins_fails_at_once()
    {
        ConnectionGuard<ScriptedConnection>? self = null;
        using var guard = new ConnectionGuard<ScriptedConnection>(_database.CreateConnection, new ConnectionGuardOptions
        {
            TimeProvider = _time,
            OnOpen = _ => { using var inner = self!.AcquireOrJoin(); },
        });
        self = guard;
        var failure = Assert.Throws<InvalidOperationException>(() => guard.Acquire());
        Assert.Contains("hook", failure.Message);
    }
}
