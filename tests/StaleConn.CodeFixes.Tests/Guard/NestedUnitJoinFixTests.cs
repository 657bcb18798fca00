namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// Units of work that call one another while they hold the connection, as public code has them: the guard fix makes
/// each unit acquire with <c>AcquireOrJoin</c>, so the callee runs on the caller's lease (one session) and the fixed
/// code compiles. Each case is cut down from the repository cited beside it.
/// </summary>
public class NestedUnitJoinFixTests
{
    /// <summary>
    /// Swaelo/mmo-server-old@e178558c9a6f, Data/Database.cs and Data/CharactersDatabase.cs (field29): a static
    /// <c>Database.Connection</c> opened at start-up and used by every table class; a save checks a name with its
    /// sibling method between building its command and running it. (The original also runs <c>USE gamedatabase</c> at
    /// start-up; a replacement connection would not, see the report of stop 32.)
    /// </summary>
    [Fact]
    public async Task A_static_DAO_that_checks_with_its_sibling_before_it_writes_joins_the_lease()
    {
        const string database = """
            using MySqlConnector;

            public static class Database
            {
                public static MySqlConnection Connection;

                public static void InitializeDatabase(string ip)
                {
                    Connection = new MySqlConnection("Server=" + ip + ";User ID=root;Database=gamedatabase");
                    Connection.Open();
                }
            }
            """;
        const string characters = """
            using System;
            using MySqlConnector;

            public static class CharactersDatabase
            {
                public static bool IsCharacterNameAvailable(string name)
                {
                    MySqlCommand command = new MySqlCommand("SELECT COUNT(*) FROM characters WHERE CharacterName=@n", Database.Connection);
                    command.Parameters.AddWithValue("@n", name);
                    return Convert.ToInt32(command.ExecuteScalar()) == 0;
                }

                public static bool SaveNewCharacter(string account, string name)
                {
                    MySqlCommand command = new MySqlCommand("INSERT INTO characters (OwnerAccountName, CharacterName) VALUES (@a, @n)", Database.Connection);
                    command.Parameters.AddWithValue("@a", account);
                    command.Parameters.AddWithValue("@n", name);
                    if (!IsCharacterNameAvailable(name))
                        return false;
                    command.ExecuteNonQuery();
                    return true;
                }
            }
            """;

        var (notFixed, fixedText) = await UnitCallerChainTests.GuardAsync(database, characters);

        Assert.Empty(notFixed);
        Assert.Contains("Database.Connection.AcquireOrJoin()", fixedText, StringComparison.Ordinal);
        Assert.DoesNotContain("Connection.Acquire()", fixedText, StringComparison.Ordinal);
    }

    /// <summary>
    /// sagarpatil1211/MongoDB_DotNetCore@b81d034e7b18, Infrastructure/Main/RefGenerator.cs over DataAccessUtils (rand31):
    /// the next reference number is bumped, read back through the sibling that reads the current one, then recorded —
    /// in between, on the same connection.
    /// </summary>
    [Fact]
    public async Task A_number_generator_that_reads_back_through_its_sibling_joins_the_lease()
    {
        const string generator = """
            using System;
            using MySqlConnector;

            public static class RefGenerator
            {
                private static readonly MySqlConnection cnn = new MySqlConnection("Server=db;Database=erp");

                public static long NextNumber(string series)
                {
                    var cmd = cnn.CreateCommand();
                    cmd.CommandText = "UPDATE series SET last = last + 1 WHERE name = @s";
                    cmd.Parameters.AddWithValue("@s", series);
                    cmd.ExecuteNonQuery();
                    var number = CurrentNumber(series);
                    cmd.CommandText = "INSERT INTO issued (series, number) VALUES (@s, " + number + ")";
                    cmd.ExecuteNonQuery();
                    return number;
                }

                public static long CurrentNumber(string series)
                {
                    var cmd = cnn.CreateCommand();
                    cmd.CommandText = "SELECT last FROM series WHERE name = @s";
                    cmd.Parameters.AddWithValue("@s", series);
                    return Convert.ToInt64(cmd.ExecuteScalar());
                }
            }
            """;

        var (notFixed, fixedText) = await UnitCallerChainTests.GuardAsync(generator);

        Assert.Empty(notFixed);
        Assert.Equal(2, fixedText.Split("cnn.AcquireOrJoin()").Length - 1);
    }

    /// <summary>
    /// gabriellimoni/DW2_IFSP@54f90477e80b, InventarioIFSP/Database/InventarioDAO.cs (apps30), made async: a consolidation
    /// inserts the inventory and, still on the connection, inserts each item through its own DAO method.
    /// </summary>
    [Fact]
    public async Task Async_units_that_await_their_sibling_join_with_AcquireOrJoinAsync()
    {
        const string dao = """
            using System;
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Npgsql;

            public static class InventarioDAO
            {
                private static readonly NpgsqlConnection dbConn = new NpgsqlConnection("Host=db;Database=inventario");

                public static async Task<bool> CreateAsync(int semestre, List<int> itens)
                {
                    var command = new NpgsqlCommand("INSERT INTO Inventario(semestre) VALUES (@s) RETURNING id", dbConn);
                    command.Parameters.AddWithValue("@s", semestre);
                    var id = Convert.ToInt32(await command.ExecuteScalarAsync());
                    foreach (var item in itens)
                    {
                        if (!await InsereItemInventarioAsync(item, id))
                            return false;
                    }

                    command.Dispose();
                    return true;
                }

                public static async Task<bool> InsereItemInventarioAsync(int item, int inventario)
                {
                    var command = new NpgsqlCommand("INSERT INTO ItemInventario(item, inventario) VALUES (@i, @n)", dbConn);
                    command.Parameters.AddWithValue("@i", item);
                    command.Parameters.AddWithValue("@n", inventario);
                    return await command.ExecuteNonQueryAsync() == 1;
                }
            }
            """;

        var (notFixed, fixedText) = await UnitCallerChainTests.GuardAsync(dao);

        Assert.Empty(notFixed);
        Assert.Equal(2, fixedText.Split("dbConn.AcquireOrJoinAsync()").Length - 1);
        Assert.DoesNotContain("AcquireAsync()", fixedText, StringComparison.Ordinal);
    }
}
