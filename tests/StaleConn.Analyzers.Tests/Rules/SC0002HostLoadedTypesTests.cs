using Verify = StaleConn.Analyzers.Tests.Infrastructure.AnalyzerVerifier<StaleConn.Analyzers.Rules.LongLivedServiceConnectionAnalyzer>;

namespace StaleConn.Analyzers.Tests.Rules;

/// <summary>
/// SC0002 for types a host keeps loaded (game-server plugins, [AddIn] classes) and for collections of connections a
/// long-lived type fills. The real shapes are in FieldTests/HostKeptOwnersRealRepositoryTests.
/// </summary>
public class SC0002HostLoadedTypesTests
{
    private const string PluginBase = """
        namespace Rocket.Core.Plugins
        {
            public abstract class RocketPlugin<TConfiguration>
            {
                protected virtual void Load() { }
            }
        }
        """;

    [Fact]
    public Task Rocket_plugin_field_is_reported_with_the_plugin_reason() => Verify.VerifyAsync(
        """
        using MySqlConnector;

        public class Config { }

        public class VaultPlugin : Rocket.Core.Plugins.RocketPlugin<Config>
        {
            private MySqlConnection {|#0:_connection|};

            protected override void Load()
            {
                _connection = new MySqlConnection("Server=db");
                _connection.Open();
            }
        }
        """ + PluginBase,
        Verify.Diagnostic().WithLocation(0).WithArguments(
            "Field", "_connection", "MySqlConnection", "VaultPlugin", "is a plugin (the server loads it once and keeps it while it runs)"));

    [Fact]
    public Task Add_in_dictionary_of_connections_is_reported() => Verify.VerifyAsync(
        """
        using System;
        using System.Collections.Generic;
        using MySqlConnector;

        public sealed class AddInAttribute : Attribute
        {
            public AddInAttribute(string name) { }
        }

        [AddIn("mysql")]
        public class MySqlAddIn
        {
            private readonly Dictionary<int, MySqlConnection> {|#0:_connections|} = new();

            public int Open(string connectionString)
            {
                var connection = new MySqlConnection(connectionString);
                connection.Open();
                _connections[_connections.Count + 1] = connection;
                return _connections.Count;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments(
            "Field", "_connections", "Dictionary<int, MySqlConnection>", "MySqlAddIn",
            "is an add-in marked [AddIn] (the extension host loads it once and keeps it for the life of the game server)"));

    [Fact]
    public Task Hosted_service_list_of_connections_filled_with_add_is_reported() => Verify.VerifyAsync(
        """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public class ShardWorker : BackgroundService
        {
            private readonly List<MySqlConnection> {|#0:_shards|} = new();

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                foreach (var cs in new[] { "Server=a", "Server=b" })
                {
                    var connection = new MySqlConnection(cs);
                    await connection.OpenAsync(stoppingToken);
                    this._shards.Add(connection);
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments(
            "Field", "_shards", "List<MySqlConnection>", "ShardWorker", "derives from BackgroundService (a hosted service lives as long as the host)"));

    [Fact]
    public Task Collection_that_nothing_fills_is_silent() => Verify.VerifyAsync(
        """
        using System;
        using System.Collections.Generic;
        using MySqlConnector;

        public sealed class AddInAttribute : Attribute
        {
            public AddInAttribute(string name) { }
        }

        [AddIn("mysql")]
        public class MySqlAddIn
        {
            private readonly Dictionary<int, MySqlConnection> _connections = new();
            private readonly Dictionary<int, string> _connectionStrings = new();

            public int Count => _connections.Count;

            public int Register(string connectionString)
            {
                _connectionStrings.Add(_connectionStrings.Count + 1, connectionString);
                return _connectionStrings.Count;
            }

            public object Exec(int id, string sql)
            {
                using var connection = new MySqlConnection(_connectionStrings[id]);
                connection.Open();
                using var command = new MySqlCommand(sql, connection);
                return command.ExecuteScalar();
            }
        }
        """);

    [Fact]
    public Task Collection_of_connections_in_a_plain_class_is_not_SC0002s() => Verify.VerifyAsync(
        """
        using System.Collections.Generic;
        using MySqlConnector;

        public class ConnectionCache
        {
            private readonly Dictionary<string, MySqlConnection> _byName = new();

            public void Add(string name, MySqlConnection connection) => _byName.Add(name, connection);
        }
        """);

    [Fact]
    public Task Class_with_an_add_in_named_attribute_of_another_shape_still_needs_the_name() => Verify.VerifyAsync(
        """
        using System;
        using MySqlConnector;

        public sealed class AddInfoAttribute : Attribute { }

        [AddInfo]
        public class Report
        {
            private MySqlConnection _connection = new MySqlConnection("Server=db");
        }
        """);
}
