using System.Diagnostics;
using Microsoft.Extensions.Logging;
using MySqlConnector;
using StaleConn.Testing.MariaDb;

namespace StaleConn.Runtime.Tests.Integration;

/// <summary>
/// The shortcut of the guard's probe on MySqlConnector: a session whose socket has reached end of stream (the server
/// closed it) is dead without a round trip; anything else — a live session, even one with bytes waiting — is asked.
/// </summary>
public sealed class MySqlConnectorSocketCheckTests : IClassFixture<MariaDbServerFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly ProviderTraits<MySqlConnection> Traits = ProviderTraits<MySqlConnection>.Of(typeof(MySqlConnection));
    private readonly MariaDbServer _server;

    public MySqlConnectorSocketCheckTests(MariaDbServerFixture fixture) => _server = fixture.Server;

    private string ConnectionString => _server.ConnectionString + ";Pooling=false;SslMode=None";

    [Fact]
    public void The_guard_sees_the_socket_of_the_MySqlConnector_version_it_is_tested_with()
    {
        // Private members of MySqlConnector: a version that renames them only loses the shortcut (the guard pings), but
        // that should be a decision, not a surprise — this fails first.
        Assert.True(Traits.SeesSocket, $"MySqlConnector {typeof(MySqlConnection).Assembly.GetName().Version}: m_session.m_socket not found");
        Assert.False(ProviderTraits<System.Data.Common.DbConnection>.Of(typeof(Microsoft.Data.Sqlite.SqliteConnection)).SeesSocket);
        Assert.False(ProviderTraits<MySqlConnection>.Of(typeof(MySqlConnection), seeSocket: false).SeesSocket);
    }

    [Fact]
    public async Task The_guard_sees_the_socket_of_the_MySql_Data_version_it_is_tested_with_and_a_kill_shows_there()
    {
        // Connector/NET's private fields (driver.handler.stream.socket, 26.10.0): a version that renames them only loses
        // the closed-socket check; this fails first.
        var traits = ProviderTraits<MySql.Data.MySqlClient.MySqlConnection>.Of(typeof(MySql.Data.MySqlClient.MySqlConnection));
        Assert.True(traits.SeesSocket);
        await using var connection = new MySql.Data.MySqlClient.MySqlConnection(_server.ConnectionString + ";Pooling=false;SslMode=Disabled");
        Assert.Equal(SocketState.NotSeen, traits.StateOfSocket(connection));
        await connection.OpenAsync();
        Assert.NotNull(traits.SocketOf(connection));
        Assert.Equal(SocketState.Quiet, traits.StateOfSocket(connection));
        var id = Sql.Scalar(connection, "SELECT CONNECTION_ID()");
        await using (var admin = new MySqlConnection(ConnectionString))
        {
            await admin.OpenAsync();
            await Sql.ExecuteAsync(admin, $"KILL {id}");
        }

        var watch = Stopwatch.StartNew();
        while (traits.StateOfSocket(connection) != SocketState.Closed)
        {
            Assert.True(watch.Elapsed < Bound, $"session {id}'s socket did not show the server's close within {Bound}: {traits.StateOfSocket(connection)}");
            await Task.Delay(5);
        }
    }

    [Fact]
    public async Task A_live_session_is_not_called_closed_even_with_an_answer_waiting_in_its_socket()
    {
        await using var connection = new MySqlConnection(ConnectionString);
        Assert.False(Traits.PeerHasClosed(connection)); // not open: no socket, not known
        await connection.OpenAsync();
        Assert.Equal(1, await Sql.ScalarAsync(connection, "SELECT 1"));
        Assert.False(Traits.PeerHasClosed(connection));

        // A COM_PING written behind the provider's back: the server's OK packet then waits unread in the socket, the
        // state a readable-socket check alone would mistake for a closed one.
        var socket = Traits.SocketOf(connection);
        Assert.NotNull(socket);
        socket.Send(new byte[] { 1, 0, 0, 0, 0x0e });
        var watch = Stopwatch.StartNew();
        while (socket.Available == 0)
        {
            Assert.True(watch.Elapsed < Bound, "the server did not answer the raw ping");
            await Task.Delay(5);
        }

        Assert.True(socket.Poll(0, System.Net.Sockets.SelectMode.SelectRead));
        Assert.False(Traits.PeerHasClosed(connection));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_killed_session_is_called_closed_and_a_ping_agrees(bool async)
    {
        await using var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync();
        await KillAndWaitForTheSocketToCloseAsync(connection);

        // Asked the long way, the server does not answer either: both verdicts are "dead".
        var failure = async
            ? await ConnectionProbe.PingAsync(Traits, connection, TimeSpan.FromSeconds(2), CancellationToken.None)
            : ConnectionProbe.Ping(Traits, connection, TimeSpan.FromSeconds(2), CancellationToken.None);
        Assert.IsType<ConnectionLostException>(failure);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_guard_replaces_a_session_whose_socket_the_server_closed_without_asking_it(bool async)
    {
        var logger = new ProbeFailures();
        var reconnects = new List<ConnectionReconnectedEventArgs>();
        var connectionString = ConnectionString;
        await using var guard = new ConnectionGuard<MySqlConnection>(
            () => new MySqlConnection(connectionString),
            new ConnectionGuardOptions { IdleCheckAfter = TimeSpan.FromMilliseconds(100), PingTimeout = TimeSpan.FromSeconds(2), Logger = logger });
        guard.Reconnected += (_, e) => reconnects.Add(e);

        MySqlConnection first;
        long firstId;
        await using (var lease = await guard.AcquireAsync())
        {
            first = lease.Connection;
            firstId = await Sql.ScalarAsync(first, "SELECT CONNECTION_ID()");
        }

        await KillAndWaitForTheSocketToCloseAsync(first); // reads the socket's state only; the lease has ended
        await Task.Delay(150); // past IdleCheckAfter: the acquire probes

        long secondId;
        MySqlConnection second;
        if (async)
        {
            await using var lease = await guard.AcquireAsync();
            second = lease.Connection;
            secondId = await Sql.ScalarAsync(second, "SELECT CONNECTION_ID()");
        }
        else
        {
            using var lease = guard.Acquire();
            second = lease.Connection;
            secondId = Sql.Scalar(second, "SELECT CONNECTION_ID()");
        }

        Assert.NotEqual(firstId, secondId);
        var reconnect = Assert.Single(reconnects);
        Assert.Equal(ConnectionReplacementReason.ProbeFailed, reconnect.Reason);
        Assert.Equal(firstId, reconnect.PreviousServerConnectionId);

        // The verdict came from the socket (no ping was sent: a ping's failure reads "did not answer a ping").
        var probeFailure = Assert.Single(logger.Failures);
        Assert.IsType<ConnectionLostException>(probeFailure);
        Assert.Contains("end of stream", probeFailure.Message);

        // A replacement reads its wait_timeout at its next acquire, and that read is its probe: a socket the server
        // closed is seen there too, before any query (which would fail inside the provider).
        await KillAndWaitForTheSocketToCloseAsync(second);
        if (async)
        {
            await using var lease = await guard.AcquireAsync();
            Assert.Equal(1, await Sql.ScalarAsync(lease.Connection, "SELECT 1"));
        }
        else
        {
            using var lease = guard.Acquire();
            Assert.Equal(1, Sql.Scalar(lease.Connection, "SELECT 1"));
        }

        Assert.Equal(2, reconnects.Count);
        Assert.Equal(secondId, reconnects[1].PreviousServerConnectionId);
        Assert.Equal(2, logger.Failures.Count);
        Assert.Contains("end of stream", logger.Failures[1].Message);
        Assert.Equal(0, logger.SessionQueryFailures);
    }

    private async Task KillAndWaitForTheSocketToCloseAsync(MySqlConnection connection)
    {
        var id = connection.ServerThread;
        await using (var admin = new MySqlConnection(ConnectionString))
        {
            await admin.OpenAsync();
            await Sql.ExecuteAsync(admin, $"KILL {id}");
        }

        var watch = Stopwatch.StartNew();
        while (!Traits.PeerHasClosed(connection))
        {
            Assert.True(watch.Elapsed < Bound, $"session {id}'s socket did not show the server's close within {Bound}");
            await Task.Delay(5);
        }
    }

    private sealed class ProbeFailures : ILogger
    {
        public List<Exception> Failures { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public int SessionQueryFailures { get; private set; }

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name == "SessionQueryFailed")
            {
                SessionQueryFailures++;
            }

            if (eventId.Name == "ProbeFailed" && exception is not null)
            {
                lock (Failures)
                {
                    Failures.Add(exception);
                }
            }
        }
    }
}
