using System.Diagnostics;
using System.Globalization;

namespace StaleConn.Benchmarks.FirstFixRate;

/// <summary>
/// How long one finding's judgement may take, counted in processor time of this process (the judge works on one finding
/// at a time, so the process's clock is that finding's work): on a machine shared by a hundred busy processes, the wall
/// clock measures the queue for a core (stop 36: 163 s of work took 18 min), not the fix. A wall limit, many times the
/// budget, still ends a judgement that waits on nothing and works no more (a hang).
/// </summary>
internal sealed class ProcessorTimeBudget : IDisposable
{
    /// <summary>How many times the processor budget the wall clock may run before a judgement counts as hung.</summary>
    internal const int WallLimitFactor = 20;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly CancellationTokenSource _cancellation = new();
    private readonly Func<TimeSpan> _processorTime;
    private readonly TimeSpan _startedProcessorTime;
    private readonly Func<TimeSpan> _wallTime;
    private readonly Timer _timer;
    private readonly TimeSpan _budget;
    private bool _disposed;

    /// <param name="budget">The processor time the judgement may spend.</param>
    /// <param name="processorTime">Time spent working (this process's processor time unless a test gives its own clock).</param>
    /// <param name="wallTime">Time gone by since the judgement began (a stopwatch unless a test gives its own clock).</param>
    public ProcessorTimeBudget(TimeSpan budget, Func<TimeSpan>? processorTime = null, Func<TimeSpan>? wallTime = null)
    {
        _budget = budget;
        _processorTime = processorTime ?? (() => Process.GetCurrentProcess().TotalProcessorTime);
        _startedProcessorTime = _processorTime();
        var wall = Stopwatch.StartNew();
        _wallTime = wallTime ?? (() => wall.Elapsed);
        _timer = new Timer(_ => Check(), null, PollInterval, PollInterval);
    }

    /// <summary>Cancelled once the processor budget or the wall limit is spent.</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>Processor time spent since the judgement began.</summary>
    public TimeSpan ProcessorTimeSpent => _processorTime() - _startedProcessorTime;

    /// <summary>Wall time since the judgement began.</summary>
    public TimeSpan WallTimeSpent => _wallTime();

    /// <summary>Whether the limit that fired was the wall clock's (the judgement waited rather than worked).</summary>
    public bool WallLimitReached { get; private set; }

    /// <summary>What a judgement cut short ran past: both clocks, so a reader sees whether it worked or queued.</summary>
    public string Describe() => WallLimitReached
        ? string.Create(CultureInfo.InvariantCulture, $"ran past {_budget.TotalSeconds * WallLimitFactor:F0} s of wall time ({ProcessorTimeSpent.TotalSeconds:F0} s of processor time)")
        : string.Create(CultureInfo.InvariantCulture, $"ran past {_budget.TotalSeconds:F0} s of processor time ({WallTimeSpent.TotalSeconds:F0} s of wall time)");

    /// <summary>Cancels when a limit is spent (the timer calls it; a test may call it at once).</summary>
    internal void Check()
    {
        // A timer tick can run while the judgement ends: the lock keeps it off a disposed source.
        lock (_cancellation)
        {
            if (_disposed || _cancellation.IsCancellationRequested)
            {
                return;
            }

            if (ProcessorTimeSpent >= _budget)
            {
                _cancellation.Cancel();
            }
            else if (WallTimeSpent >= _budget * WallLimitFactor)
            {
                WallLimitReached = true;
                _cancellation.Cancel();
            }
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        lock (_cancellation)
        {
            _disposed = true;
            _cancellation.Dispose();
        }
    }
}
