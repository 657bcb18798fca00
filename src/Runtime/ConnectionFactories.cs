using System;
using System.Data;
using System.Data.Common;
#if NET5_0_OR_GREATER
using System.Diagnostics.CodeAnalysis;
#endif

namespace StaleConn;

/// <summary>Builds replacements of a connection the guard was handed (the instance form of the guard's constructor).</summary>
internal static class ConnectionFactories
{
    /// <summary>
    /// A factory for new connections like <paramref name="connection"/>: same provider, the string captured now. The
    /// provider's own <see cref="DbProviderFactory"/> creates them (no reflection); a provider without one is created
    /// through its public parameterless constructor. <paramref name="clones"/> is true when they are clones instead
    /// (an open connection), whose string must not be rewritten: it no longer holds the password they log in with.
    /// </summary>
    public static Func<TConnection> From<TConnection>(TConnection connection, out bool clones)
        where TConnection : DbConnection
    {
        if (connection is null)
        {
            throw new ArgumentNullException(nameof(connection));
        }

        // Open, the provider has dropped the password from ConnectionString (unless Persist Security Info=true); its
        // clone keeps the credentials. Cloned now: the caller's instance is disposed (or let go) when the guard replaces it.
        if (connection.State != ConnectionState.Closed && connection is ICloneable cloneable && cloneable.Clone() is ICloneable prototype)
        {
            clones = true;
            return () => (TConnection)prototype.Clone();
        }

        clones = false;
        var connectionString = connection.ConnectionString;
        var type = connection.GetType();
#if NET
        var providerFactory = DbProviderFactories.GetFactory(connection);
#else
        DbProviderFactory? providerFactory = null;
#endif
        return () =>
        {
            var created = providerFactory?.CreateConnection() as TConnection ?? CreateByConstructor<TConnection>(type);
            created.ConnectionString = connectionString;
            return created;
        };
    }

#if NET5_0_OR_GREATER
    [UnconditionalSuppressMessage("Trimming", "IL2067", Justification = "Only for a provider without a DbProviderFactory; its constructor is public and kept by the app that creates the connection.")]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "Only for a provider without a DbProviderFactory; its constructor is public and kept by the app that creates the connection.")]
#endif
    private static TConnection CreateByConstructor<TConnection>(Type type)
        where TConnection : DbConnection =>
        (TConnection)(Activator.CreateInstance(type)
            ?? throw new InvalidOperationException($"Could not create a new {type.Name}."));
}
