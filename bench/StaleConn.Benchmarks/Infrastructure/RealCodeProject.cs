using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using StaleConn.Benchmarks.CodeFixLatency;

namespace StaleConn.Benchmarks.Infrastructure;

/// <summary>
/// One real repository's folder as the real-code commands compile it: one project of its C# files against the .NET pack
/// and the common providers, with nullable annotations as its project files set them.
/// </summary>
internal static class RealCodeProject
{
    /// <summary>The folder's project, or null when it has no C# file.</summary>
    public static Project? Load(string folder, ImmutableArray<MetadataReference> references)
    {
        var files = RealSources.Files(folder);
        return files.IsEmpty
            ? null
            : CodeFixLatencyCommand.CreateProject(new LatencyInput(RealSources.Name(folder), files, references), RealSources.NullableEnabled(folder));
    }

    /// <summary>StaleConn's findings in source (rules SCxxxx), by file path and then position.</summary>
    /// <param name="options">The analyzers' options (a <c>.globalconfig</c>'s settings); none when null.</param>
    public static async Task<IReadOnlyList<Diagnostic>> FindingsAsync(
        Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, CancellationToken cancellationToken = default, AnalyzerOptions? options = null) =>
        (await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false))
            .Where(d => d.Location.IsInSource && d.Id.StartsWith("SC", StringComparison.Ordinal))
            .OrderBy(d => d.Location.SourceTree!.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start)
            .ToList();
}
