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

    /// <summary>
    /// The async hot path as user code writes it: <c>await using var lease = await guard.AcquireAsync();</c> inside an
    /// async method, whose own state machine is part of the time (see <see cref="AsyncMethodAlone"/>).
    /// </summary>
    [Benchmark(Description = "guard AcquireAsync + DisposeAsync in an async method")]
    public async ValueTask<InMemoryConnection> AcquireAsyncAndDispose()
    {
        await using var lease = await _guard.AcquireAsync();
        return lease.Connection;
    }

    /// <summary>
    /// The guard's async calls alone: <c>AcquireAsync</c> and <c>DisposeAsync</c> complete synchronously on the hot
    /// path, so their results are read at once, without an async method around them.
    /// </summary>
    [Benchmark(Description = "guard AcquireAsync + DisposeAsync (the calls alone)")]
    public InMemoryConnection AsyncCallsAlone()
    {
        var lease = _guard.AcquireAsync().GetAwaiter().GetResult();
        var connection = lease.Connection;
        lease.DisposeAsync().GetAwaiter().GetResult();
        return connection;
    }

    /// <summary>
    /// A unit of work that other units may join (stop 33): <c>using var lease = guard.AcquireOrJoin();</c> outside any
    /// lease. Its lease carries a mark of its own (an execution context and a mark per lease), where Acquire re-arms a cached one.
    /// </summary>
    [Benchmark(Description = "guard AcquireOrJoin + Dispose")]
    public InMemoryConnection AcquireOrJoinAndDispose()
    {
        using var lease = _guard.AcquireOrJoin();
        return lease.Connection;
    }

    /// <summary>The async twin of <see cref="AcquireOrJoinAndDispose"/>, the calls alone.</summary>
    [Benchmark(Description = "guard AcquireOrJoinAsync + DisposeAsync (the calls alone)")]
    public InMemoryConnection AcquireOrJoinAsyncCallsAlone()
    {
        var lease = _guard.AcquireOrJoinAsync().GetAwaiter().GetResult();
        var connection = lease.Connection;
        lease.DisposeAsync().GetAwaiter().GetResult();
        return connection;
    }

    /// <summary>
    /// The caller's share of <see cref="AcquireAsyncAndDispose"/> with no guard: the same async method shape (await a
    /// completed <c>ValueTask</c> of a lease-sized struct, <c>await using</c> it) around a struct whose dispose does nothing.
    /// </summary>
    [Benchmark(Description = "(no guard) the async method alone")]
    public async ValueTask<object> AsyncMethodAlone()
    {
        await using var lease = await new ValueTask<NothingToDispose>(new NothingToDispose(_guard, _guard, 1));
        return lease.Value;
    }

    /// <summary>A struct the size of a lease whose asynchronous dispose does nothing.</summary>
    internal readonly struct NothingToDispose(object owner, object value, long id) : IAsyncDisposable
    {
        /// <summary>Stands in for the lease's guard.</summary>
        public object Owner { get; } = owner;

        /// <summary>Stands in for the lease's connection.</summary>
        public object Value { get; } = value;

        /// <summary>Stands in for the lease id.</summary>
        public long Id { get; } = id;

        /// <inheritdoc />
        public ValueTask DisposeAsync() => default;
    }
}
