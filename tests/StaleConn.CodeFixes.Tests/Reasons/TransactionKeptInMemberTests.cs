using StaleConn.CodeFixes.Guarding.Planning;

namespace StaleConn.CodeFixes.Tests.Reasons;

/// <summary>
/// A transaction begun on the connection in one call and kept in a field that later calls use (to enlist commands,
/// commit, roll back): it spans units of work, so the guard's lease and a connection per call would both end it between
/// the calls. Every fix declines with <see cref="NoFixReason.TransactionKeptInMember"/> (before: the guard and data source
/// said <c>BuiltOnEveryOpen</c>, the factory <c>ReaderOutlivesConnection</c> or <c>DisposedWhileLeased</c>).
/// </summary>
public class TransactionKeptInMemberTests
{
    /// <summary>
    /// K4ryuu/K4-System, src/Plugin/PluginDatabase.cs (issues32): a lazy singleton's <c>InitializeAsync</c> builds and
    /// opens the connection once; <c>BeginTransactionAsync</c> stores the transaction, <c>ExecuteNonQueryAsync</c> enlists
    /// each command in it and <c>CommitTransactionAsync</c> commits it. Cut down.
    /// </summary>
    private const string K4System = """
        using System;
        using System.Data;
        using System.Threading.Tasks;
        using MySqlConnector;

        public sealed class Database
        {
            private static readonly Lazy<Database> instance = new Lazy<Database>(() => new Database());
            public static Database Instance => instance.Value;

            private MySqlConnection? connection;
            private MySqlTransaction? transaction;

            private Database() { }

            public async Task InitializeAsync(string connectionString)
            {
                if (connection != null && connection.State != ConnectionState.Closed)
                {
                    await connection.CloseAsync();
                }

                connection = new MySqlConnection(connectionString);
                await connection.OpenAsync();
            }

            public async Task BeginTransactionAsync()
            {
                if (connection == null || connection.State != ConnectionState.Open)
                    throw new InvalidOperationException("The database connection has not been initialized or is not open.");

                transaction = await connection.BeginTransactionAsync();
            }

            public async Task CommitTransactionAsync()
            {
                if (transaction == null)
                    throw new InvalidOperationException("No transaction to commit.");

                await transaction.CommitAsync();
                transaction = null;
            }

            public async Task ExecuteNonQueryAsync(string query, params MySqlParameter[] parameters)
            {
                if (connection == null || connection.State != ConnectionState.Open)
                    throw new InvalidOperationException("Database has not been initialized or is not open.");

                using (var command = new MySqlCommand(query, connection, transaction))
                {
                    command.Parameters.AddRange(parameters);
                    await command.ExecuteNonQueryAsync();
                }
            }
        }
        """;

    /// <summary>
    /// sagarpatil1211/MongoDB_DotNetCore, MongoDB_DotNetCore/Infrastructure/Main/DataAccessUtils.cs (rand31):
    /// <c>BeginTransaction()</c> keeps <c>trs</c>, <c>CreateCommand()</c> enlists every command in it,
    /// <c>CommitTransaction()</c> commits it. Cut down (its hand-made re-entrant open token left out).
    /// </summary>
    private const string DataAccessUtils = """
        using System.Data.Common;
        using MySqlConnector;

        public static class SessionController
        {
            public static DataAccessUtils DAU { get; private set; } = new DataAccessUtils();
        }

        public class DataAccessUtils
        {
            private DbConnection cnn = new MySqlConnection("Server=db;Database=erp");
            private DbTransaction trs = null;

            public bool IsInTransaction { get; private set; } = false;

            public DbCommand CreateCommand()
            {
                var result = cnn.CreateCommand();
                result.Transaction = trs;
                return result;
            }

            public void OpenConnection()
            {
                cnn.Open();
            }

            public void CloseConnection()
            {
                cnn.Close();
            }

            public void BeginTransaction()
            {
                if (IsInTransaction) return;
                trs = cnn.BeginTransaction();
                IsInTransaction = true;
            }

            public void CommitTransaction()
            {
                if (!IsInTransaction) return;
                trs.Commit();
                IsInTransaction = false;
            }
        }
        """;

    [Theory]
    [InlineData(nameof(K4System), "Guard")]
    [InlineData(nameof(K4System), "DataSource")]
    [InlineData(nameof(K4System), "ConnectionFactory")]
    [InlineData(nameof(DataAccessUtils), "Guard")]
    [InlineData(nameof(DataAccessUtils), "DataSource")]
    [InlineData(nameof(DataAccessUtils), "ConnectionFactory")]
    public async Task A_transaction_kept_in_a_field_for_later_calls_declines(string shape, string mode)
    {
        var source = shape == nameof(K4System) ? K4System : DataAccessUtils;

        Assert.Equal(new[] { NoFixReason.TransactionKeptInMember }, await ReasonsAsync(source, Enum.Parse<FixMode>(mode)));
    }

    /// <summary>
    /// EpicFrog2000/WARS_Koduktor_Reader_Backup, DbManager.cs (fresh36): <c>GetConnection()</c> opens the static through
    /// <c>OpenConnection()</c> and returns it; the nested <c>Transaction_Manager</c> keeps
    /// <c>CurrentTransaction = GetConnection().BeginTransaction()</c>, and every reader's command is built on
    /// <c>GetConnection()</c> with <c>CurrentTransaction</c>. Cut down (the semaphore and timing left out).
    /// </summary>
    private const string ThroughStaticAccessor = """
        using System;
        using System.Data.SqlClient;

        public static class DbManager
        {
            public static string Connection_String = "Server=db;Database=koduktor";
            private static SqlConnection? Dbconnection = null;
            private static readonly object Blokada = new();

            private static void Init_Connection()
            {
                if (Dbconnection != null)
                {
                    return;
                }

                lock (Blokada)
                {
                    Dbconnection = new SqlConnection(Connection_String);
                }
            }

            public static void OpenConnection()
            {
                Init_Connection();
                if (Dbconnection!.State != System.Data.ConnectionState.Open)
                {
                    Dbconnection.Open();
                }
            }

            public static void CloseConnection()
            {
                if (Dbconnection != null && Dbconnection.State != System.Data.ConnectionState.Closed)
                {
                    Dbconnection.Close();
                }
            }

            public static SqlConnection GetConnection()
            {
                OpenConnection();
                return Dbconnection!;
            }

            public static class Transaction_Manager
            {
                public static SqlTransaction? CurrentTransaction = null;

                public static void Create_Transaction()
                {
                    CurrentTransaction = GetConnection().BeginTransaction();
                }

                public static void Commit_Transaction()
                {
                    CurrentTransaction!.Commit();
                    CurrentTransaction = null;
                }
            }
        }

        public static class Relacja
        {
            public static int Count(string query)
            {
                using SqlCommand command = new(query, DbManager.GetConnection(), DbManager.Transaction_Manager.CurrentTransaction);
                return (int)command.ExecuteScalar();
            }
        }
        """;

    /// <summary>
    /// A DAO helper of the public code index (<c>find_string "Transaction = GetConnection().BeginTransaction()"</c>:
    /// namespace <c>DAO.Connections</c>, class <c>Connection</c>): a lazy static <c>GetConnection()</c> that opens on
    /// first use, <c>GetTransaction()</c> storing <c>_transaction = GetConnection().BeginTransaction()</c>, and
    /// <c>GetCommand(sql)</c> handing out <c>new SqlCommand(sql, GetConnection(), _transaction)</c>; <c>Commit()</c> commits
    /// and forgets both. Cut down (its log call left out).
    /// </summary>
    private const string ThroughLazyAccessor = """
        using System.Data.SqlClient;

        public class Connection
        {
            private static SqlConnection _connection = null;
            private static SqlTransaction _transaction = null;

            public static SqlConnection GetConnection()
            {
                if (_connection == null)
                {
                    _connection = new SqlConnection("Server=db;Database=sga");
                    _connection.Open();
                }
                return _connection;
            }

            public static SqlCommand GetCommand(string sql)
            {
                return new SqlCommand(sql, GetConnection(), _transaction);
            }

            public static void GetTransaction()
            {
                _transaction = GetConnection().BeginTransaction();
            }

            public static void Commit()
            {
                _transaction.Commit();
                _connection.Close();
                _connection = null;
                _transaction = null;
            }
        }
        """;

    /// <summary>
    /// A worker's <c>DataContext</c> of the public code index (namespace <c>Idempotency.Worker.Repositories</c>):
    /// <c>GetConnection()</c> builds the instance's connection with <c>??=</c> and opens it, <c>BeginTransaction()</c>
    /// keeps <c>_transaction = GetConnection().BeginTransaction()</c>, and <c>GetTransaction()</c>, <c>Commit()</c>,
    /// <c>Rollback()</c> use it later. Held by a hosted service here so that the finding is reported. Cut down.
    /// </summary>
    private const string ThroughInstanceAccessor = """
        using System.Data;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using Npgsql;

        public class DataContext
        {
            private IDbConnection? _connection;
            private IDbTransaction? _transaction;

            public IDbConnection GetConnection()
            {
                _connection ??= new NpgsqlConnection("Host=db;Database=orders");
                if (_connection.State != ConnectionState.Open)
                    _connection.Open();
                return _connection;
            }

            public IDbTransaction? GetTransaction() => _transaction;

            public IDbTransaction BeginTransaction()
            {
                if (_transaction == null)
                {
                    _transaction = GetConnection().BeginTransaction();
                }
                return _transaction;
            }

            public void Commit()
            {
                _transaction?.Commit();
                _transaction = null;
            }
        }

        public class Worker : BackgroundService
        {
            private static readonly DataContext Context = new DataContext();

            protected override Task ExecuteAsync(CancellationToken stoppingToken)
            {
                Context.BeginTransaction();
                using var command = Context.GetConnection().CreateCommand();
                command.Transaction = Context.GetTransaction();
                command.CommandText = "UPDATE orders SET done = true";
                command.ExecuteNonQuery();
                Context.Commit();
                return Task.CompletedTask;
            }
        }
        """;

    [Theory]
    [InlineData(nameof(ThroughStaticAccessor), "Guard")]
    [InlineData(nameof(ThroughStaticAccessor), "DataSource")]
    [InlineData(nameof(ThroughStaticAccessor), "ConnectionFactory")]
    [InlineData(nameof(ThroughLazyAccessor), "Guard")]
    [InlineData(nameof(ThroughLazyAccessor), "DataSource")]
    [InlineData(nameof(ThroughLazyAccessor), "ConnectionFactory")]
    [InlineData(nameof(ThroughInstanceAccessor), "Guard")]
    [InlineData(nameof(ThroughInstanceAccessor), "DataSource")]
    [InlineData(nameof(ThroughInstanceAccessor), "ConnectionFactory")]
    public async Task A_transaction_begun_through_an_accessor_and_kept_for_later_calls_declines(string shape, string mode)
    {
        var source = shape switch
        {
            nameof(ThroughStaticAccessor) => ThroughStaticAccessor,
            nameof(ThroughLazyAccessor) => ThroughLazyAccessor,
            _ => ThroughInstanceAccessor,
        };

        Assert.Equal(new[] { NoFixReason.TransactionKeptInMember }, await ReasonsAsync(source, Enum.Parse<FixMode>(mode)));
    }

    /// <summary>
    /// A transaction begun through the accessor but kept in a local of one unit (<c>using var transaction =
    /// Db.GetConnection().BeginTransaction();</c>) stays in that unit: not this reason.
    /// </summary>
    [Fact]
    public async Task A_transaction_begun_through_an_accessor_into_a_local_is_not_kept()
    {
        const string local = """
            using System.Data.SqlClient;

            public static class Db
            {
                private static SqlConnection _connection;

                public static SqlConnection GetConnection()
                {
                    if (_connection == null)
                    {
                        _connection = new SqlConnection("Server=db;Database=shop");
                        _connection.Open();
                    }
                    return _connection;
                }
            }

            public class Orders
            {
                public void Close(int id)
                {
                    using var transaction = Db.GetConnection().BeginTransaction();
                    using var command = new SqlCommand("UPDATE orders SET closed = 1 WHERE id = @id", Db.GetConnection(), transaction);
                    command.Parameters.AddWithValue("@id", id);
                    command.ExecuteNonQuery();
                    transaction.Commit();
                }
            }
            """;

        Assert.DoesNotContain(NoFixReason.TransactionKeptInMember, await ReasonsAsync(local, FixMode.ConnectionFactory));
    }

    /// <summary>A transaction kept in a field but begun, used and committed in one method stays in its unit: not this reason.</summary>
    [Fact]
    public async Task A_transaction_field_used_only_where_it_is_begun_is_planned_as_before()
    {
        const string oneMethod = """
            using System;
            using System.Threading.Tasks;
            using MySqlConnector;

            public sealed class Database
            {
                private static readonly Lazy<Database> instance = new Lazy<Database>(() => new Database());
                public static Database Instance => instance.Value;

                private readonly MySqlConnection connection = new MySqlConnection("Server=db;Database=game");
                private MySqlTransaction? transaction;

                private Database() { }

                public async Task ExecuteInTransactionAsync(string query)
                {
                    await connection.OpenAsync();
                    transaction = await connection.BeginTransactionAsync();
                    using (var command = new MySqlCommand(query, connection, transaction))
                    {
                        await command.ExecuteNonQueryAsync();
                    }

                    await transaction.CommitAsync();
                    await connection.CloseAsync();
                }
            }
            """;

        Assert.DoesNotContain(NoFixReason.TransactionKeptInMember, await ReasonsAsync(oneMethod, FixMode.Guard));
    }

    private static Task<IReadOnlyList<NoFixReason>> ReasonsAsync(string source, FixMode mode) =>
        Behaviour.BuiltAndClosedPerMessageTests.ReasonsAsync(source, mode);
}
