namespace StaleConn.CodeFixes.Tests.Corpus;

/// <summary>
/// A held connection disposed by <c>using (member) { ... }</c> around each unit of work and opened again by the next
/// (field29's BotOfIdiots/BotOfIdiots, a Discord bot's singleton). The code search shows the statement around a held
/// <c>_connection</c> in services and helpers whose repositories it did not name: they are cited by the search's file id
/// and written on MySqlConnector, kept by a static as a bot or a game server keeps them.
/// </summary>
internal static partial class HolderShapes
{
    public static IReadOnlyList<HolderShape> DisposingUsings { get; } = DisposingUsingHolders().ToList();

    private static IEnumerable<HolderShape> DisposingUsingHolders()
    {
        yield return new HolderShape(
            "Singleton DatabaseService whose ExecuteNonQuery disposes its connection with using (SqlConnection) and whose CheckConnection pings and reopens it",
            "BotOfIdiots/BotOfIdiots@8253edf86529: Database/DatabaseService.cs (settings reduced to a string), Database/DBOperations.cs (one insert in minimal form)",
            new[]
            {
                """
                using System;
                using MySqlConnector;

                namespace DiscordBot.Database
                {
                    public class DatabaseService
                    {
                        public readonly MySqlConnection SqlConnection;

                        public DatabaseService(string connectionString)
                        {
                            SqlConnection = new MySqlConnection(connectionString);
                            CheckConnection();
                        }

                        public int ExecuteNonQuery(string query, params MySqlParameter[] parameters)
                        {
                            CheckConnection();
                            try
                            {
                                using (SqlConnection)
                                {
                                    using (MySqlCommand cmd = SqlConnection.CreateCommand())
                                    {
                                        cmd.CommandText = query;
                                        cmd.Parameters.AddRange(parameters);

                                        int returnVal = cmd.ExecuteNonQuery();
                                        return returnVal;
                                    }
                                }
                            }
                            catch (Exception e)
                            {
                                Console.WriteLine(e);
                                SqlConnection.Close();
                                return -1;
                            }
                        }

                        public void CheckConnection()
                        {
                            if (!SqlConnection.Ping())
                            {
                                try
                                {
                                    SqlConnection.Open();
                                }
                                catch (Exception e)
                                {
                                    Console.WriteLine(e);
                                }
                            }
                        }
                    }
                }
                """,
                """
                using MySqlConnector;

                namespace DiscordBot.Database
                {
                    public static class DbOperations
                    {
                        private static readonly DatabaseService DatabaseService = new DatabaseService("Server=db;Database=bot");

                        public static bool InsertUser(ulong userId)
                        {
                            int result = DatabaseService.ExecuteNonQuery("INSERT INTO users (Snowflake) VALUES (@Snowflake)", new MySqlParameter("@Snowflake", userId));
                            return result == 1;
                        }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "Service field disposed by using (_connection) around OpenAsync and a reader, the service kept in a static",
            "code-search file id 17010797638 (an Npgsql PersonService: using (_connection) { await _connection.OpenAsync(); ... ExecuteReaderAsync }), on MySqlConnector; the static keeper in minimal form",
            new[]
            {
                """
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using MySqlConnector;

                public class PersonService
                {
                    private readonly MySqlConnection _connection;

                    public PersonService(string connectionString)
                    {
                        _connection = new MySqlConnection(connectionString);
                    }

                    public async Task<List<string>> GetPersonInfo()
                    {
                        var personInfoList = new List<string>();
                        string query = "select name from persons";
                        using (_connection)
                        {
                            await _connection.OpenAsync();
                            var command = new MySqlCommand(query, _connection);
                            var reader = await command.ExecuteReaderAsync();
                            while (await reader.ReadAsync())
                            {
                                personInfoList.Add(reader.GetString(0));
                            }
                        }

                        return personInfoList;
                    }
                }

                public static class Services
                {
                    public static readonly PersonService People = new PersonService("Server=db;Database=people");
                }
                """,
            });

        yield return new HolderShape(
            "Helper whose constructor builds the connection and each method wraps Open, a command and its reader in using (_connection)",
            "code-search file ids 39651010258 and 19781216248 (bagoloot's ListHelper and ChildRegister on SQLite: using (_connection) { _connection.Open(); ... }), on MySqlConnector; the static keeper in minimal form",
            new[]
            {
                """
                using System;
                using System.Collections.Generic;
                using MySqlConnector;

                public class ChildRegister
                {
                    private readonly string _connectionString = "Server=db;Database=bagoloot";
                    private readonly MySqlConnection _connection;

                    public ChildRegister()
                    {
                        _connection = new MySqlConnection(_connectionString);
                    }

                    public List<string> GetChildren()
                    {
                        var children = new List<string>();
                        using (_connection)
                        {
                            _connection.Open();
                            MySqlCommand dbcmd = _connection.CreateCommand();
                            dbcmd.CommandText = "select id, name from child";
                            using (MySqlDataReader dr = dbcmd.ExecuteReader())
                            {
                                while (dr.Read())
                                {
                                    children.Add(dr[1].ToString());
                                }
                            }
                        }

                        return children;
                    }

                    public bool AddChild(string child)
                    {
                        using (_connection)
                        {
                            _connection.Open();
                            MySqlCommand dbcmd = _connection.CreateCommand();
                            dbcmd.CommandText = "insert into child values (null, @name, 0)";
                            dbcmd.Parameters.AddWithValue("@name", child);
                            return dbcmd.ExecuteNonQuery() == 1;
                        }
                    }
                }

                public static class Program
                {
                    public static readonly ChildRegister Register = new ChildRegister();

                    public static void Main()
                    {
                        Register.AddChild("Ann");
                        Console.WriteLine(string.Join(", ", Register.GetChildren()));
                    }
                }
                """,
            });

        yield return new HolderShape(
            "Dapper repository disposing its connection with using (_connection) around ExecuteAsync, kept in a static",
            "code-search file id 14877926923 (a CATEGORIA repository's DeleteAsync: using (_connection) { await _connection.ExecuteAsync(command); }), on MySqlConnector; the constructor and the static keeper in minimal form",
            new[]
            {
                """
                using System;
                using System.Threading;
                using System.Threading.Tasks;
                using Dapper;
                using MySqlConnector;

                public class CategoriaRepository
                {
                    private readonly MySqlConnection _connection;

                    public CategoriaRepository(string connectionString)
                    {
                        _connection = new MySqlConnection(connectionString);
                    }

                    public async Task<int> DeleteAsync(int id, CancellationToken cancellationToken = default)
                    {
                        try
                        {
                            object parameters = new { idParam = id };
                            var sql = "DELETE FROM categoria WHERE ID = @idParam";
                            using (_connection)
                            {
                                CommandDefinition command = new(sql, parameters, cancellationToken: cancellationToken);
                                var affectedRows = await _connection.ExecuteAsync(command);

                                return affectedRows;
                            }
                        }
                        catch (Exception)
                        {
                            return 0;
                        }
                    }
                }

                public static class Repositories
                {
                    public static readonly CategoriaRepository Categorias = new CategoriaRepository("Server=db;Database=shop");
                }
                """,
            });
    }
}
