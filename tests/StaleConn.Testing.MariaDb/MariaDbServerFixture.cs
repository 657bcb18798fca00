using System.Threading.Tasks;
using Xunit;

namespace StaleConn.Testing.MariaDb;

/// <summary>
/// Shares one throwaway server among the tests of a class (<c>IClassFixture&lt;MariaDbServerFixture&gt;</c>) or of a
/// collection (declare <c>[CollectionDefinition("…")] class X : ICollectionFixture&lt;MariaDbServerFixture&gt;</c> in
/// the test assembly, as xunit requires). Tests that kill sessions, restart the server or change globals should start
/// a <see cref="MariaDbServer"/> of their own instead.
/// </summary>
public class MariaDbServerFixture : IAsyncLifetime
{
    private MariaDbServer? _server;

    /// <summary>The running server (started before the first test of the class).</summary>
    public MariaDbServer Server => _server ?? throw new System.InvalidOperationException("The fixture has not been initialized by xunit.");

    /// <summary>Shortcut for <c>Server.ConnectionString</c>.</summary>
    public string ConnectionString => Server.ConnectionString;

    /// <summary>Extra <c>mariadbd</c> arguments; override in a derived fixture (for example <c>--wait-timeout=2</c>).</summary>
    protected virtual string[] ServerArguments => System.Array.Empty<string>();

    /// <inheritdoc />
    public async Task InitializeAsync() => _server = await MariaDbServer.StartAsync(ServerArguments).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
