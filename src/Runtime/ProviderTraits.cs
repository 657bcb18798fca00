using System;
using System.Data.Common;
using System.Net.Sockets;
#if NET5_0_OR_GREATER
using System.Diagnostics.CodeAnalysis;
#endif
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;

namespace StaleConn;

/// <summary>
/// What the guard can use of one provider beyond ADO.NET, found once per connection type by reflection (the library
/// references no provider): the server's own idle limit and how to read it (MySQL's <c>wait_timeout</c>, PostgreSQL's
/// <c>idle_session_timeout</c>), the server's id for the session that the handshake already carried
/// (<c>ServerThread</c> on MySqlConnector and MySql.Data, <c>ProcessID</c> on Npgsql), MySqlConnector's
/// <c>COM_PING</c>, the session's socket (MySqlConnector, Npgsql), the probe query, and whether the provider bounds its
/// own calls. A member that is missing (another provider, an older version, or trimmed away) only means the guard
/// falls back to plain SQL, which is what it does for every other provider.
/// </summary>
internal sealed class ProviderTraits<TConnection>
    where TConnection : DbConnection
{
    private readonly Func<TConnection, int>? _serverThread;
    private readonly Func<TConnection, CancellationToken, Task<bool>>? _ping;
    private readonly Func<TConnection, bool>? _syncPing;
    private readonly Func<TConnection, Socket?>? _socket;

    private ProviderTraits(Type connectionType, Func<TConnection, int>? serverThread, Func<TConnection, CancellationToken, Task<bool>>? ping, Func<TConnection, bool>? syncPing, Func<TConnection, Socket?>? socket)
    {
        ConnectionType = connectionType;
        IdleLimit = ServerIdleLimit.For(connectionType);
        ProbeSql = ProviderFacts.DefaultProbeSql(connectionType);
        BoundsItsOwnCalls = ProviderFacts.IsMySqlConnector(connectionType);
        CommandTimerMayThrow = ProviderFacts.IsMySqlConnector(connectionType);
        _serverThread = serverThread;
        _ping = ping;
        _syncPing = syncPing;
        _socket = socket;
    }

    /// <summary>The runtime type these traits describe.</summary>
    public Type ConnectionType { get; }

    /// <summary>How to read the server's own idle limit (MySQL, MariaDB, PostgreSQL), or <c>null</c>.</summary>
    public ServerIdleLimit? IdleLimit { get; }

    /// <summary>The default probe statement for this provider's database (<c>SELECT 1</c>, Oracle's <c>FROM DUAL</c>...).</summary>
    public string ProbeSql { get; }

    /// <summary>
    /// Whether the provider refused to enlist in an ambient transaction (Microsoft.Data.Sqlite throws
    /// <see cref="NotSupportedException"/>): its connections then behave as a freshly opened one does, outside the scope.
    /// </summary>
    public bool RefusesEnlistment { get; set; }

    /// <summary>
    /// The provider keeps its own timeouts on a silent peer, checked in MySqlConnector's source: a sync read polls the
    /// socket for the remaining <c>CommandTimeout</c> (and, while opening, <c>Connect Timeout</c>: TCP connect, greeting
    /// and authentication); an async read closes the socket from a timer. Its calls can run on the caller's thread. (The
    /// guard's own queries leave that timer unarmed and end themselves: <see cref="CommandTimerMayThrow"/>.)
    /// Not MySql.Data, whose command cancellation needs a second connection that a black hole never answers.
    /// </summary>
    public bool BoundsItsOwnCalls { get; }

    /// <summary>
    /// A command's <c>CommandTimeout</c> arms a provider timer whose callback can throw on the timer thread, which ends
    /// the process: MySqlConnector's calls <c>MySqlConnection.Cancel</c>, which reads the socket's remote endpoint
    /// outside its catch, and that read throws once the peer reset the socket (docs/runtime.md, "Provider defects we work
    /// around"). The guard's own queries then leave <c>CommandTimeout</c> at 0 and end themselves (<see cref="SocketCutoff"/>).
    /// </summary>
    public bool CommandTimerMayThrow { get; }

    /// <summary>The server's id for the session, from the handshake (no round trip), when the provider exposes it.</summary>
    public bool KnowsServerThread => _serverThread is not null;

    /// <summary>MySqlConnector's <c>PingAsync</c>: a <c>COM_PING</c> that answers <c>false</c> on a dead session instead of throwing.</summary>
    public bool CanPing => _ping is not null && _syncPing is not null;

    /// <summary>Whether <see cref="PeerHasClosed"/> can see the provider's socket (MySqlConnector or Npgsql over TCP or a Unix socket).</summary>
    public bool SeesSocket => _socket is not null;

    /// <summary>
    /// What the session's socket shows, for a connection idle a moment (two non-blocking system calls, no round trip):
    /// <see cref="SocketState.Closed"/> when the server has certainly closed it (readable with nothing to read: an end of
    /// stream or a reset), <see cref="SocketState.DataWaiting"/> when something arrived unasked (MySQL 8's interaction
    /// timeout error, PostgreSQL's termination notice, a TLS record: worth a probe), <see cref="SocketState.Quiet"/> when
    /// nothing did (as a live idle session's socket is), <see cref="SocketState.NotSeen"/> when it cannot be seen.
    /// </summary>
    public SocketState StateOfSocket(TConnection connection)
    {
        if (_socket is null)
        {
            return SocketState.NotSeen;
        }

        try
        {
            if (SocketOf(connection) is not { } socket)
            {
                return SocketState.NotSeen;
            }

            return !socket.Poll(0, SelectMode.SelectRead) ? SocketState.Quiet
                : socket.Available == 0 ? SocketState.Closed
                : SocketState.DataWaiting;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException or TargetInvocationException or FieldAccessException)
        {
            return SocketState.NotSeen; // not known: the probe asks the server
        }
    }

    /// <summary>
    /// True only when the server has certainly closed the session: the provider's socket is readable with nothing to
    /// read, which is an end of stream (the server closed it: <c>KILL</c>, <c>wait_timeout</c>, a restart) or a reset.
    /// A live session never looks like that; the MySQL protocol has the server speak only when asked, so a session the
    /// guard is not using has nothing to read. Bytes waiting (MySQL 8's "interaction timeout" error before it closes, or
    /// a TLS record) count as not known: the caller asks the server as before. Two non-blocking system calls, no round
    /// trip; <c>false</c> whenever the socket cannot be seen (named pipes, other providers, another version's internals).
    /// </summary>
    public bool PeerHasClosed(TConnection connection) => StateOfSocket(connection) == SocketState.Closed;

    /// <summary>The provider's socket for the session, or <c>null</c> (not open, not seen). For <see cref="StateOfSocket"/> and tests.</summary>
    internal Socket? SocketOf(TConnection connection) => _socket?.Invoke(connection);

    /// <summary>
    /// <see cref="SocketOf"/> for the slow path, where a member that cannot be read only means the socket is not seen:
    /// <c>null</c> instead of an exception.
    /// </summary>
    public Socket? SocketOrNull(TConnection connection)
    {
        try
        {
            return SocketOf(connection);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TargetInvocationException or FieldAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Shuts the provider's socket down in both directions under the provider, for a session the guard has written
    /// off: a read blocked on it returns at once, and the provider's next read or write on it fails without waiting for
    /// the network, which makes MySqlConnector mark the session failed. Nothing when the socket cannot be seen. Never on
    /// a session anyone may still use.
    /// </summary>
    public void ShutDownSocket(TConnection connection)
    {
        if (SocketOrNull(connection) is { } socket)
        {
            DeadSessions.ShutDown(socket);
        }
    }

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
    public static ProviderTraits<TConnection> Of(Type connectionType) => Of(connectionType, seeSocket: true);

    /// <summary>
    /// The traits of <paramref name="connectionType"/>; with <paramref name="seeSocket"/> false, as if the provider's
    /// socket could not be seen (a renamed private field, a named pipe): for tests of that fallback.
    /// </summary>
#if NET5_0_OR_GREATER
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Optional members: when trimmed away the guard falls back to SQL.")]
#endif
    public static ProviderTraits<TConnection> Of(Type connectionType, bool seeSocket)
    {
        if (ProviderFacts.IsNpgsql(connectionType))
        {
            var processId = connectionType.GetProperty("ProcessID", BindingFlags.Public | BindingFlags.Instance, null, typeof(int), Type.EmptyTypes, null)?.GetGetMethod();
            var backend = processId is null ? null : Bind<Func<TConnection, int>>(connectionType, processId)
                ?? (connection => (int)processId.Invoke(connection, null)!);
            return new ProviderTraits<TConnection>(connectionType, backend, null, null, seeSocket ? NpgsqlSocket(connectionType) : null);
        }

        if (!ProviderFacts.IsMySql(connectionType))
        {
            return new ProviderTraits<TConnection>(connectionType, null, null, null, null);
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

        var socket = !seeSocket ? null
            : ProviderFacts.IsMySqlConnector(connectionType) ? MySqlConnectorSocket(connectionType)
            : MySqlDataSocket(connectionType);
        return new ProviderTraits<TConnection>(connectionType, serverThread, ping, syncPing, socket);
    }

    // MySqlConnector keeps the session's socket in private fields (MySqlConnection.m_session, ServerSession.m_socket;
    // checked against 2.6.2, and pinned by a test). Private members can change in any version: when either is missing or
    // of another type, the guard only loses the shortcut and pings, as it does for every other provider.
#if NET5_0_OR_GREATER
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Optional members: when trimmed away the guard pings instead.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Optional members: when trimmed away the guard pings instead.")]
#endif
    private static Func<TConnection, Socket?>? MySqlConnectorSocket(Type connectionType)
    {
        var sessionField = connectionType.GetField("m_session", BindingFlags.NonPublic | BindingFlags.Instance);
        var socketField = sessionField?.FieldType.GetField("m_socket", BindingFlags.NonPublic | BindingFlags.Instance);
        if (sessionField is null || socketField is null || socketField.FieldType != typeof(Socket))
        {
            return null;
        }

        return connection => sessionField.GetValue(connection) is { } session ? socketField.GetValue(session) as Socket : null;
    }

    // Connector/NET (MySql.Data) keeps it deeper: MySqlConnection.driver (Driver), its handler (NativeDriver, behind an
    // interface), whose stream (MySqlStream) holds the socket (checked against 26.10.0, pinned by a test). The handler's
    // and stream's fields are looked up on their runtime types, once each.
#if NET5_0_OR_GREATER
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Optional members: when trimmed away the guard probes instead.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Optional members: when trimmed away the guard probes instead.")]
#endif
    private static Func<TConnection, Socket?>? MySqlDataSocket(Type connectionType)
    {
        if (!string.Equals(connectionType.Namespace, "MySql.Data.MySqlClient", StringComparison.Ordinal)
            || connectionType.GetField("driver", BindingFlags.NonPublic | BindingFlags.Instance) is not { } driverField)
        {
            return null;
        }

        var path = new FieldPath("handler", "stream", "socket");
        return connection => driverField.GetValue(connection) is { } driver ? path.Follow(driver) as Socket : null;
    }

    // Npgsql keeps the session's socket in internal members (NpgsqlConnection.Connector, NpgsqlConnector._socket; checked
    // against 8.0.5, and pinned by a test). When either is missing the guard only loses the socket check and probes.
#if NET5_0_OR_GREATER
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Optional members: when trimmed away the guard probes instead.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Optional members: when trimmed away the guard probes instead.")]
#endif
    private static Func<TConnection, Socket?>? NpgsqlSocket(Type connectionType)
    {
        var connectorGetter = connectionType.GetProperty("Connector", BindingFlags.NonPublic | BindingFlags.Instance)?.GetGetMethod(nonPublic: true);
        var socketField = connectorGetter?.ReturnType.GetField("_socket", BindingFlags.NonPublic | BindingFlags.Instance);
        if (connectorGetter is null || socketField is null || socketField.FieldType != typeof(Socket))
        {
            return null;
        }

        return connection => connectorGetter.Invoke(connection, null) is { } connector ? socketField.GetValue(connector) as Socket : null;
    }

    // An open-instance delegate when TConnection is the provider's type (the usual ConnectionGuard<MySqlConnection>):
    // as fast as a direct call. For a guard typed by a base class, null: the caller invokes through reflection.
    private static TDelegate? Bind<TDelegate>(Type connectionType, MethodInfo method)
        where TDelegate : Delegate =>
        method.DeclaringType is { } declaring && declaring.IsAssignableFrom(typeof(TConnection)) && connectionType == typeof(TConnection)
            ? (TDelegate)Delegate.CreateDelegate(typeof(TDelegate), method, throwOnBindFailure: false)!
            : null;
}

/// <summary>What a session's socket shows without a round trip; see <see cref="ProviderTraits{TConnection}.StateOfSocket"/>.</summary>
internal enum SocketState
{
    /// <summary>The socket cannot be seen (another provider, a named pipe, another version's internals).</summary>
    NotSeen,

    /// <summary>Nothing to read: as a live, idle session's socket is.</summary>
    Quiet,

    /// <summary>Bytes arrived unasked: the server may be saying goodbye; ask it.</summary>
    DataWaiting,

    /// <summary>End of stream or reset: the server closed the session.</summary>
    Closed,
}

/// <summary>A chain of private fields followed from an object, each looked up once on the runtime type found there.</summary>
internal sealed class FieldPath
{
    private readonly string[] _names;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(Type, int), FieldInfo?> _fields = new();

    public FieldPath(params string[] names) => _names = names;

    public object? Follow(object start)
    {
        var current = start;
        for (var i = 0; i < _names.Length && current is not null; i++)
        {
            var key = (current.GetType(), i);
            if (!_fields.TryGetValue(key, out var field))
            {
                field = _fields.GetOrAdd(key, Find(key.Item1, _names[i]));
            }

            current = field?.GetValue(current);
        }

        return current;
    }

#if NET5_0_OR_GREATER
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Optional members: a missing one ends the path (null).")]
#endif
    private static FieldInfo? Find(Type type, string name) => type.GetField(name, BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Instance);
}
