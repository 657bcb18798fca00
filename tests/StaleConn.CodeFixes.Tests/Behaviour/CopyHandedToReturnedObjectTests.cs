using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Corpus;
using StaleConn.CodeFixes.Tests.Infrastructure;

namespace StaleConn.CodeFixes.Tests.Behaviour;

/// <summary>
/// A local copy of the holder's connection handed to an object the function returns (<c>var connection =
/// ConexionSingleton.Instancia(cs).ObtenerConexion(); return new UserRepository(connection);</c>): the caller keeps the
/// repository, and the repository keeps the connection in its field. Before, the per-use fixes wrote <c>using var
/// connection = ...</c> there, so every repository the factory built held a connection disposed before the caller got
/// it; the bench counted it as a working fix (fresh41). The factory fix (the data source fix does not rewrite
/// an accessor's callers: <see cref="NoFixReason.ReachedThroughHelper"/>) declines with
/// <see cref="NoFixReason.ConnectionReturned"/>: the connection leaves the unit of work inside the returned object.
/// </summary>
/// <remarks>
/// Juanfrxz/CampusLoveV2@03b30f1194fad037b42b3ff7d017fe2b33402a7f: Infrastructure/Mysql/ConexionSingleton.cs (the
/// singleton that opens once and keeps) and Infrastructure/Mysql/MySqlFactory.cs (the factory methods returning
/// repositories built over the copy); hdvalen/CampusLove@2301a470b6d24227cca345cb122f2e6f0cada041 has the same pair.
/// </remarks>
public class CopyHandedToReturnedObjectTests
{
    // https://github.com/Juanfrxz/CampusLoveV2/blob/03b30f1194fad037b42b3ff7d017fe2b33402a7f/Infrastructure/Mysql/ConexionSingleton.cs
    private const string Singleton = """
        using MySql.Data.MySqlClient;

        public class ConexionSingleton
        {
            private static ConexionSingleton? _instancia;
            private readonly string _connectionString;
            private MySqlConnection? _conexion;

            private ConexionSingleton(string connectionString)
            {
                _connectionString = connectionString;
            }

            public static ConexionSingleton Instancia(string connectionString)
            {
                _instancia ??= new ConexionSingleton(connectionString);
                return _instancia;
            }

            public MySqlConnection ObtenerConexion()
            {
                _conexion ??= new MySqlConnection(_connectionString);

                if (_conexion.State != System.Data.ConnectionState.Open)
                    _conexion.Open();

                return _conexion;
            }
        }
        """;

    private const string Repository = """
        using MySql.Data.MySqlClient;

        public class UserRepository
        {
            private readonly MySqlConnection _connection;

            public UserRepository(MySqlConnection connection)
            {
                _connection = connection;
            }

            public long Count() => (long)new MySqlCommand("SELECT count(*) FROM users", _connection).ExecuteScalar();
        }
        """;

    // https://github.com/Juanfrxz/CampusLoveV2/blob/03b30f1194fad037b42b3ff7d017fe2b33402a7f/Infrastructure/Mysql/MySqlFactory.cs
    private static string Factory(string body) => $$"""
        public class MySqlDbFactory
        {
            private readonly string _connectionString;

            public MySqlDbFactory(string connectionString)
            {
                _connectionString = connectionString;
            }

            {{body}}
        }
        """;

    [Fact]
    public async Task A_copy_handed_to_a_returned_object_declines()
    {
        var reasons = await SingletonReasonsAsync(Factory("""
            public UserRepository CreateUserRepository()
            {
                var connection = ConexionSingleton.Instancia(_connectionString).ObtenerConexion();
                return new UserRepository(connection);
            }
            """));

        Assert.Equal(NoFixReason.ConnectionReturned, Assert.Single(reasons));
    }

    [Fact]
    public async Task A_copy_handed_to_an_object_returned_by_an_arrow_declines()
    {
        var reasons = await SingletonReasonsAsync(Factory("""
            public UserRepository CreateUserRepository(MySql.Data.MySqlClient.MySqlConnection unused) =>
                new UserRepository(ConexionSingleton.Instancia(_connectionString).ObtenerConexion());
            """));

        Assert.Equal(NoFixReason.ConnectionReturned, Assert.Single(reasons));
    }

    [Fact]
    public async Task A_copy_handed_to_an_object_used_and_dropped_is_fixed()
    {
        var reasons = await SingletonReasonsAsync(Factory("""
            public long CountUsers()
            {
                var connection = ConexionSingleton.Instancia(_connectionString).ObtenerConexion();
                return new UserRepository(connection).Count();
            }
            """));

        Assert.Empty(reasons);
    }

    private static async Task<IReadOnlyList<NoFixReason>> SingletonReasonsAsync(string factory) =>
        (await ShapeFixRuns.FixEachAsync(
            new HolderShape("copy handed to a returned repository", "Juanfrxz/CampusLoveV2", new[] { Singleton, Repository, factory }, LanguageVersion.CSharp12),
            FixMode.ConnectionFactory,
            which: finding => finding.Location.SourceTree!.ToString().Contains("class ConexionSingleton", StringComparison.Ordinal))).NotFixed;
}
