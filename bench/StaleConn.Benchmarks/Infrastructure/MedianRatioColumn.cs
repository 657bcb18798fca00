using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace StaleConn.Benchmarks.Infrastructure;

/// <summary>Median of a benchmark divided by the median of its class's baseline: the ratio the targets are defined on.</summary>
public sealed class MedianRatioColumn : IColumn
{
    /// <inheritdoc />
    public string Id => nameof(MedianRatioColumn);

    /// <inheritdoc />
    public string ColumnName => "Ratio (median)";

    /// <inheritdoc />
    public bool AlwaysShow => true;

    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Baseline;

    /// <inheritdoc />
    public int PriorityInCategory => -1;

    /// <inheritdoc />
    public bool IsNumeric => true;

    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc />
    public string Legend => "Median of this benchmark / median of the baseline in the same class";

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        Ratio(summary, benchmarkCase) is { } ratio ? ratio.ToString("0.000", CultureInfo.InvariantCulture) : "NA";

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <summary>The ratio, or null when either run has no results.</summary>
    public static double? Ratio(Summary summary, BenchmarkCase benchmarkCase)
    {
        var baseline = summary.GetBaseline(summary.GetLogicalGroupKey(benchmarkCase));
        var median = summary[benchmarkCase]?.ResultStatistics?.Median;
        var baselineMedian = baseline is null ? null : summary[baseline]?.ResultStatistics?.Median;
        return median is { } m && baselineMedian is { } b && b > 0 ? m / b : null;
    }
}
