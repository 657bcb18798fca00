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

    /// <summary>Creates the guard and opens its connection once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _guard = new ConnectionGuard<InMemoryConnection>(() => new InMemoryConnection());
        _guard.Acquire().Dispose();
    }

    /// <summary>Disposes the guard.</summary>
    [GlobalCleanup]
    public void Cleanup() => _guard.Dispose();

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

    /// <summary>The async hot path: <c>await using var lease = await guard.AcquireAsync();</c>.</summary>
    [Benchmark(Description = "guard AcquireAsync + DisposeAsync")]
    public async ValueTask<InMemoryConnection> AcquireAsyncAndDispose()
    {
        await using var lease = await _guard.AcquireAsync();
        return lease.Connection;
    }
}
