using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using StaleConn.Analyzers.Tests.Infrastructure;

namespace StaleConn.Analyzers.Tests.FieldTests;

/// <summary>
/// Runs every StaleConn analyzer at once over a snippet, as a user's build does: a real-world file must get exactly the
/// marked diagnostics (<c>{|SC0001:...|}</c>) from all rules together, and nothing from any rule on correct code.
/// </summary>
public static class AllRulesVerifier
{
    /// <summary>An expected warning of one rule, to complete with locations and message arguments.</summary>
    public static DiagnosticResult Diagnostic(string id) => new(id, DiagnosticSeverity.Warning);

    /// <summary>Checks <paramref name="source"/> against every shipped analyzer.</summary>
    public static Task VerifyAsync(string source, params DiagnosticResult[] expected) => VerifyAsync(source, OutputKind.DynamicallyLinkedLibrary, expected);

    /// <summary>Checks a console program (top-level statements need an executable).</summary>
    public static Task VerifyConsoleAppAsync(string source, params DiagnosticResult[] expected) => VerifyAsync(source, OutputKind.ConsoleApplication, expected);

    /// <summary>Checks files compiled together, each at its path (a path can make a file test code, as <c>App.Tests/</c> does).</summary>
    public static Task VerifyFilesAsync(params (string Path, string Source)[] files)
    {
        var test = new Test();
        foreach (var file in files)
        {
            test.TestState.Sources.Add(file);
        }

        return test.RunAsync();
    }

    private static Task VerifyAsync(string source, OutputKind outputKind, DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        test.TestState.OutputKind = outputKind;
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    private sealed class Test : CSharpAnalyzerTest<EmptyDiagnosticAnalyzer, DefaultVerifier>
    {
        public Test()
        {
            TestHarness.UseTestReferences(this);
        }

        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => typeof(RuleIdentifiers).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
    }
}
