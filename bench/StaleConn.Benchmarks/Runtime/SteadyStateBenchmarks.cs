using BenchmarkDotNet.Attributes;
using MySqlConnector;
using StaleConn.Benchmarks.Infrastructure;

namespace StaleConn.Benchmarks.Runtime;

/// <summary>
/// The everyday cost of each way to run a unit of work (one <c>SELECT 1</c>) against MariaDB on loopback, with the
/// connection healthy. Every variant has its own physical connection on the same server. The target comparisons use
/// the sync API (no thread-pool hops, so far less scheduling noise on a shared machine); the async pair shows the
/// guard's overhead on the async path too.
/// </summary>
[Config(typeof(DatabaseConfig))]
public class SteadyStateBenchmarks
{
    private MySqlConnection _raw = null!;
    private MySqlConnection _pinged = null!;
    private ConnectionGuard<MySqlConnection> _guard = null!;

    /// <summary>Starts the server and opens the long-lived connections.</summary>
    [GlobalSetup]
    public void Setup()
    {
        BenchmarkServer.EnsureStarted();
        _raw = new MySqlConnection(BenchmarkServer.PooledConnectionString);
        _raw.Open();
        _pinged = new MySqlConnection(BenchmarkServer.PooledConnectionString);
        _pinged.Open();
        _guard = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection(BenchmarkServer.PooledConnectionString));
        _guard.Acquire().Dispose();

        // Warm MySqlConnector's pool so the first measured open does not pay the physical connect.
        PoolOpenRunClose();
    }

    /// <summary>Closes everything.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _pinged.Dispose();
        _guard.Dispose();
        MySqlConnection.ClearAllPools();
    }

    /// <summary>The unsafe baseline: a connection opened once and used as is.</summary>
    [Benchmark(Baseline = true, Description = "raw long-lived")]
    public int RawLongLived() => BenchmarkServer.SelectOne(_raw);

    /// <summary>The guard's common path: idle less than its threshold, so one clock read and no round trip.</summary>
    [Benchmark(Description = "guarded, within idle threshold")]
    public int GuardedWithinIdleThreshold()
    {
        using var lease = _guard.Acquire();
        return BenchmarkServer.SelectOne(lease.Connection);
    }

    /// <summary>SQLAlchemy <c>pool_pre_ping</c> / Django <c>CONN_HEALTH_CHECKS</c>: a ping round trip before every use.</summary>
    [Benchmark(Description = "ping before every use")]
    public int PingBeforeEveryUse() =>
        _pinged.Ping()
            ? BenchmarkServer.SelectOne(_pinged)
            : throw new InvalidOperationException("The ping failed on a healthy connection.");

    /// <summary>
    /// The generic form of a pre-check (SQLAlchemy's <c>SELECT 1</c> on dialects without a ping, and the guard's own
    /// probe on providers other than MySQL): a statement round trip before every use.
    /// </summary>
    [Benchmark(Description = "SELECT 1 check before every use")]
    public int SelectCheckBeforeEveryUse() =>
        BenchmarkServer.SelectOne(_pinged) == 1
            ? BenchmarkServer.SelectOne(_pinged)
            : throw new InvalidOperationException("The check failed on a healthy connection.");

    /// <summary>The idiomatic alternative: open from MySqlConnector's pool, run, close, per unit of work.</summary>
    [Benchmark(Description = "pool open/run/close per use")]
    public int PoolOpenRunClose()
    {
        using var connection = new MySqlConnection(BenchmarkServer.PooledConnectionString);
        connection.Open();
        return BenchmarkServer.SelectOne(connection);
    }

    /// <summary>The raw connection through the async API.</summary>
    [Benchmark(Description = "raw long-lived, async")]
    public Task<int> RawLongLivedAsync() => BenchmarkServer.SelectOneAsync(_raw);

    /// <summary>The guard's common path through the async API.</summary>
    [Benchmark(Description = "guarded, within idle threshold, async")]
    public async Task<int> GuardedWithinIdleThresholdAsync()
    {
        await using var lease = await _guard.AcquireAsync();
        return await BenchmarkServer.SelectOneAsync(lease.Connection);
    }
}
