using System.Diagnostics;
using Microsoft.Extensions.Logging;
using MySqlConnector;
using StaleConn.Runtime.Tests.Testing;
using StaleConn.Testing.MariaDb;

namespace StaleConn.Runtime.Tests.Integration;

/// <summary>
/// Sync callers over a starved thread pool, the usual state of sync-over-async services: the guard's probe of a silent
/// MySqlConnector connection runs on the caller's thread there, and its bounds must not wait for a pool thread.
/// </summary>
[Collection(nameof(StarvedPoolCollection))]
public sealed class StarvedPoolTests : IClassFixture<MariaDbServerFixture>
{
    private readonly MariaDbServerFixture _fixture;

    public StarvedPoolTests(MariaDbServerFixture fixture) => _fixture = fixture;

    [Theory]
    [InlineData(null)] // MySqlConnector's COM_PING, under the guard's watchdog
    [InlineData("SELECT 1")] // a query, under the guard's cancellation and socket cutoff
    public async Task A_sync_probe_of_a_silent_connection_ends_within_its_bound_while_the_pool_is_starved(string? validationQuery)
    {
        await using var proxy = new BlackHoleProxy(_fixture.Server.Port);
        var connectionString = $"Server=127.0.0.1;Port={proxy.Port};User ID=root;Password=;Database={MariaDbServer.Database};SslMode=None;Connect Timeout=10;Cancellation Timeout=1";
        var probeEnded = new ProbeEnd();
        var options = new ConnectionGuardOptions { PingTimeout = TimeSpan.FromSeconds(1), IdleCheckAfter = TimeSpan.FromMilliseconds(200), ValidationQuery = validationQuery, Logger = probeEnded };
        await using var guard = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection(connectionString), options);
        await using (var first = await guard.AcquireAsync())
        {
            Assert.Equal(1L, Convert.ToInt64(await new MySqlCommand("SELECT 1", first.Connection).ExecuteScalarAsync()));
        }

        proxy.BlackHole();
        await Task.Delay(300); // past IdleCheckAfter: the next acquire probes
        proxy.Resume(); // the replacement gets through once the pool runs again

        // PingTimeout rounded up + the guard's grace (HardBound.Grace) + 2 s slack for a busy machine.
        var bound = TimeSpan.FromSeconds(1) + TimeSpan.FromSeconds(2) + TimeSpan.FromSeconds(2);
        using var pool = StarvedPool.Start();
        probeEnded.Then(pool.Release); // the replacement's open goes through the proxy, whose pumps need the pool
        pool.ReleaseAfter(bound + TimeSpan.FromSeconds(5)); // so that a probe waiting for the pool ends the test, not the run
        var outcome = Bounded.Run(
            () =>
            {
                using var lease = guard.Acquire();
            },
            bound + TimeSpan.FromSeconds(30),
            "a sync acquire over a silent connection and a starved pool");

        Assert.True(probeEnded.At is not null, $"the probe never failed; the acquire ended after {outcome.Elapsed} with {outcome.Error?.ToString() ?? "a lease"}");
        Assert.True(probeEnded.At < bound, $"the probe ended after {probeEnded.At} (bound {bound}), while {pool.Blocked} pool work items waited; it waited for the pool");
        Assert.Null(outcome.Error);
        Assert.True(pool.ReleasedBy == "the probe's end", $"the pool was released by {pool.ReleasedBy}");
    }

    /// <summary>Records when the guard logged the probe's failure, and runs an action then.</summary>
    private sealed class ProbeEnd : ILogger
    {
        private readonly Stopwatch _watch = new();
        private Action? _then;

        public TimeSpan? At { get; private set; }

        public void Then(Action action)
        {
            _then = action;
            _watch.Restart();
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name == "ProbeFailed" && _then is { } then && At is null)
            {
                At = _watch.Elapsed;
                then();
            }
        }
    }
}

[CollectionDefinition(nameof(StarvedPoolCollection), DisableParallelization = true)]
public sealed class StarvedPoolCollection
{
}
