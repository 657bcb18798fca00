using Microsoft.CodeAnalysis.Testing;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// A member copied from a constructor parameter that every caller in the solution fills with the same owner member
/// (<c>new WeaponPlusDB(TShock.DB)</c>, <c>new HomeManager(Db)</c>) reads that member where it is used; the parameter
/// and the callers' arguments go in the same change, so a caller outside the solution breaks at compile time instead
/// of having its connection silently ignored. Shapes from UnrealMultiple/TShockPlugin (cited beside each case).
/// </summary>
public class OwnerParameterFixTests
{
    /// <summary>
    /// Economics.WeaponPlus/WeaponPlus.cs and WeaponPlusDB.cs: the plugin builds its store with the host's connection
    /// at start-up and again after dropping the table; the store's constructor also creates the table through the
    /// parameter (same name as the field, so those reads bind to the new property once the parameter is gone).
    /// </summary>
    [Fact]
    public Task Store_built_with_the_hosts_connection_by_every_caller_reads_it_and_loses_the_parameter() => VerifyAsync(
        new[]
        {
            """
            using TShockAPI;

            public class WeaponPlugin
            {
                public static WeaponStore {|SC0001:Store|} { get; set; } = null!;

                public void Initialize()
                {
                    Store = new WeaponStore(TShock.DB);
                }
            }
            """,
            """
            using System.Data;
            using TShockAPI;

            public class WeaponStore
            {
                private readonly IDbConnection database;

                private readonly string table;

                public WeaponStore(IDbConnection database)
                {
                    this.database = database;
                    table = "WeaponPlus";
                    using var command = database.CreateCommand();
                    command.CommandText = "CREATE TABLE IF NOT EXISTS " + table + " (owner TEXT)";
                    command.ExecuteNonQuery();
                }

                public void DropAll()
                {
                    using var command = database.CreateCommand();
                    command.CommandText = "DROP TABLE " + table;
                    command.ExecuteNonQuery();
                    WeaponPlugin.Store = new WeaponStore(TShock.DB);
                }
            }
            """,
        },
        new[]
        {
            """
            using TShockAPI;

            public class WeaponPlugin
            {
                public static WeaponStore Store { get; set; } = null!;

                public void Initialize()
                {
                    Store = new WeaponStore();
                }
            }
            """,
            """
            using System.Data;
            using TShockAPI;

            public class WeaponStore
            {
                private IDbConnection database => TShock.DB;

                private readonly string table;

                public WeaponStore()
                {
                    table = "WeaponPlus";
                    using var command = database.CreateCommand();
                    command.CommandText = "CREATE TABLE IF NOT EXISTS " + table + " (owner TEXT)";
                    command.ExecuteNonQuery();
                }

                public void DropAll()
                {
                    using var command = database.CreateCommand();
                    command.CommandText = "DROP TABLE " + table;
                    command.ExecuteNonQuery();
                    WeaponPlugin.Store = new WeaponStore();
                }
            }
            """,
        });

    /// <summary>
    /// EssentialsPlus/EssentialsPlus.cs and EssentialsPlus/Db/HomeManager.cs: the plugin keeps its own connection in a
    /// static property and hands it to managers kept in static properties; a manager in a nested namespace reads the
    /// plugin's property, qualified as that namespace needs. The plugin's own connection stays a finding of its own.
    /// </summary>
    [Fact]
    public Task Manager_built_with_the_plugins_static_connection_reads_the_plugins_property() => VerifyAsync(
        new[]
        {
            """
            using System.Data;
            using MySqlConnector;
            using Plugins.Db;

            namespace Plugins
            {
                public class Essentials
                {
                    public static IDbConnection {|SC0001:Db|} { get; private set; } = null!;

                    public static HomeManager {|SC0001:Homes|} { get; private set; } = null!;

                    public void OnInitialize(string connectionString)
                    {
                        Db = new MySqlConnection(connectionString);
                        Homes = new HomeManager(Db);
                    }
                }
            }
            """,
            """
            using System.Data;

            namespace Plugins.Db
            {
                public class HomeManager
                {
                    private readonly IDbConnection db;

                    public HomeManager(IDbConnection db)
                    {
                        this.db = db;
                    }

                    public object? Count()
                    {
                        using var command = db.CreateCommand();
                        command.CommandText = "SELECT COUNT(*) FROM Homes";
                        return command.ExecuteScalar();
                    }
                }
            }
            """,
        },
        new[]
        {
            """
            using System.Data;
            using MySqlConnector;
            using Plugins.Db;

            namespace Plugins
            {
                public class Essentials
                {
                    public static IDbConnection {|SC0001:Db|} { get; private set; } = null!;

                    public static HomeManager Homes { get; private set; } = null!;

                    public void OnInitialize(string connectionString)
                    {
                        Db = new MySqlConnection(connectionString);
                        Homes = new HomeManager();
                    }
                }
            }
            """,
            """
            using System.Data;

            namespace Plugins.Db
            {
                public class HomeManager
                {
                    private IDbConnection db => Essentials.Db;

                    public HomeManager()
                    {
                    }

                    public object? Count()
                    {
                        using var command = db.CreateCommand();
                        command.CommandText = "SELECT COUNT(*) FROM Homes";
                        return command.ExecuteScalar();
                    }
                }
            }
            """,
        });

    /// <summary>
    /// PvPer/DBManager/DbManager.cs (a static field copied from a differently named parameter, which the constructor
    /// also uses), here filled with the host's connection: the constructor's reads of the parameter read the member.
    /// </summary>
    [Fact]
    public Task Differently_named_parameter_read_in_the_constructor_becomes_a_read_of_the_member() => VerifyAsync(
        new[]
        {
            """
            using System.Data;
            using TShockAPI;

            public class DuelStore
            {
                private static IDbConnection {|SC0001:_db|};

                public DuelStore(IDbConnection db, string table)
                {
                    _db = db;
                    using var command = db.CreateCommand();
                    command.CommandText = "CREATE TABLE IF NOT EXISTS " + table + " (id INT)";
                    command.ExecuteNonQuery();
                }

                public static object? Count()
                {
                    using var command = _db.CreateCommand();
                    command.CommandText = "SELECT COUNT(*) FROM Players";
                    return command.ExecuteScalar();
                }
            }

            public class Duels
            {
                public static DuelStore Store = new DuelStore(TShock.DB, table: "Players");
            }
            """,
        },
        new[]
        {
            """
            using System.Data;
            using TShockAPI;

            public class DuelStore
            {
                private static IDbConnection _db => TShock.DB;

                public DuelStore(string table)
                {
                    using var command = _db.CreateCommand();
                    command.CommandText = "CREATE TABLE IF NOT EXISTS " + table + " (id INT)";
                    command.ExecuteNonQuery();
                }

                public static object? Count()
                {
                    using var command = _db.CreateCommand();
                    command.CommandText = "SELECT COUNT(*) FROM Players";
                    return command.ExecuteScalar();
                }
            }

            public class Duels
            {
                public static DuelStore Store = new DuelStore(table: "Players");
            }
            """,
        });

    /// <summary>
    /// WeaponPlusCostCoin/WeaponPlusDB.cs read without the game server's assembly (as the benchmark reads it): the host's
    /// name stays unresolved and keeps its compiler error where the member now reads it; a constructor that only copied
    /// (<c>=&gt;</c>) gets an empty block body.
    /// </summary>
    [Fact]
    public Task Unresolved_host_passed_by_every_caller_keeps_its_error_in_the_property() => Verify.VerifyAsync(
        new[]
        {
            """
            using System.Data;

            public class CoinStore
            {
                private readonly IDbConnection database;

                public CoinStore(IDbConnection database) => this.database = database;

                public object? Count()
                {
                    using var command = database.CreateCommand();
                    command.CommandText = "SELECT COUNT(*) FROM WeaponPlus";
                    return command.ExecuteScalar();
                }
            }

            public static class CoinPlugin
            {
                public static CoinStore {|SC0001:Store|} = new CoinStore({|CS0103:TShock|}.DB);
            }
            """,
        },
        new[]
        {
            """
            using System.Data;

            public class CoinStore
            {
                private IDbConnection database => {|CS0103:TShock|}.DB;

                public CoinStore()
                {
                }

                public object? Count()
                {
                    using var command = database.CreateCommand();
                    command.CommandText = "SELECT COUNT(*) FROM WeaponPlus";
                    return command.ExecuteScalar();
                }
            }

            public static class CoinPlugin
            {
                public static CoinStore Store = new CoinStore();
            }
            """,
        },
        GuardWithConnectionGuardCodeFixProvider.OwnerSourceEquivalenceKey);

    /// <summary>The caller's unresolved host name would bind to the store's own member of that name: moved there, it would mean something else.</summary>
    [Fact]
    public Task Unresolved_host_name_taken_in_the_store_gets_no_owner_fix() => VerifyNoOwnerFixAsync("""
        using System.Data;

        public class CoinStore
        {
            private static readonly CoinSettings TShock = new CoinSettings();

            private readonly IDbConnection database;

            public CoinStore(IDbConnection database) => this.database = database;

            public object? Count()
            {
                using var command = database.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM WeaponPlus" + TShock.DB;
                return command.ExecuteScalar();
            }
        }

        public class CoinSettings
        {
            public string DB { get; } = "";
        }

        public static class CoinPlugin
        {
            public static CoinStore {|SC0001:Store|} = new CoinStore(TShock.DB);
        }
        """);

    /// <summary>Callers pass two different hosts' connections: reading one of them would change what the other caller's store uses.</summary>
    [Fact]
    public Task Callers_passing_different_connections_get_no_owner_fix() => VerifyNoOwnerFixAsync("""
        using System.Data;
        using TShockAPI;

        public static class Archive
        {
            public static IDbConnection Connection => TShock.DB;
        }

        public class Store
        {
            private readonly IDbConnection database;

            public Store(IDbConnection database) => this.database = database;

            public object? Count()
            {
                using var command = database.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM Items";
                return command.ExecuteScalar();
            }
        }

        public static class Plugin
        {
            public static Store {|SC0001:Live|} = new Store(TShock.DB);

            public static Store {|SC0001:Old|} = new Store(Archive.Connection);
        }
        """);

    /// <summary>PvPer/PvPer.cs: the caller builds a new connection for the parameter, which the store then owns.</summary>
    [Fact]
    public Task Caller_passing_a_new_connection_gets_no_owner_fix() => VerifyNoOwnerFixAsync("""
        using System.Data;
        using MySqlConnector;

        public class Store
        {
            private static IDbConnection {|SC0001:_db|};

            public Store(IDbConnection db) => _db = db;

            public static object? Count()
            {
                using var command = _db.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM Players";
                return command.ExecuteScalar();
            }
        }

        public static class Plugin
        {
            public static Store Players = new Store(new MySqlConnection("Server=db"));
        }
        """);

    /// <summary>A caller picks the connection with a condition: not one owner member.</summary>
    [Fact]
    public Task Caller_choosing_a_connection_with_a_condition_gets_no_owner_fix() => VerifyNoOwnerFixAsync("""
        using System.Data;
        using TShockAPI;

        public static class Fallback
        {
            public static IDbConnection {|SC0001:Connection|} { get; set; }
        }

        public class Store
        {
            private readonly IDbConnection database;

            public Store(IDbConnection database) => this.database = database;

            public object? Count()
            {
                using var command = database.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM Items";
                return command.ExecuteScalar();
            }
        }

        public static class Plugin
        {
            public static bool UseHost { get; set; }

            public static Store {|SC0001:Items|} = new Store(UseHost ? TShock.DB : Fallback.Connection);
        }
        """);

    /// <summary>The parameter is also handed to the base constructor, where no member can be read.</summary>
    [Fact]
    public Task Parameter_also_handed_to_the_base_constructor_gets_no_owner_fix() => VerifyNoOwnerFixAsync("""
        using System.Data;
        using TShockAPI;

        public abstract class Table
        {
            protected Table(IDbConnection connection, string name)
            {
                Name = name + connection.Database;
            }

            public string Name { get; }
        }

        public class Store : Table
        {
            private readonly IDbConnection database;

            public Store(IDbConnection database) : base(database, "Items") => this.database = database;

            public object? Count()
            {
                using var command = database.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM Items";
                return command.ExecuteScalar();
            }
        }

        public static class Plugin
        {
            public static Store {|SC0001:Items|} = new Store(TShock.DB);
        }
        """);

    /// <summary>The container builds the store too (a type argument): what it passes is out of view.</summary>
    [Fact]
    public Task Store_the_container_also_builds_gets_no_owner_fix() => VerifyNoOwnerFixAsync("""
        using System;
        using System.Data;
        using TShockAPI;

        public class Store
        {
            private readonly IDbConnection database;

            public Store(IDbConnection database) => this.database = database;

            public object? Count()
            {
                using var command = database.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM Items";
                return command.ExecuteScalar();
            }
        }

        public static class Plugin
        {
            public static Store {|SC0001:Items|} = new Store(TShock.DB);

            public static Store Other(IServiceProvider services) => Build<Store>(services);

            private static T Build<T>(IServiceProvider services) => (T)services.GetService(typeof(T))!;
        }
        """);

    /// <summary>
    /// The WeaponPlus shape (UnrealMultiple/TShockPlugin@81797d3, src/Economics.WeaponPlus/WeaponPlus.cs and
    /// WeaponPlusDB.cs) with a caller in a third file that rebuilds the store with a target-typed <c>new(TShock.DB)</c>
    /// and never names its type. The callers' search is narrowed to the files that can build the type, and such a file
    /// must stay in it; find-references reports the target-typed construction as an implicit reference, and its argument
    /// goes like every other caller's (<c>new()</c> still builds the store): missed, the fix would drop the constructor's
    /// parameter and break that caller.
    /// </summary>
    [Fact]
    public Task Caller_building_the_store_with_a_target_typed_new_in_another_file_loses_its_argument_too() => VerifyAsync(
        new[]
        {
            """
            using TShockAPI;

            public class WeaponPlugin
            {
                public static WeaponStore {|SC0001:Store|} { get; set; } = null!;

                public void Initialize()
                {
                    Store = new WeaponStore(TShock.DB);
                }
            }
            """,
            WeaponStoreCopyingItsParameter,
            """
            using TShockAPI;

            public static class Reloader
            {
                public static void Reload()
                {
                    WeaponPlugin.Store = new(TShock.DB);
                }
            }
            """,
        },
        new[]
        {
            """
            using TShockAPI;

            public class WeaponPlugin
            {
                public static WeaponStore Store { get; set; } = null!;

                public void Initialize()
                {
                    Store = new WeaponStore();
                }
            }
            """,
            WeaponStoreReadingTheHost,
            """
            using TShockAPI;

            public static class Reloader
            {
                public static void Reload()
                {
                    WeaponPlugin.Store = new();
                }
            }
            """,
        });

    /// <summary>
    /// Target-typed callers are followed like the others, so one passing something else still declines the fix: here
    /// <c>new(new SqliteConnection(...))</c> (the PvPer caller's argument, UnrealMultiple/TShockPlugin@81797d3
    /// src/PvPer/PvPer.cs, written target-typed) is no owner member.
    /// </summary>
    [Fact]
    public Task Target_typed_caller_passing_a_new_connection_declines_the_owner_fix() => VerifyNoOwnerFixAsync(
        """
        using TShockAPI;

        public class WeaponPlugin
        {
            public static WeaponStore {|SC0001:Store|} { get; set; } = null!;

            public void Initialize()
            {
                Store = new WeaponStore(TShock.DB);
            }

            public void Reload()
            {
                Store = new(new Microsoft.Data.Sqlite.SqliteConnection("Data Source=weapons.sqlite"));
            }
        }
        """,
        WeaponStoreCopyingItsParameter);

    private const string WeaponStoreCopyingItsParameter = """
        using System.Data;
        using TShockAPI;

        public class WeaponStore
        {
            private readonly IDbConnection database;

            public WeaponStore(IDbConnection database)
            {
                this.database = database;
            }

            public object? Count()
            {
                using var command = database.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM WeaponPlus";
                return command.ExecuteScalar();
            }
        }
        """;

    private const string WeaponStoreReadingTheHost = """
        using System.Data;
        using TShockAPI;

        public class WeaponStore
        {
            private IDbConnection database => TShock.DB;

            public WeaponStore()
            {
            }

            public object? Count()
            {
                using var command = database.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM WeaponPlus";
                return command.ExecuteScalar();
            }
        }
        """;

    private static Task VerifyAsync(string[] sources, string[] fixedSources)
    {
        var test = new Verify.Test { CodeActionEquivalenceKey = GuardWithConnectionGuardCodeFixProvider.OwnerSourceEquivalenceKey };
        test.TestState.Sources.AddRange(sources.Select((s, i) => ($"/0/Test{i}.cs", Microsoft.CodeAnalysis.Text.SourceText.From(s))));
        test.FixedState.Sources.AddRange(fixedSources.Select((s, i) => ($"/0/Test{i}.cs", Microsoft.CodeAnalysis.Text.SourceText.From(s))));
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        test.TestState.AdditionalReferences.Add(OwnerSourceFixTests.HostReference.Value);
        test.FixedState.AdditionalReferences.Add(OwnerSourceFixTests.HostReference.Value);
        return test.RunAsync();
    }

    /// <summary>The owner fix is not offered (whatever the other fixes do with the finding).</summary>
    private static Task VerifyNoOwnerFixAsync(params string[] sources)
    {
        var test = new Verify.Test
        {
            CodeActionEquivalenceKey = GuardWithConnectionGuardCodeFixProvider.OwnerSourceEquivalenceKey,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        test.TestState.Sources.AddRange(sources.Select((s, i) => ($"/0/Test{i}.cs", Microsoft.CodeAnalysis.Text.SourceText.From(s))));
        test.FixedState.Sources.AddRange(sources.Select((s, i) => ($"/0/Test{i}.cs", Microsoft.CodeAnalysis.Text.SourceText.From(s))));
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        test.TestState.AdditionalReferences.Add(OwnerSourceFixTests.HostReference.Value);
        test.FixedState.AdditionalReferences.Add(OwnerSourceFixTests.HostReference.Value);
        return test.RunAsync();
    }
}
