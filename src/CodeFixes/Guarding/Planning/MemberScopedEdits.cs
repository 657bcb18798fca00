using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Host;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// <see cref="SyntaxEditor"/> changes to one tree, applied in the order they were added by one editor per member
/// declaration that holds them. An editor finds each change's node again by walking its whole root, so changes spread over
/// a long file cost changes × file (vladzvx/test's DBWorker: 90 changes × 1,576 lines); within members, changes × member.
/// The generator's edits of a statement, an expression or a member stay inside that member, so the tree is the same.
/// </summary>
internal sealed class MemberScopedEdits
{
    private readonly List<(SyntaxNode Node, Action<SyntaxEditor> Change)> _changes = new();

    /// <summary>A change to <paramref name="node"/> (or beneath it), made on the editor of the member that holds it.</summary>
    public void Add(SyntaxNode node, Action<SyntaxEditor> change) => _changes.Add((node, change));

    /// <summary>
    /// The roots the changes are made in: each change's member declaration, or <paramref name="root"/> alone when a change
    /// lies outside every member (a top-level statement, a type's own header).
    /// </summary>
    public IReadOnlyList<SyntaxNode> Scopes(SyntaxNode root)
    {
        var members = _changes.Select(c => MemberOf(c.Node)).ToList();
        return members.Any(m => m is null) ? new[] { root } : members.Distinct().ToList()!;
    }

    public SyntaxNode Apply(SyntaxNode root, SolutionServices services)
    {
        var scopes = Scopes(root);
        var changed = new Dictionary<SyntaxNode, SyntaxNode>();
        foreach (var scope in scopes)
        {
            var editor = new SyntaxEditor(scope, services);
            foreach (var (_, change) in _changes.Where(c => scope.Contains(c.Node)))
            {
                change(editor);
            }

            changed[scope] = editor.GetChangedRoot();
        }

        return changed.TryGetValue(root, out var whole) ? whole : root.ReplaceNodes(changed.Keys, (original, _) => changed[original]);
    }

    /// <summary>The method, constructor, property, field… declaring the node; null for a type, namespace or top-level statement.</summary>
    private static MemberDeclarationSyntax? MemberOf(SyntaxNode node) =>
        node.AncestorsAndSelf().OfType<MemberDeclarationSyntax>().FirstOrDefault() is { } member
        && member is not BaseTypeDeclarationSyntax and not DelegateDeclarationSyntax and not BaseNamespaceDeclarationSyntax and not GlobalStatementSyntax
            ? member
            : null;
}
