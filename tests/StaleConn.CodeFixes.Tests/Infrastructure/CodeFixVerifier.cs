using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using StaleConn.Analyzers.Tests.Infrastructure;

namespace StaleConn.CodeFixes.Tests.Infrastructure;

/// <summary>
/// Applies one code fix to C# snippets and compares the result, compiled against .NET 8, the providers and
/// StaleConn's real runtime guard. The harness also checks Fix All in document, project and solution scope.
/// </summary>
public static class CodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>A diagnostic of one of the analyzer's rules, to complete with locations and arguments.</summary>
    public static DiagnosticResult Diagnostic(string id) => CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic(id);

    /// <summary>
    /// Fixes <paramref name="source"/> with the first action (or the one with <paramref name="equivalenceKey"/>) and
    /// expects <paramref name="fixedSource"/>.
    /// </summary>
    public static Task VerifyAsync(string source, string fixedSource, LanguageVersion languageVersion = LanguageVersion.Latest, string? equivalenceKey = null)
    {
        var test = new Test(languageVersion) { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = equivalenceKey };
        return test.RunAsync();
    }

    /// <summary>Fixes <paramref name="source"/> in a project whose nullable context is <paramref name="projectNullable"/> (<c>&lt;Nullable&gt;</c>).</summary>
    public static Task VerifyAsync(string source, string fixedSource, NullableContextOptions projectNullable)
    {
        var test = new Test { TestCode = source, FixedCode = fixedSource, ProjectNullable = projectNullable };
        return test.RunAsync();
    }

    /// <summary>
    /// Fixes <paramref name="source"/> where <paramref name="others"/> report findings too (a holder's rule and its
    /// receivers'): one fix at a time and with Fix All, each of which must reach <paramref name="fixedSource"/>.
    /// </summary>
    public static Task VerifyWithOtherAnalyzersAsync(string source, string fixedSource, params DiagnosticAnalyzer[] others)
    {
        var test = new Test { TestCode = source, FixedCode = fixedSource, OtherAnalyzers = others };
        return test.RunAsync();
    }

    /// <summary>Fixes a console application's top-level statements.</summary>
    public static Task VerifyConsoleAppAsync(string source, string fixedSource)
    {
        var test = new Test { TestCode = source, FixedCode = fixedSource };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    /// <summary>Fixes several files of one project (sources are named <c>/0/Test0.cs</c>, <c>/0/Test1.cs</c>, ...).</summary>
    public static Task VerifyAsync(string[] sources, string[] fixedSources, string? equivalenceKey = null)
    {
        var test = new Test { CodeActionEquivalenceKey = equivalenceKey };
        test.TestState.Sources.AddRange(sources.Select((s, i) => ($"/0/Test{i}.cs", Microsoft.CodeAnalysis.Text.SourceText.From(s))));
        test.FixedState.Sources.AddRange(fixedSources.Select((s, i) => ($"/0/Test{i}.cs", Microsoft.CodeAnalysis.Text.SourceText.From(s))));
        return test.RunAsync();
    }

    /// <summary>Applies the code action with <paramref name="equivalenceKey"/>, with or without StaleConn.Runtime referenced.</summary>
    public static Task VerifyActionAsync(string source, string fixedSource, string equivalenceKey, bool withRuntime)
    {
        var test = new Test(LanguageVersion.Latest, withRuntime) { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = equivalenceKey };
        return test.RunAsync();
    }

    /// <summary>Fixes <paramref name="source"/> (or expects no fix when it is unchanged) with Scrutor referenced, for its assembly scans.</summary>
    public static Task VerifyWithScrutorAsync(string source, string fixedSource, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source, FixedCode = fixedSource };
        test.TestState.ExpectedDiagnostics.AddRange(expected);
        test.FixedState.ExpectedDiagnostics.AddRange(expected);
        foreach (var assembly in new[] { "Scrutor", "Microsoft.Extensions.DependencyModel" })
        {
            test.TestState.AdditionalReferences.Add(TestReferences.OptIn(assembly));
            test.FixedState.AdditionalReferences.Add(TestReferences.OptIn(assembly));
        }

        test.FixedState.MarkupHandling = source == fixedSource ? MarkupMode.Allow : test.FixedState.MarkupHandling;
        return test.RunAsync();
    }

    /// <summary>
    /// Fixes <paramref name="source"/> in a project that references a second project, <c>Framework</c>, made of
    /// <paramref name="frameworkSource"/> (which the fix leaves as it is).
    /// </summary>
    public static Task VerifyWithReferencedProjectAsync(string frameworkSource, string source, string fixedSource)
    {
        var test = new Test { TestCode = source, FixedCode = fixedSource };
        test.TestState.AdditionalProjects["Framework"].Sources.Add(("/Framework/Framework.cs", frameworkSource));
        test.TestState.AdditionalProjectReferences.Add("Framework");
        return test.RunAsync();
    }

    /// <summary>
    /// Fixes <paramref name="source"/> with the fix of <paramref name="equivalenceKey"/> in a project that a second
    /// project, <c>Consumer</c> (<paramref name="consumerSource"/>, StaleConn.Runtime referenced too), references and
    /// uses: one at a time and with Fix All, both projects must end as <paramref name="fixedSource"/> and
    /// <paramref name="fixedConsumer"/>.
    /// </summary>
    public static Task VerifyWithConsumerProjectAsync(string source, string consumerSource, string fixedSource, string fixedConsumer, string equivalenceKey)
    {
        var test = new Test { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = equivalenceKey };
        var runtime = MetadataReference.CreateFromFile(typeof(ConnectionGuard<>).Assembly.Location);
        test.TestState.AdditionalProjects["Consumer"].Sources.Add(("/Consumer/Reports.cs", consumerSource));
        test.TestState.AdditionalProjects["Consumer"].AdditionalProjectReferences.Add("TestProject");
        test.TestState.AdditionalProjects["Consumer"].AdditionalReferences.Add(runtime);
        test.FixedState.AdditionalProjects["Consumer"].Sources.Add(("/Consumer/Reports.cs", fixedConsumer));
        test.FixedState.AdditionalProjects["Consumer"].AdditionalProjectReferences.Add("TestProject");
        test.FixedState.AdditionalProjects["Consumer"].AdditionalReferences.Add(runtime);
        return test.RunAsync();
    }

    /// <summary>Expects the diagnostics in <paramref name="source"/> but no code fix for them.</summary>
    public static Task VerifyNoFixAsync(string source, LanguageVersion languageVersion = LanguageVersion.Latest, bool withRuntime = true)
    {
        var test = new Test(languageVersion, withRuntime) { TestCode = source, FixedCode = source };
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        return test.RunAsync();
    }

    /// <summary>Expects the diagnostics in several files of one project but no code fix for them.</summary>
    public static Task VerifyNoFixAsync(string[] sources)
    {
        var test = new Test();
        test.TestState.Sources.AddRange(sources.Select((s, i) => ($"/0/Test{i}.cs", Microsoft.CodeAnalysis.Text.SourceText.From(s))));
        test.FixedState.Sources.AddRange(sources.Select((s, i) => ($"/0/Test{i}.cs", Microsoft.CodeAnalysis.Text.SourceText.From(s))));
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        return test.RunAsync();
    }

    /// <summary>The harness with StaleConn's references and a chosen language version.</summary>
    public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        private readonly LanguageVersion _languageVersion;

        /// <summary>Creates a harness; <paramref name="withRuntime"/> adds the StaleConn.Runtime assembly.</summary>
        public Test(LanguageVersion languageVersion = LanguageVersion.Latest, bool withRuntime = true)
        {
            _languageVersion = languageVersion;
            TestHarness.UseTestReferences(this);
            if (withRuntime)
            {
                var runtime = MetadataReference.CreateFromFile(typeof(ConnectionGuard<>).Assembly.Location);
                TestState.AdditionalReferences.Add(runtime);
                FixedState.AdditionalReferences.Add(runtime);
            }
        }

        /// <summary>Analyzers whose findings are fixed beside <typeparamref name="TAnalyzer"/>'s.</summary>
        public IReadOnlyList<DiagnosticAnalyzer> OtherAnalyzers { get; init; } = Array.Empty<DiagnosticAnalyzer>();

        /// <inheritdoc />
        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => base.GetDiagnosticAnalyzers().Concat(OtherAnalyzers);

        /// <summary>The project's nullable context (the harness's default, disabled, unless set).</summary>
        public NullableContextOptions? ProjectNullable { get; init; }

        /// <inheritdoc />
        /// <remarks>Asked for one of the connection fixes by its own key, the harness sees each action under its own key.</remarks>
        protected override IEnumerable<CodeFixProvider> GetCodeFixProviders() =>
            typeof(TCodeFix) == typeof(GuardWithConnectionGuardCodeFixProvider) && CodeActionEquivalenceKey is { } key
            && key != GuardWithConnectionGuardCodeFixProvider.RecommendedEquivalenceKey
                ? new CodeFixProvider[] { new OwnKeyFixProvider() }
                : base.GetCodeFixProviders();

        /// <inheritdoc />
        protected override CompilationOptions CreateCompilationOptions() =>
            ProjectNullable is { } nullable
                ? ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(nullable)
                : base.CreateCompilationOptions();

        /// <inheritdoc />
        protected override ParseOptions CreateParseOptions() =>
            ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(_languageVersion);
    }
}
