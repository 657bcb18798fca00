using System.Globalization;

namespace StaleConn.Benchmarks.CodeFixLatency;

/// <summary>
/// The processor time of each of this process's threads (Linux <c>/proc/self/task/*/schedstat</c>, nanoseconds), so a
/// lightbulb's processor time can leave out the runtime's tiered-compilation thread: it re-jits hot methods at tier 1 in
/// the background, one-time work an editor that has run for a while has already done (lat31's profile: 39 % of a first
/// lightbulb's samples). A lightbulb runs on several thread-pool threads (its plans side by side), so no one thread's
/// clock holds it; the sum over the threads does.
/// </summary>
internal sealed class ThreadsProcessorTime
{
    /// <summary>The name .NET gives its tiered-compilation worker (Linux truncates thread names to 15 characters).</summary>
    internal const string TieredCompilationThreadPrefix = ".NET Tiered Com";

    private readonly Dictionary<string, (string Name, long Nanoseconds)> _threads;

    private ThreadsProcessorTime(Dictionary<string, (string Name, long Nanoseconds)> threads) => _threads = threads;

    /// <summary>True when per-thread times can be read here (else every figure falls back to the whole process's).</summary>
    public static bool IsAvailable { get; } = OperatingSystem.IsLinux() && File.Exists("/proc/thread-self/schedstat");

    /// <summary>Every live thread's processor time so far.</summary>
    public static ThreadsProcessorTime Now()
    {
        var threads = new Dictionary<string, (string, long)>(StringComparer.Ordinal);
        if (!IsAvailable)
        {
            return new ThreadsProcessorTime(threads);
        }

        foreach (var directory in Directory.EnumerateDirectories("/proc/self/task"))
        {
            // A thread can end between the listing and the reads: it is simply left out of this snapshot.
            try
            {
                var nanoseconds = ParseSchedStat(File.ReadAllText(Path.Combine(directory, "schedstat")));
                var name = File.ReadAllText(Path.Combine(directory, "comm")).TrimEnd('\n');
                if (nanoseconds is { } value)
                {
                    threads[Path.GetFileName(directory)] = (name, value);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return new ThreadsProcessorTime(threads);
    }

    /// <summary>The first field of a <c>schedstat</c> line: nanoseconds spent on a processor.</summary>
    internal static long? ParseSchedStat(string text)
    {
        var first = text.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    /// <summary>Processor time spent since <paramref name="earlier"/>: by the tiered-compilation thread, and by every other thread.</summary>
    public (double WorkMilliseconds, double JitMilliseconds) Since(ThreadsProcessorTime earlier) => Split(earlier._threads, _threads);

    /// <summary>
    /// The growth of each thread between two snapshots, split into the tiered-compilation thread and the rest; a thread
    /// born in between counts from zero, one that ended in between is lost (the bench's threads live for the run).
    /// </summary>
    internal static (double WorkMilliseconds, double JitMilliseconds) Split(
        IReadOnlyDictionary<string, (string Name, long Nanoseconds)> before, IReadOnlyDictionary<string, (string Name, long Nanoseconds)> after)
    {
        long work = 0, jit = 0;
        foreach (var (id, (name, nanoseconds)) in after)
        {
            var grown = nanoseconds - (before.TryGetValue(id, out var old) ? old.Nanoseconds : 0);
            if (name.StartsWith(TieredCompilationThreadPrefix, StringComparison.Ordinal))
            {
                jit += grown;
            }
            else
            {
                work += grown;
            }
        }

        return (work / 1e6, jit / 1e6);
    }

    /// <summary>The tiered-compilation thread's processor time so far (zero when it is not running or cannot be read).</summary>
    public double JitMilliseconds => _threads.Values.Where(t => t.Name.StartsWith(TieredCompilationThreadPrefix, StringComparison.Ordinal)).Sum(t => t.Nanoseconds) / 1e6;
}
