using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace StaleConn.Analyzers.Tests.Infrastructure;

/// <summary>
/// The snippets' references must be complete on a machine's first run. The test library's own resolver, used before,
/// left out System.Data.SqlClient's assembly whenever it downloaded that package (CS1069 on the first run with an empty
/// cache), and two test assemblies filling its shared cache at once lost Dapper and Npgsql (CS0246).
/// </summary>
public class TestReferencesTests
{
    [Fact]
    public void A_snippet_using_every_provider_and_package_compiles()
    {
        const string source = """
            using System.Data;
            using System.Threading;
            using System.Threading.Tasks;
            using Autofac;
            using Dapper;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            public sealed class Worker : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    using var mysql = new MySqlConnector.MySqlConnection("Server=db");
                    await mysql.ExecuteAsync("SELECT 1");
                    using var oracleMySql = new MySql.Data.MySqlClient.MySqlConnection("Server=db");
                    using var npgsql = Npgsql.NpgsqlDataSource.Create("Host=db");
                    using var sql = new System.Data.SqlClient.SqlConnection("Server=db");
                    using var adapter = new System.Data.SqlClient.SqlDataAdapter(new System.Data.SqlClient.SqlCommand("SELECT 1", sql));
                    using var sqlite = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
                    IDbConnection connection = sqlite;
                    _ = connection.Query<int>("SELECT 1");
                }
            }

            public sealed class Registrations : Module
            {
                protected override void Load(ContainerBuilder builder) => builder.RegisterInstance(new object());

                public static void Add(IServiceCollection services) => services.AddHostedService<Worker>();
            }
            """;
        var compilation = CSharpCompilation.Create(
            "Snippet",
            new[] { CSharpSyntaxTree.ParseText(source) },
            TestReferences.Net80WithProviders,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();

        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    [Fact]
    public async Task The_test_harness_resolves_no_package_of_its_own()
    {
        var resolvedByHarness = await TestHarness.NoPackages.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);

        Assert.Empty(resolvedByHarness);
        Assert.DoesNotContain(TestReferences.Net80WithProviders, reference =>
            reference.Display!.StartsWith(Path.Combine(Path.GetTempPath(), "test-packages"), StringComparison.Ordinal));
    }

    [Fact]
    public void An_opt_in_assembly_is_only_added_when_asked_for()
    {
        Assert.DoesNotContain(TestReferences.Net80WithProviders, reference => Path.GetFileName(reference.Display) == "Polly.Core.dll");
        Assert.Equal("Polly.Core.dll", Path.GetFileName(TestReferences.OptIn("Polly.Core").Display));
    }
}
