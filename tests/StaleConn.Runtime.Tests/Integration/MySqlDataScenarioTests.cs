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

    protected override string ProviderSettings => ";Connect Timeout=2;SslMode=Disabled";

    protected override MySqlConnection CreateConnection(string connectionString) => new(connectionString);
}
