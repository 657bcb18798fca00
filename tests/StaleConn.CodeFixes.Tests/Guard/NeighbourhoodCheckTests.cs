using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Corpus;
using Xunit.Abstractions;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// The lightbulb's compile check in a rewrite's neighbourhood (<see cref="NeighbourhoodCheck"/>) must say what the
/// whole project says: it decides which fix is offered first.
/// </summary>
public class NeighbourhoodCheckTests
{
    private readonly ITestOutputHelper _output;

    public NeighbourhoodCheckTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_planned_fix_of_the_holder_corpus_gets_the_whole_projects_verdict(bool nullableAnnotations)
    {
        var references = await HolderShapeCorpusTests.ReferencesAsync();
        var compared = 0;
        var adding = 0;
        var disagreements = new List<string>();
        foreach (var shape in HolderShapes.All)
        {
            var project = HolderShapeCorpusTests.CreateProject(shape, references, nullableAnnotations);
            var compilation = (await project.GetCompilationAsync())!;
            foreach (var finding in await HolderShapeCorpusTests.FindingsAsync(project, compilation))
            {
                var tree = finding.Location.SourceTree!;
                var member = ModelExtensions.GetDeclaredSymbol(compilation.GetSemanticModel(tree), (await tree.GetRootAsync()).FindNode(finding.Location.SourceSpan));
                if (member is null)
                {
                    continue; // a registration (SC0003, SC0005): not the guard planner's
                }

                foreach (var mode in new[] { FixMode.Guard, FixMode.DataSource, FixMode.ConnectionFactory })
                {
                    var outcome = await GuardPlanner.PlanAsync(project, member, mode, CancellationToken.None);
                    if (outcome.Plans is not { Count: > 0 } plans)
                    {
                        continue;
                    }

                    var candidate = await ConnectionGuardFix.ApplyAsync(project.Solution, plans, unpolished: true, CancellationToken.None);
                    var documents = plans.Select(p => p.Document.Id).ToList();
                    var whole = await ConnectionGuardFix.AddsDiagnosticsAsync(project.Solution, candidate, documents, CancellationToken.None);
                    var quick = await NeighbourhoodCheck.AddsDiagnosticsAsync(project.Solution, candidate, documents, CancellationToken.None);
                    compared++;
                    adding += whole ? 1 : 0;
                    if (whole != quick)
                    {
                        disagreements.Add($"{shape.Name} | {finding.Id} {member.Name} | {mode}: whole project {whole}, neighbourhood {quick}");
                    }
                }
            }
        }

        _output.WriteLine($"{compared} planned fixes compared, {adding} of them add a diagnostic; {disagreements.Count} disagreements");
        Assert.True(compared >= 30, $"only {compared} planned fixes compared");
        Assert.True(disagreements.Count == 0, string.Join(Environment.NewLine, disagreements));
    }

    [Fact]
    public async Task A_rewrite_that_breaks_a_call_is_caught_and_one_that_needs_other_files_is_not_refused()
    {
        // The rewritten file calls an extension method and a base class member declared in other files, and a type from
        // a third file reached only through the base class; files it does not name stay out.
        var project = Project(
            ("Worker.cs", """
                namespace App;
                public sealed class Worker : WorkerBase
                {
                    public int Run(Order order) => order.Total() + Retries;
                }
                """),
            ("WorkerBase.cs", """
                namespace App;
                public abstract class WorkerBase : Settings
                {
                    protected int Retries => MaxRetries;
                }
                """),
            ("Settings.cs", "namespace App; public abstract class Settings { protected const int MaxRetries = 3; }"),
            ("Orders.cs", """
                namespace App;
                public sealed class Order { public int Amount { get; init; } }
                public static class OrderExtensions { public static int Total(this Order order) => order.Amount; }
                """),
            ("Unrelated.cs", "namespace App; public sealed class Unrelated { public void Broken() { } }"));
        var worker = project.Documents.Single(d => d.Name == "Worker.cs");

        var kept = await RewriteAsync(worker, "order.Total() + Retries", "order.Total() + Retries + 1");
        Assert.False(await NeighbourhoodCheck.AddsDiagnosticsAsync(project.Solution, kept, new[] { worker.Id }, CancellationToken.None));
        Assert.False(await ConnectionGuardFix.AddsDiagnosticsAsync(project.Solution, kept, new[] { worker.Id }, CancellationToken.None));

        var broken = await RewriteAsync(worker, "order.Total() + Retries", "order.Sum() + Retries");
        Assert.True(await NeighbourhoodCheck.AddsDiagnosticsAsync(project.Solution, broken, new[] { worker.Id }, CancellationToken.None));
        Assert.True(await ConnectionGuardFix.AddsDiagnosticsAsync(project.Solution, broken, new[] { worker.Id }, CancellationToken.None));

        var warned = await RewriteAsync(worker, "public int Run(Order order) => order.Total() + Retries;", "public int Run(Order order) { int unused = 0; return order.Total() + Retries; }");
        Assert.True(await NeighbourhoodCheck.AddsDiagnosticsAsync(project.Solution, warned, new[] { worker.Id }, CancellationToken.None)); // CS0219, a warning
    }

    [Fact]
    public async Task Only_the_touched_members_and_those_that_depend_on_them_are_counted()
    {
        var project = Project(("Worker.cs", """
            using System;
            namespace App;
            public sealed class Worker
            {
                private int _count;
                public Worker() { _count = 1; }
                public int Read() => _count;
                public int Twice(int value) => value * 2;
                public int Other() => 3;
            }
            """));
        var worker = project.Documents.Single();
        var before = (await worker.GetSyntaxTreeAsync())!;

        var body = await ChangedAsync(worker, "value * 2", "value + value");
        Assert.Equal(new[] { "public int Twice(int value) => value + value;", HeaderOfWorker }, body.Texts);

        // A field's type decides what its readers and the constructors that assign it compile to.
        var field = await ChangedAsync(worker, "private int _count;", "private long _count;");
        Assert.Equal(new[] { "private long _count;", "public Worker() { _count = 1; }", "public int Read() => _count;", HeaderOfWorker }, field.Texts);
        Assert.Equal(new[] { "private int _count;", "public Worker() { _count = 1; }", "public int Read() => _count;", HeaderOfWorker }, Texts(before, field.Changed!.Before));

        // Outside every member (an import): the whole file.
        Assert.Null((await ChangedAsync(worker, "using System;", "using System.Text;")).Changed);
    }

    [Fact]
    public async Task A_diagnostic_a_rewrite_causes_in_an_untouched_constructor_or_type_header_is_caught()
    {
        var project = Project(
            nullable: true,
            ("Worker.cs", """
                namespace App;
                public interface IRunner { void Run(); }
                public sealed class Worker : IRunner
                {
                    private string? _name;
                    public Worker() { }
                    public void Run() { }
                    public string Name() => _name ?? "";
                }
                """));
        var worker = project.Documents.Single();

        // CS8618 is reported on the constructor, which the rewrite leaves as it was.
        var unassigned = await RewriteAsync(worker, "private string? _name;", "private string _name;");
        Assert.True(await NeighbourhoodCheck.AddsDiagnosticsAsync(project.Solution, unassigned, new[] { worker.Id }, CancellationToken.None));
        Assert.True(await ConnectionGuardFix.AddsDiagnosticsAsync(project.Solution, unassigned, new[] { worker.Id }, CancellationToken.None));

        // CS0535 is reported on the type's header.
        var unimplemented = await RewriteAsync(worker, "public void Run() { }", "public void Start() { }");
        Assert.True(await NeighbourhoodCheck.AddsDiagnosticsAsync(project.Solution, unimplemented, new[] { worker.Id }, CancellationToken.None));
    }

    [Fact]
    public async Task Only_the_counted_documents_are_judged_and_they_see_the_others_as_rewritten()
    {
        var project = Project(
            ("Worker.cs", "namespace App; public static class Worker { public static int Run() => 1; }"),
            ("Caller.cs", "namespace App; public static class Caller { public static int Call() => Worker.Run(); }"));
        var worker = project.Documents.Single(d => d.Name == "Worker.cs");
        var caller = project.Documents.Single(d => d.Name == "Caller.cs");
        var both = new[] { worker.Id, caller.Id };

        // The caller breaks (CS0117): judged only when it is counted.
        var callerBroken = await RewriteAsync(caller, "Worker.Run()", "Worker.Walk()");
        Assert.False(await NeighbourhoodCheck.AddsDiagnosticsAsync(project.Solution, callerBroken, both, new[] { worker.Id }, CancellationToken.None));
        Assert.True(await NeighbourhoodCheck.AddsDiagnosticsAsync(project.Solution, callerBroken, both, new[] { caller.Id }, CancellationToken.None));

        // The worker calls what the rewritten caller adds: it compiles only against the caller as rewritten.
        var added = await RewriteAsync(caller, "public static int Call()", "public static int Helper() => 2; public static int Call()");
        var usesAdded = await RewriteAsync(added.GetDocument(worker.Id)!, "Run() => 1;", "Run() => Caller.Helper();");
        Assert.False(await NeighbourhoodCheck.AddsDiagnosticsAsync(project.Solution, usesAdded, both, new[] { worker.Id }, CancellationToken.None));
        Assert.True(await NeighbourhoodCheck.AddsDiagnosticsAsync(project.Solution, usesAdded, new[] { worker.Id }, CancellationToken.None));
    }

    [Fact]
    public async Task The_editors_compilation_is_the_before_side_only_when_the_neighbourhood_is_all_of_it()
    {
        var project = Project(
            ("Worker.cs", "namespace App; public static class Worker { public static int Run() => 1; }"),
            ("Caller.cs", "namespace App; public static class Caller { public static int Call() { int unused; return Worker.Run() + Other.Zero; } }"),
            ("Other.cs", "namespace App; public static class Other { public const int Zero = 0; }"));
        var compilation = (await project.GetCompilationAsync())!;
        var trees = compilation.SyntaxTrees.ToList();

        // Every tree kept: the editor's compilation itself, whose symbols the planners bound (lat32).
        Assert.Same(compilation, NeighbourhoodCheck.BeforeCompilation(compilation, trees));

        // A tree left out: a compilation of the neighbourhood alone, without it.
        var part = NeighbourhoodCheck.BeforeCompilation(compilation, trees.Take(2).ToList());
        Assert.NotSame(compilation, part);
        Assert.Equal(trees.Take(2), part.SyntaxTrees);

        // And the verdicts are the whole project's, counted against the warning (CS0168) the caller already had: a broken
        // caller is caught, a rewrite that keeps the warning is not refused.
        var caller = project.Documents.Single(d => d.Name == "Caller.cs");
        var broken = await RewriteAsync(caller, "Worker.Run()", "Worker.Walk()");
        Assert.True(await NeighbourhoodCheck.AddsDiagnosticsAsync(project.Solution, broken, new[] { caller.Id }, CancellationToken.None));
        var same = await RewriteAsync(caller, "Worker.Run()", "Worker.Run() + 1");
        Assert.False(await NeighbourhoodCheck.AddsDiagnosticsAsync(project.Solution, same, new[] { caller.Id }, CancellationToken.None));
    }

    private const string HeaderOfWorker = "public sealed class Worker\n";

    private static async Task<(ChangedMembers? Changed, string[] Texts)> ChangedAsync(Document document, string find, string replace)
    {
        var rewritten = (await RewriteAsync(document, find, replace)).GetDocument(document.Id)!;
        var after = (await rewritten.GetSyntaxTreeAsync())!;
        var changed = ChangedMembers.Of((await document.GetSyntaxTreeAsync())!, after, CancellationToken.None);
        return (changed, changed is null ? Array.Empty<string>() : Texts(after, changed.After));
    }

    private static string[] Texts(SyntaxTree tree, IEnumerable<TextSpan> spans) =>
        spans.Select(span => tree.GetText().ToString(span).Replace("\r\n", "\n")).ToArray();

    private static async Task<Solution> RewriteAsync(Document document, string find, string replace)
    {
        var text = (await document.GetTextAsync()).ToString();
        Assert.Contains(find, text);
        return document.WithText(SourceText.From(text.Replace(find, replace))).Project.Solution;
    }

    private static Project Project(params (string Name, string Text)[] files) => Project(nullable: false, files);

    private static Project Project(bool nullable, params (string Name, string Text)[] files)
    {
        var projectId = ProjectId.CreateNewId();
        var solution = new AdhocWorkspace().CurrentSolution.AddProject(ProjectInfo.Create(
            projectId, VersionStamp.Default, "App", "App", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: nullable ? NullableContextOptions.Enable : NullableContextOptions.Disable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: StaleConn.Analyzers.Tests.Infrastructure.TestReferences.Net80WithProviders));
        foreach (var (name, text) in files)
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), name, SourceText.From(text), filePath: "/app/" + name);
        }

        return solution.GetProject(projectId)!;
    }
}
