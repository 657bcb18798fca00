using StaleConn.Testing.MariaDb;

namespace StaleConn.EndToEnd.Tests.Consumer;

/// <summary>A throwaway MariaDB whose sessions are closed by the server after 1 second idle.</summary>
public sealed class StaleServerFixture : MariaDbServerFixture
{
    public StaleServerFixture() => Infrastructure.PrivateTempDirectory.EnsureForChildProcesses();

    protected override string[] ServerArguments => new[] { "--wait-timeout=1" };
}
