using System.Runtime.InteropServices;

namespace StaleConn.Runtime.Tests.Unit;

public sealed class IdleClockTests
{
    [Fact]
    public void The_system_clock_is_the_platforms_suspend_aware_clock_in_nanoseconds_and_it_advances()
    {
        var clock = IdleClock.For(TimeProvider.System);
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
        {
            // Not the Stopwatch fallback: clock_gettime was found and answered.
            Assert.Equal(1_000_000_000, clock.Frequency);
        }

        var first = clock.Now();
        Thread.Sleep(20);
        var elapsed = clock.ToTimeSpan(clock.Now() - first);
        Assert.InRange(elapsed, TimeSpan.FromMilliseconds(15), TimeSpan.FromSeconds(30));
    }
}
