using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace StaleConn.Analyzers.Tests.Infrastructure;

/// <summary>Runs one analyzer over C# snippets and compares its diagnostics with the <c>{|SC0001:...|}</c> markup.</summary>
public static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>A diagnostic of the analyzer's only rule, to complete with a span and arguments.</summary>
    public static DiagnosticResult Diagnostic() => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic();

    /// <summary>A diagnostic of one of the analyzer's rules.</summary>
    public static DiagnosticResult Diagnostic(string id) => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic(id);

    /// <summary>Checks that <paramref name="source"/> produces exactly the marked diagnostics.</summary>
    public static Task VerifyAsync(string source, params DiagnosticResult[] expected) =>
        VerifyAsync(source, LanguageVersion.Latest, globalConfig: null, expected);

    /// <summary>Checks a snippet under a language version and optional <c>.globalconfig</c> text.</summary>
    public static Task VerifyAsync(string source, LanguageVersion languageVersion, string? globalConfig, params DiagnosticResult[] expected)
    {
        var test = new Test(languageVersion) { TestCode = source };
        if (globalConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\n" + globalConfig));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Checks a console program (top-level statements need an executable).</summary>
    public static Task VerifyConsoleAppAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>The test harness with StaleConn's references and a chosen language version.</summary>
    public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        private readonly LanguageVersion _languageVersion;

        /// <summary>Creates a harness for the given language version.</summary>
        public Test(LanguageVersion languageVersion = LanguageVersion.Latest)
        {
            _languageVersion = languageVersion;
            TestHarness.UseTestReferences(this);
        }

        /// <inheritdoc />
        protected override ParseOptions CreateParseOptions() =>
            ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(_languageVersion);
    }
}
