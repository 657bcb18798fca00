using BenchmarkDotNet.Attributes;
using MySqlConnector;
using StaleConn.Benchmarks.Infrastructure;

namespace StaleConn.Benchmarks.Runtime;

/// <summary>
/// What a recovery is made of beyond a fresh open, each alone, so a miss on the recovery target can be pinned on one
/// part: the failed probe on a killed session (<c>SELECT 1</c>, the sync path's, and <c>COM_PING</c>, the async
/// path's), discarding the killed connection (waited for, as before, or handed to the pool, as now), the session query
/// (<c>@@session.wait_timeout</c> and the connection id; now run only on the guard's first session, a replacement reads
/// <c>wait_timeout</c> alone at its next acquire), and one sync-over-async thread-pool hop (the sync path's hop for
/// providers that do not bound their own calls).
/// </summary>
[Config(typeof(RecoveryConfig))]
public class RecoveryComponentBenchmarks
{
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
    [IterationSetup(Targets = new[] { nameof(FailedProbeOnKilledSession), nameof(FailedPingOnKilledSession), nameof(DisposeKilledConnection), nameof(DisposeKilledConnectionInBackground) })]
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

    /// <summary>
    /// What the guard's recovery now pays for the dead connection: handing its disposal to a parked guard thread
    /// (<c>CallThreads</c>) without waiting for it.
    /// </summary>
    [Benchmark(Description = "hand a killed connection's disposal to a guard thread (no wait)")]
    public void DisposeKilledConnectionInBackground()
    {
        var killed = _killed!;
        _killed = null;
        _ = CallThreads.Run(() =>
        {
            killed.Dispose();
            return true;
        });
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

    /// <summary>One sync-over-async hop: <c>Task.Run(work).Wait()</c>.</summary>
    [Benchmark(Description = "thread-pool hop, Task.Run(..).Wait()")]
    public int ThreadPoolHop()
    {
        var task = Task.Run(static () => 1);
        task.Wait();
        return task.Result;
    }
}
