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
        // BotOfIdiots' singleton itself (its CheckConnection logs a failed open, the guard's lease would sit outside that
        // catch) declines since stop 36: DisposingUsingFixTests.A_bots_singleton_whose_check_logs_a_failed_open_declines_the_guard.
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
