using System;
using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace StaleConn;

/// <summary>Registers <see cref="ConnectionGuard{TConnection}"/> with dependency injection.</summary>
public static class ConnectionGuardServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="ConnectionGuard{TConnection}"/> that builds its connections with
    /// <paramref name="connectionFactory"/>, and its <see cref="ConnectionGuardHealthCheck{TConnection}"/> (add it to the
    /// health checks with <c>services.AddHealthChecks().AddCheck&lt;ConnectionGuardHealthCheck&lt;MySqlConnection&gt;&gt;("database")</c>).
    /// When <paramref name="configure"/> leaves them unset, the options take the container's <see cref="ILoggerFactory"/>
    /// and <see cref="TimeProvider"/> if registered. The container disposes the guard.
    /// </summary>
    /// <typeparam name="TConnection">The provider's connection type, for example <c>MySqlConnection</c>.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="connectionFactory">Returns a new, closed connection; called again whenever the guard replaces one.</param>
    /// <param name="configure">Sets the guard's options; <c>null</c> keeps the defaults.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <example><code>services.AddConnectionGuard&lt;MySqlConnection&gt;(sp => new MySqlConnection(cs), options => options.InitSql = "SET time_zone = '+00:00'");</code></example>
    public static IServiceCollection AddConnectionGuard<TConnection>(
        this IServiceCollection services,
        Func<IServiceProvider, TConnection> connectionFactory,
        Action<ConnectionGuardOptions>? configure = null)
        where TConnection : DbConnection
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        if (connectionFactory is null)
        {
            throw new ArgumentNullException(nameof(connectionFactory));
        }

        services.AddSingleton(serviceProvider =>
        {
            var options = new ConnectionGuardOptions();
            if (serviceProvider.GetService(typeof(TimeProvider)) is TimeProvider timeProvider)
            {
                options.TimeProvider = timeProvider;
            }

            if (serviceProvider.GetService(typeof(ILoggerFactory)) is ILoggerFactory loggerFactory)
            {
                options.Logger = loggerFactory.CreateLogger("StaleConn.ConnectionGuard");
            }

            configure?.Invoke(options);
            return new ConnectionGuard<TConnection>(() => connectionFactory(serviceProvider), options);
        });
        services.AddSingleton(serviceProvider => new ConnectionGuardHealthCheck<TConnection>(serviceProvider.GetRequiredService<ConnectionGuard<TConnection>>()));
        return services;
    }
}
