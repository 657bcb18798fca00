using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using StaleConn.Benchmarks.CodeFixLatency;
using StaleConn.Benchmarks.Infrastructure;

namespace StaleConn.Benchmarks.FirstFixRate;

/// <summary>
/// <c>first-fix-rate --sources DIR [--sources DIR]... [--only TEXT] [--timeout SECONDS] [--show-fixes] [--per-project]</c>: issue 14's measure on whole
/// real repositories — the share of StaleConn findings whose first offered fix applies, adds no compiler error, removes
/// its finding and brings no other finding. Each folder is one repository compiled as one project against the .NET
/// packs and the common providers (its own other packages stay unresolved, so errors are compared as sets, not counts);
/// with <c>--per-project</c>, as the projects its project files declare (<see cref="RealProjects"/>).
/// Prints each repository's failures as it is judged, then a table per repository, per rule and per failure kind, then each failure; writes it to
/// <c>BenchmarkDotNet.Artifacts/results/first-fix-rate.md</c>. <c>--only TEXT</c> judges only the findings whose
/// repository name, file path or message contains TEXT; <c>--timeout SECONDS</c> (default 300) is the processor time one
/// finding may spend (<see cref="ProcessorTimeBudget"/>); <c>--show-fixes</c> prints the files each applied fix changed. Exit code 0 at or above 90 %, 1 below, 2 when nothing was found.
/// </summary>
public static class FirstFixRateCommand
{
    /// <summary>Issue 14: at least 90 % of findings in real code get a first fix that works.</summary>
    public const double RequiredShare = 0.9;

    public static async Task<int> RunAsync(string[] args)
    {
        var folders = RealSources.Folders(args).ToList();
        if (folders.Count == 0)
        {
            throw new ArgumentException("first-fix-rate needs at least one --sources DIR (a folder of one repository's C# sources).");
        }

        var onlyIndex = Array.IndexOf(args, "--only");
        var only = onlyIndex < 0 ? null : onlyIndex + 1 < args.Length ? args[onlyIndex + 1] : throw new ArgumentException("--only needs the text a repository name, file path or finding message contains.");
        var timeout = TimeSpan.FromSeconds(CommandHelpers.IntOption(args, "--timeout", 300));
        var references = CodeFixLatencyCommand.RealCodeReferences();
        var judge = new FirstFixJudge(timeout, args.Contains("--show-fixes"));
        var perProject = args.Contains("--per-project");
        var results = new List<RepositoryResult>();
        foreach (var folder in folders)
        {
            var name = RealSources.Name(folder);
            var started = DateTime.UtcNow;
            var result = perProject
                ? await judge.JudgeSolutionAsync(name, RealProjects.Load(folder, references), only).ConfigureAwait(false)
                : await judge.JudgeRepositoryAsync(name, RealSources.Files(folder), RealSources.NullableEnabled(folder), references, only).ConfigureAwait(false);
            results.Add(result);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: {result.Outcomes.Count(o => o.Works)}/{result.Outcomes.Count} first fixes work ({(DateTime.UtcNow - started).TotalSeconds:F0} s)"));

            // A long run can be stopped before its summary: its failures are already in the log.
            foreach (var failure in result.Outcomes.Where(o => !o.Works))
            {
                Console.Error.WriteLine("  " + FirstFixReport.FailureLine(failure));
            }
        }

        var report = FirstFixReport.Write(results);
        Console.WriteLine(report);
        var directory = Path.Combine("BenchmarkDotNet.Artifacts", "results");
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "first-fix-rate.md"), report).ConfigureAwait(false);
        var outcomes = results.SelectMany(r => r.Outcomes).ToList();
        if (outcomes.Count == 0)
        {
            return 2;
        }

        return (double)outcomes.Count(o => o.Works) / outcomes.Count >= RequiredShare ? 0 : 1;
    }
}

/// <summary>How the first fix of one finding fared.</summary>
public enum FirstFixKind
{
    /// <summary>The first fix applies, adds no compiler error, removes its finding and brings no other.</summary>
    Works,

    /// <summary>No fix is offered (the planners' reasons say why).</summary>
    NoFix,

    /// <summary>The first action, applied, leaves the solution as it was (its full compile check refused the rewrite).</summary>
    ChangesNothing,

    /// <summary>The fixed solution has a compiler error the original did not have.</summary>
    AddsCompilerError,

    /// <summary>The finding is still reported at the same member after the fix.</summary>
    FindingLeft,

    /// <summary>The fix brings a StaleConn finding that was not there (an SC0006 lease misuse, another member).</summary>
    NewFinding,

    /// <summary>The fixer or the judge threw, or ran past the time limit.</summary>
    Failed,
}

/// <summary>One finding's first fix: the rule, where, the fix's title, and why it failed when it did.</summary>
public sealed record FirstFixOutcome(string Repository, string Rule, string File, int Line, string Member, FirstFixKind Kind, string Title, string Detail)
{
    public bool Works => Kind == FirstFixKind.Works;
}

/// <summary>One repository's size and its findings' outcomes.</summary>
public sealed record RepositoryResult(string Name, int Files, int Lines, int CompileErrors, IReadOnlyList<FirstFixOutcome> Outcomes);

internal static class FirstFixReport
{
    public static string Write(IReadOnlyList<RepositoryResult> results)
    {
        var inv = CultureInfo.InvariantCulture;
        var outcomes = results.SelectMany(r => r.Outcomes).ToList();
        var works = outcomes.Count(o => o.Works);
        var text = new StringBuilder();
        text.AppendLine(inv, $"First fix on real repositories: {works} of {outcomes.Count} findings ({Share(works, outcomes.Count)}) get a first fix that applies, adds no compiler error, removes the finding and brings no other (target ≥ {FirstFixRateCommand.RequiredShare:P0}).");
        text.AppendLine();
        text.AppendLine("| repository | files | lines | compile errors | findings | first fix works | share |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in results.Where(r => r.Outcomes.Count > 0))
        {
            var ok = r.Outcomes.Count(o => o.Works);
            text.AppendLine(inv, $"| {r.Name} | {r.Files:N0} | {r.Lines:N0} | {r.CompileErrors:N0} | {r.Outcomes.Count} | {ok} | {Share(ok, r.Outcomes.Count)} |");
        }

        var quiet = results.Where(r => r.Outcomes.Count == 0).ToList();
        text.AppendLine();
        text.AppendLine(inv, $"Repositories without findings: {quiet.Count} ({quiet.Sum(r => r.Lines):N0} lines): {string.Join(", ", quiet.Select(r => r.Name))}.");
        text.AppendLine();
        text.AppendLine("| rule | findings | first fix works | share |");
        text.AppendLine("|---|---|---|---|");
        foreach (var rule in outcomes.GroupBy(o => o.Rule).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var ok = rule.Count(o => o.Works);
            text.AppendLine(inv, $"| {rule.Key} | {rule.Count()} | {ok} | {Share(ok, rule.Count())} |");
        }

        text.AppendLine();
        text.AppendLine("| failure kind | findings |");
        text.AppendLine("|---|---|");
        foreach (var kind in outcomes.Where(o => !o.Works).GroupBy(o => Kind(o)).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            text.AppendLine(inv, $"| {kind.Key} | {kind.Count()} |");
        }

        text.AppendLine();
        text.AppendLine("Failures:");
        foreach (var o in outcomes.Where(o => !o.Works))
        {
            text.AppendLine(FailureLine(o));
        }

        return text.ToString();
    }

    /// <summary>One failure as the report's list and the per-repository progress lines spell it.</summary>
    public static string FailureLine(FirstFixOutcome o) =>
        $"- {o.Repository} {o.Rule} {o.Member} at {o.File}:{o.Line} — {o.Kind}{(o.Title.Length > 0 ? " (" + o.Title + ")" : string.Empty)}: {o.Detail}";

    /// <summary>A failure's kind with what distinguishes it: the first no-fix reason, the first new error's id.</summary>
    private static string Kind(FirstFixOutcome outcome) => outcome.Kind switch
    {
        FirstFixKind.NoFix => "NoFix: " + outcome.Detail,
        FirstFixKind.AddsCompilerError => "AddsCompilerError: " + outcome.Detail.Split(' ')[0] + (outcome.Detail.Contains("same error on the same code before", StringComparison.Ordinal) ? " (same error on the same code before)" : string.Empty),
        FirstFixKind.NewFinding => "NewFinding: " + outcome.Detail.Split(' ')[0],
        _ => outcome.Kind.ToString(),
    };

    private static string Share(int part, int whole) => whole == 0 ? "—" : ((double)part / whole).ToString("P1", CultureInfo.InvariantCulture);
}
