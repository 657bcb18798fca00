using Microsoft.CodeAnalysis;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Tests.Reasons;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// The lightbulb judges "Build a new connection for each use" on its rewrite as built, not simplified and formatted:
/// simplifying binds each name again in a fresh compilation per file, most of the check's work on TShockPlugin's
/// WorldEdit <c>Database</c> (docs/benchmarks.md latency37). The fix applied from the lightbulb is still polished.
/// </summary>
public class LibraryFactoryLightbulbTests
{
    private const string Usings = """
        using System;
        using System.Data;
        using System.IO;
        using Dapper;
        using Microsoft.Data.Sqlite;
        using MySql.Data.MySqlClient;

        """;

    /// <summary>UnrealMultiple/TShockPlugin (f15 snapshot) src/CGive/Data.cs: the provider chosen by a condition on settings.</summary>
    private const string CGiveData = Usings + """
        public class Settings
        {
            public static Settings Current { get; set; } = new Settings();

            public string StorageType { get; set; } = "sqlite";

            public string MySqlConnectionString { get; set; } = "";
        }

        public class Data
        {
            private static IDbConnection? _db;

            public static void Init()
            {
                _db = Settings.Current.StorageType.Equals("mysql", StringComparison.OrdinalIgnoreCase)
                    ? new MySqlConnection(Settings.Current.MySqlConnectionString)
                    : new SqliteConnection("Data Source=CGive.sqlite");
                _db.Execute("CREATE TABLE IF NOT EXISTS CGive (id INTEGER, cmd TEXT)");
            }

            public static void Command(string cmd, object args) => _db!.Execute(cmd, args);
        }
        """;

    /// <summary>UnrealMultiple/TShockPlugin (f15 snapshot) src/WorldEdit/WorldEdit/WorldEdit.cs and Tools.cs: if/else on the storage type, a use from another file.</summary>
    private const string WorldEdit = Usings + """
        public class WorldEdit
        {
            public static IDbConnection? Database;

            public static void Initialize(string storageType, string mySqlHost, string savePath)
            {
                if (storageType != "mysql")
                {
                    string arg = Path.Combine(savePath, "worldedit.sqlite");
                    Database = new SqliteConnection($"Data Source={arg}");
                }
                else
                {
                    Database = new MySqlConnection($"Server={mySqlHost};Database=tshock");
                }

                Database.Execute("CREATE TABLE IF NOT EXISTS WorldEdit (Account INTEGER, UndoLevel INTEGER)");
            }
        }
        """;

    private const string WorldEditTools = Usings + """
        public static class Tools
        {
            public static int UndoLevel(int account) =>
                WorldEdit.Database!.ExecuteScalar<int>("SELECT UndoLevel FROM WorldEdit WHERE Account = @account", new { account });
        }
        """;

    [Theory]
    [InlineData("CGive", "_db")]
    [InlineData("WorldEdit", "Database")]
    public async Task The_lightbulb_checks_the_rewrite_unpolished_and_the_applied_fix_is_polished(string source, string member)
    {
        var project = SnippetProject.Create(source == "CGive" ? new[] { CGiveData } : new[] { WorldEdit, WorldEditTools });
        var compilation = (await project.GetCompilationAsync())!;
        var symbol = compilation.GetSymbolsWithName(member, SymbolFilter.Member).Single();
        var declaring = symbol.DeclaringSyntaxReferences.Single().SyntaxTree;
        var target = GuardTarget.FromSymbol(project.Id, symbol)!.Value;

        var offers = await GuardWithConnectionGuardCodeFixProvider.LightbulbOffersAsync(project, new[] { target }, compilation, CancellationToken.None);

        Assert.Equal(LibraryFactoryFix.Title, Assert.Single(offers).Title);
        Assert.False(LibraryFactoryFix.WasPolished(declaring));

        var applied = await offers[0].SolutionAsync(CancellationToken.None);
        var text = (await applied.GetDocument(project.GetDocument(declaring)!.Id)!.GetTextAsync()).ToString();
        Assert.True(LibraryFactoryFix.WasPolished(declaring));
        Assert.Contains("Func<IDbConnection>? " + member, text, StringComparison.Ordinal);
        Assert.DoesNotContain("global::", text, StringComparison.Ordinal);
    }
}
