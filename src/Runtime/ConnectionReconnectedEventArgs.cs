using System;

namespace StaleConn;

/// <summary>Describes a replacement of the guard's connection by a new server session.</summary>
public sealed class ConnectionReconnectedEventArgs : EventArgs
{
    internal ConnectionReconnectedEventArgs(ConnectionReplacementReason reason, TimeSpan idleTime, long? previousServerConnectionId, long? serverConnectionId)
    {
        Reason = reason;
        IdleTime = idleTime;
        PreviousServerConnectionId = previousServerConnectionId;
        ServerConnectionId = serverConnectionId;
    }

    /// <summary>Why the previous connection was replaced.</summary>
    public ConnectionReplacementReason Reason { get; }

    /// <summary>How long the previous connection had been idle.</summary>
    public TimeSpan IdleTime { get; }

    /// <summary>The previous session's server connection id (MySQL/MariaDB <c>CONNECTION_ID()</c>), when known.</summary>
    public long? PreviousServerConnectionId { get; }

    /// <summary>The new session's server connection id (MySQL/MariaDB <c>CONNECTION_ID()</c>), when known.</summary>
    public long? ServerConnectionId { get; }
}
