using Verify = StaleConn.Analyzers.Tests.FieldTests.AllRulesVerifier;

namespace StaleConn.Analyzers.Tests.FieldTests;

/// <summary>
/// A private connection field that has no initializer and that nothing in its type assigns is always null: no rule
/// reports it, however long its owner lives. Any write in the type (an assignment, <c>this.x ??=</c>, a deconstruction,
/// an <c>out</c> argument, a nested type, another partial part) makes it a field that can hold a connection again. A
/// protected field is judged the same way over its type and the types deriving from it, and a field that other types
/// of its assembly can see (internal, or public in an internal type) over every file of its assembly.
/// </summary>
public class UnassignedConnectionFieldTests
{
    [Fact]
    public Task Bot_keeping_a_manager_whose_connection_field_is_never_assigned_is_silent() => Verify.VerifyAsync(
        """
        // Real: Mehrbod-MK/ComputerTNB_ClassMgr_Bot 336f736, DBMgr.cs and Program.cs (the Telegram bot keeps one DBMgr in a
        // static field; DBMgr declares a MySqlConnection field it never assigns, and every method opens its own connection).
        using MySqlConnector;

        namespace ComputerTNB_ClassMgr_Bot
        {
            public class DBMgr
            {
                private readonly string connectionString;
                private MySqlConnection sql_Connection;

                public DBMgr(string server, string database) => connectionString = $"Server={server};Database={database}";

                public object CountStudents()
                {
                    using (var connection = new MySqlConnection(connectionString))
                    {
                        connection.Open();
                        return new MySqlCommand("SELECT COUNT(*) FROM students", connection).ExecuteScalar();
                    }
                }
            }

            public static class Program
            {
                public static DBMgr db;

                public static void Main()
                {
                    db = new DBMgr("localhost", "classes");
                    while (System.Console.ReadLine() != "quit")
                    {
                        db.CountStudents();
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Hosted_service_with_a_connection_field_it_only_reads_is_silent() => Verify.VerifyAsync(
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public sealed class ReportWorker : BackgroundService
        {
            private MySqlConnection _connection;

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    if (_connection is not null)
                    {
                        await _connection.CloseAsync();
                    }

                    await Task.Delay(60_000, stoppingToken);
                }
            }
        }
        """);

    [Fact]
    public Task Field_a_container_sets_through_an_attribute_is_reported() => Verify.VerifyAsync(
        """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        [AttributeUsage(AttributeTargets.Field)]
        public sealed class ImportAttribute : Attribute { }

        public sealed class ImportWorker : BackgroundService
        {
            [Import]
            private MySqlConnection {|SC0002:_connection|};

            protected override Task ExecuteAsync(CancellationToken stoppingToken) => _connection.OpenAsync(stoppingToken);
        }
        """);

    [Fact]
    public Task Fields_written_by_this_access_deconstruction_out_argument_nested_type_or_other_part_are_reported() => Verify.VerifyAsync(
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public sealed partial class SyncWorker : BackgroundService
        {
            private MySqlConnection {|SC0002:_orders|};
            private MySqlConnection {|SC0002:_audit|};
            private MySqlConnection {|SC0002:_stock|};
            private MySqlConnection {|SC0002:_prices|};
            private MySqlConnection {|SC0002:_archive|};

            protected override Task ExecuteAsync(CancellationToken stoppingToken)
            {
                this._orders ??= new MySqlConnection("Server=orders");
                (_audit, _) = (new MySqlConnection("Server=audit"), 0);
                Connect("Server=stock", out _stock);
                Opener.Open(this);
                return Task.CompletedTask;
            }

            private static void Connect(string connectionString, out MySqlConnection connection) => connection = new MySqlConnection(connectionString);

            private static class Opener
            {
                public static void Open(SyncWorker worker) => worker._prices = new MySqlConnection("Server=prices");
            }
        }

        public sealed partial class SyncWorker
        {
            public void Archive() => _archive = new MySqlConnection("Server=archive");
        }
        """);

    [Fact]
    public Task Plugin_keeping_storages_whose_base_connection_field_nothing_assigns_is_silent() => Verify.VerifyAsync(
        """
        // Real: RendyMod/PvpArenaV c9d9c36, Core.cs, Persistence/MySql/MySqlDataStorage.cs and
        // Persistence/MySql/MainDatabase/PlayerBanInfoStorage.cs (the V Rising plugin keeps its storages in statics of
        // Core; their generic base declares a protected MySqlConnection it never assigns, and every derived storage opens
        // a local of the same name in `using`).
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using MySqlConnector;

        namespace PvpArena.Persistence.MySql
        {
            public abstract class MySqlDataStorage<T>
            {
                protected MySqlConnection _connection;
                protected string connectionString;

                protected MySqlDataStorage(string server) => connectionString = $"Server={server};Database=varena";

                public async Task SaveDataAsync(List<T> data)
                {
                    foreach (var item in data)
                    {
                        await SaveItemAsync(item);
                    }
                }

                protected abstract Task SaveItemAsync(T item);
            }

            public class PlayerBanInfoStorage : MySqlDataStorage<ulong>
            {
                public PlayerBanInfoStorage(string server) : base(server) { }

                protected override async Task SaveItemAsync(ulong steamId)
                {
                    using (var _connection = new MySqlConnection(connectionString))
                    {
                        await _connection.OpenAsync();
                        var command = new MySqlCommand("INSERT INTO PlayerBanInfo (SteamID) VALUES (@SteamID)", _connection);
                        command.Parameters.AddWithValue("@SteamID", steamId);
                        await command.ExecuteNonQueryAsync();
                    }
                }
            }

            public class PlayerPointsStorage : MySqlDataStorage<int>
            {
                public PlayerPointsStorage(string server) : base(server) { }

                protected override async Task SaveItemAsync(int points)
                {
                    using (var _connection = new MySqlConnection(connectionString))
                    {
                        await _connection.OpenAsync();
                        await new MySqlCommand($"UPDATE PlayerPoints SET TotalPoints = {points}", _connection).ExecuteNonQueryAsync();
                    }
                }
            }
        }

        namespace PvpArena
        {
            using PvpArena.Persistence.MySql;

            public static class Core
            {
                public static PlayerBanInfoStorage banDataRepository;
                public static PlayerPointsStorage pointsDataRepository;

                public static void Initialize()
                {
                    banDataRepository = new PlayerBanInfoStorage("localhost");
                    pointsDataRepository = new PlayerPointsStorage("localhost");
                }
            }
        }
        """);

    [Fact]
    public Task Protected_fields_written_by_a_derived_type_or_its_nested_type_are_reported_and_the_unwritten_one_is_not() => Verify.VerifyAsync(
        """
        using MySqlConnector;

        public abstract class Storage<T>
        {
            protected MySqlConnection _connection;
            private protected MySqlConnection _audit;

            public T Last { get; set; }
        }

        public class OrderStorage : Storage<int>
        {
            public OrderStorage() => _connection = new MySqlConnection("Server=orders");
        }

        public class ArchiveStorage : OrderStorage
        {
            public void Open() => Opener.Open(this);

            private static class Opener
            {
                public static void Open(ArchiveStorage storage) => storage._audit = new MySqlConnection("Server=audit");
            }
        }

        public abstract class Cache
        {
            protected MySqlConnection _connection;
        }

        public class PriceCache : Cache
        {
            public decimal Price(int id)
            {
                using var _connection = new MySqlConnection("Server=prices");
                _connection.Open();
                return (decimal)new MySqlCommand($"SELECT price FROM prices WHERE id = {id}", _connection).ExecuteScalar();
            }
        }

        public static class Stores
        {
            public static OrderStorage {|SC0001:Orders|} = new OrderStorage();
            public static ArchiveStorage {|SC0001:Archive|} = new ArchiveStorage();
            public static PriceCache Prices = new PriceCache();
        }
        """);

    [Fact]
    public Task Protected_field_of_a_sealed_type_nothing_assigns_is_silent() => Verify.VerifyAsync(
        """
        using MySqlConnector;

        // Nothing can derive from a sealed type, so no other type may write its protected field (CS0628 warns only).
        public sealed class AuditLog
        {
            protected MySqlConnection _connection;

            public void Write(string line)
            {
                using var _connection = new MySqlConnection("Server=audit");
                _connection.Open();
                new MySqlCommand($"INSERT INTO log VALUES ('{line}')", _connection).ExecuteNonQuery();
            }
        }

        public static class Logs
        {
            public static AuditLog Audit = new AuditLog();
        }
        """);

    [Fact]
    public Task Public_static_field_of_an_internal_class_nothing_assigns_is_silent() => Verify.VerifyAsync(
        """
        // Real: liangddyy/SendToTE 40afadb, SendToTE/db/SQLCon.cs and SendToTE/db/TypechoDA.cs (the internal SQLCon keeps a
        // public static MySqlConnection that nothing in the program assigns; getConn returns a new connection while it is
        // null, and the data access class names its own field after it).
        using System;
        using MySql.Data.MySqlClient;

        namespace SendToTE.Ado
        {
            class SQLCon
            {
                public static MySqlConnection conn = null;

                public static MySqlConnection getConn()
                {
                    if (conn == null)
                    {
                        return new MySqlConnection("server=localhost;user id=root;database=typecho");
                    }

                    return conn;
                }

                public static bool getIsAble()
                {
                    try
                    {
                        getConn().Open();
                        return true;
                    }
                    catch (Exception)
                    {
                        return false;
                    }
                }
            }

            public class TypechoDA
            {
                private MySqlConnection conn = SQLCon.getConn();

                public void UpdateSlug(int cid, string slug)
                {
                    conn.Open();
                    new MySqlCommand("update typecho_contents set slug=@slug where cid=@cid", conn).ExecuteNonQuery();
                    conn.Close();
                }
            }
        }
        """);

    [Fact]
    public Task Fields_other_types_can_see_are_reported_once_any_of_them_writes_them() => Verify.VerifyAsync(
        """
        using System.Threading;
        using MySqlConnector;

        internal static class Db
        {
            public static MySqlConnection {|SC0001:Main|} = null;
            public static MySqlConnection {|SC0001:Reports|};
            public static MySqlConnection {|SC0001:Audit|};
            public static MySqlConnection {|SC0001:Archive|};
            internal static MySqlConnection {|SC0001:Cache|} = default;
        }

        internal class Session
        {
            public MySqlConnection Connection;
        }

        internal static class Sessions
        {
            public static Session {|SC0001:Current|} = new Session { Connection = new MySqlConnection("Server=session") };
        }

        internal static class Startup
        {
            public static void Run()
            {
                Db.Main = new MySqlConnection("Server=main");
                Db.Reports ??= new MySqlConnection("Server=reports");
                (Db.Audit, _) = (new MySqlConnection("Server=audit"), 0);
                Interlocked.Exchange(ref Db.Archive, new MySqlConnection("Server=archive"));
                ref var cache = ref Db.Cache;
                cache = new MySqlConnection("Server=cache");
            }
        }
        """);

    [Fact]
    public Task Field_of_an_internal_base_written_by_a_derived_type_in_another_file_is_reported() => Verify.VerifyFilesAsync(
        ("Data/Store.cs", """
            using MySqlConnector;

            internal abstract class Store
            {
                public MySqlConnection Connection;
            }

            internal static class Stores
            {
                public static OrderStore {|SC0001:Orders|} = new OrderStore();
            }
            """),
        ("Data/OrderStore.cs", """
            using MySqlConnector;

            internal sealed class OrderStore : Store
            {
                public OrderStore() => Connection = new MySqlConnection("Server=orders");
            }
            """));

    [Fact]
    public Task Fields_other_assemblies_may_write_are_reported() => Verify.VerifyAsync(
        """
        using MySqlConnector;

        [assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Shop.Tests")]

        // Another assembly may assign a public field of a public class, and a friend assembly an internal one.
        public static class Shared
        {
            public static MySqlConnection {|SC0001:Connection|};
        }

        internal static class Friends
        {
            internal static MySqlConnection {|SC0001:Connection|};
        }
        """);

    [Fact]
    public Task Protected_field_of_an_internal_base_nothing_derives_from_is_silent() => Verify.VerifyAsync(
        """
        using MySqlConnector;

        // No other assembly can derive from an internal class: its own code is all that can write the field.
        internal abstract class Repository
        {
            protected MySqlConnection _connection;
            private protected MySqlConnection _audit;

            public static Repository Create() => null;
        }

        public abstract class Keeper
        {
            private protected MySqlConnection _connection;
        }

        internal static class Repositories
        {
            public static Repository Main = Repository.Create();
            public static Keeper Keeper;
        }
        """);
}
