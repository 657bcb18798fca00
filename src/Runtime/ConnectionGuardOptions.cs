using System;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace StaleConn;

/// <summary>How a <see cref="ConnectionGuard{TConnection}"/> decides that its connection must be checked or replaced.</summary>
public sealed class ConnectionGuardOptions
{
    /// <summary>
    /// A connection idle for less than this is used without any check (one clock read). Default: 30 seconds — long
    /// enough that a busy worker never pays a round trip, short enough to catch proxies and NAT that cut idle TCP
    /// connections well before the server's <c>wait_timeout</c>. The guard lowers it to the server's own limit minus a
    /// margin when that is smaller.
    /// </summary>
    public TimeSpan IdleCheckAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a liveness probe (a <c>SELECT 1</c>) may take before the connection is treated as dead; also bounds
    /// reading the server's idle limit and discarding a dead connection. Default: 2 seconds, at most
    /// <see cref="MaxTimeout"/>. The command timeout is rounded up to whole seconds, and the provider may add its own
    /// cancellation time.
    /// </summary>
    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long an acquire may wait for the connection while another unit of work holds it (or while another flow's
    /// <see cref="System.Transactions.TransactionScope"/> still has it enlisted) before it fails with a
    /// <see cref="TimeoutException"/> (HikariCP's <c>connectionTimeout</c>). The check and the open that follow the wait
    /// are bounded by <see cref="PingTimeout"/> and the provider's connect timeout instead. <c>null</c> (the default):
    /// wait as long as it takes, as a lock does.
    /// </summary>
    public TimeSpan? AcquireTimeout { get; set; }

    /// <summary>
    /// When a lease is held longer than this, log a warning (<c>LeaseHeldTooLong</c>) with the stack of the code that
    /// acquired it: a unit of work that never ends, or a lease that is never disposed, holds up every other acquirer
    /// (HikariCP's <c>leakDetectionThreshold</c>). Capturing the stack costs every acquire a few microseconds, so it is
    /// off by default (<c>null</c>).
    /// </summary>
    public TimeSpan? LeakDetectionThreshold { get; set; }

    /// <summary>
    /// The statement that probes a connection idle past the threshold. <c>null</c> (the default) takes the provider's:
    /// <c>COM_PING</c> on MySqlConnector, <c>SELECT 1 FROM DUAL</c> on Oracle, <c>SELECT 1 FROM SYSIBM.SYSDUMMY1</c> on
    /// DB2, <c>SELECT 1 FROM RDB$DATABASE</c> on Firebird, <c>SELECT 1</c> elsewhere. Bounded by <see cref="PingTimeout"/>.
    /// </summary>
    public string? ValidationQuery { get; set; }

    /// <summary>
    /// Replaces the probe with your own check: return <c>false</c> or throw when the connection is not usable. Called
    /// with a token that is cancelled at <see cref="PingTimeout"/>; the guard stops waiting soon after. Sync acquires
    /// call it too (outside any synchronization context, so awaiting inside cannot deadlock). <c>null</c>: the probe
    /// (<see cref="ValidationQuery"/>).
    /// </summary>
    public Func<DbConnection, CancellationToken, Task<bool>>? Validator { get; set; }

    /// <summary>
    /// The guard's name in metrics (<c>db.client.connection.pool.name</c>), logs and health checks. <c>null</c> (the
    /// default) names it after the connection type and a number: <c>MySqlConnection-1</c>.
    /// </summary>
    public string? Name { get; set; }

    /// <summary>The longest <see cref="PingTimeout"/>, <see cref="AcquireTimeout"/> or <see cref="LeakDetectionThreshold"/> the guard's timers take: 24 days.</summary>
    public static TimeSpan MaxTimeout { get; } = TimeSpan.FromDays(24);

    /// <summary>
    /// Recycle a connection older than this at the next acquire (never while a lease or transaction is open), on a new
    /// server session. <c>null</c> (the default) never recycles. Set it a few seconds below any limit a proxy enforces.
    /// </summary>
    public TimeSpan? MaxLifetime { get; set; }

    /// <summary>
    /// SQL run on every new server session, right after it opens (for example <c>SET time_zone = '+00:00'</c>): a new
    /// session has lost the previous one's variables, time zone and temporary tables. <c>null</c>: none.
    /// </summary>
    public string? InitSql { get; set; }

    /// <summary>
    /// Called on every new server session after <see cref="InitSql"/> by <see cref="ConnectionGuard{TConnection}.Acquire"/>
    /// (<see cref="OnOpenAsync"/> is used when this is <c>null</c>). An exception discards the new connection and fails the acquire.
    /// </summary>
    public Action<DbConnection>? OnOpen { get; set; }

    /// <summary>
    /// Called on every new server session after <see cref="InitSql"/> by <see cref="ConnectionGuard{TConnection}.AcquireAsync"/>
    /// (<see cref="OnOpen"/> is used when this is <c>null</c>). An exception discards the new connection and fails the acquire.
    /// </summary>
    public Func<DbConnection, CancellationToken, Task>? OnOpenAsync { get; set; }

    /// <summary>
    /// When <c>true</c>, a connection found dead is not replaced silently: the acquire throws
    /// <see cref="ConnectionLostException"/> once (the next acquire opens a new session), and <see cref="MaxLifetime"/>
    /// never recycles. For code that relies on session state such as <c>GET_LOCK</c> or temporary tables. Default: <c>false</c>.
    /// </summary>
    public bool FailInsteadOfReconnect { get; set; }

    /// <summary>
    /// The clock. Default: <see cref="TimeProvider.System"/>, for which the guard reads a monotonic clock that counts time
    /// the host spent suspended. Another provider is read through <see cref="TimeProvider.GetTimestamp"/> (tests pass a fake one).
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Receives reconnects, failed probes and recycles; never a password or a connection string. Default: none.</summary>
    public ILogger? Logger { get; set; }

    internal void Validate()
    {
        if (IdleCheckAfter < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(IdleCheckAfter), IdleCheckAfter, "IdleCheckAfter cannot be negative.");
        }

        if (PingTimeout <= TimeSpan.Zero || PingTimeout > MaxTimeout)
        {
            throw new ArgumentOutOfRangeException(nameof(PingTimeout), PingTimeout, "PingTimeout must be positive and at most 24 days (the guard's timers take no longer).");
        }

        if (AcquireTimeout is { } acquireTimeout && (acquireTimeout <= TimeSpan.Zero || acquireTimeout > MaxTimeout))
        {
            throw new ArgumentOutOfRangeException(nameof(AcquireTimeout), acquireTimeout, "AcquireTimeout must be positive and at most 24 days, or null to wait as long as it takes.");
        }

        if (LeakDetectionThreshold is { } leak && (leak <= TimeSpan.Zero || leak > MaxTimeout))
        {
            throw new ArgumentOutOfRangeException(nameof(LeakDetectionThreshold), leak, "LeakDetectionThreshold must be positive and at most 24 days, or null for no leak warnings.");
        }

        if (ValidationQuery is { } query && string.IsNullOrWhiteSpace(query))
        {
            throw new ArgumentException("ValidationQuery cannot be blank; null takes the provider's default probe.", nameof(ValidationQuery));
        }

        if (MaxLifetime is { } lifetime && lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxLifetime), lifetime, "MaxLifetime must be positive, or null to never recycle.");
        }

        if (TimeProvider is null)
        {
            throw new ArgumentNullException(nameof(TimeProvider));
        }
    }
}
