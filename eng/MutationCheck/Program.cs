using System.Diagnostics;
using StaleConn.MutationCheck;

// Usage: eng/mutation-check.sh [id ...]. Copies the working tree to a scratch folder, builds it once, then for each
// mutation of eng/mutations.json: applies it, runs its test project, restores the file. A mutation is caught when its
// tests fail; it survives when they pass. Exit code 0 only when every mutation was caught.
var root = Directory.GetCurrentDirectory();
if (!File.Exists(Path.Combine(root, "StaleConn.Analyzers.sln")))
{
    Console.Error.WriteLine("mutation-check: run it from the repository's root (eng/mutation-check.sh does)");
    return 2;
}

var catalogue = Mutation.ReadCatalogue(Path.Combine(root, "eng", "mutations.json"));
var selected = args.Length == 0 ? catalogue : catalogue.Where(m => args.Contains(m.Id)).ToList();
var unknown = args.Except(catalogue.Select(m => m.Id)).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"mutation-check: no mutation named {string.Join(", ", unknown)} in eng/mutations.json");
    return 2;
}

var stale = selected.Select(m => (m, m.ApplyTo(File.ReadAllText(Path.Combine(root, m.File))).Reason)).Where(x => x.Reason is not null).ToList();
foreach (var (mutation, reason) in stale)
{
    Console.Error.WriteLine($"mutation-check: {mutation.Id}: {reason}");
}

if (stale.Count > 0)
{
    return 2;
}

var scratch = Path.Combine(Path.GetTempPath(), "staleconn-mutation-" + Guid.NewGuid().ToString("N")[..8]);
Console.WriteLine($"mutation-check: copying the working tree to {scratch}");
CopyWorkingTree(root, scratch);
try
{
    var build = Run(scratch, TimeSpan.FromMinutes(15), "dotnet", "build", "StaleConn.Analyzers.sln", "-c", "Release");
    if (build.ExitCode != 0)
    {
        Console.Error.WriteLine("mutation-check: the unmutated copy does not build:\n" + build.Tail);
        return 2;
    }

    var results = new List<(Mutation Mutation, string Outcome, TimeSpan Took)>();
    foreach (var mutation in selected)
    {
        var file = Path.Combine(scratch, mutation.File);
        var original = File.ReadAllText(file);
        File.WriteAllText(file, mutation.ApplyTo(original).Mutated!);
        try
        {
            Console.WriteLine($"mutation-check: {mutation.Id} ({mutation.Why}) -> dotnet test {mutation.Tests}");
            var run = Run(scratch, TimeSpan.FromMinutes(30), "dotnet", "test", mutation.Tests, "-c", "Release");
            var outcome = run.TimedOut ? "HUNG (stopped after 30 minutes)"
                : run.Output.Contains(" error CS", StringComparison.Ordinal) ? "DOES NOT COMPILE (fix the mutation)"
                : run.ExitCode != 0 ? "caught: " + FailedTests(run.Output)
                : "SURVIVED";
            results.Add((mutation, outcome, run.Took));
            Console.WriteLine($"mutation-check: {mutation.Id}: {outcome}");
        }
        finally
        {
            File.WriteAllText(file, original);
        }
    }

    Console.WriteLine();
    Console.WriteLine("| mutation | what it breaks | test project | outcome | time |");
    Console.WriteLine("|---|---|---|---|---|");
    foreach (var (mutation, outcome, took) in results)
    {
        Console.WriteLine($"| {mutation.Id} | {mutation.Why} | {Path.GetFileName(mutation.Tests)} | {outcome} | {took.TotalSeconds:0} s |");
    }

    var caught = results.Count(r => r.Outcome.StartsWith("caught", StringComparison.Ordinal));
    Console.WriteLine($"mutation-check: {caught} of {results.Count} caught");
    return caught == results.Count ? 0 : 1;
}
finally
{
    try
    {
        Directory.Delete(scratch, recursive: true);
    }
    catch (IOException)
    {
    }
}

static void CopyWorkingTree(string root, string scratch)
{
    // Tracked files and untracked ones git does not ignore, as they are in the working tree (uncommitted work included).
    var list = Run(root, TimeSpan.FromMinutes(1), "git", "ls-files", "--cached", "--others", "--exclude-standard");
    foreach (var relative in list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
    {
        var source = Path.Combine(root, relative);
        if (!File.Exists(source))
        {
            continue; // deleted in the working tree
        }

        var target = Path.Combine(scratch, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(source, target);
    }
}

static string FailedTests(string output)
{
    var failed = output.Split('\n')
        .Select(line => line.Trim())
        .Where(line => line.StartsWith("Failed ", StringComparison.Ordinal) && line.EndsWith(']'))
        .Select(line => line["Failed ".Length..line.LastIndexOf(" [", StringComparison.Ordinal)])
        .Distinct()
        .ToList();
    return failed.Count == 0 ? "the test run failed" : $"{failed.Count} failed, e.g. {failed[0]}";
}

static (int ExitCode, string Output, string Tail, bool TimedOut, TimeSpan Took) Run(string directory, TimeSpan limit, string program, params string[] arguments)
{
    var start = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var argument in arguments)
    {
        start.ArgumentList.Add(argument);
    }

    var watch = Stopwatch.StartNew();
    using var process = Process.Start(start)!;
    var stdout = process.StandardOutput.ReadToEndAsync();
    var stderr = process.StandardError.ReadToEndAsync();
    var exited = process.WaitForExit(limit);
    if (!exited)
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    var output = stdout.Result + stderr.Result;
    var lines = output.Split('\n');
    return (exited ? process.ExitCode : -1, output, string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 40))), !exited, watch.Elapsed);
}
