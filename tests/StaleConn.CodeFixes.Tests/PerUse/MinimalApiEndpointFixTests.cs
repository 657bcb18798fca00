using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.ConnectionAcrossWaitingLoopAnalyzer,
    StaleConn.CodeFixes.PooledConnectionPerUseCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// SC0004 on a minimal-API program: one connection opened by the top-level statements and captured by the endpoint
/// lambdas is shared by every request at once. The fix opens a pooled connection per request inside each endpoint.
/// Real programs open one connection at the top of Program.cs next to the web app: roji/Test Program.cs
/// (<c>await using var conn = new NpgsqlConnection(...); await conn.OpenAsync();</c> at the top level),
/// NileshGupta2001/DotNetStudy Try1/Program.cs (<c>using var connection = new MySqlConnection(...)</c> opened before
/// <c>builder.Build()</c>), m638-hue/TerniumAPI API/Program.cs (an opened <c>SqlConnection</c> around the whole app);
/// the per-request shape the fix writes is honkliu/Galileo api/app/Product.cs.
/// </summary>
public class MinimalApiEndpointFixTests
{
    /// <summary>ASP.NET Core is not referenced by the tests: its endpoint extensions are declared with their real names.</summary>
    internal const string AspNetCoreStandIn = """

        namespace Microsoft.AspNetCore.Builder
        {
            public interface IEndpointRouteBuilder { }
            public sealed class WebApplication : IEndpointRouteBuilder
            {
                public static WebApplication Create(string[]? args = null) => new WebApplication();
                public void Run() { }
            }
            public static class EndpointRouteBuilderExtensions
            {
                public static object MapGet(this IEndpointRouteBuilder endpoints, string pattern, System.Delegate handler) => handler;
                public static object MapPost(this IEndpointRouteBuilder endpoints, string pattern, System.Delegate handler) => handler;
                public static object MapDelete(this IEndpointRouteBuilder endpoints, string pattern, System.Delegate handler) => handler;
            }
        }
        """;

    [Fact]
    public Task Every_endpoint_opens_its_own_connection() => Verify.VerifyConsoleAppAsync("""
        using System;
        using Dapper;
        using Microsoft.AspNetCore.Builder;
        using Npgsql;

        var app = WebApplication.Create(args);
        var cs = Environment.GetEnvironmentVariable("DB");
        var {|SC0004:conn|} = new NpgsqlConnection(cs);
        conn.Open();

        app.MapGet("/orders", () => conn.Query<int>("SELECT id FROM orders"));
        app.MapPost("/orders", (int id) =>
        {
            Console.WriteLine("new order " + id);
            conn.Execute("INSERT INTO orders (id) VALUES (@id)", new { id });
            return id;
        });
        app.MapDelete("/orders/{id}", (int id) =>
        {
            conn.Execute("DELETE FROM orders WHERE id = @id", new { id });
        });
        app.MapGet("/health", () => "ok");

        app.Run();
        """ + AspNetCoreStandIn, """
        using System;
        using Dapper;
        using Microsoft.AspNetCore.Builder;
        using Npgsql;

        var app = WebApplication.Create(args);
        var cs = Environment.GetEnvironmentVariable("DB");

        app.MapGet("/orders", () =>
        {
            using var conn = new NpgsqlConnection(cs);
            conn.Open();
            return conn.Query<int>("SELECT id FROM orders");
        });
        app.MapPost("/orders", (int id) =>
        {
            Console.WriteLine("new order " + id);
            using (var conn = new NpgsqlConnection(cs))
            {
                conn.Open();
                conn.Execute("INSERT INTO orders (id) VALUES (@id)", new { id });
            }
            return id;
        });
        app.MapDelete("/orders/{id}", (int id) =>
        {
            using var conn = new NpgsqlConnection(cs);
            conn.Open();
            conn.Execute("DELETE FROM orders WHERE id = @id", new { id });
        });
        app.MapGet("/health", () => "ok");

        app.Run();
        """ + AspNetCoreStandIn);

    [Fact]
    public Task Async_endpoints_of_an_await_using_connection_open_asynchronously() => Verify.VerifyConsoleAppAsync("""
        using System;
        using System.Threading;
        using Dapper;
        using Microsoft.AspNetCore.Builder;
        using MySqlConnector;

        var app = WebApplication.Create(args);
        await using var {|SC0004:connection|} = new MySqlConnection(Environment.GetEnvironmentVariable("DB"));
        await connection.OpenAsync();

        app.MapGet("/users/{id}", async (int id, CancellationToken ct) =>
            await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition("SELECT name FROM users WHERE id = @id", new { id }, cancellationToken: ct)));
        app.MapPost("/users", async (string name) =>
        {
            var id = await connection.ExecuteScalarAsync<long>("INSERT INTO users (name) VALUES (@name); SELECT LAST_INSERT_ID();", new { name });
            return id;
        });

        app.Run();
        """ + AspNetCoreStandIn, """
        using System;
        using System.Threading;
        using Dapper;
        using Microsoft.AspNetCore.Builder;
        using MySqlConnector;

        var app = WebApplication.Create(args);

        app.MapGet("/users/{id}", async (int id, CancellationToken ct) =>
        {
            using var connection = new MySqlConnection(Environment.GetEnvironmentVariable("DB"));
            await connection.OpenAsync(ct);
            return await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition("SELECT name FROM users WHERE id = @id", new { id }, cancellationToken: ct));
        });
        app.MapPost("/users", async (string name) =>
        {
            using var connection = new MySqlConnection(Environment.GetEnvironmentVariable("DB"));
            await connection.OpenAsync();
            var id = await connection.ExecuteScalarAsync<long>("INSERT INTO users (name) VALUES (@name); SELECT LAST_INSERT_ID();", new { name });
            return id;
        });

        app.Run();
        """ + AspNetCoreStandIn);

    [Fact]
    public Task Two_connections_of_two_endpoint_groups_are_fixed_together() => Verify.VerifyConsoleAppAsync("""
        using System.Data.SqlClient;
        using Dapper;
        using Microsoft.AspNetCore.Builder;
        using Npgsql;

        var app = WebApplication.Create(args);
        var {|SC0004:reports|} = new SqlConnection("Server=reports");
        reports.Open();
        var {|SC0004:orders|} = new NpgsqlConnection("Host=orders");
        orders.Open();

        app.MapGet("/reports", () => reports.Query<string>("SELECT name FROM reports"));
        app.MapGet("/orders", () => orders.Query<int>("SELECT id FROM orders"));

        app.Run();
        """ + AspNetCoreStandIn, """
        using System.Data.SqlClient;
        using Dapper;
        using Microsoft.AspNetCore.Builder;
        using Npgsql;

        var app = WebApplication.Create(args);

        app.MapGet("/reports", () =>
        {
            using var reports = new SqlConnection("Server=reports");
            reports.Open();
            return reports.Query<string>("SELECT name FROM reports");
        });
        app.MapGet("/orders", () =>
        {
            using var orders = new NpgsqlConnection("Host=orders");
            orders.Open();
            return orders.Query<int>("SELECT id FROM orders");
        });

        app.Run();
        """ + AspNetCoreStandIn);
}
