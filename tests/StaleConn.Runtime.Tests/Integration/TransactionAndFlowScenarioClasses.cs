using Npgsql;
using StaleConn.Testing.MariaDb;
using StaleConn.Testing.PostgreSql;

namespace StaleConn.Runtime.Tests.Integration;

/// <summary><see cref="TransactionAndFlowScenarios{TConnection}"/> with MySqlConnector against MariaDB.</summary>
public sealed class MySqlConnectorTransactionAndFlowTests : TransactionAndFlowScenarios<MySqlConnector.MySqlConnection>, IClassFixture<MariaDbServerFixture>
{
    private readonly MariaDbServer _server;

    public MySqlConnectorTransactionAndFlowTests(MariaDbServerFixture fixture) => _server = fixture.Server;

    protected override string ConnectionString => _server.ConnectionString + ";Connect Timeout=10;SslMode=None";

    protected override string SessionIdSql => "SELECT CONNECTION_ID()";

    protected override bool GuardSeesSocket => true;

    protected override string AutoEnlistOff => ";AutoEnlist=false";

    // SslMode left at Preferred: TLS is not ruled out, so a sync open runs on a guard thread.
    protected override string GuardThreadConnectionString => _server.ConnectionString + ";Connect Timeout=10";

    protected override MySqlConnector.MySqlConnection CreateConnection(string connectionString) => new(connectionString);

    protected override string CreateTableSql(string table) => $"CREATE TABLE {table} (v VARCHAR(20) NOT NULL) ENGINE=InnoDB";

    protected override Task KillSessionAsync(long sessionId) => MariaDbAdmin.KillAsync(_server, sessionId);
}

/// <summary><see cref="TransactionAndFlowScenarios{TConnection}"/> with Oracle's Connector/NET (MySql.Data) against MariaDB.</summary>
public sealed class MySqlDataTransactionAndFlowTests : TransactionAndFlowScenarios<MySql.Data.MySqlClient.MySqlConnection>, IClassFixture<MariaDbServerFixture>
{
    private readonly MariaDbServer _server;

    public MySqlDataTransactionAndFlowTests(MariaDbServerFixture fixture) => _server = fixture.Server;

    protected override string ConnectionString => _server.ConnectionString + ";Connect Timeout=10;SslMode=Disabled";

    protected override string SessionIdSql => "SELECT CONNECTION_ID()";

    protected override bool GuardSeesSocket => true;

    protected override string AutoEnlistOff => ";AutoEnlist=false";

    protected override MySql.Data.MySqlClient.MySqlConnection CreateConnection(string connectionString) => new(connectionString);

    protected override string CreateTableSql(string table) => $"CREATE TABLE {table} (v VARCHAR(20) NOT NULL) ENGINE=InnoDB";

    protected override Task KillSessionAsync(long sessionId) => MariaDbAdmin.KillAsync(_server, sessionId);
}

/// <summary><see cref="TransactionAndFlowScenarios{TConnection}"/> with Npgsql against PostgreSQL.</summary>
public sealed class NpgsqlTransactionAndFlowTests : TransactionAndFlowScenarios<NpgsqlConnection>, IClassFixture<PostgreSqlServerFixture>
{
    private readonly PostgreSqlServer _server;

    public NpgsqlTransactionAndFlowTests(PostgreSqlServerFixture fixture) => _server = fixture.Server;

    protected override string ConnectionString => _server.ConnectionString + ";Timeout=10";

    protected override string SessionIdSql => "SELECT pg_backend_pid()";

    protected override bool GuardSeesSocket => true;

    protected override string AutoEnlistOff => ";Enlist=false";

    protected override NpgsqlConnection CreateConnection(string connectionString) => new(connectionString);

    protected override string CreateTableSql(string table) => $"CREATE TABLE {table} (v TEXT NOT NULL)";

    protected override Task KillSessionAsync(long sessionId) => PostgreSqlAdmin.TerminateAsync(_server, sessionId);
}

/// <summary>Ends sessions from an administrator's connection.</summary>
internal static class MariaDbAdmin
{
    public static async Task KillAsync(MariaDbServer server, long sessionId)
    {
        await using var admin = new MySqlConnector.MySqlConnection(server.ConnectionString + ";Pooling=false");
        await admin.OpenAsync();
        await Sql.ExecuteAsync(admin, $"KILL {sessionId}");
    }
}

/// <summary>Ends sessions from an administrator's connection (<c>pg_terminate_backend</c>: what a failover or an operator does).</summary>
internal static class PostgreSqlAdmin
{
    public static async Task TerminateAsync(PostgreSqlServer server, long processId)
    {
        await using var admin = new NpgsqlConnection(server.ConnectionString + ";Pooling=false");
        await admin.OpenAsync();
        await Sql.ExecuteAsync(admin, $"SELECT pg_terminate_backend({processId})");
    }
}
