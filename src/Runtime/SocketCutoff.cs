using System;
using System.Net.Sockets;
using System.Threading;

namespace StaleConn;

/// <summary>
/// The guard's own end for one of its queries on MySqlConnector, whose <c>CommandTimeout</c> it leaves at 0: that
/// provider's command timer can end the process (see <see cref="ProviderTraits{TConnection}.CommandTimerMayThrow"/>).
/// When the bound passes before the query finished, the session's socket is shut down, which ends a blocked read at
/// once, as MySqlConnector's own timeout would have; the session is written off. Stopping it is final: once
/// <see cref="Stop"/> returned, the socket is never touched, so a query that finished in time keeps a usable session.
/// </summary>
internal sealed class SocketCutoff : IDisposable
{
    private readonly object _gate = new();
    private readonly Socket _socket;
    private readonly TimeSpan _bound;
    private readonly ScheduledCall _cutAtBound;
    private bool _stopped;
    private bool _cut;

    public SocketCutoff(Socket socket, TimeSpan bound)
    {
        _socket = socket;
        _bound = bound;
        _cutAtBound = TimerThread.Schedule(bound, static state => ((SocketCutoff)state).Cut(), this);
    }

    /// <summary>Stops the cutoff; returns the timeout when it had already shut the socket down, else <c>null</c>.</summary>
    public TimeoutException? Stop()
    {
        lock (_gate)
        {
            _stopped = true;
            return _cut
                ? new TimeoutException($"The server did not answer the guard's query within {_bound.TotalSeconds:0.#} s: the session's socket was shut down.")
                : null;
        }
    }

    public void Dispose()
    {
        _ = Stop();
        _cutAtBound.Dispose();
    }

    private void Cut()
    {
        // Under the gate: a Stop() that returned null has seen no cut, and none can follow it.
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _cut = true;
            DeadSessions.ShutDown(_socket);
        }
    }
}
