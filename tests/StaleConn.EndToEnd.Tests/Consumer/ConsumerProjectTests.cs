using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using StaleConn.EndToEnd.Tests.Infrastructure;

namespace StaleConn.EndToEnd.Tests.Consumer;

/// <summary>A user's new worker project, outside the repository, with the packed StaleConn.Analyzers installed.</summary>
public class ConsumerProjectTests : IClassFixture<ConsumerWorkspace>, IClassFixture<StaleServerFixture>
{
    /// <summary>What users see when the server has closed an idle connection (MySqlConnector and MySql.Data wordings).</summary>
    internal static readonly Regex StaleConnectionError = new(
        "Connection reset by peer|MySQL server has gone away|Failed to read the result set|current state is Broken|Broken pipe|4031|2006|2013",
        RegexOptions.IgnoreCase);

    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);
    private static readonly string[] Rules = { "SC0001", "SC0002", "SC0003", "SC0004", "SC0005" };

    private readonly ConsumerWorkspace _workspace;
    private readonly StaleServerFixture _server;

    public ConsumerProjectTests(ConsumerWorkspace workspace, StaleServerFixture server)
    {
        _workspace = workspace;
        _server = server;
    }

    [Fact]
    public void Add_package_gives_the_project_compile_access_to_the_runtime()
    {
        var project = XDocument.Load(Path.Combine(_workspace.ProjectDirectory, _workspace.Source.ProjectName + ".csproj"));
        var reference = Assert.Single(project.Descendants("PackageReference"), r => (string?)r.Attribute("Include") == "StaleConn.Analyzers");
        Assert.Equal(_workspace.Packages.Version, (string?)reference.Attribute("Version"));
        // A developmentDependency would have written PrivateAssets/IncludeAssets without "compile".
        Assert.Null(reference.Attribute("IncludeAssets") ?? reference.Element("IncludeAssets") as XObject);
        Assert.Null(reference.Attribute("PrivateAssets") ?? reference.Element("PrivateAssets") as XObject);

        using var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(_workspace.ProjectDirectory, "obj", "project.assets.json")));
        var target = assets.RootElement.GetProperty("targets").EnumerateObject().Single().Value;
        var runtime = target.GetProperty($"StaleConn.Runtime/{_workspace.Packages.Version}");
        Assert.Contains(runtime.GetProperty("compile").EnumerateObject(), c => c.Name.EndsWith("/StaleConn.Runtime.dll", StringComparison.Ordinal));
        var analyzers = target.GetProperty($"StaleConn.Analyzers/{_workspace.Packages.Version}");
        Assert.Equal(JsonValueKind.Object, analyzers.ValueKind);
    }

    [Fact]
    public void Build_reports_every_rule_as_a_warning_in_the_file_that_holds_the_connection()
    {
        var build = _workspace.Build;
        Assert.True(build.Succeeded, build.Describe());
        foreach (var (rule, file) in _workspace.Source.ExpectedFindings)
        {
            Assert.True(
                Regex.IsMatch(build.Output, $@"{Regex.Escape(file)}\(\d+,\d+\): warning {rule}:"),
                $"{rule} was not reported in {file}:\n{Warnings(build.Output)}");
        }

        Assert.DoesNotContain("AD0001", build.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_with_warnaserror_fails_on_the_diagnostics()
    {
        var strict = _workspace.StrictBuild;
        Assert.False(strict.Succeeded, "the -warnaserror build passed:\n" + strict.Tail());
        foreach (var rule in Rules)
        {
            Assert.Contains($"error {rule}:", strict.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Unfixed_worker_fails_after_an_idle_pause_with_the_error_users_see()
    {
        Assert.True(_workspace.Build.Succeeded, _workspace.Build.Describe());
        var run = await RunWorkerAsync(_workspace.WorkerDll(_workspace.UnfixedOutput));

        Assert.Contains($"processed {_workspace.Source.ItemPrefix}-1 ", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain($"processed {_workspace.Source.ItemPrefix}-2 ", run.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Matches(StaleConnectionError, run.Output);
    }

    [Fact]
    public async Task Dotnet_format_applies_the_fixes_and_the_project_then_builds_clean_with_warnaserror()
    {
        var fixedProject = await _workspace.GetFixedProjectAsync();

        Assert.True(fixedProject.Format.Succeeded, fixedProject.Format.Describe());
        var sources = string.Join('\n', Directory.EnumerateFiles(fixedProject.Directory, "*.cs").Select(File.ReadAllText));
        Assert.Contains("ConnectionGuard<MySqlConnection>", sources, StringComparison.Ordinal);
        // Including in the file whose #nullable directive differs from the project (Roslyn 4.8's simplifier leaves those
        // long; the SDK's dotnet format does not, so this guards the fix's own shortening against regressions).
        Assert.DoesNotContain("global::", sources, StringComparison.Ordinal);
        Assert.True(fixedProject.StrictBuild.Succeeded, "after dotnet format: " + fixedProject.StrictBuild.Describe() + "\nThe fixed sources:\n" + Sources(fixedProject) + "\n" + fixedProject.Format.Describe());
        foreach (var rule in Rules)
        {
            Assert.DoesNotContain(rule, fixedProject.StrictBuild.Output, StringComparison.Ordinal);
        }

        // The worker creates its table inline before its loop: one lease for that, ended before the loop waits, and
        // one per item (a single lease over the method would be held across every wait and reported as SC0006).
        var worker = File.ReadAllText(Path.Combine(fixedProject.Directory, _workspace.Source.WorkerClass + ".cs"));
        Assert.True(Regex.Matches(worker, @"_db\.AcquireAsync\(").Count == 2, "the fixed worker does not lease once for its setup and once per item:\n" + worker);
        Assert.True(worker.IndexOf("CREATE TABLE", StringComparison.Ordinal) < worker.IndexOf("await foreach", StringComparison.Ordinal), worker);

        // The connections the container injects stay the container's: it disposes them at shutdown, maybe while a
        // timer's lease replaces one, so their guards must never close them too (two closes crashed the host, exit 134).
        foreach (var holder in new[] { _workspace.Source.ArchiveClass, _workspace.Source.LedgerClass })
        {
            var text = File.ReadAllText(Path.Combine(fixedProject.Directory, holder + ".cs"));
            Assert.True(text.Contains("leaveOpen: true", StringComparison.Ordinal), "the guard over the injected connection is not left to the container:\n" + text);
        }
    }

    [Fact]
    public async Task Fixed_worker_processes_the_next_item_after_an_idle_pause_longer_than_wait_timeout()
    {
        var fixedProject = await _workspace.GetFixedProjectAsync();
        Assert.True(fixedProject.Build.Succeeded, "after dotnet format the project does not compile: " + fixedProject.Build.Describe() + "\nThe fixed sources:\n" + Sources(fixedProject));

        var run = await RunWorkerAsync(_workspace.WorkerDll(fixedProject.Output));

        Assert.True(run.Succeeded, run.Describe() + "\nThe fixed sources:\n" + Sources(fixedProject));
        // The count comes from the singleton's own connection: it too survived the pause.
        Assert.Matches($@"processed {_workspace.Source.ItemPrefix}-1 \(\d+ stored\)", run.Output);
        Assert.Matches($@"processed {_workspace.Source.ItemPrefix}-2 \(\d+ stored\)", run.Output);
        Assert.DoesNotMatch(StaleConnectionError, run.Output);
    }

    /// <summary>Two items with a 3-second pause between them: three times the server's wait_timeout.</summary>
    private Task<ProcessResult> RunWorkerAsync(string workerDll) =>
        DotNetCli.RunAsync(
            Path.GetDirectoryName(workerDll)!,
            RunTimeout,
            new Dictionary<string, string?> { [_workspace.Source.ConnectionVariable] = _server.ConnectionString },
            workerDll, "2", "3");

    private static string Sources(FixedProject project) =>
        string.Join('\n', Directory.EnumerateFiles(project.Directory, "*.cs").Order().Select(f => $"--- {Path.GetFileName(f)}\n{File.ReadAllText(f)}"));

    private static string Warnings(string output) =>
        string.Join('\n', output.Split('\n').Where(l => l.Contains("warning", StringComparison.Ordinal)).Distinct());
}
