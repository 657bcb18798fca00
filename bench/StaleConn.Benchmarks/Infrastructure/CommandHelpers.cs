using System.Globalization;

namespace StaleConn.Benchmarks.Infrastructure;

/// <summary>What the bench commands share: their options and the statistic every target is defined on.</summary>
internal static class CommandHelpers
{
    /// <summary>The median (the mean of the middle two for an even count): the targets are ratios of medians.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("No values to take the median of.", nameof(values));
        }

        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>The positive whole number after <paramref name="name"/> in <paramref name="args"/>, or <paramref name="fallback"/> when absent.</summary>
    public static int IntOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        if (index < 0)
        {
            return fallback;
        }

        return index + 1 < args.Length && int.TryParse(args[index + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{name} needs a positive whole number.");
    }
}
