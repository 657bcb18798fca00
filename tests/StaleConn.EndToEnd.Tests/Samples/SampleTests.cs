using System.Text.RegularExpressions;
using StaleConn.EndToEnd.Tests.Consumer;
using StaleConn.EndToEnd.Tests.Infrastructure;

namespace StaleConn.EndToEnd.Tests.Samples;

/// <summary>The README's first command, and the two samples it points to, against a MariaDB with wait_timeout=1.</summary>
public class SampleTests : IClassFixture<SampleBuilds>, IClassFixture<StaleServerFixture>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);
    private readonly SampleBuilds _builds;
    private readonly StaleServerFixture _server;

    public SampleTests(SampleBuilds builds, StaleServerFixture server)
    {
        _builds = builds;
        _server = server;
    }

    [Theory]
    [InlineData("SC0001", "AuditLog.cs")]
    [InlineData("SC0002", "OrderWorker.cs")]
    [InlineData("SC0003", "Program.cs")]
    [InlineData("SC0004", "ReportPoller.cs")]
    [InlineData("SC0005", "Program.cs")]
    public void Building_LegacyWorker_prints_each_rule_as_a_warning(string rule, string file)
    {
        Assert.True(_builds.Legacy.Succeeded, _builds.Legacy.Describe());
        Assert.Matches($@"LegacyWorker/{Regex.Escape(file)}\(\d+,\d+\): warning {rule}: .*https://", _builds.Legacy.Output);
    }

    [Fact]
    public void FixedWorker_builds_with_no_StaleConn_diagnostic()
    {
        Assert.True(_builds.Fixed.Succeeded, _builds.Fixed.Describe());
        Assert.DoesNotMatch(@"(warning|error) SC\d{4}", _builds.Fixed.Output);
    }

    [Fact]
    public async Task LegacyWorker_fails_on_the_order_after_an_idle_pause()
    {
        Assert.True(_builds.Legacy.Succeeded, _builds.Legacy.Describe());
        var run = await RunAsync(_builds.LegacyDll, "--idle-seconds", "3");

        Assert.Contains("processed order-1 ", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("processed order-2 ", run.Output, StringComparison.Ordinal);
        Assert.Contains("order worker failed: ", run.Output, StringComparison.Ordinal);
        Assert.Matches(ConsumerProjectTests.StaleConnectionError, run.Output);
        Assert.NotEqual(0, run.ExitCode);
    }

    [Fact]
    public async Task FixedWorker_processes_the_order_after_an_idle_pause()
    {
        Assert.True(_builds.Fixed.Succeeded, _builds.Fixed.Describe());
        var run = await RunAsync(_builds.FixedDll, "--idle-seconds", "3");

        Assert.True(run.Succeeded, run.Describe());
        Assert.Contains("processed order-1 ", run.Output, StringComparison.Ordinal);
        Assert.Contains("processed order-2 ", run.Output, StringComparison.Ordinal);
        Assert.DoesNotMatch(ConsumerProjectTests.StaleConnectionError, run.Output);
    }

    [Fact]
    public async Task FixedWorker_report_loop_survives_an_idle_pause()
    {
        Assert.True(_builds.Fixed.Succeeded, _builds.Fixed.Describe());
        var run = await RunAsync(_builds.FixedDll, "--report", "--orders", "2", "--idle-seconds", "2");

        Assert.True(run.Succeeded, run.Describe());
        Assert.Contains("report 2: ", run.Output, StringComparison.Ordinal);
    }

    private Task<ProcessResult> RunAsync(string dll, params string[] arguments) =>
        DotNetCli.RunAsync(Path.GetDirectoryName(dll)!, RunTimeout,
            new Dictionary<string, string?> { ["ORDERS_DB"] = _server.ConnectionString },
            new[] { dll }.Concat(arguments).ToArray());
}
