using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using StaleConn.Analyzers.Tests.Infrastructure;
using Xunit.Abstractions;

namespace StaleConn.Analyzers.Tests;

/// <summary>
/// An analyzer runs on every keystroke, mostly over half-typed code: it must never throw (AD0001). Every test snippet
/// is cut at many points and run through all analyzers at once.
/// </summary>
public class AnalyzerRobustnessTests(ITestOutputHelper output)
{
    private const int EvenCutsPerSnippet = 6;
    private const int TokenCutsPerSnippet = 6;

    private static readonly string[] InterestingTokens = { "(", "<", "=>", "new ", "typeof(", "{", "while", "foreach", "AddSingleton", ":" };

    [Fact]
    public void Test_snippets_are_collected_from_every_rule_test_class()
    {
        var origins = TestSnippets.All().Select(s => s.Origin.Split(':')[0]).Distinct().ToList();

        Assert.True(TestSnippets.All().Count >= 50, $"Only {TestSnippets.All().Count} snippets were found.");
        foreach (var id in new[] { "SC0001", "SC0002", "SC0003", "SC0004", "SC0005", "SC0007" })
        {
            Assert.Contains(origins, o => o.StartsWith(id, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(TestSnippets.All(), s => s.Source.Contains("{|", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Complete_snippets_exercise_every_rule_in_this_harness()
    {
        var baseCompilation = await CreateBaseCompilationAsync();
        var analyzers = AllAnalyzers();
        var reported = new ConcurrentDictionary<string, bool>();
        await Parallel.ForEachAsync(TestSnippets.All(), async (snippet, cancellationToken) =>
        {
            var (diagnostics, exceptions) = await AnalyzeAsync(baseCompilation, analyzers, snippet.Source, cancellationToken);
            Assert.True(exceptions.IsEmpty, $"{snippet.Origin}: {string.Join(Environment.NewLine, exceptions)}");
            foreach (var diagnostic in diagnostics)
            {
                reported.TryAdd(diagnostic.Id, true);
            }

            // SC0007 needs the options off (see below): its own snippets run again without them.
            if (snippet.Origin.StartsWith("SC0007", StringComparison.Ordinal))
            {
                var (ownDiagnostics, ownExceptions) = await AnalyzeAsync(baseCompilation, analyzers, snippet.Source, cancellationToken, GlobalOptionsProvider.None);
                Assert.True(ownExceptions.IsEmpty, $"{snippet.Origin}: {string.Join(Environment.NewLine, ownExceptions)}");
                if (ownDiagnostics.Any(d => d.Id == "SC0007"))
                {
                    reported.TryAdd("SC0007", true);
                }
            }
        });

        // Proves the harness really runs the analyzers: a harness that silently ran nothing would pass the truncation test.
        foreach (var descriptor in RuleDocumentationTests.AllDescriptors().Where(d => d.Id is "SC0001" or "SC0002" or "SC0003" or "SC0004" or "SC0005" or "SC0006" or "SC0007"))
        {
            Assert.True(reported.ContainsKey(descriptor.Id), $"{descriptor.Id} was never reported on the complete snippets.");
        }
    }

    [Fact]
    public async Task Truncated_snippets_never_make_an_analyzer_throw()
    {
        var baseCompilation = await CreateBaseCompilationAsync();
        var analyzers = AllAnalyzers();
        var cases = TestSnippets.All()
            .SelectMany(snippet => CutPoints(snippet.Source).Select(cut => (snippet.Origin, Cut: cut, Source: snippet.Source.Substring(0, cut))))
            .ToList();
        var failures = new ConcurrentBag<string>();
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        await Parallel.ForEachAsync(cases, async (item, cancellationToken) =>
        {
            var (_, exceptions) = await AnalyzeAsync(baseCompilation, analyzers, item.Source, cancellationToken);
            foreach (var exception in exceptions)
            {
                failures.Add($"{item.Origin} cut at {item.Cut}: {exception}");
            }
        });

        output.WriteLine($"{cases.Count} truncated sources from {TestSnippets.All().Count} snippets through {analyzers.Length} analyzers in {stopwatch.Elapsed.TotalSeconds:F1} s.");
        Assert.True(cases.Count > 500, $"Only {cases.Count} truncated sources.");
        Assert.True(failures.IsEmpty, string.Join(Environment.NewLine + Environment.NewLine, failures.Take(5)));
    }

    /// <summary>
    /// SC0007 reads syntax across files that the compiler cannot bind: creations, keepers and loops cut mid-way, a class
    /// that keeps itself, and an owner chain that loops back.
    /// </summary>
    [Theory]
    [InlineData("using MySqlConnector; public class Database { public MySqlConnection C = new MySqlConnection(); } public class IrcBot { Database db = new Database(")]
    [InlineData("using MySqlConnector; public class Database { public MySqlConnection C; } public static class S { static System.Collections.Generic.Dictionary<string, Database> D = new(); static void M() { D[ = new Database(); D.Add(, ); } }")]
    [InlineData("using MySqlConnector; public class Database { public MySqlConnection C; } var db = new Database(); while (true { db.C.Ping(); System.Threading.Thread.Sleep(")]
    [InlineData("using MySqlConnector; public class Node { public MySqlConnection C; Node next = new Node(); Node prev; } public class A { B b = new B(); } public class B { A a = new A(); public Node n = new(); }")]
    [InlineData("using MySqlConnector; public class Database { public MySqlConnection C; } public class Bot { Database _db; Bot(System.IServiceProvider p) { _db = p.GetRequiredService<Database>(; } } for (;;) { new Database(). }")]
    [InlineData("using MySqlConnector; public class Database<T> { public MySqlConnection C; } public class W : Microsoft.Extensions.Hosting.BackgroundService { Database<int> d = new Database<int>(); Database<> e; }")]
    [InlineData("using MySqlConnector; public class Db { static Db _i; [System.ThreadStatic] static Db _t; [ThreadStatic(] static Db _u; public MySqlConnection C = new MySqlConnection(); public static Db I() { _i = new Db(; return _i } public static Db J { get { lock (x) { this._i = new(); } return _i = new ; } set { _i = new Db(); return _i; } } }")]
    // A record's base list cut after ':' (from SC0002LongLivedServiceConnectionTests' nested-types snippet): SC0007 looked
    // for the keepers of the unnamed base and searched every file for "" without end.
    [InlineData("using MySqlConnector; public abstract class W<T> : Microsoft.Extensions.Hosting.BackgroundService where T : System.Data.Common.DbConnection { protected T C; protected W(T c) => C = c; } public sealed record Exporter(MySqlConnection Connection) :")]
    public async Task Half_typed_owner_and_holder_shapes_never_make_an_analyzer_throw(string source)
    {
        var baseCompilation = await CreateBaseCompilationAsync();

        // Without the options: with System.Object long-lived, every holder would be SC0002's and SC0007 would stop early.
        foreach (var cut in CutPoints(source).Append(source.Length))
        {
            var (_, exceptions) = await AnalyzeAsync(baseCompilation, AllAnalyzers(), source.Substring(0, cut), CancellationToken.None, GlobalOptionsProvider.None);

            Assert.True(exceptions.IsEmpty, string.Join(Environment.NewLine, exceptions));
        }
    }

    [Fact]
    public async Task Harness_catches_an_analyzer_that_throws()
    {
        var baseCompilation = await CreateBaseCompilationAsync();

        var (_, exceptions) = await AnalyzeAsync(baseCompilation, ImmutableArray.Create<DiagnosticAnalyzer>(new ThrowingAnalyzer()), "class C { }", CancellationToken.None);

        Assert.NotEmpty(exceptions);
    }

    /// <summary>Evenly spaced cuts, plus cuts just after tokens where analyzers look at half-bound operations.</summary>
    private static IEnumerable<int> CutPoints(string source)
    {
        var cuts = new SortedSet<int>();
        for (var i = 1; i <= EvenCutsPerSnippet; i++)
        {
            cuts.Add(source.Length * i / (EvenCutsPerSnippet + 1));
        }

        var tokenCuts = new List<int>();
        foreach (var token in InterestingTokens)
        {
            for (var index = source.IndexOf(token, StringComparison.Ordinal); index >= 0; index = source.IndexOf(token, index + 1, StringComparison.Ordinal))
            {
                tokenCuts.Add(index + token.Length);
            }
        }

        tokenCuts.Sort();
        var step = Math.Max(1, tokenCuts.Count / TokenCutsPerSnippet);
        for (var i = 0; i < tokenCuts.Count; i += step)
        {
            cuts.Add(tokenCuts[i]);
        }

        return cuts.Where(c => c > 0 && c < source.Length);
    }

    private static async Task<(ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<string> Exceptions)> AnalyzeAsync(
        CSharpCompilation baseCompilation, ImmutableArray<DiagnosticAnalyzer> analyzers, string source, CancellationToken cancellationToken, AnalyzerConfigOptionsProvider? optionsProvider = null)
    {
        var tree = CSharpSyntaxTree.ParseText(source, ParseOptions, path: "Snippet.cs", cancellationToken: cancellationToken);
        var compilation = baseCompilation.AddSyntaxTrees(tree);
        var exceptions = new ConcurrentBag<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, optionsProvider ?? GlobalOptionsProvider.Instance),
            onAnalyzerException: (exception, analyzer, _) => exceptions.Add($"{analyzer.GetType().Name} threw {exception}"),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync(cancellationToken);
        foreach (var diagnostic in diagnostics.Where(d => d.Id == "AD0001"))
        {
            exceptions.Add(diagnostic.ToString());
        }

        return (diagnostics, exceptions.ToImmutableArray());
    }

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static async Task<CSharpCompilation> CreateBaseCompilationAsync()
    {
        return CSharpCompilation.Create(
            "Robustness",
            syntaxTrees: null,
            TestReferences.Net80WithProviders
                // SC0006 only runs where the guard's lease type is visible.
                .Add(MetadataReference.CreateFromFile(typeof(StaleConn.ConnectionGuard<>).Assembly.Location)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>Every analyzer StaleConn ships, from both assemblies.</summary>
    private static ImmutableArray<DiagnosticAnalyzer> AllAnalyzers() =>
        new[] { typeof(RuleIdentifiers).Assembly, Assembly.Load("StaleConn.CodeFixes") }
            .SelectMany(assembly => assembly.GetTypes())
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

#pragma warning disable RS1026, RS1036, RS2008 // a deliberately broken test analyzer, never shipped
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class ThrowingAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = new("TEST0001", "Throws", "Throws", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterSymbolAction(_ => throw new InvalidOperationException("boom"), SymbolKind.NamedType);
        }
    }
#pragma warning restore RS1026, RS1036, RS2008

    /// <summary>Turns on every option, so the option-dependent paths run too.</summary>
    private sealed class GlobalOptionsProvider : AnalyzerConfigOptionsProvider
    {
        private static readonly AnalyzerConfigOptions AllOptions = new DictionaryOptions(new Dictionary<string, string>
        {
            ["staleconn.include_sqlite"] = "true",
            // Real names first, then the kind of half-typed values a user can leave in a .globalconfig.
            ["staleconn.long_lived_types"] = "MyCompany.IWorker; MyCompany.JobBase`1, ,, ` ; global:: ; Foo<Bar> ; .; System.Object",
        });

        public static readonly GlobalOptionsProvider Instance = new(all: true);

        /// <summary>No option set.</summary>
        public static readonly GlobalOptionsProvider None = new(all: false);

        private GlobalOptionsProvider(bool all) => GlobalOptions = all ? AllOptions : DictionaryOptions.Empty;

        public override AnalyzerConfigOptions GlobalOptions { get; }

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => DictionaryOptions.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => DictionaryOptions.Empty;
    }

    private sealed class DictionaryOptions(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly DictionaryOptions Empty = new(new Dictionary<string, string>());

        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
