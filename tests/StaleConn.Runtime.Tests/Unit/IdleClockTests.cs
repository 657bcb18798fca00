using System.Runtime.InteropServices;
using Microsoft.Extensions.Time.Testing;

namespace StaleConn.Runtime.Tests.Unit;

public sealed class IdleClockTests
{
    private const long Resolution = 4; // ticks; a kernel tick of 4 ms read in milliseconds

    private readonly FakeTimeProvider _steady = new();
    private readonly SettableClock _wall = new();

    private IdleClock Pair() => IdleClock.ForPair(_steady, _wall, Resolution);

    private static long Ticks(TimeSpan span) => span.Ticks; // FakeTimeProvider's timestamps are TimeSpan ticks

    [Fact]
    public void The_system_clock_is_the_platforms_suspend_aware_clock_in_nanoseconds_and_it_advances()
    {
        var clock = IdleClock.For(TimeProvider.System);
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
        {
            // Not the Stopwatch fallback: clock_gettime was found and answered.
            Assert.Equal(1_000_000_000, clock.Frequency);
        }

        if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && Environment.Is64BitProcess)
        {
            // The coarse pair, with the kernel's tick as its resolution (HZ 100-1000).
            Assert.InRange(clock.Resolution, 1_000_000, 10_000_000);
        }

        var first = clock.Now();
        Thread.Sleep(20);
        var now = clock.Now();

        // The rounding is checked exactly below, with scripted readings; the kernel only promises a coarse reading
        // within about a tick of the time, so a real one is allowed that much either way.
        var elapsed = clock.ToTimeSpan(clock.Elapsed(first, now));
        Assert.InRange(elapsed, TimeSpan.FromMilliseconds(20) - clock.ToTimeSpan(clock.Resolution), TimeSpan.FromSeconds(30));
        Assert.InRange(clock.ToTimeSpan(now.Wall - first.Wall), TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(30));
        Assert.InRange(clock.ToTimeSpan(now.Steady - first.Steady), TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Idle_time_is_the_longer_span_of_the_two_clocks_plus_the_resolution()
    {
        var clock = Pair();
        var start = clock.Now();

        _steady.Advance(TimeSpan.FromSeconds(10));
        _wall.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(Ticks(TimeSpan.FromSeconds(10)) + Resolution, clock.Elapsed(start, clock.Now()));

        // Suspended for an hour: the steady clock stood still, the wall clock was moved on at resume.
        _wall.Advance(TimeSpan.FromHours(1));
        Assert.Equal(Ticks(TimeSpan.FromSeconds(10) + TimeSpan.FromHours(1)) + Resolution, clock.Elapsed(start, clock.Now()));
        Assert.Equal(Ticks(TimeSpan.FromSeconds(10)), clock.SteadyElapsed(start, clock.Now()));
    }

    [Fact]
    public void A_wall_clock_set_back_does_not_shorten_idle_time_and_one_set_forward_only_lengthens_it()
    {
        var clock = Pair();
        var start = clock.Now();
        _steady.Advance(TimeSpan.FromMinutes(5));
        _wall.Advance(TimeSpan.FromMinutes(5));
        _wall.Advance(-TimeSpan.FromDays(1)); // set back
        Assert.Equal(Ticks(TimeSpan.FromMinutes(5)) + Resolution, clock.Elapsed(start, clock.Now()));

        var again = clock.Now();
        _wall.Advance(TimeSpan.FromHours(2)); // set forward: an early check, never a late one
        Assert.Equal(Ticks(TimeSpan.FromHours(2)) + Resolution, clock.Elapsed(again, clock.Now()));
        Assert.Equal(0, clock.SteadyElapsed(again, clock.Now()));
    }

    [Fact]
    public void The_documented_blind_spot_a_suspension_and_a_wall_clock_set_back_in_one_spell_under_counts_by_the_smaller()
    {
        var clock = Pair();
        var start = clock.Now();
        _steady.Advance(TimeSpan.FromMinutes(1));
        _wall.Advance(TimeSpan.FromMinutes(1));
        _wall.Advance(TimeSpan.FromMinutes(30)); // suspended 30 min
        _wall.Advance(-TimeSpan.FromMinutes(20)); // set back 20 min
        // Truly 31 min; measured 31 - min(30, 20) = 11 min (plus the resolution).
        Assert.Equal(Ticks(TimeSpan.FromMinutes(11)) + Resolution, clock.Elapsed(start, clock.Now()));
    }

    [Fact]
    public void Coarse_readings_never_make_idle_time_shorter_than_the_time_between_them()
    {
        // A coarse clock reads the time at its last tick: floor((t + phase) / resolution) * resolution - phase.
        var random = new Random(6);
        var clock = IdleClock.ForPair(_steady, _wall, Resolution);
        for (var i = 0; i < 100_000; i++)
        {
            var steadyPhase = random.Next((int)Resolution);
            var wallPhase = random.Next((int)Resolution);
            long t1 = random.Next(10, 1_000_000);
            var t2 = t1 + random.Next(40);
            var lease = t1 - random.Next(3); // a published reading taken before the lease ended
            var since = new IdleInstant(Coarse(lease, steadyPhase), Coarse(lease, wallPhase) + 1_000_000_000);
            var now = new IdleInstant(Coarse(t2, steadyPhase), Coarse(t2, wallPhase) + 1_000_000_000);
            Assert.True(clock.Elapsed(since, now) >= t2 - t1, $"t1 {t1}, t2 {t2}, lease {lease}");
        }

        static long Coarse(long t, int phase) => ((t + phase) / Resolution * Resolution) - phase;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(Resolution)]
    [InlineData(30)]
    [InlineData(long.MaxValue - 1)]
    [InlineData(long.MaxValue)]
    public void A_deadline_is_reached_exactly_when_idle_time_reaches_its_span(long span)
    {
        var clock = Pair();
        var since = new IdleInstant(1_000, 5_000_000);
        var deadline = clock.DeadlineAfter(since, span);
        for (var steady = -50; steady <= 50; steady++)
        {
            for (var wall = -50; wall <= 50; wall += 5)
            {
                var now = new IdleInstant(since.Steady + steady, since.Wall + wall);
                Assert.Equal(clock.Elapsed(since, now) >= span, now.HasReached(deadline));
            }
        }
    }

    [Fact]
    public void The_earlier_of_two_deadlines_is_reached_when_either_is()
    {
        var clock = Pair();
        var threshold = clock.DeadlineAfter(new IdleInstant(100, 1_000), 30);
        var lifetime = clock.DeadlineAfter(new IdleInstant(0, 950), 60);
        var either = IdleInstant.Earlier(threshold, lifetime);
        for (var steady = 90; steady <= 160; steady++)
        {
            for (var wall = 940; wall <= 1_060; wall++)
            {
                var now = new IdleInstant(steady, wall);
                Assert.Equal(now.HasReached(threshold) || now.HasReached(lifetime), now.HasReached(either));
            }
        }

        // Deadlines saturate instead of wrapping around.
        Assert.Equal(long.MinValue, clock.DeadlineAfter(new IdleInstant(long.MinValue + 1, 0), 0).Steady);
        Assert.Equal(long.MaxValue, clock.DeadlineAfter(new IdleInstant(0, long.MaxValue - 10), 100).Wall);
        Assert.True(new IdleInstant(0, 0).HasReached(IdleInstant.Past));
        Assert.False(new IdleInstant(long.MaxValue - 1, long.MaxValue - 1).HasReached(IdleInstant.Never));
    }

    /// <summary>A wall clock that can be set back (FakeTimeProvider refuses to go back).</summary>
    private sealed class SettableClock : TimeProvider
    {
        private long _timestamp = TimeSpan.FromDays(20_000).Ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _timestamp;

        public void Advance(TimeSpan by) => _timestamp += by.Ticks;
    }
}
