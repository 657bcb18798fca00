using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace StaleConn.Analyzers.Tests;

/// <summary>An analyzer compiled against a newer Roslyn than the user's compiler is skipped silently: hold the floor at 4.8.</summary>
public class RoslynVersionFloorTests
{
    private static readonly Version Floor = new(4, 8, 0, 0);

    [Theory]
    [InlineData("StaleConn.Analyzers")]
    [InlineData("StaleConn.CodeFixes")]
    public void Built_assembly_references_Roslyn_4_8_or_lower(string assemblyName)
    {
        var roslynReferences = ReadRoslynReferences(Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll"));

        Assert.Contains(roslynReferences, r => r.Name == "Microsoft.CodeAnalysis");
        Assert.All(roslynReferences, r => Assert.True(r.Version <= Floor, $"{assemblyName} references {r.Name} {r.Version}, above the {Floor} floor."));
    }

    internal static IReadOnlyList<(string Name, Version Version)> ReadRoslynReferences(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not copied next to the tests; build the solution first.");
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return metadata.AssemblyReferences
            .Select(handle => metadata.GetAssemblyReference(handle))
            .Select(reference => (Name: metadata.GetString(reference.Name), reference.Version))
            .Where(reference => reference.Name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
            .ToList();
    }
}
