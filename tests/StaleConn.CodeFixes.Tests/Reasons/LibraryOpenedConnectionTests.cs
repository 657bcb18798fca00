using Microsoft.CodeAnalysis;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Corpus;

namespace StaleConn.CodeFixes.Tests.Reasons;

/// <summary>
/// TShock plugins keep an <c>IDbConnection</c> whose provider they choose at start-up from TShock's storage type
/// (<c>new MySqlConnection(...)</c> or <c>new SqliteConnection(...)</c>) and hand it only to TShock's
/// <c>DbExt.Query</c>/<c>QueryReader</c>, which make a new connection of the same type and string per call and open that
/// (Pryaxis/TShock@5d585bb891ef, TShockAPI/Extensions/DbExt.cs: <c>CloneEx</c>, then <c>Open</c>). The plugin's member
/// is never opened: no session stays open, so every fix declines with <see cref="NoFixReason.NeverOpenedInSolution"/>
/// — rather than <c>InterfaceWithoutConstruction</c>/<c>ConstructionsDisagree</c>, which would ask for one provider.
/// An opened per-use connection would even break them: MySql.Data drops the password from an opened connection's
/// <c>ConnectionString</c>, so DbExt's copy could not log in.
/// The same shape, with the same <c>switch (TShock.Config.StorageType.ToLower())</c> or a constructor taking the
/// chosen connection: Zaicon/InfiniteChestsV2@7b8ed6369361 InfChests/DB.cs, edg-l/HelperBot@18db3d928bad
/// HelperBot/DB.cs, AnzhelikaO/Configurations@3a76861a8428 Configurations/Database.cs, ASgoPew/TUI@a8dd85af645c
/// TUIPlugin/Database.cs, QuiCM/Reports@eadbdca6bec2 Reports/Database.cs, QuiCM/ServerEvents@d13280d782d1
/// ServerEvents/Database.cs, tchomphoochan/CIDRBans@349f542f03cd CIDRBanManager.cs, ivanbiljan/Warpplates@f39d86132c4b
/// Warpplates/Database/WarpplateManager.cs, and UnrealMultiple/TShockPlugin's CGive, PvPer and WorldEdit (below).
/// TShock's assembly is not referenced here: Dapper, which also opens a closed connection per call and closes it
/// again, stands in for DbExt (both are extension methods of <c>IDbConnection</c> outside the solution).
/// </summary>
public class LibraryOpenedConnectionTests
{
    private const string Usings = """
        using System;
        using System.Data;
        using System.IO;
        using Dapper;
        using Microsoft.Data.Sqlite;
        using MySql.Data.MySqlClient;

        """;

    public static TheoryData<string, string> PluginShapes() => new()
    {
        {
            // UnrealMultiple/TShockPlugin@f15 snapshot: src/CGive/Data.cs (the provider chosen by a condition in Init).
            "CGive", Usings + """
            public class Data
            {
                private static IDbConnection? _db;

                public static void Init(string storageType, string mySqlConnectionString, string savePath)
                {
                    _db = storageType.Equals("mysql", StringComparison.OrdinalIgnoreCase)
                        ? new MySqlConnection(mySqlConnectionString)
                        : new SqliteConnection("Data Source=" + Path.Combine(savePath, "CGive.sqlite"));
                    _db.Execute("CREATE TABLE IF NOT EXISTS CGive (id INTEGER, cmd TEXT)");
                }

                public static void Command(string cmd, object args) => _db!.Execute(cmd, args);

                public static IDataReader QueryReader(string query, object args) => _db!.ExecuteReader(query, args);
            }
            """
        },
        {
            // UnrealMultiple/TShockPlugin (both snapshots): src/PvPer/DBManager/DbManager.cs and PvPer.cs (a static copy of
            // the constructor's parameter; the only caller passes a new SqliteConnection).
            "PvPer", Usings + """
            public class DbManager
            {
                private static IDbConnection _db = null!;

                public DbManager(IDbConnection db)
                {
                    _db = db;
                    db.Execute("CREATE TABLE IF NOT EXISTS Players (AccountID INTEGER, Kills INTEGER)");
                }

                public bool InsertPlayer(int accountID) => _db.Execute("INSERT INTO Players (AccountID, Kills) VALUES (@id, 0)", new { id = accountID }) != 0;

                public static bool ClearData() => _db.Execute("DELETE FROM Players") != 0;
            }

            public class PvPer
            {
                public static DbManager DbManager = new DbManager(new SqliteConnection("Data Source=" + Path.Combine("tshock", "pvp.sqlite")));
            }
            """
        },
        {
            // UnrealMultiple/TShockPlugin@f15 snapshot: src/WorldEdit/WorldEdit/WorldEdit.cs (if/else on the storage type,
            // MySQL's string built in locals) and WorldEdit/Tools.cs (the uses, through the plugin's static member).
            "WorldEdit", Usings + """
            public class WorldEdit
            {
                public static IDbConnection Database;

                public static void Initialize(string storageType, string mySqlHost, string savePath)
                {
                    if (storageType != "mysql")
                    {
                        if (storageType == "sqlite")
                        {
                            string arg = Path.Combine(savePath, "worldedit.sqlite");
                            Database = new SqliteConnection($"Data Source={arg}");
                        }
                    }
                    else
                    {
                        string[] hostParts = mySqlHost.Split(':');
                        var connectionString = $"Server={hostParts[0]};Port={(hostParts.Length == 1 ? "3306" : hostParts[1])};Database=tshock";
                        Database = new MySqlConnection(connectionString);
                    }

                    IDbConnection database = Database;
                    database.Execute("CREATE TABLE IF NOT EXISTS WorldEdit (Account INTEGER, UndoLevel INTEGER)");
                }
            }

            public static class Tools
            {
                public static int UndoLevel(int account) =>
                    WorldEdit.Database.ExecuteScalar<int>("SELECT UndoLevel FROM WorldEdit WHERE Account = @account", new { account });
            }
            """
        },
        {
            // Zaicon/InfiniteChestsV2@7b8ed6369361: InfChests/DB.cs (switch on the storage type, MySQL built with an
            // object initializer).
            "InfiniteChests", Usings + """
            public static class DB
            {
                private static IDbConnection db;

                public static void Connect(string storageType, string host, string savePath)
                {
                    switch (storageType.ToLower())
                    {
                        case "mysql":
                            string[] dbHost = host.Split(':');
                            db = new MySqlConnection()
                            {
                                ConnectionString = string.Format("Server={0}; Port={1};", dbHost[0], dbHost.Length == 1 ? "3306" : dbHost[1])
                            };
                            break;
                        case "sqlite":
                            string sql = Path.Combine(savePath, "InfChests.sqlite");
                            db = new SqliteConnection(string.Format("uri=file://{0},Version=3", sql));
                            break;
                    }
                }

                public static bool RemoveChest(int id) => db.Execute("DELETE FROM InfChests WHERE ID = @id", new { id }) == 1;
            }
            """
        },
    };

    [Theory]
    [MemberData(nameof(PluginShapes))]
    public async Task A_plugin_connection_only_a_library_opens_gets_no_fix_with_that_reason(string plugin, string source)
    {
        var (project, targets) = await FindingAsync(source);
        foreach (var mode in new[] { FixMode.Guard, FixMode.DataSource, FixMode.ConnectionFactory })
        {
            var (_, notFixed) = await ConnectionGuardFix.GuardEachAsync(project.Solution, targets, mode, CancellationToken.None);
            Assert.True(notFixed.Select(n => n.Reason).SequenceEqual(new[] { NoFixReason.NeverOpenedInSolution }), $"{plugin} {mode}: {string.Join(", ", notFixed.Select(n => n.Reason))}");
        }
    }

    /// <summary>
    /// The same plugin member, also used through ADO.NET itself (a command of its own needs it open, so the code opens
    /// it somewhere the planner cannot see, or fails): the old reason stands.
    /// </summary>
    /// <summary>
    /// Each shape the other fixes decline gets "build a new connection for each use" planned — PvPer too, whose connection
    /// is built in a field initializer reading a setting and copied from a constructor parameter: its string is captured
    /// where the constructor kept it (CapturedParameterCopies).
    /// </summary>
    [Theory]
    [MemberData(nameof(PluginShapes))]
    public async Task The_library_factory_plans_each_shape(string plugin, string source)
    {
        var (project, targets) = await FindingAsync(source);
        var planned = await LibraryFactoryFix.PlanAsync(project.Solution, Assert.Single(targets), CancellationToken.None);
        Assert.True(planned?.Value is not null, $"{plugin}: {(planned is null ? "not of the shape" : planned.Value.Reason.ToString())}");
        Assert.Equal(plugin == "PvPer", planned!.Value.Value!.CapturedCopies.Count == 1);
    }

    [Fact]
    public async Task A_connection_also_handed_to_an_ADO_NET_command_keeps_the_old_reason()
    {
        var (project, targets) = await FindingAsync(Usings + """
            public static class DB
            {
                private static IDbConnection db;

                public static void Connect(bool mysql, string connectionString) =>
                    db = mysql ? new MySqlConnection(connectionString) : new SqliteConnection(connectionString);

                public static int Count() => db.ExecuteScalar<int>("SELECT COUNT(*) FROM t");

                public static object? Raw()
                {
                    using var command = db.CreateCommand();
                    command.CommandText = "SELECT 1";
                    return command.ExecuteScalar();
                }
            }
            """);
        var (_, notFixed) = await ConnectionGuardFix.GuardEachAsync(project.Solution, targets, FixMode.ConnectionFactory, CancellationToken.None);
        Assert.Equal(new[] { NoFixReason.InterfaceWithoutConstruction }, notFixed.Select(n => n.Reason));
    }

    internal static async Task<(Project Project, List<GuardTarget> Targets)> FindingAsync(string source)
    {
        var project = SnippetProject.Create(new[] { source });
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var finding = Assert.Single(await HolderShapeCorpusTests.FindingsAsync(project, compilation), f => f.Id is "SC0001" or "SC0002");
        var document = project.GetDocument(finding.Location.SourceTree)!;
        var targets = (await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(document, finding, CancellationToken.None)).ToList();
        return (project, targets);
    }
}
