using System.Net;
using System.Net.Sockets;

namespace StaleConn.Runtime.Tests.Integration;

/// <summary>
/// A loopback TCP proxy in front of a server. <see cref="BlackHole"/> makes it stop forwarding without closing anything
/// (a half-open connection, as a dead NAT entry or a frozen peer looks): bytes vanish and new connections are accepted
/// but never reach the server. <see cref="Resume"/> forwards again for new connections only: a connection that was
/// black-holed stays silent for good, as a dead NAT entry does.
/// </summary>
public sealed class BlackHoleProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _sockets = new();
    private readonly Task _acceptLoop;
    private readonly List<Link> _links = new();
    private volatile bool _blackHoled;

    public BlackHoleProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void BlackHole()
    {
        _blackHoled = true;
        lock (_links)
        {
            foreach (var link in _links)
            {
                link.Silent = true;
            }
        }
    }

    public void Resume() => _blackHoled = false;

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            Track(client);
            if (_blackHoled)
            {
                continue; // accepted, never answered
            }

            _ = Task.Run(() => ConnectAndPumpAsync(client));
        }
    }

    private async Task ConnectAndPumpAsync(TcpClient client)
    {
        var upstream = new TcpClient();
        Track(upstream);
        var link = new Link();
        lock (_links)
        {
            _links.Add(link);
        }

        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            await Task.WhenAll(PumpAsync(link, client.GetStream(), upstream.GetStream()), PumpAsync(link, upstream.GetStream(), client.GetStream()));
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            if (!link.Silent)
            {
                client.Dispose();
                upstream.Dispose();
            }
        }
    }

    private async Task PumpAsync(Link link, NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var read = await from.ReadAsync(buffer, _stop.Token);
            if (read == 0)
            {
                if (link.Silent)
                {
                    // Hold the other side open: a black hole never says goodbye.
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }

                to.Socket.Shutdown(SocketShutdown.Send);
                return;
            }

            if (!link.Silent)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
    }

    private sealed class Link
    {
        public volatile bool Silent;
    }

    private void Track(TcpClient client)
    {
        lock (_sockets)
        {
            _sockets.Add(client);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_sockets)
        {
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }
        }

        try
        {
            await _acceptLoop.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }
}
