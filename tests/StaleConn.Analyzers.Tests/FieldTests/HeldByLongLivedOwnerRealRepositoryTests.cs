using Verify = StaleConn.Analyzers.Tests.FieldTests.AllRulesVerifier;

namespace StaleConn.Analyzers.Tests.FieldTests;

/// <summary>
/// SC0007 on shapes taken whole from ONE public repository each: the owner, the holder and every creation site of the
/// holder come from the same repository, trimmed to what compiles against the test references (framework types the
/// references lack are stubbed at the end of the snippet). Every rule runs, as in a user's build, so each snippet also
/// carries the other rules' diagnostics it really produces. Negative snippets are the same kind of whole-repository
/// shape, where the holder is also created per use or per scope, or its owner does not live long.
/// </summary>
public class HeldByLongLivedOwnerRealRepositoryTests
{
    private const string RocketModStubs = """

        namespace Rocket.API
        {
            public interface IRocketPluginConfiguration { void LoadDefaults(); }
        }

        namespace Rocket.Core.Plugins
        {
            public class RocketPlugin<TConfiguration> where TConfiguration : class, Rocket.API.IRocketPluginConfiguration
            {
                public Rocket.API.IAsset<TConfiguration> Configuration { get; } = null!;
                protected virtual void Load() { }
                protected virtual void Unload() { }
            }
        }

        namespace Rocket.API
        {
            public interface IAsset<T> { T Instance { get; } }
        }
        """;

    [Fact]
    public Task RocketMod_plugin_keeping_its_database_in_an_instance_field_is_reported() => Verify.VerifyAsync(
        """
        // Real: mrtwidget/Livemaps, Livemap.cs and Database.cs (the plugin creates its Database in Load when MySQL is
        // enabled and keeps it in field 'DB'; Database opens its connection in the constructor and keeps it until CleanUp).
        using MySql.Data.MySqlClient;
        using Rocket.API;
        using Rocket.Core.Plugins;

        namespace NEXIS.Livemap
        {
            public class LivemapConfiguration : IRocketPluginConfiguration
            {
                public bool MySQLEnabled;
                public string DatabaseHost;
                public string DatabaseName;
                public int DatabasePort;

                public void LoadDefaults()
                {
                    MySQLEnabled = true;
                    DatabaseHost = "localhost";
                    DatabaseName = "unturned";
                    DatabasePort = 3306;
                }
            }

            public class Database
            {
                public MySqlConnection {|SC0007:MySQLConnection|} = null;

                public Database()
                {
                    MySQLConnection = CreateConnection();
                    MySQLConnection.Open();
                }

                private MySqlConnection CreateConnection()
                {
                    var configuration = Livemap.Instance.Configuration.Instance;
                    MySQLConnection = new MySqlConnection($"SERVER={configuration.DatabaseHost};DATABASE={configuration.DatabaseName};PORT={configuration.DatabasePort};");
                    return MySQLConnection;
                }

                public void UpdateServerData()
                {
                    MySqlCommand MySQLCommand = MySQLConnection.CreateCommand();
                    MySQLCommand.CommandText = "SELECT * FROM livemap_server";
                    MySQLCommand.ExecuteScalar();
                }

                public void CleanUp() => MySQLConnection.Close();
            }

            public class Livemap : RocketPlugin<LivemapConfiguration>
            {
                public static Livemap Instance;

                public Database DB;

                protected override void Load()
                {
                    Instance = this;

                    if (Configuration.Instance.MySQLEnabled)
                        DB = new Database();
                }

                public void FixedUpdate()
                {
                    if (Configuration.Instance.MySQLEnabled)
                        DB.UpdateServerData();
                }
            }
        }
        """ + RocketModStubs);
}
