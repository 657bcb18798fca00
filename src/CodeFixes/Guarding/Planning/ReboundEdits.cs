using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// The edits <see cref="ReboundKeptCommands"/> collects across trees: builds replaced (or constructor bindings removed),
/// bindings inserted before a function's first use (in the order they were added), and private connection fields a
/// derived type's binding reads made <c>protected</c>.
/// </summary>
internal sealed class ReboundEdits
{
    private readonly Dictionary<SyntaxNode, SyntaxNode> _replaced = new();
    private readonly Dictionary<StatementSyntax, List<StatementSyntax>> _inserted = new();
    private readonly HashSet<FieldDeclarationSyntax> _widened = new();
    private readonly HashSet<StatementSyntax> _removed = new();

    public IEnumerable<SyntaxTree> Trees =>
        _replaced.Keys.Concat(_inserted.Keys).Concat(_widened).Concat(_removed).Select(n => n.SyntaxTree).Distinct();

    public void Replace(SyntaxNode node, SyntaxNode replacement) => _replaced[node] = replacement;

    /// <summary>A constructor's binding of a command built over no connection goes (each function binds it instead).</summary>
    public void Remove(StatementSyntax statement) => _removed.Add(statement);

    public void InsertBefore(StatementSyntax anchor, StatementSyntax statement)
    {
        if (!_inserted.TryGetValue(anchor, out var statements))
        {
            _inserted[anchor] = statements = new List<StatementSyntax>();
        }

        statements.Add(statement);
    }

    /// <summary>A derived type's method reads the private field: <c>protected</c> lets it (nothing else about the field changes).</summary>
    public void Widen(IFieldSymbol field, CancellationToken cancellationToken)
    {
        if (field.DeclaringSyntaxReferences.Single().GetSyntax(cancellationToken).Parent?.Parent is FieldDeclarationSyntax declaration)
        {
            _widened.Add(declaration);
        }
    }

    public void ApplyTo(MemberScopedEdits edits, SyntaxTree tree)
    {
        foreach (var pair in _replaced.Where(p => p.Key.SyntaxTree == tree))
        {
            edits.Add(pair.Key, editor => editor.ReplaceNode(pair.Key, pair.Value));
        }

        foreach (var pair in _inserted.Where(p => p.Key.SyntaxTree == tree))
        {
            edits.Add(pair.Key, editor => editor.InsertBefore(pair.Key, pair.Value));
        }

        foreach (var statement in _removed.Where(s => s.SyntaxTree == tree))
        {
            edits.Add(statement, editor => editor.RemoveNode(statement, SyntaxRemoveOptions.KeepUnbalancedDirectives));
        }

        foreach (var declaration in _widened.Where(d => d.SyntaxTree == tree))
        {
            edits.Add(declaration, editor => editor.ReplaceNode(declaration, (node, _) => Protected((FieldDeclarationSyntax)node)));
        }
    }

    private static FieldDeclarationSyntax Protected(FieldDeclarationSyntax declaration)
    {
        var leading = declaration.GetLeadingTrivia();
        var modifiers = declaration.Modifiers.Where(m => !m.IsKind(SyntaxKind.PrivateKeyword)).Select(m => m.WithoutTrivia().WithTrailingTrivia(Space));
        var bare = declaration.WithoutLeadingTrivia();
        return bare.WithModifiers(TokenList(modifiers.Prepend(Token(leading, SyntaxKind.ProtectedKeyword, TriviaList(Space)))))
            .WithDeclaration(declaration.Modifiers.Count == 0 ? bare.Declaration : declaration.Declaration);
    }
}
