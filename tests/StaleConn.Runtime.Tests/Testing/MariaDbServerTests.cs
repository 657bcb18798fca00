using System.Diagnostics;
using MySqlConnector;
using StaleConn.Testing.MariaDb;

namespace StaleConn.Runtime.Tests.Testing;

public sealed class MariaDbServerTests
{
    [Fact]
    public async Task Server_accepts_root_on_its_port_survives_a_restart_and_leaves_nothing_behind()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var server = await MariaDbServer.StartAsync(timeout.Token);
        string dataDirectory;
        await using (server)
        {
            Assert.True(server.IsRunning);
            Assert.Contains($"Port={server.Port}", server.ConnectionString);
            dataDirectory = Path.GetDirectoryName(server.ErrorLogPath)!;

            await using (var connection = new MySqlConnection(server.ConnectionString))
            {
                await connection.OpenAsync(timeout.Token);
                await using var create = new MySqlCommand("CREATE TABLE kept (id INT PRIMARY KEY); INSERT INTO kept VALUES (42);", connection);
                await create.ExecuteNonQueryAsync(timeout.Token);
            }

            await server.StopAsync();
            Assert.False(server.IsRunning);
            MySqlConnection.ClearAllPools();
            await using (var refused = new MySqlConnection(server.ConnectionString + ";Connect Timeout=2"))
            {
                await Assert.ThrowsAsync<MySqlException>(() => refused.OpenAsync(timeout.Token));
            }

            await server.StartAgainAsync(timeout.Token);
            await using (var connection = new MySqlConnection(server.ConnectionString))
            {
                await connection.OpenAsync(timeout.Token);
                await using var read = new MySqlCommand("SELECT id FROM kept", connection);
                Assert.Equal(42, Convert.ToInt32(await read.ExecuteScalarAsync(timeout.Token)));
            }
        }

        Assert.False(Directory.Exists(dataDirectory));
        var port = server.Port;
        using var probe = new System.Net.Sockets.TcpClient();
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => probe.ConnectAsync("127.0.0.1", port, timeout.Token).AsTask());
    }
}
