using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace StaleConn.Runtime.Tests.ChildProcesses;

/// <summary>
/// The CI crash of stop 34, made certain: a guard's own query on MySqlConnector (the session query at open, or the probe's
/// validation query) whose session the server kills as the query starts, on a thread that stalls as the read fails (a
/// loaded machine deschedules it: CI ran at load 60+). MySqlConnector arms its command-timeout timer for every command
/// with a <c>CommandTimeout</c>; when that timer fires while the session still counts as querying, its <c>Cancel</c>
/// reads the socket's remote endpoint, which throws once the peer reset the socket, on the timer thread: the process
/// ends. The kill and the stall come from MySqlConnector's own log calls, so they land at the same step every run.
/// Exit code 0: the process survived the whole step; <see cref="ChildScenario.NotReached"/>: the step was not reached.
/// </summary>
internal static class ProviderTimerScenario
{
    public const string Name = "session-dies-under-provider-timer";

    // Past the guard's PingTimeout (1 s, so a CommandTimeout of 1 s) and the timer queue's granularity.
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(2.5);

    // MySqlConnector's timer and the guard's own bound fall due together (PingTimeout 1 s, CommandTimeout 1 s); the
    // process ended only when the provider's timer came first, in about four runs of ten here: three rounds per run.
    private const int Rounds = 3;

    /// <param name="step">"open": the session query after the first open; "probe": the validation query of an acquire.</param>
    public static int Run(string connectionString, string step, bool sync)
    {
        var reached = 0;
        for (var round = 1; round <= Rounds; round++)
        {
            reached += RunRound(connectionString, step, sync, round) ? 1 : 0;
        }

        return reached == Rounds ? 0 : ChildScenario.NotReached;
    }

    private static bool RunRound(string connectionString, string step, bool sync, int round)
    {
        var query = step == "open" ? "wait_timeout" : "probe";
        using var loggers = new KillThenStall(connectionString, query, Stall);
        var dataSource = new MySqlDataSourceBuilder(connectionString + ";Cancellation Timeout=1;SslMode=None").UseLoggerFactory(loggers).Build();
        var options = new ConnectionGuardOptions { PingTimeout = TimeSpan.FromSeconds(1), IdleCheckAfter = TimeSpan.FromMilliseconds(100) };
        if (step == "probe")
        {
            options.ValidationQuery = "SELECT 1 /* probe */";
        }

        var guard = new ConnectionGuard<MySqlConnection>(() => loggers.Track(dataSource.CreateConnection()), options);
        if (step == "probe")
        {
            Acquire(guard, sync); // opens the session the probe will check
            Thread.Sleep(300); // idle past IdleCheckAfter: the next acquire probes
        }

        loggers.Arm();
        var outcome = Acquire(guard, sync);
        Thread.Sleep(Stall); // any timer armed during the step fires meanwhile
        guard.Dispose();
        Console.WriteLine($"round {round}, step {step} ({(sync ? "sync" : "async")}): killed {loggers.Killed}, stalled {loggers.Stalled}, acquire: {outcome?.GetType().Name ?? "no error"}");
        return loggers.Killed && loggers.Stalled;
    }

    private static Exception? Acquire(ConnectionGuard<MySqlConnection> guard, bool sync)
    {
        try
        {
            if (sync)
            {
                using var lease = guard.Acquire();
            }
            else
            {
                Task.Run(async () => { await using var lease = await guard.AcquireAsync(); }).GetAwaiter().GetResult();
            }

            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    /// <summary>
    /// MySqlConnector's loggers, armed once: when a command whose text holds the marker is being prepared (its timer is
    /// armed by then), the server kills the session; when the session's read then fails, the failing thread stalls.
    /// </summary>
    private sealed class KillThenStall : ILoggerFactory, ILogger
    {
        private readonly string _connectionString;
        private readonly string _marker;
        private readonly TimeSpan _stall;
        private MySqlConnection? _latest;
        private volatile bool _armed;

        public KillThenStall(string connectionString, string marker, TimeSpan stall)
        {
            _connectionString = connectionString;
            _marker = marker;
            _stall = stall;
        }

        public bool Killed { get; private set; }

        public bool Stalled { get; private set; }

        public MySqlConnection Track(MySqlConnection connection) => _latest = connection;

        public void Arm() => _armed = true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!_armed)
            {
                return;
            }

            if (!Killed && eventId.Name == "PreparingCommandPayload" && formatter(state, exception).Contains(_marker, StringComparison.Ordinal))
            {
                Killed = true;
                using var admin = new MySqlConnection(_connectionString);
                admin.Open();
                using var kill = new MySqlCommand($"KILL {_latest!.ServerThread}", admin);
                kill.ExecuteNonQuery();
                Thread.Sleep(200); // the server's close reaches the client's socket
            }
            else if (Killed && !Stalled && eventId.Name == "SettingStateToFailed")
            {
                Stalled = true;
                Thread.Sleep(_stall);
            }
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public ILogger CreateLogger(string categoryName) => this;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }
    }
}
