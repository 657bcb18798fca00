using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using StaleConn.CodeFixes.Tests.Corpus;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.HeldByLongLivedOwnerAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;
using VerifySingleton = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.LongLivedServiceConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// Commands built once at construction over the kept connection and run by each method with new parameter values
/// (CommandBuiltOnce until stop 34): the build loses its connection and each function that uses the command binds it
/// to its unit's connection (<c>command.Connection = lease.Connection;</c>) before its first use. The command object,
/// its text, type, declared parameters and the values they keep stay the author's.
/// </summary>
public class KeptCommandRebindFixTests
{
    /// <summary>
    /// vladzvx/test@44648e509992 DataBaseWorker/DBWorker.cs: about 40 <c>NpgsqlCommand</c> fields built in the
    /// constructor with <c>ReadConnention.CreateCommand()</c>, stored procedures whose parameters are declared once and
    /// set by name under a lock in each method; the worker is kept by the Telegram bot. Two commands, in minimal form.
    /// </summary>
    [Fact]
    public Task Commands_created_from_the_connection_in_the_constructor_are_bound_to_each_lease() => Verify.VerifyAsync("""
        using Npgsql;

        public class DBWorker
        {
            public object ReadLocker = new object();
            NpgsqlConnection {|SC0007:ReadConnention|};
            NpgsqlCommand _get_bot_id;
            NpgsqlCommand _set_group;

            public DBWorker(string connectionString)
            {
                this.ReadConnention = new NpgsqlConnection(connectionString);
                this._get_bot_id = ReadConnention.CreateCommand();
                this._get_bot_id.CommandType = System.Data.CommandType.StoredProcedure;
                this._get_bot_id.CommandText = "get_bot_id";
                this._get_bot_id.Parameters.Add(new NpgsqlParameter("bot_token", NpgsqlTypes.NpgsqlDbType.Text));

                this._set_group = ReadConnention.CreateCommand();
                this._set_group.CommandText = "update public.chats set user_group=@_user_group where chat_id=@_chat_id;";
                this._set_group.Parameters.Add("_chat_id", NpgsqlTypes.NpgsqlDbType.Bigint);
                this._set_group.Parameters.Add("_user_group", NpgsqlTypes.NpgsqlDbType.Text);
            }

            public int get_bot_id(string bot_token)
            {
                int result = 0;
                lock (ReadLocker)
                {
                    this._get_bot_id.Parameters["bot_token"].Value = bot_token;
                    using (NpgsqlDataReader reader = _get_bot_id.ExecuteReader())
                    {
                        while (reader.Read())
                        {
                            result = reader.GetInt32(0);
                        }
                    }
                }
                return result;
            }

            public void set_group(long chat_id, string group_name)
            {
                lock (ReadLocker)
                {
                    _set_group.Parameters["_chat_id"].Value = chat_id;
                    _set_group.Parameters["_user_group"].Value = group_name;
                    _set_group.ExecuteNonQuery();
                }
            }

            public void Connect()
            {
                ReadConnention.Open();
            }
        }

        public class GroupBot
        {
            private readonly DBWorker _worker = new DBWorker("Host=db");

            public void OnStart() => _worker.Connect();

            public void OnGroup(long chat, string group) => _worker.set_group(chat, group);
        }
        """, """
        using Npgsql;
        using StaleConn;

        public class DBWorker
        {
            public object ReadLocker = new object();
            ConnectionGuard<NpgsqlConnection> ReadConnention;
            NpgsqlCommand _get_bot_id;
            NpgsqlCommand _set_group;

            public DBWorker(string connectionString)
            {
                this.ReadConnention = new ConnectionGuard<NpgsqlConnection>(() => new NpgsqlConnection(connectionString));
                this._get_bot_id = new NpgsqlCommand();
                this._get_bot_id.CommandType = System.Data.CommandType.StoredProcedure;
                this._get_bot_id.CommandText = "get_bot_id";
                this._get_bot_id.Parameters.Add(new NpgsqlParameter("bot_token", NpgsqlTypes.NpgsqlDbType.Text));

                this._set_group = new NpgsqlCommand();
                this._set_group.CommandText = "update public.chats set user_group=@_user_group where chat_id=@_chat_id;";
                this._set_group.Parameters.Add("_chat_id", NpgsqlTypes.NpgsqlDbType.Bigint);
                this._set_group.Parameters.Add("_user_group", NpgsqlTypes.NpgsqlDbType.Text);
            }

            public int get_bot_id(string bot_token)
            {
                int result = 0;
                using (var lease = ReadConnention.Acquire())
                {
                    lock (ReadLocker)
                    {
                        this._get_bot_id.Connection = lease.Connection;
                        this._get_bot_id.Parameters["bot_token"].Value = bot_token;
                        using (NpgsqlDataReader reader = _get_bot_id.ExecuteReader())
                        {
                            while (reader.Read())
                            {
                                result = reader.GetInt32(0);
                            }
                        }
                    }
                }
                return result;
            }

            public void set_group(long chat_id, string group_name)
            {
                using var lease = ReadConnention.Acquire();
                lock (ReadLocker)
                {
                    _set_group.Connection = lease.Connection;
                    _set_group.Parameters["_chat_id"].Value = chat_id;
                    _set_group.Parameters["_user_group"].Value = group_name;
                    _set_group.ExecuteNonQuery();
                }
            }

            public void Connect()
            {
            }
        }

        public class GroupBot
        {
            private readonly DBWorker _worker = new DBWorker("Host=db");

            public void OnStart() => _worker.Connect();

            public void OnGroup(long chat, string group) => _worker.set_group(chat, group);
        }
        """);

    /// <summary>
    /// Danushe4ka/Cursavaya-4sem-@a656e669380f DBObjectsClassLibrary/Utility/DBConnectionManager.cs and
    /// DataAccess/CommonManager.cs, UsersManager.cs: a singleton's connection that an abstract manager copies into its
    /// private field and binds one command to in its constructor (<c>new NpgsqlCommand { Connection = _connection, ... }</c>);
    /// the derived managers set the text and parameters and run it. The first fix opens a connection per use from the
    /// singleton's accessor; the private copy becomes protected so the derived managers can bind the command to it.
    /// </summary>
    [Fact]
    public Task A_command_bound_in_a_base_constructor_initializer_is_bound_in_the_derived_methods() => VerifySingleton.VerifyAsync(new[]
    {
        """
        using Npgsql;

        public class DBConnectionManager
        {
            static readonly DBConnectionManager instance = new DBConnectionManager();
            readonly NpgsqlConnection {|SC0002:_connection|};

            DBConnectionManager()
            {
                _connection = new NpgsqlConnection("Host=db;Database=theatre");
                _connection.Open();
            }

            public static DBConnectionManager GetInstance { get => instance; }

            public NpgsqlConnection Connection { get { return _connection; } }
        }
        """,
        """
        using Npgsql;

        public abstract class CommonManager
        {
            readonly NpgsqlConnection _connection;
            protected NpgsqlCommand _command;

            public CommonManager()
            {
                _connection = DBConnectionManager.GetInstance.Connection;
                _command = new NpgsqlCommand
                {
                    Connection = _connection,
                    CommandType = System.Data.CommandType.Text
                };
            }
        }

        public class UsersManager : CommonManager
        {
            public int Delete(string login)
            {
                _command.Parameters.Clear();
                _command.CommandText = "DELETE FROM users WHERE login = @login";
                _command.Parameters.AddWithValue("@login", login);
                return _command.ExecuteNonQuery();
            }
        }
        """,
    }, new[]
    {
        """
        using Npgsql;

        public class DBConnectionManager
        {
            static readonly DBConnectionManager instance = new DBConnectionManager();

            DBConnectionManager()
            {
            }

            public static DBConnectionManager GetInstance { get => instance; }

            public NpgsqlConnection Connection
            {
                get
                {
                    var connection = new NpgsqlConnection("Host=db;Database=theatre");
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
            }
        }
        """,
        """
        using Npgsql;

        public abstract class CommonManager
        {
            protected NpgsqlCommand _command;

            public CommonManager()
            {
                _command = new NpgsqlCommand
                {
                    CommandType = System.Data.CommandType.Text
                };
            }
        }

        public class UsersManager : CommonManager
        {
            public int Delete(string login)
            {
                using var connection = DBConnectionManager.GetInstance.Connection;
                _command.Connection = connection;
                _command.Parameters.Clear();
                _command.CommandText = "DELETE FROM users WHERE login = @login";
                _command.Parameters.AddWithValue("@login", login);
                return _command.ExecuteNonQuery();
            }
        }
        """,
    });

    /// <summary>
    /// GadiHerman/Basic_DBL_test_class11_NET8 Basic_DBL_test_class11/DB.cs: a base class builds the command over its
    /// connection once and the derived table classes run it; here both static (as LibraryDbSim's
    /// <c>DatabaseConnection</c>: <c>public static MySqlCommand cmd = new MySqlCommand("", conn);</c>, index gave no
    /// repository name) and the connection private to the base. The derived class's binding needs the connection, which
    /// becomes protected. Applied through the provider as the first-fix bench applies it.
    /// </summary>
    [Fact]
    public async Task A_private_connection_a_derived_class_binds_to_becomes_protected()
    {
        var shape = new HolderShape("derived binding", "GadiHerman/Basic_DBL_test_class11_NET8 Basic_DBL_test_class11/DB.cs", new[]
        {
            """
            using MySqlConnector;

            public class DB
            {
                private static MySqlConnection conn;
                protected static MySqlCommand cmd;

                static DB()
                {
                    conn = new MySqlConnection("Server=db;Database=mystore");
                    conn.Open();
                    cmd = new MySqlCommand("", conn);
                }
            }

            public class ProductsDB : DB
            {
                public static long Count(string category)
                {
                    cmd.Parameters.Clear();
                    cmd.CommandText = "SELECT COUNT(*) FROM products WHERE category = @c";
                    cmd.Parameters.AddWithValue("@c", category);
                    return (long)cmd.ExecuteScalar();
                }
            }
            """,
        });
        var project = HolderShapeCorpusTests.CreateProject(shape, await HolderShapeCorpusTests.ReferencesAsync());
        var finding = Assert.Single(await HolderShapeCorpusTests.FindingsAsync(project, (await project.GetCompilationAsync())!));
        var actions = new List<CodeAction>();
        await new GuardWithConnectionGuardCodeFixProvider().RegisterCodeFixesAsync(
            new CodeFixContext(project.GetDocument(finding.Location.SourceTree)!, finding, (action, _) => actions.Add(action), CancellationToken.None));
        var guard = Assert.Single(actions, a => a.EquivalenceKey == GuardWithConnectionGuardCodeFixProvider.EquivalenceKey);
        var applied = (await guard.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single().ChangedSolution;

        var text = (await applied.GetDocument(project.GetDocument(finding.Location.SourceTree)!.Id)!.GetTextAsync()).ToString();
        Assert.Equal("""
            using MySqlConnector;
            using StaleConn;

            public class DB
            {
                protected static ConnectionGuard<MySqlConnection> conn;
                protected static MySqlCommand cmd;

                static DB()
                {
                    conn = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db;Database=mystore"));
                    cmd = new MySqlCommand("");
                }
            }

            public class ProductsDB : DB
            {
                public static long Count(string category)
                {
                    using var lease = conn.Acquire();
                    cmd.Connection = lease.Connection;
                    cmd.Parameters.Clear();
                    cmd.CommandText = "SELECT COUNT(*) FROM products WHERE category = @c";
                    cmd.Parameters.AddWithValue("@c", category);
                    return (long)cmd.ExecuteScalar();
                }
            }
            """.ReplaceLineEndings(), text.ReplaceLineEndings().TrimEnd());
    }
}
