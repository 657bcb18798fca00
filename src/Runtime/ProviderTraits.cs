using System;
using System.Data.Common;
#if NET5_0_OR_GREATER
using System.Diagnostics.CodeAnalysis;
#endif
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;

namespace StaleConn;

/// <summary>
/// What the guard can use of one provider beyond ADO.NET, found once per connection type by reflection (the library
/// references no provider): the server connection id the MySQL handshake already carried (<c>ServerThread</c>, on
/// MySqlConnector and MySql.Data), MySqlConnector's <c>COM_PING</c>, and whether the provider bounds its own calls.
/// A member that is missing (another provider, an older version, or trimmed away) only means the guard falls back to
/// plain SQL, which is what it does for every other provider.
/// </summary>
internal sealed class ProviderTraits<TConnection>
    where TConnection : DbConnection
{
    private readonly Func<TConnection, int>? _serverThread;
    private readonly Func<TConnection, CancellationToken, Task<bool>>? _ping;
    private readonly Func<TConnection, bool>? _syncPing;

    private ProviderTraits(Type connectionType, Func<TConnection, int>? serverThread, Func<TConnection, CancellationToken, Task<bool>>? ping, Func<TConnection, bool>? syncPing)
    {
        ConnectionType = connectionType;
        IsMySql = ProviderFacts.IsMySql(connectionType);
        BoundsItsOwnCalls = ProviderFacts.IsMySqlConnector(connectionType);
        _serverThread = serverThread;
        _ping = ping;
        _syncPing = syncPing;
    }

    /// <summary>The runtime type these traits describe.</summary>
    public Type ConnectionType { get; }

    /// <summary>MySQL or MariaDB through MySqlConnector or MySql.Data: the server has a <c>wait_timeout</c>.</summary>
    public bool IsMySql { get; }

    /// <summary>
    /// The provider keeps its own timeouts on a silent peer, checked in MySqlConnector's source: a sync read polls the
    /// socket for the remaining <c>CommandTimeout</c> (and, while opening, <c>Connect Timeout</c>: TCP connect, greeting
    /// and authentication); an async read closes the socket from a timer. Its calls can run on the caller's thread.
    /// Not MySql.Data, whose command cancellation needs a second connection that a black hole never answers.
    /// </summary>
    public bool BoundsItsOwnCalls { get; }

    /// <summary>The server's id for the session, from the handshake (no round trip), when the provider exposes it.</summary>
    public bool KnowsServerThread => _serverThread is not null;

    /// <summary>MySqlConnector's <c>PingAsync</c>: a <c>COM_PING</c> that answers <c>false</c> on a dead session instead of throwing.</summary>
    public bool CanPing => _ping is not null && _syncPing is not null;

    public long? ServerThread(TConnection connection)
    {
        if (_serverThread is null)
        {
            return null;
        }

        try
        {
            return _serverThread(connection);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TargetInvocationException or ObjectDisposedException)
        {
            return null; // not open any more: the id is only informative (events, logs)
        }
    }

    /// <summary>Not bounded by the provider (MySqlConnector's ping has no timeout): callers bound it themselves.</summary>
    public Task<bool> PingAsync(TConnection connection, CancellationToken cancellationToken) =>
        _ping is { } ping ? ping(connection, cancellationToken) : throw new InvalidOperationException("The provider has no ping.");

    /// <summary>The blocking twin (<c>Ping()</c>); unbounded too.</summary>
    public bool Ping(TConnection connection) =>
        _syncPing is { } ping ? ping(connection) : throw new InvalidOperationException("The provider has no ping.");

    /// <summary>The traits of <paramref name="connectionType"/> (the runtime type of a connection the guard holds).</summary>
#if NET5_0_OR_GREATER
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Optional members: when trimmed away the guard falls back to SQL.")]
#endif
    public static ProviderTraits<TConnection> Of(Type connectionType)
    {
        if (!ProviderFacts.IsMySql(connectionType))
        {
            return new ProviderTraits<TConnection>(connectionType, null, null, null);
        }

        var serverThreadGetter = connectionType.GetProperty("ServerThread", BindingFlags.Public | BindingFlags.Instance, null, typeof(int), Type.EmptyTypes, null)?.GetGetMethod();
        var serverThread = serverThreadGetter is null ? null : Bind<Func<TConnection, int>>(connectionType, serverThreadGetter)
            ?? (connection => (int)serverThreadGetter.Invoke(connection, null)!);

        Func<TConnection, CancellationToken, Task<bool>>? ping = null;
        Func<TConnection, bool>? syncPing = null;
        if (ProviderFacts.IsMySqlConnector(connectionType)
            && connectionType.GetMethod("PingAsync", BindingFlags.Public | BindingFlags.Instance, null, new[] { typeof(CancellationToken) }, null) is { } pingMethod
            && pingMethod.ReturnType == typeof(Task<bool>)
            && connectionType.GetMethod("Ping", BindingFlags.Public | BindingFlags.Instance, null, Type.EmptyTypes, null) is { } syncPingMethod
            && syncPingMethod.ReturnType == typeof(bool))
        {
            ping = Bind<Func<TConnection, CancellationToken, Task<bool>>>(connectionType, pingMethod)
                ?? ((connection, cancellationToken) => (Task<bool>)pingMethod.Invoke(connection, new object[] { cancellationToken })!);
            syncPing = Bind<Func<TConnection, bool>>(connectionType, syncPingMethod)
                ?? (connection => (bool)syncPingMethod.Invoke(connection, null)!);
        }

        return new ProviderTraits<TConnection>(connectionType, serverThread, ping, syncPing);
    }

    // An open-instance delegate when TConnection is the provider's type (the usual ConnectionGuard<MySqlConnection>):
    // as fast as a direct call. For a guard typed by a base class, null: the caller invokes through reflection.
    private static TDelegate? Bind<TDelegate>(Type connectionType, MethodInfo method)
        where TDelegate : Delegate =>
        method.DeclaringType is { } declaring && declaring.IsAssignableFrom(typeof(TConnection)) && connectionType == typeof(TConnection)
            ? (TDelegate)Delegate.CreateDelegate(typeof(TDelegate), method, throwOnBindFailure: false)!
            : null;
}
