using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StaleConn.Benchmarks.CodeFixLatency;

namespace StaleConn.Benchmarks.Tests;

/// <summary>What real code compiles against in the bench (first-fix-rate, findings, code-fix-latency).</summary>
public sealed class RealCodeReferencesTests
{
    // mohammadrahimi/Order_Service_DotNetCore@de367bc679d54f4882d65b21eeb5f6aa5734b7d8,
    // Order.Outnox.EventPublisher/Program.cs: a worker registering a Microsoft.Data.SqlClient connection. The bench used
    // the SqlClient its own net10.0 process loads (lib/net9.0, built against System.Data.Common 9) beside the .NET 8
    // pack: CS1705 once per use, so the guard fix, which adds uses, read as a fix that adds 15 errors.
    [Fact]
    public void Microsoft_Data_SqlClient_binds_against_the_same_framework_as_the_snippets_without_CS1705()
    {
        var tree = CSharpSyntaxTree.ParseText("""
            using System.Data;
            using Microsoft.Data.SqlClient;

            public static class Outbox
            {
                public static IDbConnection Open(string connectionString)
                {
                    var connection = new SqlConnection(connectionString);
                    connection.Open();
                    using var command = new SqlCommand("SELECT 1", connection);
                    command.ExecuteScalar();
                    return connection;
                }
            }
            """);
        var compilation = CSharpCompilation.Create("RealCode", [tree], CodeFixLatencyCommand.RealCodeReferences(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id + " " + d.GetMessage()).ToList();

        Assert.Empty(errors);
    }

    [Fact]
    public void A_missing_SqlClient_reference_assembly_for_the_framework_is_a_clear_error_not_a_silent_mismatch()
    {
        var packages = Path.Combine(Path.GetTempPath(), "staleconn-no-packages-" + Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<FileNotFoundException>(() => Infrastructure.RealCodeWebReferences.SqlClientFor(packages, "net8.0"));

        Assert.Contains("ref/net8.0", error.Message, StringComparison.Ordinal);
    }
}
