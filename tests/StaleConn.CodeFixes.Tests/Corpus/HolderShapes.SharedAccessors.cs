using Microsoft.CodeAnalysis.CSharp;

namespace StaleConn.CodeFixes.Tests.Corpus;

/// <summary>
/// Issue 14's shape 1: a lazy <c>GetInstance()</c>/<c>GetConnection()</c> accessor of a static holder that many callers in
/// many files reach (commands handed to data adapters, readers, callers that open and close around each use).
/// </summary>
internal static partial class HolderShapes
{
    private static IEnumerable<HolderShape> SharedAccessorHolders()
    {
        yield return new HolderShape(
            "Static accessor that makes the holder's private singleton and returns its connection, copied by a table class's constructor",
            "M3list/FoodTgBot: ConsoleApp1/DB/Connection/DbConnector.cs, ConsoleApp1/DB/Table/TableTypesDishes.cs",
            new[]
            {
                """
        using System.Collections.Generic;
        using Npgsql;

        public class DbConnector
        {
            private static DbConnector _connector = null;

            private const string _connectionString = "Host=db;Username=bot;Database=food";

            private NpgsqlConnection _connection;

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
            });
    }
}
