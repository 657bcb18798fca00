using System;

namespace StaleConn;

/// <summary>How a <see cref="ConnectionGuard{TConnection}"/> decides that its connection must be checked or replaced.</summary>
public sealed class ConnectionGuardOptions
{
    /// <summary>A connection idle for less than this is used without any check. Default: 30 seconds.</summary>
    public TimeSpan IdleCheckAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a liveness probe may take before the connection is treated as dead. Default: 2 seconds.</summary>
    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Recycle a connection older than this at the next acquire; <c>null</c> (the default) never recycles.</summary>
    public TimeSpan? MaxLifetime { get; set; }

    /// <summary>The clock; tests pass a fake one. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
