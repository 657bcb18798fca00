using Microsoft.CodeAnalysis.CSharp;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.LongLivedServiceConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;
using VerifyStatic = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Infrastructure;

/// <summary>
/// Applies the guard fix to a worker (SC0001 for a static connection, SC0002 otherwise, as the markup says), compares
/// the result, and runs SC0006 over it: no lease of the fixed worker may be held across a wait.
/// </summary>
public static class GuardFixCheck
{
    public static async Task VerifyWorkerAsync(string source, string fixedSource, LanguageVersion languageVersion = LanguageVersion.Latest)
    {
        if (source.Contains("SC0001:", StringComparison.Ordinal))
        {
            await VerifyStatic.VerifyAsync(source, fixedSource, languageVersion);
        }
        else
        {
            await Verify.VerifyAsync(source, fixedSource, languageVersion);
        }

        await LeaseMisuseCheck.AssertNoMisuseAsync(fixedSource, languageVersion);
    }

    /// <summary>The same for the files of one project (Fix All over SC0002).</summary>
    public static async Task VerifyWorkersAsync(string[] sources, string[] fixedSources)
    {
        await Verify.VerifyAsync(sources, fixedSources);
        await LeaseMisuseCheck.AssertNoMisuseAsync(fixedSources);
    }
}
