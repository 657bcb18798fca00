namespace StaleConn.Benchmarks.AnalyzerCost;

/// <summary>
/// The long-lived connection shapes planted in the generated solution, one per module in turn. Each shape is built
/// so that exactly one StaleConn rule reports it exactly once.
/// </summary>
public enum ConnectionHolderKind
{
    /// <summary>A static connection field in a helper class (SC0001).</summary>
    StaticField,

    /// <summary>An instance connection field in a <c>BackgroundService</c> (SC0002).</summary>
    HostedServiceField,

    /// <summary>A connection registered as a DI singleton (SC0003).</summary>
    SingletonRegistration,

    /// <summary>A local connection opened before a loop that waits on <c>Task.Delay</c> (SC0004).</summary>
    LocalAcrossWaitingLoop,

    /// <summary>A plain class with a connection field, registered as a singleton (SC0005).</summary>
    SingletonServiceField,
}
