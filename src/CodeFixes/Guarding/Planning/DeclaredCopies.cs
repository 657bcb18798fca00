using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A class compiled twice in one project — an older copy at the root and one in the project's folder
/// (thothang/CNPM_CK's two <c>ConnectionSingleton</c>s), a <c>"Db - Copy.cs"</c> beside <c>Db.cs</c>: Roslyn merges
/// the two into one type with two members of each name, and every reference binds to neither (CS0229, CS0121). The
/// build that has the bug compiles one copy with the files around it; the member's fix is planned that way — the files
/// nearer another copy (a copy's folder and below, unless a nearer copy's) and the other copies' classes left out — so
/// that each copy's fix edits only its own callers, and the other copy keeps serving its own.
/// </summary>
internal static class DeclaredCopies
{
    /// <summary>The member and its namesakes of the same kind in its type (one when the class is not copied).</summary>
    public static IReadOnlyList<ISymbol> Of(ISymbol member) =>
        member.ContainingType is not { } type
            ? new[] { member }
            : type.GetMembers(member.Name).Where(m => m.Kind == member.Kind && !m.IsImplicitlyDeclared && !m.DeclaringSyntaxReferences.IsEmpty).ToList();

    public static bool IsCopied(ISymbol member) => member is IFieldSymbol or IPropertySymbol { IsIndexer: false } && Of(member).Count > 1;

    public static string FileOf(ISymbol member) => member.DeclaringSyntaxReferences.FirstOrDefault()?.SyntaxTree.FilePath ?? "";

    /// <summary>The project as the member's copy sees it; null when its class is not copied or the copies cannot be told apart.</summary>
    public static async Task<PlannedProject?> ProjectAsync(Project project, ISymbol member, CancellationToken cancellationToken)
    {
        if (!IsCopied(member) || member.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        var own = member.DeclaringSyntaxReferences[0];
        var others = Of(member).Where(m => !SymbolEqualityComparer.Default.Equals(m, member)).ToList();
        var otherClasses = new List<TypeDeclarationSyntax>();
        foreach (var other in others)
        {
            var reference = other.DeclaringSyntaxReferences[0];
            if (reference.SyntaxTree == own.SyntaxTree
                || reference.GetSyntax(cancellationToken).FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } otherClass)
            {
                // Two copies in one file: nothing tells their callers apart.
                return null;
            }

            otherClasses.Add(otherClass);
        }

        var ownFolder = Folder(own.SyntaxTree.FilePath);
        var otherFolders = others.Select(o => Folder(FileOf(o))).ToList();
        var solution = project.Solution;
        var changed = new List<DocumentId>();
        foreach (var document in project.Documents)
        {
            if (document.FilePath is null || await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false) is not { } tree || tree == own.SyntaxTree)
            {
                continue;
            }

            var folder = Folder(tree.FilePath);
            var nearestOther = otherFolders.Where(f => Contains(f, folder)).Select(f => f.Length).DefaultIfEmpty(-1).Max();
            var ownDepth = Contains(ownFolder, folder) ? ownFolder.Length : -1;
            if (nearestOther > ownDepth)
            {
                solution = solution.RemoveDocument(document.Id);
                continue;
            }

            var inThisFile = otherClasses.Where(c => c.SyntaxTree == tree).ToList();
            if (inThisFile.Count > 0)
            {
                var root = await tree.GetRootAsync(cancellationToken).ConfigureAwait(false);
                solution = solution.WithDocumentSyntaxRoot(document.Id, root.RemoveNodes(inThisFile, SyntaxRemoveOptions.KeepNoTrivia)!);
                changed.Add(document.Id);
            }
        }

        var projected = solution.GetProject(project.Id)!;
        var compilation = await projected.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null || !compilation.SyntaxTrees.Contains(own.SyntaxTree))
        {
            return null;
        }

        var declared = compilation.GetSemanticModel(own.SyntaxTree).GetDeclaredSymbol(own.GetSyntax(cancellationToken), cancellationToken);
        return declared is null || IsCopied(declared) ? null : new PlannedProject(projected, declared, changed);
    }

    private static string Folder(string path)
    {
        var normalised = path.Replace('\\', '/');
        var slash = normalised.LastIndexOf('/');
        return slash < 0 ? "" : normalised.Substring(0, slash + 1);
    }

    /// <summary>Whether <paramref name="folder"/> is <paramref name="ancestor"/> or below it (both end with '/').</summary>
    private static bool Contains(string ancestor, string folder) => folder.StartsWith(ancestor, System.StringComparison.Ordinal);
}
