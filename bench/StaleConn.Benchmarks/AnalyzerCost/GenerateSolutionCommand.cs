using System.Globalization;
using StaleConn.Analyzers.Rules;

namespace StaleConn.Benchmarks.AnalyzerCost;

/// <summary>
/// <c>generate-solution DIR [--lines N]</c>: writes the generated service solution as a web project that loads the
/// StaleConn analyzers from this build, so <c>dotnet build -p:ReportAnalyzer=true</c> can time them in a real build.
/// DIR must be outside the repository (the repository's central package settings would apply to it otherwise).
/// </summary>
public static class GenerateSolutionCommand
{
    /// <summary>Runs the command; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: generate-solution DIR [--lines N]");
            return 2;
        }

        var directory = Path.GetFullPath(args[0]);
        var linesIndex = Array.IndexOf(args, "--lines");
        var lines = linesIndex > 0 && linesIndex + 1 < args.Length
            ? int.Parse(args[linesIndex + 1], NumberStyles.Integer, CultureInfo.InvariantCulture)
            : ServiceSolutionGenerator.DefaultTargetLines;
        var solution = ServiceSolutionGenerator.Generate(lines);
        Directory.CreateDirectory(directory);
        foreach (var (path, text) in solution.Files)
        {
            var target = Path.Combine(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await File.WriteAllTextAsync(target, text).ConfigureAwait(false);
        }

        await File.WriteAllTextAsync(Path.Combine(directory, "Contoso.Services.csproj"), Project()).ConfigureAwait(false);
        Console.WriteLine($"Wrote {solution.Files.Length} files, {solution.LineCount:N0} lines to {directory}");
        return 0;
    }

    private static string Project()
    {
        var analyzerPath = typeof(StaticConnectionAnalyzer).Assembly.Location;
        var mySqlConnectorVersion = typeof(MySqlConnector.MySqlConnection).Assembly.GetName().Version!;
        return $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net{Environment.Version.Major}.0</TargetFramework>
                <OutputType>Library</OutputType>
                <Nullable>enable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
                <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
                <EnableDefaultContentItems>false</EnableDefaultContentItems>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="MySqlConnector" Version="{mySqlConnectorVersion.Major}.{mySqlConnectorVersion.Minor}.{mySqlConnectorVersion.Build}" />
                <Analyzer Include="{analyzerPath}" />
              </ItemGroup>
            </Project>
            """;
    }
}
