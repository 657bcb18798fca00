using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace StaleConn;

/// <summary>
/// The guard's <see cref="System.Diagnostics.Metrics"/> instruments, on the meter named <see cref="MeterName"/>.
/// Listen with <c>dotnet-counters monitor --counters StaleConn.Runtime</c> or OpenTelemetry's <c>AddMeter("StaleConn.Runtime")</c>.
/// </summary>
public static class GuardMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "StaleConn.Runtime";

    private static readonly Meter Meter = new(MeterName, typeof(GuardMetrics).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> Acquires = Meter.CreateCounter<long>("staleconn.guard.acquires", "{lease}", "Leases handed out");

    internal static readonly Counter<long> Probes = Meter.CreateCounter<long>("staleconn.guard.probes", "{probe}", "Liveness probes run, tagged result=alive|dead");

    internal static readonly Counter<long> Reconnects = Meter.CreateCounter<long>("staleconn.guard.reconnects", "{reconnect}", "Connections replaced by a new server session, tagged reason");

    internal static readonly Histogram<double> ProbeDuration = Meter.CreateHistogram<double>("staleconn.guard.probe.duration", "s", "Duration of liveness probes");

    internal static KeyValuePair<string, object?> Tag(string name, object? value) => new(name, value);
}
