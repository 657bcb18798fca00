using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// The member's project with every project that depends on it folded in, and where each folded-in document came from.
/// </summary>
internal sealed class MergedProject
{
    public MergedProject(Project project, ISymbol member, IReadOnlyDictionary<DocumentId, DocumentId> originals)
    {
        Project = project;
        Member = member;
        Originals = originals;
    }

    /// <summary>The member's project, holding copies of its dependents' documents and their references.</summary>
    public Project Project { get; }

    public ISymbol Member { get; }

    /// <summary>Each copied document's id in the real solution (a document of a referencing project).</summary>
    public IReadOnlyDictionary<DocumentId, DocumentId> Originals { get; }
}

/// <summary>
/// A Data/DAL library's connection used from the WinForms, console or service projects that reference it (issue 14):
/// the planners read one compilation, so the fix is planned in the library's project with the referencing projects'
/// documents folded in — each caller binds as it did, since it only saw the library through the reference — and each
/// edit of a folded-in document lands in that document of its own project (<see cref="DocumentPlan.MoveTo"/>). Null
/// when folding could change what a file means: another language, a file that parses differently under the library's
/// options (a newer language version, other <c>#if</c> symbols), or two projects declaring the same type.
/// </summary>
internal static class ReferencingProjects
{
    /// <summary>One folded project per snapshot and member: the lightbulb plans the guard and the per-use fix side by side.</summary>
    private static readonly SnapshotMemo<Solution, ProjectMember, MergedProject?> Merged = new();

    public static Task<MergedProject?> MergeAsync(Project project, ISymbol member, CancellationToken cancellationToken) =>
        Merged.GetOrSearchAsync(project.Solution, new ProjectMember(project.Id, member), () => MergeUncachedAsync(project, member, cancellationToken), cancellationToken);

    private static async Task<MergedProject?> MergeUncachedAsync(Project project, ISymbol member, CancellationToken cancellationToken)
    {
        var solution = project.Solution;
        var dependents = solution.GetProjectDependencyGraph().GetProjectsThatTransitivelyDependOnThisProject(project.Id)
            .Select(solution.GetProject).OfType<Project>().ToList();
        if (dependents.Count == 0 || dependents.Any(d => d.Language != LanguageNames.CSharp)
            || member.DeclaringSyntaxReferences.Length != 1 || project.ParseOptions is not CSharpParseOptions hostOptions)
        {
            return null;
        }

        var merged = new HashSet<ProjectId>(dependents.Select(d => d.Id).Append(project.Id));
        var originals = new Dictionary<DocumentId, DocumentId>();
        var knownReferences = new HashSet<string>(project.MetadataReferences.Select(ReferenceKey));
        var projectReferences = new HashSet<ProjectId>(project.ProjectReferences.Select(r => r.ProjectId));
        foreach (var dependent in dependents)
        {
            foreach (var document in dependent.Documents)
            {
                if (await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false) is not { } tree
                    || !ParsesAlike(tree, hostOptions, cancellationToken, out var text))
                {
                    return null;
                }

                var copy = DocumentId.CreateNewId(project.Id, document.Name);
                solution = solution.AddDocument(DocumentInfo.Create(copy, document.Name, document.Folders,
                    loader: TextLoader.From(TextAndVersion.Create(text, VersionStamp.Default, document.FilePath)), filePath: document.FilePath));
                originals[copy] = document.Id;
            }

            foreach (var reference in dependent.MetadataReferences.Where(r => knownReferences.Add(ReferenceKey(r))))
            {
                solution = solution.AddMetadataReference(project.Id, reference);
            }

            foreach (var reference in dependent.ProjectReferences.Where(r => !merged.Contains(r.ProjectId) && projectReferences.Add(r.ProjectId)))
            {
                solution = solution.AddProjectReference(project.Id, reference);
            }
        }

        foreach (var dependent in dependents)
        {
            solution = solution.RemoveProject(dependent.Id);
        }

        var host = solution.GetProject(project.Id)!;
        var own = member.DeclaringSyntaxReferences[0];
        var compilation = await host.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null || !compilation.SyntaxTrees.Contains(own.SyntaxTree)
            || compilation.GetDeclarationDiagnostics(cancellationToken).Any(d => d.Id is "CS0101" or "CS0102" or "CS0111"))
        {
            // Two projects declaring one type (each its own Program) would bind some callers to the other's.
            return null;
        }

        var declared = SemanticModels.Of(compilation, own.SyntaxTree).GetDeclaredSymbol(own.GetSyntax(cancellationToken), cancellationToken);
        return declared is null ? null : new MergedProject(host, declared, originals);
    }

    /// <summary>
    /// Whether the referencing project's file reads the same under the library's parse options (no new syntax error, no
    /// <c>#if</c> when the defined symbols differ); its text comes out for the copy.
    /// </summary>
    private static bool ParsesAlike(SyntaxTree tree, CSharpParseOptions hostOptions, CancellationToken cancellationToken, out Microsoft.CodeAnalysis.Text.SourceText text)
    {
        text = tree.GetText(cancellationToken);
        var own = (CSharpParseOptions)tree.Options;
        if (own.LanguageVersion == hostOptions.LanguageVersion && own.PreprocessorSymbolNames.SequenceEqual(hostOptions.PreprocessorSymbolNames))
        {
            return true;
        }

        var root = tree.GetRoot(cancellationToken);
        if (!own.PreprocessorSymbolNames.OrderBy(n => n).SequenceEqual(hostOptions.PreprocessorSymbolNames.OrderBy(n => n))
            && root.DescendantTrivia().Any(t => t.IsKind(SyntaxKind.IfDirectiveTrivia) || t.IsKind(SyntaxKind.ElifDirectiveTrivia)))
        {
            return false;
        }

        var reparsed = CSharpSyntaxTree.ParseText(text, hostOptions, tree.FilePath, cancellationToken);
        return reparsed.GetDiagnostics(cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error)
            <= tree.GetDiagnostics(cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
    }

    private static string ReferenceKey(MetadataReference reference) => (reference as PortableExecutableReference)?.FilePath ?? reference.Display ?? "";
}
