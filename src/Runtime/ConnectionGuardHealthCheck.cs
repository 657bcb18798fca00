using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace StaleConn;

/// <summary>
/// Reports a <see cref="ConnectionGuard{TConnection}"/>'s health from what it already knows, without taking its lease
/// (a check must not wait behind a long unit of work, nor open a connection of its own): unhealthy while a transaction
/// lost with the connection blocks every acquire until its owner disposes it, and while the last acquire failed (the
/// server unreachable, a failed open); healthy otherwise. <c>services.AddConnectionGuard</c> registers it; add it to
/// the health checks with <c>services.AddHealthChecks().AddCheck&lt;ConnectionGuardHealthCheck&lt;MySqlConnection&gt;&gt;("database")</c>.
/// </summary>
/// <typeparam name="TConnection">The provider's connection type.</typeparam>
public sealed class ConnectionGuardHealthCheck<TConnection> : IHealthCheck
    where TConnection : DbConnection
{
    private readonly ConnectionGuard<TConnection> _guard;

    /// <summary>Creates the check for <paramref name="guard"/>.</summary>
    /// <param name="guard">The guard to report on.</param>
    public ConnectionGuardHealthCheck(ConnectionGuard<TConnection> guard) => _guard = guard ?? throw new ArgumentNullException(nameof(guard));

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var health = _guard.Health;
        var failureStatus = context?.Registration?.FailureStatus ?? HealthStatus.Unhealthy;
        var data = new Dictionary<string, object>
        {
            ["guard"] = _guard.Name,
            ["leaseHeld"] = health.LeaseHeld,
            ["waiting"] = health.Waiting,
        };

        if (health.LastFailure is { } failure)
        {
            data["lastFailureAt"] = failure.At;
        }

        HealthCheckResult result;
        if (health.LostTransactionBlocks)
        {
            result = new HealthCheckResult(
                failureStatus,
                $"ConnectionGuard '{_guard.Name}': the connection was lost with a transaction open; every acquire fails until its owner disposes that transaction.",
                health.LastFailure?.Exception,
                data);
        }
        else if (health.LastFailure is { } last)
        {
            result = new HealthCheckResult(
                failureStatus,
                $"ConnectionGuard '{_guard.Name}': the last acquire failed ({last.Exception.GetType().Name}: {last.Exception.Message})",
                last.Exception,
                data);
        }
        else
        {
            result = HealthCheckResult.Healthy($"ConnectionGuard '{_guard.Name}'", data);
        }

        return Task.FromResult(result);
    }
}
