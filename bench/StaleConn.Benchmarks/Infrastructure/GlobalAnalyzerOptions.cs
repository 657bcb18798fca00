using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace StaleConn.Benchmarks.Infrastructure;

/// <summary>
/// The options a <c>.globalconfig</c> would give the analyzers (<c>--option staleconn.include_sqlite=true</c>), so a
/// real-code command can show what a rule reports where a user turned a setting on.
/// </summary>
internal sealed class GlobalAnalyzerOptions : AnalyzerConfigOptionsProvider
{
    private GlobalAnalyzerOptions(ImmutableDictionary<string, string> values) => GlobalOptions = new Options(values);

    public override AnalyzerConfigOptions GlobalOptions { get; }

    /// <summary>Every <c>--option KEY=VALUE</c> of <paramref name="args"/>, as analyzer options.</summary>
    public static AnalyzerOptions FromArguments(string[] args)
    {
        var values = ImmutableDictionary.CreateBuilder<string, string>(AnalyzerConfigOptions.KeyComparer);
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] != "--option")
            {
                continue;
            }

            var separator = args[i + 1].IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                throw new ArgumentException($"--option {args[i + 1]}: expected KEY=VALUE (staleconn.include_sqlite=true).");
            }

            values[args[i + 1][..separator].Trim()] = args[i + 1][(separator + 1)..].Trim();
        }

        return new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new GlobalAnalyzerOptions(values.ToImmutable()));
    }

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

    private sealed class Options(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly Options Empty = new(ImmutableDictionary<string, string>.Empty);

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
