using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using StaleConn.Analyzers.Internal;
using StaleConn.Analyzers.Tests.Infrastructure;
using Verify = StaleConn.Analyzers.Tests.Infrastructure.AnalyzerVerifier<StaleConn.Analyzers.Rules.SingletonRegistrationAnalyzer>;

namespace StaleConn.Analyzers.Tests.Internal;

/// <summary>
/// SC0003/SC0005 register their per-creation callback only in types whose files can build a <c>ServiceDescriptor</c>:
/// a file that names it, one with a target-typed <c>new(…)</c>, or any file once a <c>global using</c> alias exists.
/// Every other file (a typed-DataSet designer's thousands of <c>new DataColumn(…)</c>) is skipped, so the gate must
/// never skip a file that can create one.
/// </summary>
public class DescriptorCreationGateTests
{
    [Theory]
    [InlineData("services.Add(new(typeof(IDbConnection), connection));")]
    [InlineData("services.Add(new (typeof(IDbConnection), connection));")]
    [InlineData("services.Add(new\r\n    (typeof(IDbConnection), connection));")]
    [InlineData("services.Add(new/* descriptor */(typeof(IDbConnection), connection));")]
    [InlineData("services.Add(new\n#if DEBUG\n(typeof(IDbConnection), connection));")]
    [InlineData("var list = new List<int>(); ServiceDescriptor d = new (typeof(A), typeof(A), lifetime);")]
    [InlineData("where T : new()")]
    [InlineData("x = new")]
    public void A_target_typed_creation_may_occur(string text) =>
        Assert.True(TargetTypedCreations.MayOccurIn(SourceText.From(text), CancellationToken.None));

    [Theory]
    [InlineData("var table = new DataTable(); table.Columns.Add(new DataColumn(\"Id\", typeof(int)));")]
    [InlineData("var values = new[] { 1, 2 }; var pair = new { A = 1 }; var typed = new int[2];")]
    [InlineData("renew(x); @new(x); newValue(x); var news = new global::System.Object();")]
    [InlineData("var item = new\n    Item(1);")]
    [InlineData("")]
    public void No_target_typed_creation_occurs(string text) =>
        Assert.False(TargetTypedCreations.MayOccurIn(SourceText.From(text), CancellationToken.None));

    /// <summary>Texts past 64 K are read in chunks: a keyword cut off at a chunk's end is judged on what follows it.</summary>
    [Theory]
    [InlineData(16 * 1024 - 3)]
    [InlineData(16 * 1024 - 1)]
    [InlineData(16 * 1024)]
    [InlineData(32 * 1024 - 20)]
    [InlineData(70 * 1024)]
    public void A_target_typed_creation_is_found_across_chunks_of_a_long_text(int at)
    {
        var filler = string.Concat(Enumerable.Repeat("var table = new DataTable(); ", 4000));
        var text = filler.Substring(0, at) + " new            (" + filler.Substring(at);

        Assert.True(TargetTypedCreations.MayOccurIn(SourceText.From(text), CancellationToken.None));
        Assert.False(TargetTypedCreations.MayOccurIn(SourceText.From(filler), CancellationToken.None));
    }

    [Fact]
    public void Only_files_that_can_create_a_descriptor_get_the_callback()
    {
        var registrations = Registrations(out var compilation,
            "public class Designer { object Make() => new System.Data.DataTable(); }",
            "using Microsoft.Extensions.DependencyInjection; public class Named { object Make() => typeof(ServiceDescriptor); }",
            "public class TargetTyped { System.Text.StringBuilder Make() => new(); }");

        Assert.False(registrations.MayCreateDescriptorIn(compilation.GetTypeByMetadataName("Designer")!, CancellationToken.None));
        Assert.True(registrations.MayCreateDescriptorIn(compilation.GetTypeByMetadataName("Named")!, CancellationToken.None));
        Assert.True(registrations.MayCreateDescriptorIn(compilation.GetTypeByMetadataName("TargetTyped")!, CancellationToken.None));
    }

    [Fact]
    public void A_global_alias_anywhere_gives_every_file_the_callback()
    {
        var registrations = Registrations(out var compilation,
            "public class Designer { object Make() => new System.Data.DataTable(); }",
            "global using Descriptor = Microsoft.Extensions.DependencyInjection.ServiceDescriptor;");

        Assert.True(registrations.MayCreateDescriptorIn(compilation.GetTypeByMetadataName("Designer")!, CancellationToken.None));
    }

    /// <summary>The alias names the descriptor in one file and is used in another that names neither it nor a lifetime.</summary>
    [Fact]
    public async Task A_descriptor_created_through_a_global_alias_in_another_file_is_reported()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System.Data;
                using Microsoft.Extensions.DependencyInjection;
                using MySqlConnector;

                public static class Registrations
                {
                    public static void AddData(IServiceCollection services, MySqlConnection connection) =>
                        services.Add({|SC0003:new Descriptor(typeof(IDbConnection), connection)|});
                }
                """,
        };
        test.TestState.Sources.Add(("/0/Usings.cs", "global using Descriptor = Microsoft.Extensions.DependencyInjection.ServiceDescriptor;"));
        await test.RunAsync();
    }

    private static ServiceRegistrations Registrations(out Compilation compilation, params string[] sources)
    {
        compilation = CSharpCompilation.Create(
            "App",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, path: $"/src/File{i}.cs")),
            TestReferences.Net80WithProviders,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        return ServiceRegistrations.Create(compilation) ?? throw new InvalidOperationException("The test references hold dependency injection.");
    }
}
