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
