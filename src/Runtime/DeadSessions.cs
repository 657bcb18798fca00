using System;
using System.Data;
using System.Data.Common;
using System.Net.Sockets;
using System.Threading;

namespace StaleConn;

/// <summary>
/// Keeps a session the guard has written off out of the provider's pool. MySqlConnector takes a disposed connection's
/// session back into its pool unless the session itself knows it is broken (it does only after a read or write on it
/// failed), and with <c>ConnectionReset=false</c> hands a pooled session to the next <c>Open()</c> without asking the
/// server: a session the guard found dead without a round trip (idle past <c>wait_timeout</c>, or its socket at end
/// of stream) would fail the next user's first command. Only needed for connections that may be pooled (handed to the
/// guard already open, so it could not turn their pooling off); the guard opens its own with <c>Pooling=false</c>.
/// </summary>
internal static class DeadSessions
{
    /// <summary>
    /// Makes the provider learn that the session is broken, so that disposing the connection closes it instead of
    /// pooling it: the socket is shut down, then a ping fails at its first write or read without waiting for the
    /// network. Where the socket cannot be seen (named pipes, other versions' internals) the ping asks the server,
    /// bounded by <paramref name="timeout"/>. Nothing for other providers, or a connection the provider already closed.
    /// </summary>
    public static void KeepFromPool<TConnection>(ProviderTraits<TConnection> traits, TConnection connection, TimeSpan timeout)
        where TConnection : DbConnection
    {
        if (!traits.CanPing || connection.State != ConnectionState.Open)
        {
            return;
        }

        traits.ShutDownSocket(connection);
        _ = ConnectionProbe.Ping(traits, connection, timeout, CancellationToken.None);
    }

    /// <summary>Shuts <paramref name="socket"/> down in both directions; see <see cref="ProviderTraits{TConnection}.ShutDownSocket"/>.</summary>
    public static void ShutDown(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already reset or closed: no read or write can succeed on it either.
        }
    }
}
