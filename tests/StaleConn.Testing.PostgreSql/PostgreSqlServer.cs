using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using StaleConn.Testing.MariaDb;

namespace StaleConn.Testing.PostgreSql;

/// <summary>
/// A throwaway PostgreSQL server for one test class or test: its own data directory under the temp folder, a free
/// loopback port, the <c>postgres</c> superuser with trust authentication, and its <c>postgres</c> database.
/// <code>
/// await using var server = await PostgreSqlServer.StartAsync(ct);
/// using var connection = new NpgsqlConnection(server.ConnectionString);
/// </code>
/// PostgreSQL refuses to run as root: when the tests run as root (CI), <c>initdb</c> and <c>postgres</c> run as the
/// <c>postgres</c> user that Debian's package creates, in a data directory that user owns. Disposing kills the server
/// and deletes the directory; servers still running when the process exits are killed too, and a watchdog kills the
/// server if the test process dies without running any cleanup (the same launcher as MariaDbServer's).
/// </summary>
public sealed class PostgreSqlServer : IAsyncDisposable
{
    private const string ServiceUser = "postgres";
    private const string DirectoryPrefix = "staleconn-postgres-";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private readonly string _rootDirectory;
    private readonly IReadOnlyList<string> _extraSettings;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private ServerProcess? _running;
    private bool _disposed;

    private PostgreSqlServer(string rootDirectory, int port, IReadOnlyList<string> extraSettings)
    {
        _rootDirectory = rootDirectory;
        Port = port;
        _extraSettings = extraSettings;
    }

    /// <summary>The loopback TCP port the server listens on; it stays the same across <see cref="StartAgainAsync"/>.</summary>
    public int Port { get; }

    /// <summary>An Npgsql connection string for the <c>postgres</c> superuser on 127.0.0.1:<see cref="Port"/>.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username={ServiceUser};Database=postgres";

    /// <summary>Whether the server process is running (false after <see cref="StopAsync"/> until <see cref="StartAgainAsync"/>).</summary>
    public bool IsRunning => _running is { HasExited: false };

    /// <summary>The server's log (start-up messages, crashes); handy in a failing test's message.</summary>
    public string LogPath => Path.Combine(DataDirectory, "log", "postgres.log");

    private string DataDirectory => Path.Combine(_rootDirectory, "data");

    /// <summary>Creates a data directory, starts a server on a free loopback port and waits until it accepts connections.</summary>
    /// <param name="cancellationToken">Cancels the start (the server is then killed and its directory deleted).</param>
    public static Task<PostgreSqlServer> StartAsync(CancellationToken cancellationToken = default) =>
        StartAsync(Array.Empty<string>(), cancellationToken);

    /// <summary>
    /// Like <see cref="StartAsync(CancellationToken)"/>, with extra server settings (<c>name=value</c>, passed as
    /// <c>-c name=value</c>) such as <c>idle_session_timeout=2000</c>.
    /// </summary>
    /// <param name="settings">Appended to the server's command line at every start.</param>
    /// <param name="cancellationToken">Cancels the start (the server is then killed and its directory deleted).</param>
    public static async Task<PostgreSqlServer> StartAsync(IReadOnlyList<string> settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var initdb = PostgreSqlBinaries.Locate("initdb");
        var serverBinary = PostgreSqlBinaries.Locate("postgres");
        var user = RunAsUser();

        RemoveAbandonedDirectories();
        var root = Path.Combine(Path.GetTempPath(), DirectoryPrefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        try
        {
            // initdb (as the service user) creates the data directory inside this one, owned by that user.
            if (OperatingSystem.IsWindows())
            {
                throw new PostgreSqlServerException("The PostgreSQL test server runs on Linux and macOS only.");
            }

            File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
            await InitializeDataDirectoryAsync(initdb, Path.Combine(root, "data"), user, cancellationToken).ConfigureAwait(false);

            for (var attempt = 1; ; attempt++)
            {
                var server = new PostgreSqlServer(root, FreeLoopbackPort(), settings.ToArray());
                try
                {
                    await server.StartProcessAsync(serverBinary, cancellationToken).ConfigureAwait(false);
                    return server;
                }
                catch (PostgreSqlServerException) when (attempt < 3 && server.PortWasTaken())
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

    /// <summary>
    /// Shuts the server down the way a restart or failover does (PostgreSQL's fast shutdown, SIGINT: sessions are
    /// terminated, transactions rolled back), then SIGKILL after 15 s; keeps the data directory and port.
    /// </summary>
    public async Task StopAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_running is { } running)
            {
                await running.StopAsync(StopTimeout, ServerProcess.SigInt).ConfigureAwait(false);
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
        await StartProcessAsync(PostgreSqlBinaries.Locate("postgres"), cancellationToken).ConfigureAwait(false);
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

    private async Task StartProcessAsync(string serverBinary, CancellationToken cancellationToken)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsRunning)
            {
                throw new InvalidOperationException("The server is already running; stop it first.");
            }

            TryDelete(LogPath);
            var arguments = new List<string>
            {
                "-D", DataDirectory,
                "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-k", DataDirectory, // the Unix socket beside the data, not in /var/run/postgresql
                "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=off", // a throwaway server: durability only costs the tests time
                "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off",
                "-c", "shared_buffers=16MB",
                "-c", "max_connections=60",
                "-c", "logging_collector=on",
                "-c", "log_directory=log",
                "-c", "log_filename=postgres.log",
            };
            foreach (var setting in _extraSettings)
            {
                arguments.Add("-c");
                arguments.Add(setting);
            }

            var running = ServerProcess.Start(serverBinary, arguments, RunAsUser());
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
                throw new PostgreSqlServerException($"postgres did not accept connections on port {Port} within {StartTimeout.TotalSeconds:0} s. {LogTail()}");
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

    // postmaster.pid's eighth line reads "ready" once the server accepts connections (PostgreSQL 10+); the TCP connect
    // then shows the listener is up on our port.
    private async Task WaitUntilAcceptingAsync(ServerProcess running, CancellationToken cancellationToken)
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        while (true)
        {
            if (running.HasExited)
            {
                throw new PostgreSqlServerException($"postgres exited with code {running.ExitCode} during start-up. {LogTail()}");
            }

            if (ReportsReady(pidFile) && await AcceptsTcpAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool ReportsReady(string pidFile)
    {
        try
        {
            var lines = File.ReadAllLines(pidFile);
            return lines.Length >= 8 && lines[7].Trim() == "ready";
        }
        catch (IOException)
        {
            return false;
        }
    }

    private async Task<bool> AcceptsTcpAsync(CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, Port, attempt.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    private bool PortWasTaken() => File.Exists(LogPath) && File.ReadAllText(LogPath).Contains("Address already in use", StringComparison.Ordinal);

    private async Task KillProcessAsync()
    {
        if (_running is { } running)
        {
            await running.KillAsync().ConfigureAwait(false);
            _running = null;
        }
    }

    private string LogTail()
    {
        try
        {
            return "Last lines of " + LogPath + ":" + Environment.NewLine + string.Join(Environment.NewLine, File.ReadAllLines(LogPath).TakeLast(15));
        }
        catch (IOException)
        {
            return "(no server log)";
        }
    }

    private static async Task InitializeDataDirectoryAsync(string initdb, string dataDirectory, string? user, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(initdb) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (user is not null)
        {
            startInfo.UserName = user;
        }

        foreach (var argument in new[] { "-D", dataDirectory, "-A", "trust", "-U", ServiceUser, "--no-sync", "--no-locale", "-E", "UTF8" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new PostgreSqlServerException("Could not start " + initdb);
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
            throw new PostgreSqlServerException(
                $"initdb failed with exit code {process.ExitCode} (as user {user ?? "(self)"}, in {dataDirectory}; the user needs to reach the temp folder): " +
                $"{await errors.ConfigureAwait(false)}{await output.ConfigureAwait(false)}");
        }
    }

    // Root (CI) runs the server as the postgres user Debian's package creates; anyone else runs it as themselves.
    private static string? RunAsUser() => geteuid() == 0 ? ServiceUser : null;

    [DllImport("libc")]
    private static extern uint geteuid();

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

    /// <summary>Deletes data directories left by test processes that were killed before they could clean up (older than an hour).</summary>
    private static void RemoveAbandonedDirectories()
    {
        try
        {
            foreach (var directory in Directory.EnumerateDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
            {
                if (Directory.GetLastWriteTimeUtc(directory) < DateTime.UtcNow - TimeSpan.FromHours(1)
                    && !File.Exists(Path.Combine(directory, "data", "postmaster.pid")))
                {
                    TryDeleteDirectory(directory);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort.
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a log from an earlier start.
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
                Thread.Sleep(100 * attempt);
            }
        }
    }
}
