using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using StaleConn.Analyzers.Rules;
using StaleConn.Analyzers.Tests.Infrastructure;

namespace StaleConn.CodeFixes.Tests.Infrastructure;

/// <summary>
/// Runs SC0006 over code a fix produced: a guard fix must not leave a lease held across a wait (or the lease's
/// connection disposed), which is what the fix exists to prevent.
/// </summary>
public static class LeaseMisuseCheck
{
    /// <summary>Fails when <paramref name="fixedSource"/> compiles with any diagnostic, SC0006 included.</summary>
    public static Task AssertNoMisuseAsync(string fixedSource, LanguageVersion languageVersion = LanguageVersion.Latest)
    {
        var test = new Test(languageVersion) { TestCode = fixedSource };
        return test.RunAsync();
    }

    /// <summary>The same for the files of one project.</summary>
    public static Task AssertNoMisuseAsync(string[] fixedSources)
    {
        var test = new Test(LanguageVersion.Latest);
        test.TestState.Sources.AddRange(fixedSources.Select((s, i) => ($"/0/Test{i}.cs", Microsoft.CodeAnalysis.Text.SourceText.From(s))));
        return test.RunAsync();
    }

    private sealed class Test : CSharpAnalyzerTest<LeaseMisuseAnalyzer, DefaultVerifier>
    {
        private readonly LanguageVersion _languageVersion;

        public Test(LanguageVersion languageVersion)
        {
            _languageVersion = languageVersion;
            TestHarness.UseTestReferences(this);
            TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(ConnectionGuard<>).Assembly.Location));
        }

        protected override ParseOptions CreateParseOptions() =>
            ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(_languageVersion);
    }
}
