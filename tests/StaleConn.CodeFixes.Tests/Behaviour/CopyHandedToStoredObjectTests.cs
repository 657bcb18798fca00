using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Corpus;
using StaleConn.CodeFixes.Tests.Infrastructure;

namespace StaleConn.CodeFixes.Tests.Behaviour;

/// <summary>
/// A local copy of the holder's connection handed to objects the code keeps (<c>NpgsqlConnection connection =
/// DbConnector.GetInstance().Connection; TableTeachers = new TableTeachers(connection);</c>): the objects use the connection
/// long after the unit ends. Before, the per-use fixes turned the copy into <c>using NpgsqlConnection connection =
/// ...OpenConnection();</c>, so every table kept a connection disposed at the end of the constructor and the bot's first
/// command failed; the bench counted it as a working fix. The fixes decline with
/// <see cref="NoFixReason.ConnectionHandedToStoredObject"/>, as they do for the member handed directly.
/// </summary>
/// <remarks>
/// wEEWSA0/IT-ParkTelegramBotShitV2@ba0f67ccc847: IT-ParkTelegramBotShit/DataBase/DbManager.cs (the copy handed to three
/// tables kept in properties) and DataBase/Connection/DbConnector.cs (the singleton that opens the connection).
/// </remarks>
public class CopyHandedToStoredObjectTests
{
    private const string Connector = """
        using Npgsql;

        public class DbConnector
        {
            private const string _connectionString = "Host=db;Username=bot;Password=secret;Database=bot";

            public NpgsqlConnection Connection { private set; get; }

            private DbConnector()
            {
                Connection = new NpgsqlConnection(_connectionString);
                Connection.Open();
            }

            private static DbConnector _dbConnector = null;

            public static DbConnector GetInstance()
            {
                if (_dbConnector == null)
                {
                    _dbConnector = new DbConnector();
                }

                return _dbConnector;
            }
        }
        """;

    private const string Table = """
        using Npgsql;

        public class TableTeachers
        {
            private readonly NpgsqlConnection _connection;

            public TableTeachers(NpgsqlConnection connection) => _connection = connection;

            public long Count() => (long)new NpgsqlCommand("SELECT count(*) FROM teachers", _connection).ExecuteScalar();
        }
        """;

    private static string Manager(string handOver) => $$"""
        using Npgsql;

        public class DbManager
        {
            public TableTeachers TableTeachers { get; private set; }

            public long Teachers { get; private set; }

            public DbManager()
            {
                NpgsqlConnection connection = DbConnector.GetInstance().Connection;

                {{handOver}}
            }
        }
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_copy_handed_to_a_kept_object_declines(bool dataSource)
    {
        var reasons = await ConnectorReasonsAsync(Manager("TableTeachers = new TableTeachers(connection);"), dataSource);

        Assert.Equal(NoFixReason.ConnectionHandedToStoredObject, Assert.Single(reasons));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_copy_handed_to_an_object_used_and_dropped_is_fixed(bool dataSource)
    {
        var reasons = await ConnectorReasonsAsync(Manager("Teachers = new TableTeachers(connection).Count();"), dataSource);

        Assert.Empty(reasons);
    }

    private static async Task<IReadOnlyList<NoFixReason>> ConnectorReasonsAsync(string manager, bool dataSource) =>
        (await ShapeFixRuns.FixEachAsync(
            new HolderShape("copy handed to kept tables", "wEEWSA0/IT-ParkTelegramBotShitV2", new[] { Connector, Table, manager }, LanguageVersion.CSharp12),
            dataSource ? FixMode.DataSource : FixMode.ConnectionFactory,
            which: finding => finding.Location.SourceTree!.ToString().Contains("class DbConnector", StringComparison.Ordinal))).NotFixed;
}
