using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace StaleConn.Testing.MariaDb;

/// <summary>
/// One running database server (mariadbd, or PostgreSQL's postgres) and its watchdog. The watchdog is a shell that waits on a pipe from this process: if the test
/// process dies without cleanup (even SIGKILL), the pipe closes and the watchdog kills the server.
/// </summary>
internal sealed class ServerProcess
{
    private static readonly ConcurrentDictionary<ServerProcess, byte> Running = new();

    private readonly Process _server;
    private readonly Process _watchdog;

    static ServerProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var running in Running.Keys)
            {
                running.KillNow();
            }
        };
    }

    private ServerProcess(Process server, Process watchdog)
    {
        _server = server;
        _watchdog = watchdog;
    }

    public bool HasExited => _server.HasExited;

    public int ExitCode => _server.ExitCode;

    /// <summary>Starts <paramref name="serverBinary"/>, as <paramref name="userName"/> when given (the caller is root: PostgreSQL refuses to run as root).</summary>
    public static ServerProcess Start(string serverBinary, IEnumerable<string> arguments, string? userName = null)
    {
        // Output is drained and dropped: start-up warnings belong in the error log, not in the test run's output.
        var startInfo = new ProcessStartInfo(serverBinary) { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        if (userName is not null)
        {
            startInfo.UserName = userName;
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var server = Process.Start(startInfo) ?? throw new MariaDbServerException("Could not start " + serverBinary);
        server.OutputDataReceived += static (_, _) => { };
        server.ErrorDataReceived += static (_, _) => { };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        var watchdogInfo = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardInput = true };
        watchdogInfo.ArgumentList.Add("-c");
        watchdogInfo.ArgumentList.Add("if read -r _; then exit 0; fi; kill -9 \"$0\" 2>/dev/null");
        watchdogInfo.ArgumentList.Add(server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Process watchdog;
        try
        {
            watchdog = Process.Start(watchdogInfo) ?? throw new MariaDbServerException("Could not start the watchdog shell");
        }
        catch
        {
            server.Kill(entireProcessTree: true);
            server.Dispose();
            throw;
        }

        var running = new ServerProcess(server, watchdog);
        Running.TryAdd(running, 0);
        return running;
    }

    /// <summary>SIGTERM (a clean shutdown, like a service restart), then SIGKILL when it takes longer than <paramref name="timeout"/>.</summary>
    public Task StopAsync(TimeSpan timeout) => StopAsync(timeout, SigTerm);

    /// <summary><paramref name="signal"/> (PostgreSQL's fast shutdown is SIGINT), then SIGKILL when it takes longer than <paramref name="timeout"/>.</summary>
    public async Task StopAsync(TimeSpan timeout, int signal)
    {
        if (!_server.HasExited)
        {
            _ = SendSignal(_server.Id, signal);
            using var wait = new CancellationTokenSource(timeout);
            try
            {
                await _server.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Fall through to the kill below.
            }
        }

        await KillAsync().ConfigureAwait(false);
    }

    public async Task KillAsync()
    {
        KillNow();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _server.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // SIGKILL was sent; a zombie that is slow to be reaped is not worth hanging a test run for.
        }

        _server.Dispose();
        _watchdog.Dispose();
    }

    private void KillNow()
    {
        Running.TryRemove(this, out _);
        try
        {
            if (!_server.HasExited)
            {
                _server.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        try
        {
            // A line on the pipe tells the watchdog to leave without killing (the pid may be reused later).
            _watchdog.StandardInput.WriteLine("done");
            _watchdog.StandardInput.Close();
        }
        catch (Exception ex) when (ex is System.IO.IOException or InvalidOperationException or ObjectDisposedException)
        {
            // The watchdog is already gone.
        }
    }

    /// <summary>SIGINT.</summary>
    public const int SigInt = 2;

    /// <summary>SIGTERM.</summary>
    public const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
