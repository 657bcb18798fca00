using Microsoft.CodeAnalysis;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Corpus;

namespace StaleConn.CodeFixes.Tests.Infrastructure;

/// <summary>
/// A holder shape's findings fixed together in one mode, as Fix All does: the tests that ask which reason a mode
/// declines with, or read the solution it wrote, build the project and the targets the same way.
/// </summary>
internal static class ShapeFixRuns
{
    /// <summary>
    /// Fixes every finding of <paramref name="shape"/> (those <paramref name="which"/> keeps, when given) in
    /// <paramref name="mode"/>; returns the fixed solution and the reasons of the findings the mode declined.
    /// </summary>
    /// <param name="compilesBefore">Assert first that the shape's sources compile without errors.</param>
    public static async Task<(Solution Solution, IReadOnlyList<NoFixReason> NotFixed)> FixEachAsync(
        HolderShape shape, FixMode mode, Func<Diagnostic, bool>? which = null, bool compilesBefore = false)
    {
        var references = await HolderShapeCorpusTests.ReferencesAsync();
        var project = HolderShapeCorpusTests.CreateProject(shape, references);
        var compilation = (await project.GetCompilationAsync())!;
        if (compilesBefore)
        {
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        }

        var targets = new List<GuardTarget>();
        foreach (var finding in await HolderShapeCorpusTests.FindingsAsync(project, compilation))
        {
            if (which is null || which(finding))
            {
                targets.AddRange(await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(project.GetDocument(finding.Location.SourceTree)!, finding, CancellationToken.None));
            }
        }

        Assert.NotEmpty(targets);
        var (solution, notFixed) = await ConnectionGuardFix.GuardEachAsync(project.Solution, targets.Distinct(), mode, CancellationToken.None);
        return (solution, notFixed.Select(n => n.Reason).ToList());
    }
}
