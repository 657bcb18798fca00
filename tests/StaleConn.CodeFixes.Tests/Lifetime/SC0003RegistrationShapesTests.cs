using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.SingletonRegistrationAnalyzer,
    StaleConn.CodeFixes.ScopedRegistrationCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Lifetime;

/// <summary>
/// SC0003 registrations of the di31 breadth set (ASP.NET Core APIs and workers that register one connection for the
/// application): a connection built in a top-level statement.
/// </summary>
public class SC0003RegistrationShapesTests
{
    /// <summary>
    /// Paulo-Fernando-R/projectHealth@e0ad0f1769133509aa483e104fe703564c9d9703, backend/API/Program.cs: a top-level
    /// <c>IDbConnection db = new MySqlConnection(cs);</c> then <c>AddSingleton&lt;IDbConnection&gt;(db)</c>, consumed by
    /// transient repositories with captured primary-constructor parameters. The local's statement goes with its
    /// top-level wrapper (the fix threw <c>ArgumentNullException</c> removing the statement alone).
    /// </summary>
    [Fact]
    public Task Connection_local_of_a_top_level_program_moves_into_a_scoped_factory() => Verify.VerifyConsoleAppAsync("""
        using System.Data;
        using Microsoft.Extensions.DependencyInjection;
        using MySqlConnector;

        var services = new ServiceCollection();
        var connectionString = System.Environment.GetEnvironmentVariable("MYSQL") ?? "Server=db";
        IDbConnection db = new MySqlConnection(connectionString);

        // Add services to the container.
        services.{|SC0003:AddSingleton<IDbConnection>(db)|};
        services.AddTransient<CityRepository>();

        public sealed class CityRepository(IDbConnection connection)
        {
            private readonly IDbConnection connection = connection;

            public string Database => connection.Database;
        }
        """, """
        using System.Data;
        using Microsoft.Extensions.DependencyInjection;
        using MySqlConnector;

        var services = new ServiceCollection();
        var connectionString = System.Environment.GetEnvironmentVariable("MYSQL") ?? "Server=db";

        // Add services to the container.
        services.AddScoped<IDbConnection>(_ => new MySqlConnection(connectionString));
        services.AddTransient<CityRepository>();

        public sealed class CityRepository(IDbConnection connection)
        {
            private readonly IDbConnection connection = connection;

            public string Database => connection.Database;
        }
        """);
}
