using Microsoft.Extensions.Time.Testing;
using MySqlConnector.ScriptedForTests;

namespace StaleConn.Runtime.Tests.Unit;

/// <summary>
/// The acquire decision with a steady and a wall clock, as the guard reads them on Linux: a suspension moves only the
/// wall clock, a wall clock set forward also moves only the wall clock, and the guard must tell neither from the other.
/// </summary>
public sealed class GuardClockPairTests
{
    private readonly FakeTimeProvider _steady = new();
    private readonly FakeTimeProvider _wall = new();
    private readonly ScriptedDatabase _database = new();
    private readonly List<ConnectionReconnectedEventArgs> _reconnects = new();

    private ConnectionGuard<ScriptedConnection> CreateGuard(Action<ConnectionGuardOptions>? configure = null)
    {
        var options = new ConnectionGuardOptions { IdleCheckAfter = TimeSpan.FromSeconds(30), PingTimeout = TimeSpan.FromMilliseconds(300) };
        configure?.Invoke(options);
        var guard = new ConnectionGuard<ScriptedConnection>(_database.CreateConnection, options, IdleClock.ForPair(_steady, _wall, resolution: 4));
        guard.Reconnected += (_, e) => _reconnects.Add(e);
        return guard;
    }

    private static int SessionOf(ConnectionGuard<ScriptedConnection> guard)
    {
        using var lease = guard.Acquire();
        return lease.Connection.SessionId;
    }

    private void Advance(TimeSpan span)
    {
        _steady.Advance(span);
        _wall.Advance(span);
    }

    [Fact]
    public void A_suspension_past_the_threshold_is_noticed_on_the_hot_path_and_the_connection_probed()
    {
        using var guard = CreateGuard();
        var first = SessionOf(guard);
        Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(first, SessionOf(guard));
        Assert.Equal(0, _database.Probes);

        _wall.Advance(TimeSpan.FromMinutes(5)); // suspended: only the wall clock moved
        Assert.Equal(first, SessionOf(guard));
        Assert.Equal(1, _database.Probes);
    }

    [Fact]
    public void A_session_that_died_while_the_host_was_suspended_is_probed_and_replaced()
    {
        _database.KnowsWaitTimeout = true;
        _database.WaitTimeoutSeconds = 60;
        using var guard = CreateGuard(o => o.IdleCheckAfter = TimeSpan.FromHours(1));
        using (var lease = guard.Acquire())
        {
            lease.Connection.Kill(); // the server's wait_timeout ends the session while the host sleeps
        }

        _wall.Advance(TimeSpan.FromHours(2));
        Assert.Equal(2, SessionOf(guard));
        Assert.Equal(1, _database.Probes);
        Assert.Equal(ConnectionReplacementReason.ProbeFailed, Assert.Single(_reconnects).Reason);
    }

    [Fact]
    public void A_wall_clock_set_forward_past_the_servers_limit_never_condemns_a_live_transaction_without_asking()
    {
        _database.KnowsWaitTimeout = true;
        _database.WaitTimeoutSeconds = 60;
        using var guard = CreateGuard(o => o.IdleCheckAfter = TimeSpan.FromHours(1));
        var lease = guard.Acquire();
        var first = lease.Connection.SessionId;
        using var transaction = lease.BeginTransaction();
        lease.Dispose(); // a transaction that spans leases

        _wall.Advance(TimeSpan.FromHours(3)); // the time was set forward; the session is alive
        using (var next = guard.Acquire())
        {
            Assert.Equal(first, next.Connection.SessionId);
        }

        Assert.Equal(1, _database.Probes);
        Assert.Empty(_reconnects);
    }

    [Fact]
    public void Idle_beyond_the_servers_limit_on_the_steady_clock_is_still_known_dead_without_a_round_trip()
    {
        _database.KnowsWaitTimeout = true;
        _database.WaitTimeoutSeconds = 60;
        using var guard = CreateGuard(o => o.IdleCheckAfter = TimeSpan.FromHours(1));
        _ = SessionOf(guard);
        _steady.Advance(TimeSpan.FromSeconds(61)); // the wall clock shows no time passed: it was set back by as much

        Assert.Equal(2, SessionOf(guard));
        Assert.Equal(0, _database.Probes);
        Assert.Equal(ConnectionReplacementReason.IdleBeyondServerLimit, Assert.Single(_reconnects).Reason);
    }
}
