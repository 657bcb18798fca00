using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using StaleConn.Testing.References;

namespace StaleConn.Analyzers.Tests.Infrastructure;

/// <summary>
/// The references test snippets compile against: .NET 8 plus the providers and hosting packages users have, as
/// <c>dotnet restore</c> restored them and the SDK resolved them for a net8.0 project (tests/StaleConn.Testing.References).
/// Nothing is resolved while the tests run, so no test depends on a package cache outside the restore.
/// </summary>
public static class TestReferences
{
    private static readonly Lazy<ImmutableArray<string>> ResolvedPaths = new(() =>
    {
        var missing = SnippetReferencePaths.Resolved.Where(path => !File.Exists(path)).ToList();
        return missing.Count == 0
            ? SnippetReferencePaths.Resolved.ToImmutableArray()
            : throw new FileNotFoundException(
                $"{missing.Count} restored reference assemblies are missing (first: {missing[0]}); run 'dotnet build StaleConn.Analyzers.sln' to restore and resolve them again.");
    });

    private static readonly Lazy<ImmutableArray<MetadataReference>> Providers = new(() => ResolvedPaths.Value
        .Where(path => !SnippetReferencePaths.OptIn.Contains(Path.GetFileNameWithoutExtension(path)))
        .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
        .ToImmutableArray());

    /// <summary>.NET 8 with MySqlConnector, MySql.Data, Npgsql, SqlClient, SQLite, hosting and DI abstractions, Dapper and Autofac.</summary>
    public static ImmutableArray<MetadataReference> Net80WithProviders => Providers.Value;

    /// <summary>An assembly that only the snippets asking for it get (<see cref="SnippetReferencePaths.OptIn"/>), by name.</summary>
    public static MetadataReference OptIn(string assemblyName) => MetadataReference.CreateFromFile(
        ResolvedPaths.Value.Single(path => Path.GetFileNameWithoutExtension(path) == assemblyName));
}
