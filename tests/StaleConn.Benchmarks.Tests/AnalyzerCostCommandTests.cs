using StaleConn.Benchmarks.AnalyzerCost;

namespace StaleConn.Benchmarks.Tests;

/// <summary>Which inputs analyzer-cost measures: real folders alone when they are all that is asked about.</summary>
public sealed class AnalyzerCostCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "staleconn-analyzer-cost-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    // Stop 38 (outlier38): `analyzer-cost --rounds 1 --sources <one folder>` spent 7 minutes on the 200,728-line
    // generated solution and was killed before the folder asked about was reached.
    [Fact]
    public async Task Measures_only_the_real_folders_when_sources_are_given_without_lines()
    {
        var folder = Path.Combine(_root, "Shop");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "Orders.cs"), """
            public sealed class Orders
            {
                public int Count() => 0;
            }
            """);
        var output = new StringWriter();

        var code = await AnalyzerCostCommand.RunAsync(["--rounds", "1", "--sources", folder], output);

        Assert.Equal(0, code);
        var text = output.ToString();
        Assert.DoesNotContain("Generated", text, StringComparison.Ordinal);
        Assert.Contains("| Shop | 1 |", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--rounds", "1" }, true)]
    [InlineData(new[] { "--lines", "100", "--sources", "." }, true)]
    [InlineData(new[] { "--sources", "." }, false)]
    public void Measures_the_generated_solution_unless_only_real_folders_are_asked_about(string[] args, bool generated) =>
        Assert.Equal(generated, AnalyzerCostCommand.MeasuresGeneratedSolution(args));
}
