namespace StaleConn;

/// <summary>Why the guard replaced its connection with a new server session.</summary>
public enum ConnectionReplacementReason
{
    /// <summary>The provider reported the connection closed or broken (for example after a failed command).</summary>
    Broken,

    /// <summary>Idle longer than the server's own limit (<c>wait_timeout</c>): known dead without a round trip.</summary>
    IdleBeyondServerLimit,

    /// <summary>The liveness probe failed or timed out.</summary>
    ProbeFailed,

    /// <summary>Older than <see cref="ConnectionGuardOptions.MaxLifetime"/>.</summary>
    MaxLifetime,
}
