using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace StaleConn.Analyzers.Tests;

/// <summary>Every rule a user can meet must have a help link that leads to a real page, and a release-tracking entry.</summary>
public class RuleDocumentationTests
{
    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var id in AllDescriptors().Select(d => d.Id).Distinct())
        {
            data.Add(id);
        }

        return data;
    }

    [Fact]
    public void Every_analyzer_in_the_assembly_is_found()
    {
        Assert.NotEmpty(AllDescriptors());
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_has_help_link_to_its_doc_page(string id)
    {
        var descriptor = AllDescriptors().First(d => d.Id == id);
        Assert.Equal(RuleIdentifiers.GetHelpUri(id), descriptor.HelpLinkUri);
        var page = Path.Combine(RepositoryRoot(), "docs", "rules", id + ".md");
        Assert.True(File.Exists(page), $"Rule {id} has no documentation page at {page}.");
        var text = File.ReadAllText(page);
        Assert.Contains("# " + id, text, StringComparison.Ordinal);
        foreach (var heading in new[] { "## Bad", "## Good", "## Options", "## Suppress" })
        {
            Assert.Contains(heading, text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_is_in_release_tracking_and_readme(string id)
    {
        var root = RepositoryRoot();
        var shipped = File.ReadAllText(Path.Combine(root, "src", "Analyzers", "AnalyzerReleases.Shipped.md"));
        var unshipped = File.ReadAllText(Path.Combine(root, "src", "Analyzers", "AnalyzerReleases.Unshipped.md"));
        Assert.True(shipped.Contains(id + " ", StringComparison.Ordinal) || unshipped.Contains(id + " ", StringComparison.Ordinal), $"{id} is missing from AnalyzerReleases.*.md");
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        Assert.Contains($"[{id}](docs/rules/{id}.md)", readme, StringComparison.Ordinal);
    }

    internal static IReadOnlyList<DiagnosticDescriptor> AllDescriptors() =>
        typeof(RuleIdentifiers).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .SelectMany(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics)
            .ToList();

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StaleConn.Analyzers.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Could not find StaleConn.Analyzers.sln above " + AppContext.BaseDirectory);
    }
}
