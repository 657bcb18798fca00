using StaleConn.Analyzers.Internal;

namespace StaleConn.Analyzers.Tests.Internal;

/// <summary>SC0007's per-holder verdict: computed once, and not kept when its computation was cancelled.</summary>
public class ComputedOnceTests
{
    [Fact]
    public void A_cancelled_computation_leaves_the_value_for_the_next_caller_to_compute()
    {
        var once = new ComputedOnce<string>();

        Assert.Throws<OperationCanceledException>(() => once.Get(0, static _ => throw new OperationCanceledException()));

        Assert.Equal("walked", once.Get(0, static _ => "walked"));
        Assert.Equal("walked", once.Get(0, static _ => "walked again"));
    }
}
