using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace StaleConn;

/// <summary>
/// The guard's <see cref="System.Diagnostics.Metrics"/> instruments, on the meter named <see cref="MeterName"/>: the
/// OpenTelemetry <c>db.client.connection.*</c> conventions that MySqlConnector and Npgsql follow for their pools (wait,
/// use and create time, pending requests, timeouts), tagged <c>db.client.connection.pool.name</c> with the guard's
/// <see cref="ConnectionGuard{TConnection}.Name"/>, and the guard's own <c>staleconn.guard.*</c> counters.
/// Listen with <c>dotnet-counters monitor --counters StaleConn.Runtime</c> or OpenTelemetry's <c>AddMeter("StaleConn.Runtime")</c>.
/// </summary>
public static class GuardMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "StaleConn.Runtime";

    /// <summary>The tag that names the guard on every instrument (OpenTelemetry's pool name).</summary>
    public const string PoolNameTag = "db.client.connection.pool.name";

    private static readonly Meter Meter = new(MeterName, typeof(GuardMetrics).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> Acquires = Meter.CreateCounter<long>("staleconn.guard.acquires", "{lease}", "Leases handed out");

    internal static readonly Counter<long> Probes = Meter.CreateCounter<long>("staleconn.guard.probes", "{probe}", "Liveness checks run, tagged result=alive|dead");

    internal static readonly Counter<long> Reconnects = Meter.CreateCounter<long>("staleconn.guard.reconnects", "{reconnect}", "Connections replaced by a new server session, tagged reason");

    internal static readonly Counter<long> FailedOpens = Meter.CreateCounter<long>("staleconn.guard.open_failures", "{open}", "Opens of a new server session that failed, tagged error.type");

    internal static readonly Histogram<double> ProbeDuration = Meter.CreateHistogram<double>("staleconn.guard.probe.duration", "s", "Duration of liveness checks");

    internal static readonly Histogram<double> WaitTime = Meter.CreateHistogram<double>("db.client.connection.wait_time", "s", "The time it took to obtain the connection (the lease)");

    internal static readonly Histogram<double> UseTime = Meter.CreateHistogram<double>("db.client.connection.use_time", "s", "The time between obtaining the connection and releasing it (the lease's duration)");

    internal static readonly Histogram<double> CreateTime = Meter.CreateHistogram<double>("db.client.connection.create_time", "s", "The time it took to open a new server session");

    internal static readonly UpDownCounter<long> PendingRequests = Meter.CreateUpDownCounter<long>("db.client.connection.pending_requests", "{request}", "Acquires waiting for the connection");

    internal static readonly Counter<long> Timeouts = Meter.CreateCounter<long>("db.client.connection.timeouts", "{timeout}", "Acquires that gave up after AcquireTimeout");

    internal static KeyValuePair<string, object?> Tag(string name, object? value) => new(name, value);
}

/// <summary>One guard's view of the instruments: each measurement tagged with its name; nothing measured that nobody listens to.</summary>
internal sealed class GuardInstruments
{
    private readonly KeyValuePair<string, object?> _pool;

    public GuardInstruments(string name) => _pool = GuardMetrics.Tag(GuardMetrics.PoolNameTag, name);

    /// <summary>Whether a listener wants wait or use times (the hot path then reads a timestamp per acquire and release).</summary>
    public bool TimesLeases => GuardMetrics.WaitTime.Enabled || GuardMetrics.UseTime.Enabled;

    public void CountAcquire()
    {
        if (GuardMetrics.Acquires.Enabled)
        {
            GuardMetrics.Acquires.Add(1, _pool);
        }
    }

    /// <summary>Records the wait (from <paramref name="waitStarted"/>, 0 on the hot path) and returns the lease's start.</summary>
    public long LeaseStarted(long waitStarted)
    {
        var now = Stopwatch.GetTimestamp();
        if (GuardMetrics.WaitTime.Enabled)
        {
            GuardMetrics.WaitTime.Record(waitStarted == 0 ? 0 : Seconds(waitStarted, now), _pool);
        }

        return now;
    }

    public void RecordUseTime(long leaseStarted)
    {
        if (GuardMetrics.UseTime.Enabled)
        {
            GuardMetrics.UseTime.Record(Seconds(leaseStarted, Stopwatch.GetTimestamp()), _pool);
        }
    }

    public void RecordCreateTime(long started) => GuardMetrics.CreateTime.Record(Seconds(started, Stopwatch.GetTimestamp()), _pool);

    public void PendingRequests(int change) => GuardMetrics.PendingRequests.Add(change, _pool);

    public void CountTimeout() => GuardMetrics.Timeouts.Add(1, _pool);

    public void CountReconnect(ConnectionReplacementReason reason) =>
        GuardMetrics.Reconnects.Add(1, _pool, GuardMetrics.Tag("reason", reason.ToString()));

    public void CountFailedOpen(Exception exception) =>
        GuardMetrics.FailedOpens.Add(1, _pool, GuardMetrics.Tag("error.type", exception.GetType().FullName));

    public void RecordProbe(double seconds, bool alive)
    {
        GuardMetrics.ProbeDuration.Record(seconds, _pool);
        GuardMetrics.Probes.Add(1, _pool, GuardMetrics.Tag("result", alive ? "alive" : "dead"));
    }

    private static double Seconds(long from, long to) => (to - from) / (double)Stopwatch.Frequency;
}

/// <summary>Default guard names: the connection type and a number per process, as HikariCP's pools are named.</summary>
internal static class GuardNames
{
    private static int s_next;

    public static string Next(Type connectionType) =>
        connectionType.Name + "-" + System.Threading.Interlocked.Increment(ref s_next).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
