using System;

namespace FixedWorker;

/// <summary>Command line and environment: ORDERS_DB, --orders N, --idle-seconds S, --report.</summary>
public sealed record WorkerSettings(string ConnectionString, int Rounds, TimeSpan Idle, bool ReportMode)
{
    public static WorkerSettings Read(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("ORDERS_DB")
            ?? "Server=127.0.0.1;User ID=root;Password=;Database=staleconn";
        var rounds = 2;
        var idle = TimeSpan.FromSeconds(3);
        var report = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--orders" when i + 1 < args.Length:
                    rounds = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--idle-seconds" when i + 1 < args.Length:
                    idle = TimeSpan.FromSeconds(double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case "--report":
                    report = true;
                    break;
            }
        }

        return new WorkerSettings(connectionString, rounds, idle, report);
    }
}
