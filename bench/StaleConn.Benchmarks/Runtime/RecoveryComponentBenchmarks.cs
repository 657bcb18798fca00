using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;
using StaleConn.Benchmarks.Infrastructure;

namespace StaleConn.Benchmarks.Runtime;

/// <summary>
/// What a recovery is made of beyond a fresh open, each alone, so a miss on the recovery target can be pinned on one
/// part: telling the killed session is dead (the closed-socket check the probe now starts with; a failed
/// <c>COM_PING</c>, sync and async; a failed <c>SELECT 1</c>, the generic probe), discarding the killed connection
/// (waited for, as long ago, or handed to a guard thread, as now), the session query (<c>@@session.wait_timeout</c> and
/// the connection id; run only on the guard's first session), and the hops: to a parked guard thread (the sync open's,
/// when TLS is not ruled out), warm and after a pause as in a recovery, and to the thread pool.
/// </summary>
[Config(typeof(RecoveryConfig))]
public class RecoveryComponentBenchmarks
{
    private static readonly ProviderTraits<MySqlConnection> Traits = ProviderTraits<MySqlConnection>.Of(typeof(MySqlConnection));
    private MySqlConnection _admin = null!;
    private MySqlConnection _live = null!;
    private MySqlConnection? _killed;

    /// <summary>Starts the server and opens the admin and live connections.</summary>
    [GlobalSetup]
    public void Setup()
    {
        BenchmarkServer.EnsureStarted();
        _admin = new MySqlConnection(BenchmarkServer.UnpooledConnectionString);
        _admin.Open();
        _live = new MySqlConnection(BenchmarkServer.UnpooledConnectionString);
        _live.Open();
    }

    /// <summary>Closes everything.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _killed?.Dispose();
        _live.Dispose();
        _admin.Dispose();
    }

    /// <summary>Opens an unpooled connection and kills its session on the server.</summary>
    [IterationSetup(Targets = new[] { nameof(FailedProbeOnKilledSession), nameof(FailedPingOnKilledSession), nameof(FailedSyncPingOnKilledSession), nameof(ClosedSocketCheckOnKilledSession), nameof(DisposeKilledConnection), nameof(DisposeKilledConnectionInBackground) })]
    public void OpenAndKill()
    {
        _killed?.Dispose();
        _killed = new MySqlConnection(BenchmarkServer.UnpooledConnectionString);
        _killed.Open();
        var id = BenchmarkServer.ConnectionIdAsync(_killed).GetAwaiter().GetResult();
        using var kill = new MySqlCommand($"KILL {id}", _admin);
        kill.ExecuteNonQuery();
        using var listed = new MySqlCommand($"SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = {id}", _admin);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (Convert.ToInt64(listed.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Session {id} was still listed 5 s after KILL.");
            }

            Thread.Sleep(1);
        }

        Thread.Sleep(2); // as RecoveryBenchmarks: the socket closes a moment after the server stops listing the session
    }

    /// <summary>A <c>SELECT 1</c> on the killed session, as the guard's probe runs it: it fails, and the failure is caught.</summary>
    [Benchmark(Description = "failed SELECT 1 on a killed session")]
    public bool FailedProbeOnKilledSession()
    {
        try
        {
            using var command = new MySqlCommand("SELECT 1", _killed) { CommandTimeout = 2 };
            command.ExecuteScalar();
            throw new InvalidOperationException("The killed session answered.");
        }
        catch (MySqlException)
        {
            return true;
        }
    }

    /// <summary>
    /// MySqlConnector's <c>COM_PING</c> on the killed session, as the guard's async probe sends it (through
    /// <c>PingAsync</c>, bounded by a timer the guard only arms when the ping does not complete at once).
    /// </summary>
    [Benchmark(Description = "failed COM_PING (PingAsync) on a killed session")]
    public bool FailedPingOnKilledSession()
    {
        if (_killed!.PingAsync().GetAwaiter().GetResult())
        {
            throw new InvalidOperationException("The killed session answered.");
        }

        return true;
    }

    /// <summary>The blocking <c>Ping()</c> on the killed session: the guard's sync probe until the socket check came first.</summary>
    [Benchmark(Description = "failed COM_PING (Ping) on a killed session")]
    public bool FailedSyncPingOnKilledSession()
    {
        if (_killed!.Ping())
        {
            throw new InvalidOperationException("The killed session answered.");
        }

        return true;
    }

    /// <summary>
    /// What the guard's probe asks first on MySqlConnector: whether the session's socket has reached end of stream
    /// (readable, nothing to read) — two non-blocking system calls, no round trip.
    /// </summary>
    [Benchmark(Description = "closed-socket check on a killed session")]
    public bool ClosedSocketCheckOnKilledSession()
    {
        // The setup returns once the server no longer lists the session; its socket closes a moment later.
        if (!Traits.PeerHasClosed(_killed!) && !SpinWait.SpinUntil(() => Traits.PeerHasClosed(_killed!), TimeSpan.FromSeconds(5)))
        {
            throw new InvalidOperationException("The killed session's socket did not close.");
        }

        return true;
    }

    /// <summary>
    /// What the guard's recovery now pays for the dead connection: handing its disposal to a parked guard thread
    /// (<c>BoundedDiscard.DiscardInBackground</c>: the work item and the overrun timer) without waiting for it.
    /// </summary>
    [Benchmark(Description = "hand a killed connection's disposal to a guard thread (no wait)")]
    public void DisposeKilledConnectionInBackground()
    {
        var killed = _killed!;
        _killed = null;
        BoundedDiscard.DiscardInBackground(killed, TimeSpan.FromSeconds(2), NullLogger.Instance);
    }

    /// <summary>Disposing the connection whose session was killed.</summary>
    [Benchmark(Description = "dispose a killed connection")]
    public void DisposeKilledConnection()
    {
        _killed!.Dispose();
        _killed = null;
    }

    /// <summary>The query the guard runs after each open (server idle limit and connection id).</summary>
    [Benchmark(Baseline = true, Description = "session query (wait_timeout, CONNECTION_ID())")]
    public object? SessionQuery()
    {
        using var command = new MySqlCommand("SELECT @@session.wait_timeout, CONNECTION_ID()", _live);
        using var reader = command.ExecuteReader();
        return reader.Read() ? reader.GetValue(0) : null;
    }

    /// <summary>The sync path's hop for providers that do not bound their own calls: a parked guard thread runs the call.</summary>
    [Benchmark(Description = "guard-thread hop, CallThreads.Run(..).Wait()")]
    public int GuardThreadHop()
    {
        var task = CallThreads.Run(static () => 1);
        task.Wait();
        return task.Result;
    }

    /// <summary>Parks the calling thread for 2 ms, as the recovery benchmarks' preparation does before each recovery.</summary>
    [IterationSetup(Target = nameof(GuardThreadHopAfterPause))]
    public void PauseLikeTheRecoveries() => Thread.Sleep(2);

    /// <summary>
    /// The same hop as a recovery meets it: after a pause, with the guard thread (and on an idle machine its CPU)
    /// asleep. On the benchmark's KVM guest this wake-up is most of what a recovery adds to a fresh open.
    /// </summary>
    [Benchmark(Description = "guard-thread hop after a 2 ms pause")]
    public int GuardThreadHopAfterPause() => GuardThreadHop();

    /// <summary>One sync-over-async hop: <c>Task.Run(work).Wait()</c>.</summary>
    [Benchmark(Description = "thread-pool hop, Task.Run(..).Wait()")]
    public int ThreadPoolHop()
    {
        var task = Task.Run(static () => 1);
        task.Wait();
        return task.Result;
    }
}
