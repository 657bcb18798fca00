using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using StaleConn.Benchmarks.AnalyzerCost;
using StaleConn.Benchmarks.CodeFixLatency;
using StaleConn.Benchmarks.Infrastructure;

namespace StaleConn.Benchmarks.Findings;

/// <summary>
/// <c>findings --sources DIR [--sources DIR]... [--option KEY=VALUE]...</c>: every StaleConn finding in real repositories, one line each —
/// <c>SCxxxx &lt;folder&gt; &lt;file&gt;:&lt;line&gt; &lt;member&gt; &lt;message&gt;</c> — then a total per rule. Each folder is
/// compiled as first-fix-rate compiles it (<see cref="RealCodeProject"/>), so the two commands see the same findings and
/// a baseline of this output tells which findings a change added or removed (diff two runs). <c>--option</c> sets an
/// analyzer option as a <c>.globalconfig</c> would (<c>staleconn.include_sqlite=true</c>).
/// </summary>
public static class FindingsCommand
{
    /// <summary>Longest member text printed; a registration's whole invocation would drown the line.</summary>
    private const int MemberLength = 60;

    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out, Console.Error);

    /// <param name="args">The command's arguments (after <c>findings</c>).</param>
    /// <param name="output">Where the findings and totals go.</param>
    /// <param name="progress">Where each folder's count and time go, as it is done.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter progress)
    {
        var folders = RealSources.Folders(args).ToList();
        if (folders.Count == 0)
        {
            throw new ArgumentException("findings needs at least one --sources DIR (a folder of one repository's C# sources).");
        }

        var references = CodeFixLatencyCommand.RealCodeReferences();
        var analyzers = StaleConnAnalyzers.Create();
        var options = GlobalAnalyzerOptions.FromArguments(args);
        var perRule = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var foldersWithFindings = 0;
        var foldersWithoutCode = 0;
        foreach (var folder in folders)
        {
            var started = DateTime.UtcNow;
            var name = RealSources.Name(folder);
            var project = RealCodeProject.Load(folder, references);
            if (project is null)
            {
                foldersWithoutCode++;
                await progress.WriteLineAsync($"{name}: no C# file").ConfigureAwait(false);
                continue;
            }

            var compilation = (await project.GetCompilationAsync().ConfigureAwait(false))!;
            var findings = await RealCodeProject.FindingsAsync(compilation, analyzers, options: options).ConfigureAwait(false);
            foreach (var finding in findings)
            {
                await output.WriteLineAsync(Line(name, folder, finding)).ConfigureAwait(false);
                perRule[finding.Id] = perRule.GetValueOrDefault(finding.Id) + 1;
            }

            foldersWithFindings += findings.Count > 0 ? 1 : 0;
            await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{name}: {findings.Count} findings ({(DateTime.UtcNow - started).TotalSeconds:F0} s)")).ConfigureAwait(false);
        }

        foreach (var (rule, count) in perRule)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"total {rule} {count}")).ConfigureAwait(false);
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"total {perRule.Values.Sum()} findings in {foldersWithFindings} of {folders.Count} folders ({foldersWithoutCode} without C# files)")).ConfigureAwait(false);
        return 0;
    }

    /// <summary>One finding: rule, folder, file (relative to the folder, '/'-separated), line, member text, message.</summary>
    internal static string Line(string name, string folder, Diagnostic finding)
    {
        var span = finding.Location.GetLineSpan();
        var file = Path.GetRelativePath(folder, span.Path).Replace(Path.DirectorySeparatorChar, '/');
        var member = Regex.Replace(finding.Location.SourceTree!.GetText().ToString(finding.Location.SourceSpan), @"\s+", " ");
        member = member.Length > MemberLength ? member[..MemberLength] + "…" : member;
        return string.Create(CultureInfo.InvariantCulture,
            $"{finding.Id} {name} {file}:{span.StartLinePosition.Line + 1} {member} {finding.GetMessage(CultureInfo.InvariantCulture)}");
    }
}
