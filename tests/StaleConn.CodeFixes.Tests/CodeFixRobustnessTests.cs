using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using StaleConn.Analyzers.Tests.Infrastructure;
using StaleConn.CodeFixes.Tests.Guard;

namespace StaleConn.CodeFixes.Tests;

/// <summary>
/// Half-typed code: every analyzer-test snippet, cut at a few points, goes through the analyzers and every code fix.
/// A fix may decline, but it must not throw, and a fix it offers must not add compiler errors.
/// </summary>
public class CodeFixRobustnessTests
{
    private const int CutsPerSnippet = 4;

    [Fact]
    public async Task Code_fixes_never_throw_or_add_errors_on_truncated_code()
    {
        var references = TestReferences.Net80WithProviders
            .Add(MetadataReference.CreateFromFile(typeof(ConnectionGuard<>).Assembly.Location));
        var failures = new List<string>();
        var attempts = 0;
        foreach (var testCase in AnalyzerCorpusTests.ReadCases())
        {
            for (var cut = 1; cut <= CutsPerSnippet; cut++)
            {
                var length = testCase.Source.Length * cut / (CutsPerSnippet + 1);
                var truncated = testCase with { Source = testCase.Source.Substring(0, length) };
                var document = AnalyzerCorpusTests.CreateDocument(truncated, references);
                var compilation = (await document.Project.GetCompilationAsync())!;
                var errorsBefore = compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
                var findings = await compilation.WithAnalyzers(AnalyzerCorpusTests.Analyzers.ToImmutableArray(), document.Project.AnalyzerOptions).GetAnalyzerDiagnosticsAsync();
                foreach (var finding in findings)
                {
                    foreach (var fixer in AnalyzerCorpusTests.Fixers.Where(f => f.FixableDiagnosticIds.Contains(finding.Id)))
                    {
                        attempts++;
                        var actions = new List<CodeAction>();
                        try
                        {
                            await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, finding, (action, _) => actions.Add(action), CancellationToken.None));
                            foreach (var action in actions)
                            {
                                var operation = (await action.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single();
                                var after = (await operation.ChangedSolution.GetProject(document.Project.Id)!.GetCompilationAsync())!;
                                if (after.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error) > errorsBefore)
                                {
                                    failures.Add($"{testCase.Name} cut {cut}: '{action.Title}' adds errors");
                                }
                            }
                        }
                        catch (Exception exception)
                        {
                            failures.Add($"{testCase.Name} cut {cut}: {fixer.GetType().Name} threw {exception.GetType().Name}: {exception.Message}");
                        }
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(attempts > 20, $"Only {attempts} fix attempts: the corpus was not read.");
    }
}
