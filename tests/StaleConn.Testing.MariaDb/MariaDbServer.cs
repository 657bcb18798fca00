using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace StaleConn.Testing.MariaDb;

/// <summary>
/// A throwaway MariaDB server for one test class or test: its own data directory under the temp folder, a free
/// loopback port, root without a password over TCP, and a database named <see cref="Database"/>.
/// <code>
/// await using var server = await MariaDbServer.StartAsync(ct);
/// using var connection = new MySqlConnection(server.ConnectionString);
/// </code>
/// Disposing it kills the server and deletes the data directory; servers still running when the process exits are
/// killed too, and a watchdog kills the server if the test process dies without running any cleanup.
/// </summary>
public sealed class MariaDbServer : IAsyncDisposable
{
    /// <summary>The database every server creates at start-up.</summary>
    public const string Database = "staleconn";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private readonly string _rootDirectory;
    private readonly IReadOnlyList<string> _extraArguments;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private ServerProcess? _running;
    private bool _disposed;

    private MariaDbServer(string rootDirectory, int port, IReadOnlyList<string> extraArguments)
    {
        _rootDirectory = rootDirectory;
        Port = port;
        _extraArguments = extraArguments;
    }

    /// <summary>The loopback TCP port the server listens on; it stays the same across <see cref="StartAgainAsync"/>.</summary>
    public int Port { get; }

    /// <summary>
    /// A connection string (MySqlConnector and MySql.Data syntax) for root on 127.0.0.1:<see cref="Port"/>, database
    /// <see cref="Database"/>.
    /// </summary>
    public string ConnectionString => $"Server=127.0.0.1;Port={Port};User ID=root;Password=;Database={Database}";

    /// <summary>Whether the server process is running (false after <see cref="StopAsync"/> until <see cref="StartAgainAsync"/>).</summary>
    public bool IsRunning => _running is { HasExited: false };

    /// <summary>The server's error log (start-up messages, crashes); handy in a failing test's message.</summary>
    public string ErrorLogPath => Path.Combine(_rootDirectory, "error.log");

    /// <summary>Creates a data directory, starts a server on a free loopback port and waits until it accepts connections.</summary>
    /// <param name="cancellationToken">Cancels the start (the server is then killed and its directory deleted).</param>
    public static Task<MariaDbServer> StartAsync(CancellationToken cancellationToken = default) =>
        StartAsync(Array.Empty<string>(), cancellationToken);

    /// <summary>Like <see cref="StartAsync(CancellationToken)"/>, with extra <c>mariadbd</c> arguments such as <c>--wait-timeout=2</c>.</summary>
    /// <param name="extraServerArguments">Appended to the server's command line at every start.</param>
    /// <param name="cancellationToken">Cancels the start (the server is then killed and its directory deleted).</param>
    public static async Task<MariaDbServer> StartAsync(IReadOnlyList<string> extraServerArguments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(extraServerArguments);
        var serverBinary = MariaDbBinaries.Locate("mariadbd");
        var installBinary = MariaDbBinaries.Locate("mariadb-install-db");

        RemoveAbandonedDirectories();
        var root = Path.Combine(Path.GetTempPath(), DirectoryPrefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        try
        {
            // Each server gets its own tmpdir: a shared /tmp lets other processes' cleanups break the bootstrap.
            Directory.CreateDirectory(Path.Combine(root, "tmp"));
            try
            {
                await InstallDataDirectoryAsync(installBinary, root, cancellationToken).ConfigureAwait(false);
            }
            catch (MariaDbServerException)
            {
                // One retry on a fresh data directory: the bootstrap occasionally trips over a busy machine.
                TryDeleteDirectory(Path.Combine(root, "data"));
                await InstallDataDirectoryAsync(installBinary, root, cancellationToken).ConfigureAwait(false);
            }

            File.WriteAllText(Path.Combine(root, "init.sql"), $"CREATE DATABASE IF NOT EXISTS `{Database}`;\n");

            // A port taken between our probe and the server's bind makes the server exit at once: try another one.
            for (var attempt = 1; ; attempt++)
            {
                var server = new MariaDbServer(root, FreeLoopbackPort(), extraServerArguments.ToArray());
                try
                {
                    await server.StartProcessAsync(serverBinary, cancellationToken).ConfigureAwait(false);
                    return server;
                }
                catch (MariaDbServerException) when (attempt < 3 && server.PortWasTaken())
                {
                    await server.KillProcessAsync().ConfigureAwait(false);
                }
            }
        }
        catch
        {
            TryDeleteDirectory(root);
            throw;
        }
    }

    /// <summary>Shuts the server down (SIGTERM, then SIGKILL after 15 s) and keeps the data directory and port.</summary>
    public async Task StopAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_running is { } running)
            {
                await running.StopAsync(StopTimeout).ConfigureAwait(false);
                _running = null;
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Starts the server again on the same data directory and port, and waits until it accepts connections.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await StartProcessAsync(MariaDbBinaries.Locate("mariadbd"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Kills the server and deletes its data directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await KillProcessAsync().ConfigureAwait(false);
        TryDeleteDirectory(_rootDirectory);
        _lifecycle.Dispose();
    }

    private string DataDirectory => Path.Combine(_rootDirectory, "data");

    private async Task StartProcessAsync(string serverBinary, CancellationToken cancellationToken)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsRunning)
            {
                throw new InvalidOperationException("The server is already running; stop it first.");
            }

            File.Delete(ErrorLogPath);
            var arguments = new List<string>
            {
                "--no-defaults", // ignore /etc/mysql: the machine's own server settings must not leak in
                "--user=root",
                "--datadir=" + DataDirectory,
                "--socket=" + Path.Combine(_rootDirectory, "mariadbd.sock"),
                "--pid-file=" + Path.Combine(_rootDirectory, "mariadbd.pid"),
                "--log-error=" + ErrorLogPath,
                "--port=" + Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--bind-address=127.0.0.1",
                "--skip-log-bin",
                "--tmpdir=" + Path.Combine(_rootDirectory, "tmp"),
                "--init-file=" + Path.Combine(_rootDirectory, "init.sql"),
                "--innodb-buffer-pool-size=32M",
                "--performance-schema=OFF",
            };
            arguments.AddRange(_extraArguments);

            var running = ServerProcess.Start(serverBinary, arguments);
            _running = running;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartTimeout);
            try
            {
                await WaitUntilAcceptingAsync(running, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await running.KillAsync().ConfigureAwait(false);
                _running = null;
                throw new MariaDbServerException($"mariadbd did not accept connections on port {Port} within {StartTimeout.TotalSeconds:0} s. {ErrorLogTail()}");
            }
            catch
            {
                await running.KillAsync().ConfigureAwait(false);
                _running = null;
                throw;
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private async Task WaitUntilAcceptingAsync(ServerProcess running, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (running.HasExited)
            {
                throw new MariaDbServerException($"mariadbd exited with code {running.ExitCode} during start-up. {ErrorLogTail()}");
            }

            if (await ReceivesHandshakeAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    // The server sends its handshake packet as soon as it is ready for clients: reading its first bytes needs no provider.
    private async Task<bool> ReceivesHandshakeAsync(CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, Port, attempt.Token).ConfigureAwait(false);
            var header = new byte[5];
            var read = 0;
            var stream = client.GetStream();
            while (read < header.Length)
            {
                var n = await stream.ReadAsync(header.AsMemory(read), attempt.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    return false;
                }

                read += n;
            }

            return header[4] == 10; // protocol version 10: a real handshake, not an error packet (0xFF)
        }
        catch (Exception ex) when (ex is SocketException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    private bool PortWasTaken() =>
        File.Exists(ErrorLogPath) && File.ReadAllText(ErrorLogPath).Contains("Address already in use", StringComparison.Ordinal);

    private async Task KillProcessAsync()
    {
        if (_running is { } running)
        {
            await running.KillAsync().ConfigureAwait(false);
            _running = null;
        }
    }

    private string ErrorLogTail()
    {
        try
        {
            var lines = File.ReadAllLines(ErrorLogPath);
            return "Last lines of " + ErrorLogPath + ":" + Environment.NewLine + string.Join(Environment.NewLine, lines.TakeLast(15));
        }
        catch (IOException)
        {
            return "(no error log)";
        }
    }

    private static async Task InstallDataDirectoryAsync(string installBinary, string root, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(installBinary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--no-defaults", "--user=root", "--datadir=" + Path.Combine(root, "data"),
                     "--auth-root-authentication-method=normal", "--skip-test-db",
                     "--tmpdir=" + Path.Combine(root, "tmp"), // passed on to the bootstrap server
                 })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new MariaDbServerException("Could not start " + installBinary);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new MariaDbServerException($"mariadb-install-db failed with exit code {process.ExitCode}: {await errors.ConfigureAwait(false)}{await output.ConfigureAwait(false)}");
        }
    }

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private const string DirectoryPrefix = "staleconn-mariadb-";

    /// <summary>
    /// Deletes data directories left by test processes that were killed before they could clean up: older than an hour
    /// and with no live server (a server's directory is in use only while its mariadbd runs).
    /// </summary>
    private static void RemoveAbandonedDirectories()
    {
        try
        {
            foreach (var directory in Directory.EnumerateDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
            {
                if (Directory.GetLastWriteTimeUtc(directory) > DateTime.UtcNow - TimeSpan.FromHours(1) || ServerIsAlive(directory))
                {
                    continue;
                }

                TryDeleteDirectory(directory);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort.
        }
    }

    private static bool ServerIsAlive(string directory)
    {
        var pidFile = Path.Combine(directory, "mariadbd.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && process.ProcessName.StartsWith("mariadbd", StringComparison.Ordinal);
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
    }

    private static void TryDeleteDirectory(string path)
    {
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            try
            {
                Directory.Delete(path, recursive: true);
                return;
            }
            catch (DirectoryNotFoundException)
            {
                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A server that was just killed may still be releasing files: try again shortly. Best effort.
                Thread.Sleep(100 * attempt);
            }
        }
    }
}
