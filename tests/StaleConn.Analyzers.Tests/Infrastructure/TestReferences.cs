using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace StaleConn.Analyzers.Tests.Infrastructure;

/// <summary>The references test snippets compile against: .NET 8 plus the providers and hosting packages users have.</summary>
public static class TestReferences
{
    /// <summary>.NET 8 with MySqlConnector, Npgsql, SqlClient, SQLite, hosting and DI abstractions, Dapper and Autofac.</summary>
    public static readonly ReferenceAssemblies Net80WithProviders = ReferenceAssemblies.Net.Net80.AddPackages(ImmutableArray.Create(
        new PackageIdentity("MySqlConnector", "2.6.2"),
        new PackageIdentity("Npgsql", "8.0.5"),
        new PackageIdentity("System.Data.SqlClient", "4.8.5"),
        new PackageIdentity("Microsoft.Data.Sqlite.Core", "8.0.30"),
        new PackageIdentity("Microsoft.Extensions.Hosting.Abstractions", "8.0.1"),
        new PackageIdentity("Microsoft.Extensions.DependencyInjection.Abstractions", "8.0.2"),
        new PackageIdentity("Dapper", "2.1.66"),
        new PackageIdentity("Autofac", "8.4.0")));

    /// <summary>Assemblies added by file: MySql.Data (Oracle's provider) and StaleConn's runtime guard.</summary>
    public static IEnumerable<MetadataReference> AdditionalReferences()
    {
        yield return MetadataReference.CreateFromFile(MySqlDataAssemblyPath.Value);
    }

    private static readonly Lazy<string> MySqlDataAssemblyPath = new(() =>
    {
        var packagePath = typeof(TestReferences).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "MySqlDataPackagePath").Value;
        var path = Path.Combine(packagePath!, "lib", "net8.0", "MySql.Data.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("MySql.Data was not restored; run 'dotnet restore'.", path);
    });
}
