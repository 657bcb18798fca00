namespace StaleConn.Benchmarks.Infrastructure;

/// <summary>
/// The Windows-service references real repositories compile against: <c>ServiceBase</c>'s assembly
/// (System.ServiceProcess.ServiceController) and <c>EventLog</c>'s, which <c>ServiceBase.EventLog</c> returns. A .NET
/// Framework service gets both from the framework, a modern one from these packages; without them <c>ServiceBase</c> is
/// an error type, so no Windows service reads as long-lived (HookDing/ServiceManager-GUI's <c>MySqlService</c>).
/// The bench's project restores the .NET 8 builds, made against the reference pack the snippets use.
/// </summary>
internal static class RealCodeServiceReferences
{
    /// <summary>The paths to add to the snippet references for real code.</summary>
    public static IEnumerable<string> Paths() =>
    [
        typeof(System.ServiceProcess.ServiceBase).Assembly.Location,
        typeof(System.Diagnostics.EventLog).Assembly.Location,
    ];
}
