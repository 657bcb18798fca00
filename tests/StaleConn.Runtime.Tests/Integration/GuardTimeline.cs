using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace StaleConn.Runtime.Tests.Integration;

/// <summary>
/// The guard's log lines, each with the time since <see cref="Restart"/>: a timed assertion that fails prints it, so a
/// slow acquire shows which step took the time (the probe, the open, or neither: the process itself was held up).
/// </summary>
public sealed class GuardTimeline : ILogger
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly ConcurrentQueue<string> _lines = new();

    public void Restart()
    {
        _lines.Clear();
        _watch.Restart();
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _lines.Enqueue($"+{_watch.Elapsed.TotalSeconds:0.000} s {eventId.Name}: {formatter(state, exception)}");

    /// <summary>Whether the guard logged an event of this name since <see cref="Restart"/>.</summary>
    public bool Logged(string eventName) => _lines.Any(line => line.Contains($" {eventName}: ", StringComparison.Ordinal));

    public override string ToString() =>
        _lines.IsEmpty ? "(the guard logged nothing)" : string.Join(Environment.NewLine, _lines);
}
