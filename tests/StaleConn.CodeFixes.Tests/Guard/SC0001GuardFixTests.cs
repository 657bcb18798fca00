using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Guard;

public class SC0001GuardFixTests
{
    /// <summary>
    /// These cases are about the guard's rewrite; most are shared static helpers, whose first fix is a pooled connection
    /// per use (see FirstFixChoiceTests), so they ask for the guard by its key.
    /// </summary>
    private const string GuardKey = GuardWithConnectionGuardCodeFixProvider.EquivalenceKey;

    [Fact]
    public Task Static_connection_used_from_static_methods_takes_one_lease_per_method() => Verify.VerifyAsync("""
        using System;
        using MySqlConnector;

        public static class Database
        {
            private static readonly MySqlConnection {|SC0001:Connection|} = new MySqlConnection("Server=db");

            public static int CountOrders()
            {
                Connection.Open();
                using var command = new MySqlCommand("SELECT COUNT(*) FROM orders", Connection);
                return Convert.ToInt32(command.ExecuteScalar());
            }

            public static void Shutdown()
            {
                Connection.Close();
            }
        }
        """, """
        using System;
        using MySqlConnector;
        using StaleConn;

        public static class Database
        {
            private static readonly ConnectionGuard<MySqlConnection> Connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));

            public static int CountOrders()
            {
                using var lease = Connection.Acquire();
                using var command = new MySqlCommand("SELECT COUNT(*) FROM orders", lease.Connection);
                return Convert.ToInt32(command.ExecuteScalar());
            }

            public static void Shutdown()
            {
                Connection.Close();
            }
        }
        """, equivalenceKey: GuardKey);

    [Fact]
    public Task Async_callers_await_the_lease_and_pass_their_cancellation_token() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using MySqlConnector;

        public record Order(int Id, string Name);

        public static class Orders
        {
            public static MySqlConnection {|SC0001:Db|} { get; } = new MySqlConnection("Server=db");

            public static async Task<int> CountAsync(CancellationToken cancellationToken)
            {
                await Db.OpenAsync(cancellationToken);
                return await Db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM orders");
            }

            // Returns the query's task without awaiting it: becomes async so the lease lasts until the query ends.
            public static Task<IEnumerable<Order>> LoadAsync() => Db.QueryAsync<Order>("SELECT id, name FROM orders");
        }
        """, """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using MySqlConnector;
        using StaleConn;

        public record Order(int Id, string Name);

        public static class Orders
        {
            public static ConnectionGuard<MySqlConnection> Db { get; } = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));

            public static async Task<int> CountAsync(CancellationToken cancellationToken)
            {
                using var lease = await Db.AcquireAsync(cancellationToken);
                return await lease.Connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM orders");
            }

            // Returns the query's task without awaiting it: becomes async so the lease lasts until the query ends.
            public static async Task<IEnumerable<Order>> LoadAsync()
            {
                using var lease = await Db.AcquireAsync();
                return await lease.Connection.QueryAsync<Order>("SELECT id, name FROM orders");
            }
        }
        """, equivalenceKey: GuardKey);

    [Fact]
    public Task Library_code_that_configures_awaits_gets_ConfigureAwait_on_the_acquire() => Verify.VerifyAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using MySqlConnector;

        public static class Store
        {
            private static readonly MySqlConnection {|SC0001:Connection|} = new MySqlConnection("Server=db");

            public static async Task<object> ReadAsync(CancellationToken cancellationToken)
            {
                using var command = new MySqlCommand("SELECT 1", Connection);
                return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;
        using MySqlConnector;
        using StaleConn;

        public static class Store
        {
            private static readonly ConnectionGuard<MySqlConnection> Connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));

            public static async Task<object> ReadAsync(CancellationToken cancellationToken)
            {
                using var lease = await Connection.AcquireAsync(cancellationToken).ConfigureAwait(false);
                using var command = new MySqlCommand("SELECT 1", lease.Connection);
                return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        """, equivalenceKey: GuardKey);

    [Fact]
    public Task Connection_assigned_to_a_local_command_and_used_from_other_files() => Verify.VerifyAsync(new[]
    {
        """
        using MySql.Data.MySqlClient;

        namespace Shop
        {
            static class Db
            {
                public static MySqlConnection {|SC0001:conn|} = new MySqlConnection("Server=db");
            }
        }
        """,
        """
        using System.Data;
        using MySql.Data.MySqlClient;

        namespace Shop
        {
            class OrdersForm
            {
                void LoadOrders(DataTable table)
                {
                    var cmd = new MySqlCommand("SELECT * FROM orders");
                    cmd.Connection = Db.conn;
                    Db.conn.Open();
                    new MySqlDataAdapter(cmd).Fill(table);
                    Db.conn.Close();
                }
            }
        }
        """,
    }, new[]
    {
        """
        using MySql.Data.MySqlClient;
        using StaleConn;

        namespace Shop
        {
            static class Db
            {
                public static ConnectionGuard<MySqlConnection> conn = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));
            }
        }
        """,
        """
        using System.Data;
        using MySql.Data.MySqlClient;

        namespace Shop
        {
            class OrdersForm
            {
                void LoadOrders(DataTable table)
                {
                    var cmd = new MySqlCommand("SELECT * FROM orders");
                    using var lease = Db.conn.Acquire();
                    cmd.Connection = lease.Connection;
                    new MySqlDataAdapter(cmd).Fill(table);
                }
            }
        }
        """,
    }, equivalenceKey: GuardKey);

    [Fact]
    public Task Transaction_and_last_insert_id_stay_on_one_lease() => Verify.VerifyAsync("""
        using System;
        using MySqlConnector;

        public static class Customers
        {
            private static MySqlConnection {|SC0001:_connection|} = new MySqlConnection("Server=db");

            public static long Insert(string name)
            {
                if (_connection.State != System.Data.ConnectionState.Open)
                    _connection.Open();
                using var transaction = _connection.BeginTransaction();
                using var insert = new MySqlCommand("INSERT INTO customers (name) VALUES (@name)", _connection, transaction);
                insert.Parameters.AddWithValue("@name", name);
                insert.ExecuteNonQuery();
                using var lastId = new MySqlCommand("SELECT LAST_INSERT_ID()", _connection, transaction);
                var id = Convert.ToInt64(lastId.ExecuteScalar());
                transaction.Commit();
                return id;
            }
        }
        """, """
        using System;
        using MySqlConnector;
        using StaleConn;

        public static class Customers
        {
            private static ConnectionGuard<MySqlConnection> _connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));

            public static long Insert(string name)
            {
                using var lease = _connection.Acquire();
                using var transaction = (MySqlTransaction)lease.BeginTransaction();
                using var insert = new MySqlCommand("INSERT INTO customers (name) VALUES (@name)", lease.Connection, transaction);
                insert.Parameters.AddWithValue("@name", name);
                insert.ExecuteNonQuery();
                using var lastId = new MySqlCommand("SELECT LAST_INSERT_ID()", lease.Connection, transaction);
                var id = Convert.ToInt64(lastId.ExecuteScalar());
                transaction.Commit();
                return id;
            }
        }
        """, equivalenceKey: GuardKey);

    [Fact]
    public Task Lock_around_the_use_keeps_await_outside_the_lock() => Verify.VerifyAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using MySqlConnector;

        public static class Audit
        {
            private static readonly object Gate = new object();
            private static MySqlConnection {|SC0001:_connection|} = new MySqlConnection("Server=db");

            public static async Task WriteAsync(string message, CancellationToken token)
            {
                await Task.Yield();
                lock (Gate)
                {
                    using var command = new MySqlCommand("INSERT INTO audit (message) VALUES (@m)", _connection);
                    command.Parameters.AddWithValue("@m", message);
                    command.ExecuteNonQuery();
                }

                await Task.Delay(10, token);
            }

            public static void Write(string message)
            {
                lock (Gate)
                {
                    new MySqlCommand("DO 1", _connection).ExecuteNonQuery();
                }
            }
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;
        using MySqlConnector;
        using StaleConn;

        public static class Audit
        {
            private static readonly object Gate = new object();
            private static ConnectionGuard<MySqlConnection> _connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));

            public static async Task WriteAsync(string message, CancellationToken token)
            {
                await Task.Yield();
                using (var lease = await _connection.AcquireAsync(token))
                {
                    lock (Gate)
                    {
                        using var command = new MySqlCommand("INSERT INTO audit (message) VALUES (@m)", lease.Connection);
                        command.Parameters.AddWithValue("@m", message);
                        command.ExecuteNonQuery();
                    }
                }

                await Task.Delay(10, token);
            }

            public static void Write(string message)
            {
                using var lease = _connection.Acquire();
                lock (Gate)
                {
                    new MySqlCommand("DO 1", lease.Connection).ExecuteNonQuery();
                }
            }
        }
        """, equivalenceKey: GuardKey);

    [Fact]
    public Task CSharp_7_3_gets_using_blocks_and_explicit_types() => Verify.VerifyAsync("""
        using System.Data;
        using MySql.Data.MySqlClient;

        namespace Legacy
        {
            public class Program
            {
                static IDbConnection {|SC0001:conn|} = new MySqlConnection("Server=db");

                static int Count()
                {
                    conn.Open();
                    try
                    {
                        var command = conn.CreateCommand();
                        command.CommandText = "SELECT COUNT(*) FROM jobs";
                        var count = (long)command.ExecuteScalar();
                        return (int)count;
                    }
                    finally
                    {
                        conn.Close();
                    }
                }
            }
        }
        """, """
        using System.Data;
        using MySql.Data.MySqlClient;
        using StaleConn;

        namespace Legacy
        {
            public class Program
            {
                static ConnectionGuard<MySqlConnection> conn = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));

                static int Count()
                {
                    using (var lease = conn.Acquire())
                    {
                        var command = lease.Connection.CreateCommand();
                        command.CommandText = "SELECT COUNT(*) FROM jobs";
                        var count = (long)command.ExecuteScalar();
                        return (int)count;
                    }
                }
            }
        }
        """, LanguageVersion.CSharp7_3);

    [Fact]
    public Task Lazy_connection_and_lazy_initialization_become_guards() => Verify.VerifyAsync("""
        using System;
        using MySqlConnector;

        public static class Holder
        {
            private static readonly Lazy<MySqlConnection> {|SC0001:Shared|} = new Lazy<MySqlConnection>(() => new MySqlConnection("Server=db"));
            private static MySqlConnection {|SC0001:_cached|};

            public static object Ping() => new MySqlCommand("SELECT 1", Shared.Value).ExecuteScalar();

            public static object Version()
            {
                _cached ??= new MySqlConnection("Server=db");
                return new MySqlCommand("SELECT VERSION()", _cached).ExecuteScalar();
            }
        }
        """, """
        using System;
        using MySqlConnector;
        using StaleConn;

        public static class Holder
        {
            private static readonly ConnectionGuard<MySqlConnection> Shared = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));
            private static ConnectionGuard<MySqlConnection> _cached;

            public static object Ping()
            {
                using var lease = Shared.Acquire();
                return new MySqlCommand("SELECT 1", lease.Connection).ExecuteScalar();
            }

            public static object Version()
            {
                _cached ??= new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));
                using var lease = _cached.Acquire();
                return new MySqlCommand("SELECT VERSION()", lease.Connection).ExecuteScalar();
            }
        }
        """, equivalenceKey: GuardKey);

    [Fact]
    public async Task Fix_all_rewrites_members_and_their_uses_across_files()
    {
        var test = new Verify.Test
        {
            CodeActionEquivalenceKey = GuardKey,
            TestState =
            {
                Sources =
                {
                    ("/0/Db.cs", """
                    using MySqlConnector;

                    public static class Db
                    {
                        public static MySqlConnection {|SC0001:Main|} = new MySqlConnection("Server=main");
                        public static MySqlConnection {|SC0001:Reports|} = new MySqlConnection("Server=reports");
                    }
                    """),
                    ("/0/Jobs.cs", """
                    using System.Threading;
                    using System.Threading.Tasks;
                    using MySqlConnector;

                    public static class Jobs
                    {
                        public static async Task RunAsync(CancellationToken ct)
                        {
                            // Each guard's lease ends where its last use does.
                            await new MySqlCommand("CALL cleanup()", Db.Main).ExecuteNonQueryAsync(ct);
                            await new MySqlCommand("CALL rollup()", Db.Reports).ExecuteNonQueryAsync(ct);
                        }

                        public static void Run() => new MySqlCommand("CALL cleanup()", Db.Main).ExecuteNonQuery();
                    }
                    """),
                },
            },
            FixedState =
            {
                Sources =
                {
                    ("/0/Db.cs", """
                    using MySqlConnector;
                    using StaleConn;

                    public static class Db
                    {
                        public static ConnectionGuard<MySqlConnection> Main = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=main"));
                        public static ConnectionGuard<MySqlConnection> Reports = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=reports"));
                    }
                    """),
                    ("/0/Jobs.cs", """
                    using System.Threading;
                    using System.Threading.Tasks;
                    using MySqlConnector;

                    public static class Jobs
                    {
                        public static async Task RunAsync(CancellationToken ct)
                        {
                            // Each guard's lease ends where its last use does.
                            using (var lease = await Db.Main.AcquireAsync(ct))
                            {
                                await new MySqlCommand("CALL cleanup()", lease.Connection).ExecuteNonQueryAsync(ct);
                            }
                            using var lease2 = await Db.Reports.AcquireAsync(ct);
                            await new MySqlCommand("CALL rollup()", lease2.Connection).ExecuteNonQueryAsync(ct);
                        }

                        public static void Run()
                        {
                            using var lease = Db.Main.Acquire();
                            new MySqlCommand("CALL cleanup()", lease.Connection).ExecuteNonQuery();
                        }
                    }
                    """),
                },
            },
        };

        await test.RunAsync();
    }

    [Fact]
    public Task Without_the_runtime_the_data_source_fix_comes_first() => Verify.VerifyActionAsync("""
        using MySqlConnector;

        public static class Database
        {
            private static MySqlConnection {|SC0001:_connection|} = new MySqlConnection("Server=db");

            public static object Ping()
            {
                _connection.Open();
                return new MySqlCommand("SELECT 1", _connection).ExecuteScalar();
            }
        }
        """, """
        using MySqlConnector;

        public static class Database
        {
            private static MySqlDataSource _connection = new MySqlDataSource("Server=db");

            public static object Ping()
            {
                using var connection = _connection.OpenConnection();
                return new MySqlCommand("SELECT 1", connection).ExecuteScalar();
            }
        }
        """, GuardWithConnectionGuardCodeFixProvider.RecommendedEquivalenceKey, withRuntime: false);

    [Fact]
    public Task Without_the_runtime_a_provider_without_a_data_source_gets_a_connection_factory() => Verify.VerifyActionAsync("""
        using MySql.Data.MySqlClient;

        public static class Database
        {
            private static MySqlConnection {|SC0001:_connection|} = new MySqlConnection("Server=db");

            public static long Count()
            {
                _connection.Open();
                var command = new MySqlCommand("SELECT COUNT(*) FROM items", _connection);
                var count = (long)command.ExecuteScalar();
                _connection.Close();
                return count;
            }
        }
        """, """
        using MySql.Data.MySqlClient;

        public static class Database
        {
            private static MySqlConnection OpenConnection()
            {
                var connection = new MySqlConnection("Server=db");
                try
                {
                    connection.Open();
                    return connection;
                }
                catch
                {
                    connection.Dispose();
                    throw;
                }
            }

            public static long Count()
            {
                using var connection = OpenConnection();
                var command = new MySqlCommand("SELECT COUNT(*) FROM items", connection);
                var count = (long)command.ExecuteScalar();
                return count;
            }
        }
        """, GuardWithConnectionGuardCodeFixProvider.RecommendedEquivalenceKey, withRuntime: false);

    [Fact]
    public Task No_fix_when_the_connection_escapes_or_is_passed_by_ref() => Verify.VerifyNoFixAsync("""
        using System.Data;
        using MySqlConnector;

        public static class Database
        {
            private static MySqlConnection {|SC0001:_returned|} = new MySqlConnection("Server=db");
            private static MySqlConnection {|SC0001:_byRef|} = new MySqlConnection("Server=db");
            private static IDbConnection {|SC0001:_unknown|};

            public static void Use(IDbConnection connection) => _unknown = connection;

            // Not an accessor the per-use fix could turn into a factory: it takes an argument.
            public static MySqlConnection Get(string reason) => _returned;

            public static void Reset() => Replace(ref _byRef);

            private static void Replace(ref MySqlConnection connection) => connection = new MySqlConnection("Server=db");
        }
        """);

    /// <summary>
    /// Declined until stop 41 (a fix edited one project). The fix now spans both projects; the consumer does not see
    /// StaleConn.Runtime, so the guard declines there (<c>CallerProjectLacksRuntime</c>) and the provider's data source
    /// comes first, the consumer's command given a connection of its own.
    /// </summary>
    [Fact]
    public async Task A_member_another_project_uses_is_fixed_in_both_projects()
    {
        var test = new Verify.Test
        {
            TestState =
            {
                Sources =
                {
                    """
                    using MySqlConnector;

                    public static class Database
                    {
                        public static MySqlConnection {|SC0001:Shared|} = new MySqlConnection("Server=db");
                    }
                    """,
                },
                AdditionalProjects =
                {
                    ["Consumer"] =
                    {
                        Sources =
                        {
                            """
                            public static class Consumer
                            {
                                public static object Ping() => new MySqlConnector.MySqlCommand("SELECT 1", Database.Shared).ExecuteScalar();
                            }
                            """,
                        },
                        AdditionalProjectReferences = { "TestProject" },
                    },
                },
            },
        };
        test.FixedState.Sources.Add("""
            using MySqlConnector;

            public static class Database
            {
                public static MySqlDataSource Shared = new MySqlDataSource("Server=db");
            }
            """);
        test.FixedState.AdditionalProjects["Consumer"].Sources.Add("""
            public static class Consumer
            {
                public static object Ping()
                {
                    using var connection = Database.Shared.OpenConnection();
                    return new MySqlConnector.MySqlCommand("SELECT 1", connection).ExecuteScalar();
                }
            }
            """);
        test.FixedState.AdditionalProjects["Consumer"].AdditionalProjectReferences.Add("TestProject");
        await test.RunAsync();
    }

    [Fact]
    public Task One_variable_of_a_multi_variable_declaration_moves_to_its_own_guard() => Verify.VerifyAsync("""
        using MySqlConnector;

        public static class Database
        {
            private static MySqlConnection {|SC0001:_main|} = new MySqlConnection("Server=main"), _audit;

            public static object Ping() => new MySqlCommand("SELECT 1", _main).ExecuteScalar();
        }
        """, """
        using MySqlConnector;
        using StaleConn;

        public static class Database
        {
            private static ConnectionGuard<MySqlConnection> _main = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=main"));
            private static MySqlConnection _audit;

            public static object Ping()
            {
                using var lease = _main.Acquire();
                return new MySqlCommand("SELECT 1", lease.Connection).ExecuteScalar();
            }
        }
        """, equivalenceKey: GuardKey);

    /// <summary>The lease takes the place of the Open inside the try, so the catch still sees a failed open.</summary>
    [Fact]
    public Task Open_in_try_and_close_in_finally_become_one_lease_inside_the_try() => Verify.VerifyAsync("""
        using System;
        using System.Collections.Generic;
        using MySqlConnector;

        public static class Names
        {
            public static MySqlConnection {|SC0001:conn|} = new MySqlConnection("Server=db");

            public static List<string> All()
            {
                var list = new List<string>();
                try
                {
                    conn.Open();
                    var cmd = new MySqlCommand("SELECT name FROM people", conn);
                    var reader = cmd.ExecuteReader();
                    while (reader.Read())
                        list.Add(reader.GetString(0));
                    reader.Close();
                }
                catch (MySqlException ex)
                {
                    Console.WriteLine(ex.Message);
                }
                finally
                {
                    conn.Close();
                }
                return list;
            }
        }
        """, """
        using System;
        using System.Collections.Generic;
        using MySqlConnector;
        using StaleConn;

        public static class Names
        {
            public static ConnectionGuard<MySqlConnection> conn = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));

            public static List<string> All()
            {
                var list = new List<string>();
                try
                {
                    using var lease = conn.Acquire();
                    var cmd = new MySqlCommand("SELECT name FROM people", lease.Connection);
                    var reader = cmd.ExecuteReader();
                    while (reader.Read())
                        list.Add(reader.GetString(0));
                    reader.Close();
                }
                catch (MySqlException ex)
                {
                    Console.WriteLine(ex.Message);
                }
                return list;
            }
        }
        """, equivalenceKey: GuardKey);

    /// <summary>
    /// The lease takes the first free name: a field of the class named <c>lease</c> (a DHCP server's lease time) is in
    /// scope (used only by another method), and the method already declares <c>lease2</c>; <c>lease3</c> is free. The names are asked about one at a
    /// time (lat30), so each kind of clash is checked here.
    /// </summary>
    [Fact]
    public Task Lease_name_skips_members_in_scope_and_names_the_method_declares() => Verify.VerifyAsync("""
        using System;
        using MySqlConnector;

        public static class Leases
        {
            private static readonly TimeSpan lease = TimeSpan.FromHours(8);
            private static readonly MySqlConnection {|SC0001:Connection|} = new MySqlConnection("Server=db");

            public static int Renew(string mac)
            {
                var lease2 = Until();
                Connection.Open();
                using var command = new MySqlCommand("UPDATE leases SET until = @until WHERE mac = @mac", Connection);
                command.Parameters.AddWithValue("@until", lease2);
                command.Parameters.AddWithValue("@mac", mac);
                return command.ExecuteNonQuery();
            }

            private static DateTime Until() => DateTime.UtcNow.Add(lease);
        }
        """, """
        using System;
        using MySqlConnector;
        using StaleConn;

        public static class Leases
        {
            private static readonly TimeSpan lease = TimeSpan.FromHours(8);
            private static readonly ConnectionGuard<MySqlConnection> Connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));

            public static int Renew(string mac)
            {
                var lease2 = Until();
                using var lease3 = Connection.Acquire();
                using var command = new MySqlCommand("UPDATE leases SET until = @until WHERE mac = @mac", lease3.Connection);
                command.Parameters.AddWithValue("@until", lease2);
                command.Parameters.AddWithValue("@mac", mac);
                return command.ExecuteNonQuery();
            }

            private static DateTime Until() => DateTime.UtcNow.Add(lease);
        }
        """, equivalenceKey: GuardKey);
}
