namespace StaleConn.Runtime.Tests.Unit;

public sealed class IdleThresholdTests
{
    private const long Second = 1000;

    [Theory]
    [InlineData(30, 28800, 30)] // the default threshold wins against MySQL's default wait_timeout
    [InlineData(30, 20, 18)] // limit − 10 %
    [InlineData(30, 2, 1)] // limit − at least 1 s
    [InlineData(30, 1, 0)] // every idle acquire probes
    [InlineData(3600, 7200, 3600)]
    [InlineData(9000, 10000, 9000)]
    [InlineData(99999, 10000, 9940)] // margin at most 60 s
    public void The_effective_threshold_is_the_smaller_of_the_option_and_the_server_limit_minus_a_margin(long optionSeconds, long limitSeconds, long expectedSeconds) =>
        Assert.Equal(expectedSeconds * Second, IdleThreshold.Ticks(optionSeconds * Second, limitSeconds * Second, Second));

    [Fact]
    public void An_unknown_server_limit_leaves_the_option_alone() =>
        Assert.Equal(30 * Second, IdleThreshold.Ticks(30 * Second, long.MaxValue, Second));

    [Fact]
    public void The_pool_is_turned_off_in_the_connection_string_keeping_everything_else()
    {
        var rewritten = ProviderFacts.WithoutPooling("Server=db;Password=p;Pooling=true");
        Assert.NotNull(rewritten);
        Assert.Contains("password=p", rewritten, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("pooling=false", rewritten, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("pooling=true", rewritten, StringComparison.OrdinalIgnoreCase);
        Assert.Null(ProviderFacts.WithoutPooling("Server=db;Pooling=False"));
        Assert.Null(ProviderFacts.WithoutPooling(""));
    }

    [Theory]
    [InlineData("Server=db;Pooling=False", true)]
    [InlineData("Server=db;pooling=false", true)]
    [InlineData("Server=db;Pooling=true", false)]
    [InlineData("Server=db", false)] // the providers' default is a pool
    [InlineData("", false)]
    public void Whether_a_connection_string_turns_the_pool_off(string connectionString, bool saysNoPooling) =>
        Assert.Equal(saysNoPooling, ProviderFacts.SaysNoPooling(connectionString));

    [Fact]
    public void The_system_clock_counts_forward_and_converts_both_ways()
    {
        var clock = IdleClock.For(TimeProvider.System);
        var a = clock.Now();
        Thread.Sleep(20);
        var elapsed = clock.ToTimeSpan(clock.Elapsed(a, clock.Now()));
        Assert.InRange(elapsed, TimeSpan.FromMilliseconds(15), TimeSpan.FromSeconds(10));
        Assert.Equal(clock.Frequency * 2, clock.ToTicks(TimeSpan.FromSeconds(2)));
    }
}
