using System.Threading.Tasks;
using Xunit;

namespace StaleConn.Testing.PostgreSql;

/// <summary>
/// Shares one throwaway PostgreSQL server among the tests of a class (<c>IClassFixture&lt;PostgreSqlServerFixture&gt;</c>).
/// Tests that terminate sessions, restart the server or change settings globally should start a server of their own.
/// </summary>
public class PostgreSqlServerFixture : IAsyncLifetime
{
    private PostgreSqlServer? _server;

    /// <summary>The running server (started before the first test of the class).</summary>
    public PostgreSqlServer Server => _server ?? throw new System.InvalidOperationException("The fixture has not been initialized by xunit.");

    /// <summary>Extra server settings (<c>name=value</c>); override in a derived fixture.</summary>
    protected virtual string[] Settings => System.Array.Empty<string>();

    /// <inheritdoc />
    public async Task InitializeAsync() => _server = await PostgreSqlServer.StartAsync(Settings).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
