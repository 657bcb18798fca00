using StaleConn.Benchmarks.AnalyzerCost;

namespace StaleConn.Benchmarks.Tests;

/// <summary>The analyzer-cost input is what the target is defined on: big enough, realistic, and correctly seeded.</summary>
public sealed class ServiceSolutionGeneratorTests
{
    [Fact]
    public void Default_solution_has_at_least_200k_lines_and_one_connection_holder_in_ten_classes()
    {
        var solution = ServiceSolutionGenerator.Generate();

        Assert.True(solution.LineCount >= 200_000, $"{solution.LineCount} lines");
        Assert.True(solution.LineCount < 220_000, $"{solution.LineCount} lines: generation overshoots its target");
        Assert.InRange(solution.HolderCount * 10.0 / solution.ClassCount, 0.9, 1.1);
        Assert.All(Enum.GetValues<ConnectionHolderKind>(), kind => Assert.True(solution.HolderCounts[kind] > 0, kind.ToString()));
        Assert.Equal(solution.Files.Length, solution.Files.Select(f => f.Path).Distinct().Count());
    }

    [Fact]
    public void Generation_is_deterministic()
    {
        var first = ServiceSolutionGenerator.Generate(5_000);
        var second = ServiceSolutionGenerator.Generate(5_000);

        Assert.Equal(first.Files.ToArray(), second.Files.ToArray());
    }

    // Every template and every holder shape appear within the first few modules, so a tenth of the full size checks
    // them all in seconds; the analyzer-cost command checks the full size on every real run (and fails on a mismatch).
    [Fact]
    public async Task Solution_compiles_cleanly_and_each_rule_reports_exactly_its_planted_holders()
    {
        var solution = ServiceSolutionGenerator.Generate(20_000);
        Assert.All(Enum.GetValues<ConnectionHolderKind>(), kind => Assert.True(solution.HolderCounts[kind] >= 5, kind.ToString()));
        var analyzers = StaleConnAnalyzers.Create();

        var run = await AnalyzerCostMeasurement.RunOnceAsync(solution, analyzers);

        Assert.Empty(run.CompilerErrors.Select(d => d.ToString()).Take(5));
        Assert.Empty(run.AnalyzerExceptions);
        var supported = StaleConnAnalyzers.SupportedRuleIds(analyzers);
        Assert.Contains("SC0001", supported);
        var expected = solution.ExpectedDiagnostics.Where(pair => supported.Contains(pair.Key))
            .ToDictionary(pair => pair.Key, pair => pair.Value);
        Assert.Equal(expected.OrderBy(p => p.Key), run.Diagnostics.OrderBy(p => p.Key));
    }
}
