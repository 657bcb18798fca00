using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace StaleConn.EndToEnd.Tests.Packaging;

/// <summary>What `dotnet pack` produced, read from the .nupkg files themselves.</summary>
public class PackageContentsTests
{
    private const string AnalyzerFolder = "analyzers/dotnet/roslyn4.8/cs/";
    private static readonly Version RoslynFloor = new(4, 8, 0, 0);

    [Theory]
    [InlineData("StaleConn.Analyzers.dll")]
    [InlineData("StaleConn.CodeFixes.dll")]
    public async Task Packed_analyzer_assembly_sits_in_the_roslyn4_8_folder_and_references_Roslyn_4_8_or_lower(string assembly)
    {
        var packages = await PackedPackages.GetAsync();
        using var package = ZipFile.OpenRead(packages.AnalyzersPackage);

        var entries = package.Entries.Select(e => e.FullName).ToList();
        Assert.Contains(AnalyzerFolder + assembly, entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.EndsWith(".dll", StringComparison.Ordinal));

        using var pe = new PEReader(ReadEntry(package, AnalyzerFolder + assembly));
        var metadata = pe.GetMetadataReader();
        var roslyn = metadata.AssemblyReferences
            .Select(metadata.GetAssemblyReference)
            .Select(r => (Name: metadata.GetString(r.Name), r.Version))
            .Where(r => r.Name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(roslyn, r => r.Name == "Microsoft.CodeAnalysis");
        Assert.All(roslyn, r => Assert.True(r.Version <= RoslynFloor, $"{assembly} references {r.Name} {r.Version}, above {RoslynFloor}: the .NET 8 SDK and VS 17.8 would skip it."));

        // A deterministic build stamps a "Reproducible" debug directory entry.
        Assert.Contains(pe.ReadDebugDirectory(), d => d.Type == DebugDirectoryEntryType.Reproducible);
    }

    [Fact]
    public async Task Analyzers_package_depends_on_the_runtime_and_is_not_a_development_dependency()
    {
        var packages = await PackedPackages.GetAsync();
        var nuspec = ReadNuspec(packages.AnalyzersPackage);
        var ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;

        Assert.Equal("StaleConn.Analyzers", metadata.Element(ns + "id")?.Value);
        Assert.Equal(packages.Version, metadata.Element(ns + "version")?.Value);
        Assert.NotEqual("true", metadata.Element(ns + "developmentDependency")?.Value);

        var dependencies = metadata.Descendants(ns + "dependency").ToList();
        var runtime = Assert.Single(dependencies, d => (string?)d.Attribute("id") == "StaleConn.Runtime");
        Assert.Equal(packages.Version, (string?)runtime.Attribute("version"));
        // "compile" must reach the user's project so that ConnectionGuard resolves in fixed code.
        var excluded = ((string?)runtime.Attribute("exclude") ?? string.Empty).Split(',', StringSplitOptions.TrimEntries);
        Assert.DoesNotContain("Compile", excluded, StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain(dependencies, d => ((string?)d.Attribute("id"))?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) == true);
    }

    [Theory]
    [InlineData("StaleConn.Analyzers")]
    [InlineData("StaleConn.Runtime")]
    public async Task Package_metadata_is_complete(string id)
    {
        var packages = await PackedPackages.GetAsync();
        var path = id == "StaleConn.Analyzers" ? packages.AnalyzersPackage : packages.RuntimePackage;
        var nuspec = ReadNuspec(path);
        var ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;

        Assert.True((metadata.Element(ns + "description")?.Value.Length ?? 0) > 80, "description is missing or too short");
        Assert.Contains("mysql", metadata.Element(ns + "tags")?.Value ?? string.Empty, StringComparison.Ordinal);
        var license = metadata.Element(ns + "license");
        Assert.Equal("expression", (string?)license?.Attribute("type"));
        Assert.Equal("MIT", license?.Value);
        Assert.StartsWith("https://", (string?)metadata.Element(ns + "repository")?.Attribute("url"), StringComparison.Ordinal);
        var readme = metadata.Element(ns + "readme")?.Value;
        Assert.False(string.IsNullOrEmpty(readme), "no package readme");
        using var package = ZipFile.OpenRead(path);
        using var readmeText = new StreamReader(ReadEntry(package, readme!));
        Assert.Contains(id, readmeText.ReadToEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runtime_package_ships_both_targets_with_docs_and_a_symbol_package()
    {
        var packages = await PackedPackages.GetAsync();
        using (var package = ZipFile.OpenRead(packages.RuntimePackage))
        {
            var entries = package.Entries.Select(e => e.FullName).ToList();
            foreach (var framework in new[] { "netstandard2.0", "net8.0" })
            {
                Assert.Contains($"lib/{framework}/StaleConn.Runtime.dll", entries);
                Assert.Contains($"lib/{framework}/StaleConn.Runtime.xml", entries);
            }
        }

        using var symbols = ZipFile.OpenRead(packages.RuntimeSymbolsPackage);
        Assert.Contains("lib/net8.0/StaleConn.Runtime.pdb", symbols.Entries.Select(e => e.FullName));
    }

    private static MemoryStream ReadEntry(ZipArchive package, string name)
    {
        var entry = package.GetEntry(name) ?? throw new InvalidOperationException($"{name} is not in the package");
        var buffer = new MemoryStream();
        using (var stream = entry.Open())
        {
            stream.CopyTo(buffer);
        }

        buffer.Position = 0;
        return buffer;
    }

    private static XDocument ReadNuspec(string packagePath)
    {
        using var package = ZipFile.OpenRead(packagePath);
        var entry = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
        using var stream = entry.Open();
        return XDocument.Load(stream);
    }
}
