using System.Globalization;
using System.Text;
using static StaleConn.Benchmarks.Infrastructure.CommandHelpers;

namespace StaleConn.Benchmarks.AnalyzerCost;

/// <summary>One round of one real folder on processor time: the compiler's binding and all StaleConn callbacks.</summary>
/// <param name="BindingMilliseconds">Processor time of the compiler's <c>GetDiagnostics</c>.</param>
/// <param name="AnalyzerMilliseconds">Processor time of every StaleConn callback together.</param>
/// <param name="BindingBytes">Bytes the compiler's thread allocated in <c>GetDiagnostics</c> (zero where not measured).</param>
/// <param name="AnalyzerBytes">Bytes every StaleConn callback together allocated.</param>
public readonly record struct ProcessorRound(double BindingMilliseconds, double AnalyzerMilliseconds, long BindingBytes = 0, long AnalyzerBytes = 0)
{
    /// <summary>Analyzers over binding.</summary>
    public double Ratio => AnalyzerMilliseconds / BindingMilliseconds;

    /// <summary>Analyzers' allocation over binding's: the load-independent reading.</summary>
    public double AllocationRatio => (double)AnalyzerBytes / BindingBytes;
}

/// <summary>
/// The analyzer cost over a whole set of real folders, on processor time. A folder whose binding takes 20 ms puts its
/// ratio at the mercy of a fraction of a millisecond (one preemption, one cache refill), so beside the median of the
/// folders' ratios this reports the pooled ratio — all analyzer time over all binding time, per round, which weighs each
/// folder by its work — and the spread of each across rounds.
/// </summary>
public sealed class RealCodeCostSummary
{
    /// <summary>Binding below this is "small": its ratio is read separately, as the noisiest.</summary>
    public const double SmallBindingMilliseconds = 100;

    private readonly List<(string Name, IReadOnlyList<ProcessorRound> Rounds)> folders = [];

    /// <summary>Adds a folder's rounds (every folder must have the same number).</summary>
    public void Add(string name, IReadOnlyList<ProcessorRound> rounds)
    {
        if (rounds.Count == 0 || (folders.Count > 0 && folders[0].Rounds.Count != rounds.Count))
        {
            throw new ArgumentException($"{name}: every folder needs the same, non-zero number of rounds.", nameof(rounds));
        }

        folders.Add((name, rounds));
    }

    /// <summary>Sum of analyzer time over sum of binding time.</summary>
    public static double PooledRatio(IEnumerable<ProcessorRound> rounds)
    {
        var all = rounds.ToList();
        return all.Sum(r => r.AnalyzerMilliseconds) / all.Sum(r => r.BindingMilliseconds);
    }

    /// <summary>Sum of the analyzers' allocated bytes over sum of binding's.</summary>
    public static double PooledAllocationRatio(IEnumerable<ProcessorRound> rounds)
    {
        var all = rounds.ToList();
        return (double)all.Sum(r => r.AnalyzerBytes) / all.Sum(r => r.BindingBytes);
    }

    /// <summary>The pooled ratio of each round over the given folders (round r of every folder together).</summary>
    public static IReadOnlyList<double> PooledRatioPerRound(IReadOnlyList<IReadOnlyList<ProcessorRound>> folderRounds) =>
        Enumerable.Range(0, folderRounds[0].Count).Select(round => PooledRatio(folderRounds.Select(f => f[round]))).ToList();

    /// <summary>The folder's median ratio and its lowest and highest round.</summary>
    public static (double Median, double Lowest, double Highest) Spread(IEnumerable<double> ratios)
    {
        var all = ratios.ToList();
        return (Median(all), all.Min(), all.Max());
    }

    /// <summary>The set's lines for the report (empty when no folder was measured).</summary>
    public string Format()
    {
        if (folders.Count == 0)
        {
            return string.Empty;
        }

        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine(inv, $"Over the set ({folders.Count} folders, {folders[0].Rounds.Count} rounds each), processor time:");
        text.AppendLine();
        text.AppendLine("| measure | median | lowest–highest round |");
        text.AppendLine("|---|---|---|");
        var perFolderMedians = folders.Select(f => Median(f.Rounds.Select(r => r.Ratio))).ToList();
        text.AppendLine(inv, $"| median of the folders' median ratios | {Median(perFolderMedians):P2} | folders {perFolderMedians.Min():P2}–{perFolderMedians.Max():P2} |");
        AppendPooled(text, "pooled ratio, all folders (Σ analyzers / Σ binding)", folders);
        var small = folders.Where(f => Median(f.Rounds.Select(r => r.BindingMilliseconds)) < SmallBindingMilliseconds).ToList();
        var large = folders.Except(small).ToList();
        AppendPooled(text, string.Create(inv, $"pooled, {large.Count} folders binding ≥ {SmallBindingMilliseconds:F0} ms"), large);
        AppendPooled(text, string.Create(inv, $"pooled, {small.Count} folders binding < {SmallBindingMilliseconds:F0} ms"), small);
        var binding = folders.Sum(f => Median(f.Rounds.Select(r => r.BindingMilliseconds)));
        var analyzers = folders.Sum(f => Median(f.Rounds.Select(r => r.AnalyzerMilliseconds)));
        text.AppendLine(inv, $"| Σ binding, Σ analyzers (folders' medians) | {binding:F0} ms, {analyzers:F1} ms | |");
        if (folders.All(f => f.Rounds.All(r => r.BindingBytes > 0)))
        {
            // Allocation moves little between rounds: the median round's pooled bytes, and the spread to show it.
            var (allocationMedian, allocationLowest, allocationHighest) = Spread(
                Enumerable.Range(0, folders[0].Rounds.Count).Select(round => PooledAllocationRatio(folders.Select(f => f.Rounds[round]))));
            text.AppendLine(inv, $"| pooled allocation ratio (Σ analyzers' bytes / Σ binding's bytes) | **{allocationMedian:P2}** | {allocationLowest:P2}–{allocationHighest:P2} |");
            var bindingBytes = folders.Sum(f => Median(f.Rounds.Select(r => (double)r.BindingBytes)));
            var analyzerBytes = folders.Sum(f => Median(f.Rounds.Select(r => (double)r.AnalyzerBytes)));
            text.AppendLine(inv, $"| Σ allocated: binding, analyzers (folders' medians) | {bindingBytes / (1024 * 1024):F1} MB, {analyzerBytes / (1024 * 1024):F2} MB | |");
        }

        return text.ToString();
    }

    private static void AppendPooled(StringBuilder text, string label, IReadOnlyList<(string Name, IReadOnlyList<ProcessorRound> Rounds)> set)
    {
        if (set.Count == 0)
        {
            return;
        }

        var (median, lowest, highest) = Spread(PooledRatioPerRound(set.Select(f => f.Rounds).ToList()));
        text.AppendLine(CultureInfo.InvariantCulture, $"| {label} | **{median:P2}** | {lowest:P2}–{highest:P2} |");
    }
}
