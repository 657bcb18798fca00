using Verify = StaleConn.Analyzers.Tests.FieldTests.AllRulesVerifier;

namespace StaleConn.Analyzers.Tests.FieldTests;

/// <summary>
/// A static typed as an interface or abstract class keeps whatever its type creates into it: SC0001 follows the
/// creation to the project's class and reports the static through that class's connection field. No creation in the
/// type (a factory call, an assignment from elsewhere) or a created class that keeps no connection adds nothing.
/// </summary>
public class HeldThroughAbstractStaticTests
{
    [Fact]
    public Task Interface_typed_static_created_in_the_static_constructor_is_reported_through_the_created_class() => Verify.VerifyAsync(
        """
        // Real: mensatt/scraper d118385, MensattScraper/DatabaseSupport/DatabaseMapping.cs, IDatabaseWrapper.cs and
        // NpgsqlDatabaseWrapper.cs (the static constructor creates the wrapper, which opens its connection in
        // ConnectAndPrepare and keeps it in a field; the static keeps the wrapper for the life of the scraper).
        using System;
        using System.Collections.Generic;
        using Npgsql;

        namespace MensattScraper.DatabaseSupport
        {
            public interface IDatabaseWrapper
            {
                void ConnectAndPrepare();
                List<string> ExecuteSelectTagAllCommand();
            }

            public class NpgsqlDatabaseWrapper : IDatabaseWrapper
            {
                private readonly NpgsqlConnection _databaseConnection;
                private readonly NpgsqlCommand _selectTagAllCommand = new("SELECT tag FROM tag");

                public NpgsqlDatabaseWrapper(string connectionString)
                {
                    _databaseConnection = new(connectionString);
                    _selectTagAllCommand.Connection = _databaseConnection;
                }

                public void ConnectAndPrepare()
                {
                    _databaseConnection.Open();
                    _selectTagAllCommand.Prepare();
                }

                public List<string> ExecuteSelectTagAllCommand()
                {
                    var tags = new List<string>();
                    using var reader = _selectTagAllCommand.ExecuteReader();
                    while (reader.Read())
                    {
                        tags.Add(reader.GetString(0));
                    }

                    return tags;
                }
            }

            public static class DatabaseMapping
            {
                private static List<string> _tags;
                private static readonly IDatabaseWrapper? {|SC0001:DatabaseWrapper|};

                static DatabaseMapping()
                {
                    try
                    {
                        DatabaseWrapper = new NpgsqlDatabaseWrapper(Environment.GetEnvironmentVariable("MENSATT_SCRAPER_DB"));
                        DatabaseWrapper.ConnectAndPrepare();
                        _tags = DatabaseWrapper.ExecuteSelectTagAllCommand();
                    }
                    catch (NpgsqlException)
                    {
                        DatabaseWrapper = null;
                        _tags = new List<string>();
                    }
                }

                public static bool IsTagValid(string tag) => _tags.Contains(tag);
            }
        }
        """);

    [Fact]
    public Task Abstract_typed_static_property_with_an_initializer_is_reported() => Verify.VerifyAsync(
        """
        using MySqlConnector;

        public abstract class Store
        {
            public abstract object Count(string table);
        }

        public sealed class MySqlStore : Store
        {
            private readonly MySqlConnection _connection;

            public MySqlStore(string connectionString)
            {
                _connection = new MySqlConnection(connectionString);
                _connection.Open();
            }

            public override object Count(string table) => new MySqlCommand("SELECT COUNT(*) FROM " + table, _connection).ExecuteScalar();
        }

        public static class Stores
        {
            public static Store {|SC0001:Main|} { get; } = new MySqlStore("Server=db");
        }
        """);

    [Fact]
    public Task Interface_typed_static_whose_created_class_opens_per_call_is_silent() => Verify.VerifyAsync(
        """
        using MySqlConnector;

        public interface IUserStore
        {
            object Count();
        }

        public sealed class MySqlUserStore : IUserStore
        {
            private readonly string _connectionString;

            public MySqlUserStore(string connectionString) => _connectionString = connectionString;

            public object Count()
            {
                using var connection = new MySqlConnection(_connectionString);
                connection.Open();
                return new MySqlCommand("SELECT COUNT(*) FROM users", connection).ExecuteScalar();
            }
        }

        public static class Users
        {
            private static readonly IUserStore Store = new MySqlUserStore("Server=db");

            public static object Count() => Store.Count();
        }
        """);

    [Fact]
    public Task Interface_typed_static_given_by_a_factory_is_silent() => Verify.VerifyAsync(
        """
        using MySqlConnector;

        public interface IUserStore
        {
            object Count();
        }

        public sealed class MySqlUserStore : IUserStore
        {
            private readonly MySqlConnection _connection;

            public MySqlUserStore(MySqlConnection connection) => _connection = connection;

            public object Count() => new MySqlCommand("SELECT COUNT(*) FROM users", _connection).ExecuteScalar();
        }

        public static class Users
        {
            // Which class the factory returns is not read from a static's own code: no report without a creation here.
            private static IUserStore Store;

            public static void Use(System.Func<IUserStore> factory) => Store = factory();

            public static object Count() => Store.Count();
        }
        """);
}
