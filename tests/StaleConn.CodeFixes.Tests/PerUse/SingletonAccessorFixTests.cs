using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.LongLivedServiceConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// A static accessor that makes the holder's one instance and hands out that instance's connection (issue 14's shape
/// 1 through a private singleton).
/// </summary>
public class SingletonAccessorFixTests
{
    /// <summary>
    /// M3list/FoodTgBot@HEAD, ConsoleApp1/DB/Connection/DbConnector.cs and DB/Table/TableTypesDishes.cs: the static
    /// accessor makes the holder's one instance (private constructor) and returns that instance's connection; a table
    /// class copies it in its constructor. The accessor keeps making the instance and hands out a new connection per
    /// call; the copy goes and its unit of work takes its own connection.
    /// </summary>
    [Fact]
    public Task An_accessor_through_a_private_singleton_becomes_a_factory_and_the_copy_goes() => Verify.VerifyAsync(
        """
        using System.Collections.Generic;
        using Npgsql;

        public class DbConnector
        {
            private static DbConnector _connector = null;

            private const string _connectionString = "Host=db;Username=bot;Database=food";

            private NpgsqlConnection {|SC0002:_connection|};

            private DbConnector()
            {
                _connection = new NpgsqlConnection(_connectionString);
                _connection.Open();
            }

            public static NpgsqlConnection GetConnection()
            {
                if (_connector == null)
                {
                    _connector = new DbConnector();
                }

                return _connector._connection;
            }
        }

        public class TableTypesDishes
        {
            private NpgsqlConnection _connection;

            public TableTypesDishes()
            {
                _connection = DbConnector.GetConnection();
            }

            public List<string> SelectAllTypesDishes()
            {
                List<string> typesDishes = new List<string>();
                string sqlRequest = "SELECT * FROM type_dishes";
                NpgsqlCommand command = new NpgsqlCommand(sqlRequest, _connection);
                NpgsqlDataReader dataReader = command.ExecuteReader();
                while (dataReader.Read())
                {
                    typesDishes.Add(dataReader.GetString(dataReader.GetOrdinal("name")));
                }

                return typesDishes;
            }
        }
        """,
        """
        using System.Collections.Generic;
        using Npgsql;

        public class DbConnector
        {
            private static DbConnector _connector = null;

            private const string _connectionString = "Host=db;Username=bot;Database=food";

            private DbConnector()
            {
            }

            public static NpgsqlConnection GetConnection()
            {
                if (_connector == null)
                {
                    _connector = new DbConnector();
                }

                var connection = new NpgsqlConnection(_connectionString);
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

        public class TableTypesDishes
        {
            public TableTypesDishes()
            {
            }

            public List<string> SelectAllTypesDishes()
            {
                List<string> typesDishes = new List<string>();
                string sqlRequest = "SELECT * FROM type_dishes";
                using (var connection = DbConnector.GetConnection())
                {
                    NpgsqlCommand command = new NpgsqlCommand(sqlRequest, connection);
                    NpgsqlDataReader dataReader = command.ExecuteReader();
                    while (dataReader.Read())
                    {
                        typesDishes.Add(dataReader.GetString(dataReader.GetOrdinal("name")));
                    }
                }

                return typesDishes;
            }
        }
        """);

    /// <summary>
    /// The same accessor over a type others can construct (a public constructor): other instances keep connections of
    /// their own, so the accessor's singleton is not the holder's only connection — no accessor, no fix.
    /// </summary>
    [Fact]
    public Task An_accessor_through_a_singleton_of_a_type_others_construct_declines() => Verify.VerifyNoFixAsync(
        """
        using Npgsql;

        public class DbConnector
        {
            private static DbConnector _connector = null;

            private NpgsqlConnection {|SC0002:_connection|};

            public DbConnector()
            {
                _connection = new NpgsqlConnection("Host=db;Database=food");
                _connection.Open();
            }

            public static NpgsqlConnection GetConnection()
            {
                if (_connector == null)
                {
                    _connector = new DbConnector();
                }

                return _connector._connection;
            }
        }

        public static class Dishes
        {
            public static long Count()
            {
                var command = new NpgsqlCommand("SELECT COUNT(*) FROM dishes", DbConnector.GetConnection());
                return (long)command.ExecuteScalar();
            }
        }
        """);
}
