using BenchmarkDotNet.Attributes;
using StaleConn.Benchmarks.Infrastructure;

namespace StaleConn.Benchmarks.Runtime;

/// <summary>
/// What the guard adds to every unit of work when the connection was used recently: acquire and release a lease on an
/// in-memory connection, beside the one clock read the decision needs (its floor).
/// </summary>
[Config(typeof(HotPathConfig))]
public class GuardHotPathBenchmarks
{
    private ConnectionGuard<InMemoryConnection> _guard = null!;
    private ConnectionGuard<InMemoryConnection> _guardWithoutAutoEnlist = null!;

    /// <summary>Creates the guards and opens their connections once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _guard = new ConnectionGuard<InMemoryConnection>(() => new InMemoryConnection());
        _guard.Acquire().Dispose();
        _guardWithoutAutoEnlist = new ConnectionGuard<InMemoryConnection>(() => new InMemoryConnection { ConnectionString = "AutoEnlist=false" });
        _guardWithoutAutoEnlist.Acquire().Dispose();
    }

    /// <summary>The guard with the default settings (for the interleaved cross-check).</summary>
    internal ConnectionGuard<InMemoryConnection> Guard => _guard;

    /// <summary>Disposes the guards.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _guard.Dispose();
        _guardWithoutAutoEnlist.Dispose();
    }

    /// <summary>The floor: one monotonic clock read, which the idle decision needs at least.</summary>
    [Benchmark(Baseline = true, Description = "TimeProvider.System.GetTimestamp()")]
    public long GetTimestamp() => TimeProvider.System.GetTimestamp();

    /// <summary>The sync hot path: <c>using var lease = guard.Acquire();</c>.</summary>
    [Benchmark(Description = "guard Acquire + Dispose")]
    public InMemoryConnection AcquireAndDispose()
    {
        using var lease = _guard.Acquire();
        return lease.Connection;
    }

    /// <summary>
    /// The sync hot path when the connection string turns the provider's auto-enlistment off (MySqlConnector
    /// <c>AutoEnlist=false</c>, others <c>Enlist=false</c>): no ambient-transaction look-up.
    /// </summary>
    [Benchmark(Description = "guard Acquire + Dispose (AutoEnlist=false)")]
    public InMemoryConnection AcquireAndDisposeWithoutAutoEnlist()
    {
        using var lease = _guardWithoutAutoEnlist.Acquire();
        return lease.Connection;
    }

    /// <summary>The async hot path when the connection string turns auto-enlistment off.</summary>
    [Benchmark(Description = "guard AcquireAsync + DisposeAsync (AutoEnlist=false)")]
    public async ValueTask<InMemoryConnection> AcquireAsyncAndDisposeWithoutAutoEnlist()
    {
        await using var lease = await _guardWithoutAutoEnlist.AcquireAsync();
        return lease.Connection;
    }

    /// <summary>The async hot path: <c>await using var lease = await guard.AcquireAsync();</c>.</summary>
    [Benchmark(Description = "guard AcquireAsync + DisposeAsync")]
    public async ValueTask<InMemoryConnection> AcquireAsyncAndDispose()
    {
        await using var lease = await _guard.AcquireAsync();
        return lease.Connection;
    }
}
