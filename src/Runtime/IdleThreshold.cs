using System;

namespace StaleConn;

/// <summary>
/// The effective idle threshold: min(<see cref="ConnectionGuardOptions.IdleCheckAfter"/>, server limit − margin). The
/// margin (a tenth of the limit, at least 1 s, at most 60 s) covers the time between the server's last packet and the
/// lease's end, and clocks that do not tick alike.
/// </summary>
internal static class IdleThreshold
{
    public static long Ticks(long idleCheckAfterTicks, long serverIdleLimitTicks, long frequency)
    {
        if (serverIdleLimitTicks == long.MaxValue)
        {
            return idleCheckAfterTicks;
        }

        var margin = Math.Min(Math.Max(serverIdleLimitTicks / 10, frequency), 60 * frequency);
        return Math.Min(idleCheckAfterTicks, Math.Max(0, serverIdleLimitTicks - margin));
    }
}
