using System.Net;
using System.Net.Sockets;
using System.Text;

namespace StaleConn.Runtime.Tests.Integration;

/// <summary>
/// A peer that greets like a MariaDB 10.11 server offering TLS, then never says another word: a server (or middlebox)
/// that froze mid-handshake. MySqlConnector's sync open then blocks in its TLS handshake, which Connect Timeout does not
/// bound and which closing the connection from another thread does not end (the session is not attached to the
/// connection until the open returns). Disposing the peer closes its sockets, which ends the client's blocked read.
/// </summary>
public sealed class FrozenHandshakePeer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _clients = new();
    private readonly Task _acceptLoop;

    public FrozenHandshakePeer()
    {
        _listener.Start();
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                lock (_clients)
                {
                    _clients.Add(client);
                }

                await client.GetStream().WriteAsync(Greeting(), _stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    // Protocol v10 handshake; capabilities include CLIENT_SSL (0x800), so a client whose SslMode allows TLS asks for it.
    private static byte[] Greeting()
    {
        var payload = new List<byte> { 10 };
        payload.AddRange(Encoding.ASCII.GetBytes("5.5.5-10.11.19-MariaDB\0"));
        payload.AddRange(BitConverter.GetBytes(42)); // connection id
        payload.AddRange(Encoding.ASCII.GetBytes("abcdefgh\0")); // scramble, part 1
        payload.AddRange(new byte[] { 0x0F, 0xAA }); // capabilities (low): LONG_PASSWORD..CONNECT_WITH_DB, PROTOCOL_41, SSL, TRANSACTIONS, SECURE_CONNECTION
        payload.Add(8); // latin1
        payload.AddRange(new byte[] { 2, 0 }); // autocommit
        payload.AddRange(new byte[] { 0x0B, 0x00 }); // capabilities (high): MULTI_STATEMENTS, MULTI_RESULTS, PLUGIN_AUTH
        payload.Add(21); // scramble length
        payload.AddRange(new byte[10]);
        payload.AddRange(Encoding.ASCII.GetBytes("ijklmnopqrst\0")); // scramble, part 2
        payload.AddRange(Encoding.ASCII.GetBytes("mysql_native_password\0"));
        var packet = new List<byte> { (byte)payload.Count, (byte)(payload.Count >> 8), 0, 0 };
        packet.AddRange(payload);
        return packet.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }

        await _acceptLoop;
        _stop.Dispose();
    }
}
