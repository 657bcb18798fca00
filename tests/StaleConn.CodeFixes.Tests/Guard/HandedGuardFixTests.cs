using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Corpus;
using StaleConn.CodeFixes.Tests.Reasons;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// A holder that hands its connection to kept objects whose fields have findings of their own (the real shapes of
/// <see cref="ReceivingFieldHasOwnFindingTests"/>: wEEWSA0/IT-ParkTelegramBotShitV2, valloon91234/Github2Telegram,
/// AxisKriel/CurrencyBank) gets one guard fix that rewrites holder and receivers together: the holder becomes the guard,
/// each receiver's constructor parameter and field take it, and the receiver's methods lease it per unit of work.
/// </summary>
public class HandedGuardFixTests
{
    [Theory]
    [InlineData("TelegramBot", "Connection", "TableTeachers", "TableStudents")]
    [InlineData("Github2Telegram", "Connection", "GithubCommitDao", "GithubRepoDao")]
    public async Task The_holder_hands_its_one_guard_to_every_receiver(string shape, string holder, string firstReceiver, string secondReceiver)
    {
        var (project, findings) = await ReceivingFieldHasOwnFindingTests.FindingsAsync(shape);
        var finding = Assert.Single(findings, f => NameAt(f) == holder);
        var document = project.GetDocument(finding.Location.SourceTree)!;
        var targets = (await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(document, finding, CancellationToken.None)).ToList();

        var (fixedSolution, notFixed) = await ConnectionGuardFix.GuardEachAsync(project.Solution, targets, FixMode.Guard, CancellationToken.None);

        Assert.Equal(string.Empty, string.Join(", ", notFixed.Select(n => n.Reason)));
        var fixedProject = fixedSolution.GetProject(project.Id)!;
        var compilation = (await fixedProject.GetCompilationAsync())!;
        var before = (await project.GetCompilationAsync())!.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.Id).ToList();
        var added = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning && !before.Remove(d.Id));
        Assert.Equal(string.Empty, string.Join("; ", added.Select(d => d.ToString())));
        foreach (var receiver in new[] { firstReceiver, secondReceiver })
        {
            var constructor = compilation.GetTypeByMetadataName(receiver)!.InstanceConstructors.Single();
            Assert.Equal("ConnectionGuard", constructor.Parameters.Single().Type.Name);
        }

        // One guard for the holder, none wrapping what a receiver is given: every receiver leases the holder's guard.
        var text = string.Concat(fixedProject.Documents.Select(d => d.GetTextAsync().Result.ToString()));
        Assert.Equal(1, CountOf(text, "new ConnectionGuard<"));
        Assert.Equal(2, CountOf(text, ".Acquire()"));

        // The holder's finding and the receivers' go together.
        Assert.Equal(string.Empty, string.Join("; ", (await HolderShapeCorpusTests.FindingsAsync(fixedProject, compilation)).Select(f => f.GetMessage())));
    }

    [Fact]
    public async Task A_receiver_whose_own_fix_declines_keeps_the_holder_as_it_is()
    {
        var (project, findings) = await ReceivingFieldHasOwnFindingTests.FindingsAsync("CurrencyBank");
        var finding = Assert.Single(findings, f => NameAt(f) == "Db");

        Assert.Equal(new[] { NoFixReason.ReceivingFieldDeclines }, await ReceivingFieldHasOwnFindingTests.ReasonsAsync(project, finding, FixMode.Guard));
    }

    private static string NameAt(Diagnostic finding) => finding.Location.SourceTree!.GetRoot().FindToken(finding.Location.SourceSpan.Start).ValueText;

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;
}
