using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MySqlConnector.ScriptedForTests;

namespace StaleConn.Runtime.Tests.Unit;

public sealed class GuardLoggingTests
{
    [Fact]
    public void Reconnects_probe_failures_and_recycles_are_logged_without_the_connection_string()
    {
        var time = new FakeTimeProvider();
        var database = new ScriptedDatabase { KnowsWaitTimeout = true, WaitTimeoutSeconds = 600 };
        var logger = new RecordingLogger();
        using var guard = new ConnectionGuard<ScriptedConnection>(
            database.CreateConnection,
            new ConnectionGuardOptions { TimeProvider = time, Logger = logger, MaxLifetime = TimeSpan.FromMinutes(5) });

        using (var lease = guard.Acquire())
        {
            lease.Connection.Kill();
        }

        time.Advance(TimeSpan.FromMinutes(2));
        using (guard.Acquire())
        {
        }

        time.Advance(TimeSpan.FromMinutes(5.1)); // older than MaxLifetime, idle below the server limit
        using (guard.Acquire())
        {
        }

        Assert.Contains(logger.Entries, e => e.Event.Name == "ProbeFailed" && e.Level == LogLevel.Warning);
        Assert.Contains(logger.Entries, e => e.Event.Name == "Reconnected" && e.Message.Contains("ProbeFailed") && e.Message.Contains("120 s idle"));
        Assert.Contains(logger.Entries, e => e.Event.Name == "LifetimeRecycle");
        Assert.Contains(logger.Entries, e => e.Event.Name == "Opened" && e.Message.Contains("server idle limit 600 s"));
        Assert.All(logger.Entries, e =>
        {
            Assert.DoesNotContain("secret", e.Message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Data Source", e.Message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("secret", e.Exception?.ToString() ?? string.Empty, StringComparison.OrdinalIgnoreCase);
        });
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<(LogLevel Level, EventId Event, string Message, Exception? Exception)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, eventId, formatter(state, exception), exception));
    }
}
