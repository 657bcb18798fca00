using Verify = StaleConn.Analyzers.Tests.FieldTests.AllRulesVerifier;

namespace StaleConn.Analyzers.Tests.FieldTests;

/// <summary>
/// Issue 15's precision side, from public repositories read in stop 25 (recall25), with every rule running: the classes
/// issue 15 names (a bot's <c>DBMgr</c>, a <c>Query</c> wrapper opening in its constructor) held by a static of a
/// long-lived program or created per use. Nothing may be reported: no connection in them outlives a unit of work.
/// </summary>
public class PerUseHoldersRealRepositoryTests
{
    [Fact]
    public Task Bot_static_manager_whose_connection_field_is_never_assigned_is_not_reported() => Verify.VerifyAsync(
        """
        // Real: Mehrbod-MK/ComputerTNB_ClassMgr_Bot (commit 336f736b42), ComputerTNB_ClassMgr_Bot/DBMgr.cs and Program.cs.
        // The Telegram bot's Program keeps one DBMgr in a static field for the life of the process, but DBMgr opens a
        // pooled connection per call (`using (var connection = new MySqlConnection(connectionString))`); its
        // `sql_Connection` field is a leftover nothing assigns, so it is always null and holds no session.
        using System.Threading.Tasks;
        using MySql.Data.MySqlClient;

        namespace ComputerTNB_ClassMgr_Bot
        {
            public class DBMgr
            {
                private string connectionString;

                private MySqlConnection sql_Connection;

                public DBMgr(string server, string database, string username, string password)
                {
                    connectionString = $"Server={server};Database={database};Uid={username};Pwd={password};";
                }

                public async Task<object> Get_User_Role(long chatID)
                {
                    using (var connection = new MySqlConnection(connectionString))
                    {
                        await connection.OpenAsync();
                        using var command = new MySqlCommand("SELECT role FROM users WHERE chat_id = @id", connection);
                        command.Parameters.AddWithValue("@id", chatID);
                        return await command.ExecuteScalarAsync();
                    }
                }
            }

            internal class Program
            {
                public static DBMgr db;

                private static async Task Main(string[] args)
                {
                    db = new DBMgr("localhost", "classmgr", "root", "secret");
                    while (true)
                    {
                        await db.Get_User_Role(42);
                        await Task.Delay(1000);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Wrapper_opening_in_its_constructor_created_per_use_by_forms_is_not_reported() => Verify.VerifyAsync(
        """
        // Real: pavel88800/April (commit 7f5f4c4f7a), NpgsqlWinFormsApp/DB/Query.cs and Form1.cs. Query opens its own
        // NpgsqlConnection in its constructor and keeps it in a field, but every user is a `using (var query = new
        // Query())` around one command, and Dispose closes it: the connection lives for one unit of work.
        using System;
        using System.Data;
        using Npgsql;

        namespace NpgsqlWinFormsApp.DB
        {
            internal class Query : IDisposable
            {
                private NpgsqlCommand _command;
                private NpgsqlConnection _npgSqlConnection;

                public Query()
                {
                    OpenConnection();
                }

                public void Dispose()
                {
                    CloseConnection();
                    _command = null;
                    _npgSqlConnection = null;
                }

                public int ExecuteNonQuery(string script)
                {
                    _command = new NpgsqlCommand(script, _npgSqlConnection);
                    return _command.ExecuteNonQuery();
                }

                private bool OpenConnection()
                {
                    _npgSqlConnection = new NpgsqlConnection("Server=localhost;Port=5432;Database=TestDB;Pooling=false");
                    _npgSqlConnection.Open();
                    return true;
                }

                private bool CloseConnection()
                {
                    _npgSqlConnection.Close();
                    return true;
                }
            }

            public class Form1
            {
                public void OnLoad()
                {
                    using (var query = new Query())
                    {
                        query.ExecuteNonQuery("SELECT 1");
                    }
                }

                public void OnSave()
                {
                    using (var query = new Query())
                    {
                        query.ExecuteNonQuery("UPDATE t SET x = 1");
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Singleton_connection_opened_and_closed_around_each_repository_operation_is_not_reported() => Verify.VerifyAsync(
        """
        // Real: VitorSiqueirr/avaliacao-tecnica-visualsoft (commit 3f5aa63), Connection/SingletonDB.cs,
        // Services/DatabaseService.cs, Repositories/FornecedorRepository.cs. The Lazy singleton keeps one MySqlConnection
        // for the process, but never opens it: DatabaseService forwards it and opens or closes it on request, and every
        // repository operation runs `try { OpenConnection(); ... } finally { CloseConnection(); }` through the
        // interface. Between operations it is closed, so the pool hands each Open() a checked session: nothing goes stale
        // (SC0002 reported it before stop 25).
        using System;
        using MySql.Data.MySqlClient;

        namespace avaliacao_tecnica_visualsoft
        {
            public sealed class SingletonDB
            {
                private static readonly string strConnection = "server=127.0.0.1;port=3306;database=avaliacao-tecnica;uid=root;pwd=secret;";
                private readonly MySqlConnection connection = new MySqlConnection(strConnection);

                private SingletonDB() { }

                private static readonly Lazy<SingletonDB> instance = new Lazy<SingletonDB>(() => new SingletonDB());

                public static SingletonDB Instance
                {
                    get
                    {
                        return instance.Value;
                    }
                }

                public MySqlConnection Connection
                {
                    get
                    {
                        return connection;
                    }
                }
            }
        }

        namespace avaliacao_tecnica_visualsoft.Services
        {
            public interface IDatabaseService
            {
                MySqlConnection Connection { get; }

                void OpenConnection();

                void CloseConnection();

                MySqlTransaction BeginTransaction();
            }

            public class DatabaseService : IDatabaseService
            {
                private readonly SingletonDB bd = SingletonDB.Instance;

                public MySqlConnection Connection => bd.Connection;

                public void OpenConnection()
                {
                    if (Connection.State != System.Data.ConnectionState.Open)
                    {
                        Connection.Open();
                    }
                }

                public void CloseConnection()
                {
                    if (Connection.State != System.Data.ConnectionState.Closed)
                    {
                        Connection.Close();
                    }
                }

                public MySqlTransaction BeginTransaction()
                {
                    return Connection.BeginTransaction();
                }
            }
        }

        namespace avaliacao_tecnica_visualsoft.Repositories
        {
            using avaliacao_tecnica_visualsoft.Services;

            public class FornecedorRepository
            {
                private readonly IDatabaseService _databaseService;

                public FornecedorRepository(IDatabaseService databaseService)
                {
                    _databaseService = databaseService ?? throw new ArgumentNullException(nameof(databaseService));
                }

                public int InserirFornecedor(string cnpj, string razaoSocial)
                {
                    int fornecedorId = 0;
                    try
                    {
                        _databaseService.OpenConnection();
                        using (var transaction = _databaseService.BeginTransaction())
                        {
                            try
                            {
                                using (var cmd = new MySqlCommand("INSERT INTO fornecedor (cnpj, razao_social) VALUES (@cnpj, @razao); SELECT LAST_INSERT_ID();", _databaseService.Connection, transaction))
                                {
                                    cmd.Parameters.AddWithValue("@cnpj", cnpj);
                                    cmd.Parameters.AddWithValue("@razao", razaoSocial);
                                    fornecedorId = Convert.ToInt32(cmd.ExecuteScalar());
                                }

                                transaction.Commit();
                            }
                            catch (Exception ex)
                            {
                                transaction.Rollback();
                                throw new Exception("Erro ao inserir fornecedor: " + ex.Message, ex);
                            }
                        }
                    }
                    finally
                    {
                        _databaseService.CloseConnection();
                    }

                    return fornecedorId;
                }

                public int ContarFornecedores()
                {
                    try
                    {
                        _databaseService.OpenConnection();
                        using (var cmd = new MySqlCommand("SELECT COUNT(*) FROM fornecedor", _databaseService.Connection))
                        {
                            return Convert.ToInt32(cmd.ExecuteScalar());
                        }
                    }
                    finally
                    {
                        _databaseService.CloseConnection();
                    }
                }
            }
        }
        """);
}
