using StaleConn.Benchmarks.FirstFixRate;

namespace StaleConn.Benchmarks.Tests;

/// <summary>The first-fix judge's per-finding limit: processor time, with a far wall limit for a judgement that hangs.</summary>
public sealed class ProcessorTimeBudgetTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(300);

    // Stop 36: a finding with 163 s of work took 18 min of wall time at load 100+ and was reported as "ran past 300 s".
    [Fact]
    public void A_judgement_that_queues_for_a_core_is_not_cut_while_its_work_is_under_the_budget()
    {
        var processor = TimeSpan.FromSeconds(10);
        var wall = TimeSpan.Zero;
        using var budget = new ProcessorTimeBudget(Budget, () => processor, () => wall);

        processor = TimeSpan.FromSeconds(10 + 163);
        wall = TimeSpan.FromMinutes(18);
        budget.Check();

        Assert.False(budget.Token.IsCancellationRequested);
    }

    [Fact]
    public void A_judgement_is_cut_once_its_processor_time_passes_the_budget_and_says_both_clocks()
    {
        var processor = TimeSpan.FromSeconds(10);
        var wall = TimeSpan.Zero;
        using var budget = new ProcessorTimeBudget(Budget, () => processor, () => wall);

        processor = TimeSpan.FromSeconds(10 + 301);
        wall = TimeSpan.FromSeconds(1_200);
        budget.Check();

        Assert.True(budget.Token.IsCancellationRequested);
        Assert.Equal("ran past 300 s of processor time (1200 s of wall time)", budget.Describe());
    }

    [Fact]
    public void A_judgement_that_waits_on_nothing_is_cut_at_the_wall_limit()
    {
        var wall = TimeSpan.Zero;
        using var budget = new ProcessorTimeBudget(Budget, () => TimeSpan.FromSeconds(5), () => wall);

        wall = Budget * ProcessorTimeBudget.WallLimitFactor;
        budget.Check();

        Assert.True(budget.Token.IsCancellationRequested);
        Assert.True(budget.WallLimitReached);
        Assert.Equal("ran past 6000 s of wall time (0 s of processor time)", budget.Describe());
    }
}
