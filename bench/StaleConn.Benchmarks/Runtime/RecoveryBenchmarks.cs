using BenchmarkDotNet.Attributes;
using StaleConn.Benchmarks.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using MySqlConnector;

namespace StaleConn.Benchmarks.Runtime;

/// <summary>
/// The first unit of work after the guard's connection went stale, against the least any recovery must do: open a
/// fresh unpooled physical connection and run the same <c>SELECT 1</c>. Before each invocation the guard's session is
/// killed on the server (as <c>wait_timeout</c> would) and a fake clock moves on — past the server's limit (known dead:
/// replaced without a round trip) or only past <c>IdleCheckAfter</c> (probed, the probe fails, then replaced).
/// </summary>
[Config(typeof(RecoveryConfig))]
public class RecoveryBenchmarks
{
    // Longer than MariaDB's default wait_timeout (28,800 s), which the guard reads from the session.
    private static readonly TimeSpan PastServerLimit = TimeSpan.FromHours(9);

    // Longer than IdleCheckAfter, far shorter than wait_timeout: only a probe can tell.
    private static readonly TimeSpan PastIdleThreshold = TimeSpan.FromMinutes(1);

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private MySqlConnection _admin = null!;
    private ConnectionGuard<MySqlConnection> _guard = null!;
    private MySqlConnection? _fresh;

    /// <summary>Starts the server, the admin connection that kills sessions, and the guard.</summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        BenchmarkServer.EnsureStarted();
        _admin = new MySqlConnection(BenchmarkServer.UnpooledConnectionString);
        await _admin.OpenAsync();
        _guard = new ConnectionGuard<MySqlConnection>(
            () => new MySqlConnection(BenchmarkServer.PooledConnectionString),
            new ConnectionGuardOptions
            {
                IdleCheckAfter = TimeSpan.FromSeconds(30),
                PingTimeout = TimeSpan.FromSeconds(2),
                TimeProvider = _clock,
            });
    }

    /// <summary>Closes everything.</summary>
    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _guard.DisposeAsync();
        await _admin.DisposeAsync();
        MySqlConnection.ClearAllPools();
    }

    /// <summary>Kills the guard's session and moves the clock past the server's own idle limit.</summary>
    [IterationSetup(Target = nameof(RecoverKnownDead))]
    public void MakeKnownDead() => PrepareAsync(kill: true, PastServerLimit).GetAwaiter().GetResult();

    /// <summary>Kills the guard's session and moves the clock past the idle threshold only.</summary>
    [IterationSetup(Targets = new[] { nameof(RecoverProbed), nameof(RecoverProbedAsync) })]
    public void MakeProbablyDead() => PrepareAsync(kill: true, PastIdleThreshold).GetAwaiter().GetResult();

    /// <summary>
    /// Gives the baseline the same unmeasured preparation as the recoveries — a lease, round trips on the admin
    /// connection, the same pause — without killing anything. Both then start after the same short sleep: the
    /// recoveries used to start after one and the baseline straight after the previous operation, with warm caches and
    /// running threads, which made every recovery look ≈ 150–200 µs slower than it is (and the longer the pause, the
    /// larger that gap: 2 ms → 100 ms took known-dead recovery from 1.42× to 2.78× while the guard did the same work).
    /// </summary>
    [IterationSetup(Target = nameof(FreshUnpooledOpen))]
    public void PrepareLikeTheRecoveries() => PrepareAsync(kill: false, TimeSpan.Zero).GetAwaiter().GetResult();

    /// <summary>Closes the connection the baseline opened (not measured, like the guard's old connection).</summary>
    [IterationCleanup(Target = nameof(FreshUnpooledOpen))]
    public void CloseFresh()
    {
        _fresh?.Dispose();
        _fresh = null;
    }

    /// <summary>Baseline: a new physical connection (no pool) and the statement.</summary>
    [Benchmark(Baseline = true, Description = "fresh unpooled open + SELECT 1")]
    public int FreshUnpooledOpen()
    {
        _fresh = new MySqlConnection(BenchmarkServer.UnpooledConnectionString);
        _fresh.Open();
        return BenchmarkServer.SelectOne(_fresh);
    }

    /// <summary>Idle past the server's limit: the guard knows the session is gone and replaces it.</summary>
    [Benchmark(Description = "recovery, known dead")]
    public int RecoverKnownDead()
    {
        using var lease = _guard.Acquire();
        return BenchmarkServer.SelectOne(lease.Connection);
    }

    /// <summary>Idle past the threshold only: the guard probes, the probe fails, it replaces the session.</summary>
    [Benchmark(Description = "recovery, probed")]
    public int RecoverProbed()
    {
        using var lease = _guard.Acquire();
        return BenchmarkServer.SelectOne(lease.Connection);
    }

    /// <summary>The probed recovery through the async API (MySqlConnector's <c>COM_PING</c> probe; not a target row).</summary>
    [Benchmark(Description = "recovery, probed (async)")]
    public async Task<int> RecoverProbedAsync()
    {
        await using var lease = await _guard.AcquireAsync();
        return await BenchmarkServer.SelectOneAsync(lease.Connection);
    }

    // With kill: the guard's session is killed and the fake clock moves on by idle. Without: the same round trips and
    // pause, on a session id that does not exist, so the baseline starts from the same state of the machine.
    private async Task PrepareAsync(bool kill, TimeSpan idle)
    {
        long sessionId;
        await using (var lease = await _guard.AcquireAsync())
        {
            sessionId = await BenchmarkServer.ConnectionIdAsync(lease.Connection);
        }

        if (!kill)
        {
            sessionId = -1;
        }

        await using (var command = new MySqlCommand(kill ? $"KILL {sessionId}" : "DO 0", _admin))
        {
            await command.ExecuteNonQueryAsync();
        }

        // KILL returns before the session is gone; wait (bounded) until the server no longer lists it.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        await using var listed = new MySqlCommand($"SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = {sessionId}", _admin);
        while (Convert.ToInt64(await listed.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) != 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Session {sessionId} was still listed 5 s after KILL.");
            }

            await Task.Delay(1);
        }

        // The server lists the session as gone a little before it has closed the socket. A stale connection has been
        // closed for minutes or hours when the next unit of work comes; without this pause the probe sometimes raced the
        // server's own tear-down (whole BenchmarkDotNet processes then read ≈ 300 µs more for the probed recovery).
        await Task.Delay(2);
        _clock.Advance(idle);
    }
}
