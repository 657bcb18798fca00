using MySql.Data.MySqlClient;
using StaleConn.Testing.MariaDb;

namespace StaleConn.Runtime.Tests.Integration;

/// <summary>The core scenarios with Oracle's Connector/NET (MySql.Data).</summary>
public sealed class MySqlDataScenarioTests : GuardScenarios<MySqlConnection>
{
    public MySqlDataScenarioTests(MariaDbServerFixture fixture)
        : base(fixture)
    {
    }

    protected override string ProviderSettings => ";Connect Timeout=10;SslMode=Disabled";

    // Connector/NET cancels a timed-out command through a second connection that a black hole never answers: the guard
    // stops waiting after its grace (2 s past the command timeout).
    protected override TimeSpan CancellationAllowance => TimeSpan.FromSeconds(2);

    protected override MySqlConnection CreateConnection(string connectionString) => new(connectionString);
}
