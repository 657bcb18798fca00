using Microsoft.CodeAnalysis;
using StaleConn.Benchmarks.CodeFixLatency;
using StaleConn.Benchmarks.Infrastructure;

namespace StaleConn.Benchmarks.Tests;

/// <summary>
/// <c>--per-project</c>: a folder of several projects compiled as its project files say. The layout is
/// leoguilen/SimpliPay's (di31): two services that each declare a <c>ServiceCollectionExtensions</c> class in the same
/// namespace, and a shared library both reference. As one compilation the two classes collide (CS0101).
/// </summary>
public sealed class RealProjectsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "staleconn-projects-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Each_file_compiles_in_the_project_of_its_nearest_folder_with_the_references_its_project_file_lists()
    {
        Write("src/Shared/Shared.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        Write("src/Shared/Payments.cs", "namespace Shared { public static class Payments { public static int Fee => 1; } }");
        foreach (var service in new[] { "PaymentGateway", "PaymentProcessor" })
        {
            Write($"src/{service}/{service}.csproj", """
                <Project Sdk="Microsoft.NET.Sdk.Web">
                  <PropertyGroup><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
                  <ItemGroup><ProjectReference Include="..\Shared\Shared.csproj" /></ItemGroup>
                </Project>
                """);
            Write($"src/{service}/Extensions/ServiceCollectionExtensions.cs",
                "namespace Payments.Extensions { public static class ServiceCollectionExtensions { public static int Fee() => Shared.Payments.Fee; } }");
        }

        Write("build/Tool.cs", "public static class Tool { }");
        Write("src/PaymentGateway/obj/Generated.cs", "public static class Generated { }");

        var solution = RealProjects.Load(_root, CodeFixLatencyCommand.RealCodeReferences());

        Assert.Equal(
            ["(no project file): Tool.cs", "PaymentGateway: ImplicitUsings.GlobalUsings.g.cs, ServiceCollectionExtensions.cs", "PaymentProcessor: ImplicitUsings.GlobalUsings.g.cs, ServiceCollectionExtensions.cs", "Shared: Payments.cs"],
            solution.Projects.Select(p => p.Name + ": " + string.Join(", ", p.Documents.Select(d => d.Name).Order(StringComparer.Ordinal))).Order(StringComparer.Ordinal));
        var shared = solution.Projects.Single(p => p.Name == "Shared");
        foreach (var service in solution.Projects.Where(p => p.Name.StartsWith("Payment", StringComparison.Ordinal)))
        {
            Assert.Equal([shared.Id], service.ProjectReferences.Select(r => r.ProjectId));
            var compilation = (await service.GetCompilationAsync())!;
            Assert.Equal(NullableContextOptions.Enable, compilation.Options.NullableContextOptions);
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        }

        Assert.Equal(NullableContextOptions.Disable, (await shared.GetCompilationAsync())!.Options.NullableContextOptions);
    }

    // A reference that would close a cycle (two project files that name each other) is left out, not thrown on.
    [Fact]
    public void A_project_reference_that_closes_a_cycle_is_left_out()
    {
        Write("A/A.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><ItemGroup><ProjectReference Include=\"../B/B.csproj\" /></ItemGroup></Project>");
        Write("A/A.cs", "public class A { }");
        Write("B/B.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><ItemGroup><ProjectReference Include=\"../A/A.csproj\" /></ItemGroup></Project>");
        Write("B/B.cs", "public class B { }");

        var solution = RealProjects.Load(_root, CodeFixLatencyCommand.RealCodeReferences());

        Assert.Equal(1, solution.Projects.Sum(p => p.ProjectReferences.Count()));
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
