using Npgsql;
using StaleConn.Testing.PostgreSql;

namespace StaleConn.Runtime.Tests.Testing;

/// <summary>The throwaway PostgreSQL launcher: starts on a loopback port, takes settings, restarts on the same port, cleans up.</summary>
public sealed class PostgreSqlServerTests
{
    [Fact]
    public async Task A_server_starts_with_its_settings_restarts_on_the_same_port_and_is_gone_after_dispose()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var server = await PostgreSqlServer.StartAsync(new[] { "idle_session_timeout=5000" }, deadline.Token);
        string dataDirectory;
        await using (server)
        {
            dataDirectory = Path.GetDirectoryName(Path.GetDirectoryName(server.LogPath))!;
            await using (var connection = new NpgsqlConnection(server.ConnectionString))
            {
                await connection.OpenAsync(deadline.Token);
                await using var command = new NpgsqlCommand("SELECT setting FROM pg_settings WHERE name = 'idle_session_timeout'", connection);
                Assert.Equal("5000", await command.ExecuteScalarAsync(deadline.Token));
            }

            var port = server.Port;
            await server.StopAsync();
            Assert.False(server.IsRunning);
            await server.StartAgainAsync(deadline.Token);
            Assert.Equal(port, server.Port);
            await using (var connection = new NpgsqlConnection(server.ConnectionString + ";Pooling=false"))
            {
                await connection.OpenAsync(deadline.Token);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                Assert.Equal(1, await command.ExecuteScalarAsync(deadline.Token));
            }
        }

        Assert.False(Directory.Exists(dataDirectory));
    }
}
