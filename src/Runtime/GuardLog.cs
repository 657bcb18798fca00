using System;
using Microsoft.Extensions.Logging;

namespace StaleConn;

/// <summary>The guard's log events. None of them carries a connection string or a password.</summary>
internal static class GuardLog
{
    public static readonly Action<ILogger, string, double, long?, Exception?> Reconnected = LoggerMessage.Define<string, double, long?>(
        LogLevel.Information, new EventId(1, "Reconnected"),
        "Replaced the database connection ({Reason}) after {IdleSeconds:0.###} s idle; new server connection id {ServerConnectionId}");

    public static readonly Action<ILogger, double, double, Exception?> ProbeFailed = LoggerMessage.Define<double, double>(
        LogLevel.Warning, new EventId(2, "ProbeFailed"),
        "Liveness probe failed after {ElapsedSeconds:0.###} s on a connection idle for {IdleSeconds:0.###} s");

    public static readonly Action<ILogger, double, Exception?> LifetimeRecycle = LoggerMessage.Define<double>(
        LogLevel.Information, new EventId(3, "LifetimeRecycle"),
        "Recycling the database connection after {AgeSeconds:0.###} s (MaxLifetime)");

    public static readonly Action<ILogger, bool, Exception?> LostInTransaction = LoggerMessage.Define<bool>(
        LogLevel.Error, new EventId(4, "LostInTransaction"),
        "The database connection was lost with a transaction open (ambient: {Ambient}); the server rolled it back");

    public static readonly Action<ILogger, string, Exception?> DiscardFailed = LoggerMessage.Define<string>(
        LogLevel.Debug, new EventId(5, "DiscardFailed"),
        "Discarding a dead connection threw {ExceptionType} (expected; ignored)");

    public static readonly Action<ILogger, double, Exception?> DiscardTimedOut = LoggerMessage.Define<double>(
        LogLevel.Debug, new EventId(6, "DiscardTimedOut"),
        "Discarding a dead connection took longer than {BoundSeconds:0.###} s; left to finish in the background");

    public static readonly Action<ILogger, long?, int, Exception?> Opened = LoggerMessage.Define<long?, int>(
        LogLevel.Debug, new EventId(7, "Opened"),
        "Opened a database connection: server connection id {ServerConnectionId}, server idle limit {WaitTimeoutSeconds} s");

    public static readonly Action<ILogger, double, Exception?> ConnectionLost = LoggerMessage.Define<double>(
        LogLevel.Warning, new EventId(8, "ConnectionLost"),
        "The database connection was lost after {IdleSeconds:0.###} s idle; not reconnecting (FailInsteadOfReconnect)");

    public static readonly Action<ILogger, Exception?> ReconnectedHandlerFailed = LoggerMessage.Define(
        LogLevel.Warning, new EventId(9, "ReconnectedHandlerFailed"),
        "A Reconnected event handler threw; the new connection is kept");

    public static readonly Action<ILogger, string, Exception?> SessionQueryFailed = LoggerMessage.Define<string>(
        LogLevel.Debug, new EventId(10, "SessionQueryFailed"),
        "Could not read the server's wait_timeout ({ExceptionType}); relying on IdleCheckAfter and probes");

    public static readonly Action<ILogger, long?, int, Exception?> IdleLimitRead = LoggerMessage.Define<long?, int>(
        LogLevel.Debug, new EventId(11, "IdleLimitRead"),
        "Read the server idle limit of connection id {ServerConnectionId} at its second acquire: {WaitTimeoutSeconds} s");

    public static readonly Action<ILogger, string, string, Exception?> OpenFailed = LoggerMessage.Define<string, string>(
        LogLevel.Warning, new EventId(12, "OpenFailed"),
        "ConnectionGuard {GuardName} could not open a database connection ({ExceptionType}); the next acquire tries again");

    public static readonly Action<ILogger, string, double, string, Exception?> LeaseHeldTooLong = LoggerMessage.Define<string, double, string>(
        LogLevel.Warning, new EventId(13, "LeaseHeldTooLong"),
        "A lease of ConnectionGuard {GuardName} has been held for {HeldSeconds:0.###} s (past LeakDetectionThreshold) while other acquirers wait; it was acquired at: {AcquiredAt}");

    public static readonly Action<ILogger, string, double, Exception?> LeaseReturned = LoggerMessage.Define<string, double>(
        LogLevel.Information, new EventId(14, "LeaseReturned"),
        "The lease of ConnectionGuard {GuardName} reported as held too long was returned after {HeldSeconds:0.###} s");
}
