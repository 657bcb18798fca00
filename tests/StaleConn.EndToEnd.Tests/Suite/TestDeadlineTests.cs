using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using StaleConn.EndToEnd.Tests.Infrastructure;
using StaleConn.Testing.Deadlines;

namespace StaleConn.EndToEnd.Tests.Suite;

/// <summary>
/// The suite's own safety net (tests/Directory.Build.targets): a test that hangs fails at its deadline, with a message,
/// and the run goes on to the tests after it. Run as a user runs a test project, with `dotnet test`.
/// </summary>
public class TestDeadlineTests
{
    [Fact]
    public void Every_test_project_aliases_Fact_and_Theory_to_the_bounded_attributes_and_sets_a_deadline()
    {
        Assert.Equal(typeof(BoundedFactAttribute), typeof(FactAttribute));
        Assert.Equal(typeof(BoundedTheoryAttribute), typeof(TheoryAttribute));
        Assert.Equal(600, typeof(TestDeadlineTests).Assembly.GetCustomAttribute<TestDeadlineAttribute>()?.Seconds);
    }

    [Fact]
    public async Task Tests_that_block_or_wait_for_ever_fail_at_their_deadline_and_the_others_still_run()
    {
        using var scratch = new ScratchDirectory("deadline");
        await File.WriteAllTextAsync(scratch.Combine("Hanging.Tests.csproj"), ProjectFile());
        await File.WriteAllTextAsync(scratch.Combine("HangingTests.cs"), """
            [assembly: StaleConn.Testing.Deadlines.TestDeadline(2)]

            public class HangingTests
            {
                [Fact]
                public void Blocks_for_ever() => Thread.Sleep(Timeout.Infinite);

                [Fact]
                public async Task Blocks_before_its_first_await()
                {
                    Thread.Sleep(Timeout.Infinite);
                    await Task.Yield();
                }

                [Theory]
                [InlineData(1)]
                public Task Waits_for_ever(int _) => Task.Delay(Timeout.Infinite);

                [Fact]
                public void Finishes() => Assert.True(true);
            }
            """);

        var run = await DotNetCli.RunAsync(scratch.Path, TimeSpan.FromMinutes(5), null, "test", "-c", "Release");

        Assert.False(run.Succeeded, run.Describe());
        Assert.True(run.Output.Contains("Failed:     3, Passed:     1", StringComparison.Ordinal), run.Describe());
        foreach (var test in new[] { "HangingTests.Blocks_for_ever", "HangingTests.Blocks_before_its_first_await", "HangingTests.Waits_for_ever(_: 1)" })
        {
            var failure = $@"Failed {Regex.Escape(test)} \[[^\]]+\]\s+Error Message:\s+{Regex.Escape(typeof(TestDeadlineException).FullName!)} : The test was still running after its deadline of 2 s";
            Assert.True(Regex.IsMatch(run.Output, failure), $"no deadline failure for {test}: {run.Describe()}");
        }
    }

    /// <summary>A test project outside the repository, with the repository's xunit versions and the built Deadlines assembly.</summary>
    private static string ProjectFile()
    {
        var versions = XDocument.Load(RepositoryLayout.File("Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(p => (string)p.Attribute("Include")!, p => (string)p.Attribute("Version")!);
        var deadlines = typeof(BoundedFactAttribute).Assembly.Location;
        return $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <IsTestProject>true</IsTestProject>
                <ImplicitUsings>enable</ImplicitUsings>
                <NoWarn>xUnit1026</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="{versions["Microsoft.NET.Test.Sdk"]}" />
                <PackageReference Include="xunit" Version="{versions["xunit"]}" />
                <PackageReference Include="xunit.runner.visualstudio" Version="{versions["xunit.runner.visualstudio"]}" />
                <Reference Include="StaleConn.Testing.Deadlines" HintPath="{deadlines}" />
                <Using Include="Xunit" />
                <Using Include="StaleConn.Testing.Deadlines.BoundedFactAttribute" Alias="FactAttribute" />
                <Using Include="StaleConn.Testing.Deadlines.BoundedTheoryAttribute" Alias="TheoryAttribute" />
              </ItemGroup>
            </Project>
            """;
    }
}
