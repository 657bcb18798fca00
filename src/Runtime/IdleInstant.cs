using System;
using System.Globalization;

namespace StaleConn;

/// <summary>
/// One reading of the <see cref="IdleClock"/>: a steady clock (never set; on Linux it stops while the host is
/// suspended) and a wall clock (counts suspension; can be set). Where one clock does both jobs, both fields hold its
/// reading. Compare readings through <see cref="IdleClock.Elapsed"/> and <see cref="IdleClock.DeadlineAfter"/>.
/// </summary>
internal readonly struct IdleInstant
{
    public IdleInstant(long steady, long wall)
    {
        Steady = steady;
        Wall = wall;
    }

    /// <summary>A deadline every reading has reached.</summary>
    public static IdleInstant Past => new(long.MinValue, long.MinValue);

    /// <summary>A deadline no reading reaches.</summary>
    public static IdleInstant Never => new(long.MaxValue, long.MaxValue);

    public long Steady { get; }

    public long Wall { get; }

    /// <summary>Whether this reading is at or past <paramref name="deadline"/> on either clock.</summary>
    public bool HasReached(IdleInstant deadline) => Steady >= deadline.Steady || Wall >= deadline.Wall;

    /// <summary>The earlier of two deadlines: reached when either is.</summary>
    public static IdleInstant Earlier(IdleInstant a, IdleInstant b) => new(Math.Min(a.Steady, b.Steady), Math.Min(a.Wall, b.Wall));

    /// <summary>The later of two readings on each clock separately.</summary>
    public static IdleInstant Later(IdleInstant a, IdleInstant b) => new(Math.Max(a.Steady, b.Steady), Math.Max(a.Wall, b.Wall));

    public override string ToString() => Steady == Wall
        ? Steady.ToString(CultureInfo.InvariantCulture)
        : "steady " + Steady.ToString(CultureInfo.InvariantCulture) + ", wall " + Wall.ToString(CultureInfo.InvariantCulture);
}
