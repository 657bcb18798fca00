using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// The names each syntax tree mentions — identifiers, string literal values (reflection looks members up by name, kept
/// apart) and <c>+=</c> — read once per tree and kept as long as the tree lives. The planners' searches over a solution skip the
/// trees that cannot mention what they look for, as Roslyn's own find-references does with its syntax tree index; an
/// edit makes one new tree, so the lightbulb's searches stay cheap while the developer types.
/// </summary>
internal static class NameIndex
{
    /// <summary>Stands for a <c>+=</c> (an event subscription) in a tree's names.</summary>
    public const string Subscription = "+=";

    /// <summary>Marks a string literal's value among a tree's names, apart from identifiers of the same text.</summary>
    private const char LiteralMark = '"';

    private static readonly ConditionalWeakTable<SyntaxTree, HashSet<string>> Names = new();

    public static bool Mentions(SyntaxTree tree, string name, CancellationToken cancellationToken) =>
        MayContain(tree, name, cancellationToken) && Of(tree, cancellationToken).Contains(name);

    /// <summary>Whether a string literal in the tree is exactly <paramref name="text"/> (<c>GetField("_connection")</c>).</summary>
    public static bool HasLiteral(SyntaxTree tree, string text, CancellationToken cancellationToken) =>
        MayContain(tree, text, cancellationToken) && Of(tree, cancellationToken).Contains(LiteralMark + text);

    /// <summary>
    /// The trees where <paramref name="symbol"/> can be named: its type's own for a private member, those and its derived
    /// types' for a protected one; null when it is visible to the whole compilation.
    /// </summary>
    public static HashSet<SyntaxTree>? TreesThatCanName(ISymbol symbol, Compilation compilation, CancellationToken cancellationToken)
    {
        if (symbol.ContainingType is not { } owner || symbol.DeclaredAccessibility is not (Accessibility.Private or Accessibility.Protected))
        {
            return null;
        }

        var trees = new HashSet<SyntaxTree>(owner.DeclaringSyntaxReferences.Select(r => r.SyntaxTree));
        if (symbol.DeclaredAccessibility == Accessibility.Protected)
        {
            trees.UnionWith(DerivedTypeTrees(owner, compilation, cancellationToken));
        }

        return trees;
    }

    private static readonly ConditionalWeakTable<Compilation, System.Collections.Concurrent.ConcurrentDictionary<ISymbol, HashSet<SyntaxTree>>> DerivedTrees = new();

    /// <summary>The trees of the source types deriving from <paramref name="owner"/>, found once per compilation and owner.</summary>
    private static HashSet<SyntaxTree> DerivedTypeTrees(INamedTypeSymbol owner, Compilation compilation, CancellationToken cancellationToken)
    {
        var byOwner = DerivedTrees.GetValue(compilation, _ => new System.Collections.Concurrent.ConcurrentDictionary<ISymbol, HashSet<SyntaxTree>>(SymbolEqualityComparer.Default));
        if (byOwner.TryGetValue(owner.OriginalDefinition, out var found))
        {
            return found;
        }

        var trees = new HashSet<SyntaxTree>();
        foreach (var type in Lifetime.SourceTypes.Of(compilation))
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, owner.OriginalDefinition))
                {
                    trees.UnionWith(type.DeclaringSyntaxReferences.Select(r => r.SyntaxTree));
                    break;
                }
            }
        }

        return byOwner.GetOrAdd(owner.OriginalDefinition, trees);
    }

    /// <summary>Every name the tree mentions (identifiers, marked literals, <see cref="Subscription"/>).</summary>
    public static IEnumerable<string> NamesIn(SyntaxTree tree, CancellationToken cancellationToken) => Of(tree, cancellationToken);

    public static bool MentionsAny(SyntaxTree tree, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        foreach (var name in names)
        {
            if (Mentions(tree, name, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly ConditionalWeakTable<SyntaxTree, string> Texts = new();

    /// <summary>The tree's text as one string, kept as long as the tree lives (the searches' text pre-checks read it).</summary>
    public static string TextOf(SyntaxTree tree, CancellationToken cancellationToken) =>
        Texts.GetValue(tree, t => t.GetText(cancellationToken).ToString());

    /// <summary>
    /// Whether the tree's text can spell <paramref name="name"/>, read before its names are: a search of a solution asks
    /// every tree, and most never spell the name, so their names need not be read (a vectorized search of the text is
    /// many times cheaper than walking its tokens). Escapes (<c>\u0064atabase</c>, <c>"\x64atabase"</c>) can spell it
    /// in other letters: such a tree is read.
    /// </summary>
    private static bool MayContain(SyntaxTree tree, string name, CancellationToken cancellationToken)
    {
        if (Names.TryGetValue(tree, out _))
        {
            return true;
        }

        var text = TextOf(tree, cancellationToken);
        return SpellsWord(text, name)
            || text.IndexOf("\\u", System.StringComparison.Ordinal) >= 0
            || text.IndexOf("\\U", System.StringComparison.Ordinal) >= 0
            || text.IndexOf("\\x", System.StringComparison.Ordinal) >= 0;
    }

    /// <summary>Whether <paramref name="name"/> stands in the text as a whole word (not inside <c>DbConnection</c> for <c>Db</c>).</summary>
    private static bool SpellsWord(string text, string name)
    {
        for (var at = text.IndexOf(name, System.StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + name.Length, System.StringComparison.Ordinal))
        {
            if (StaleConn.Analyzers.Internal.WholeWords.IsWordAt(text, at, name.Length))
            {
                return true;
            }
        }

        return false;
    }

    private static HashSet<string> Of(SyntaxTree tree, CancellationToken cancellationToken)
    {
        if (Names.TryGetValue(tree, out var names))
        {
            return names;
        }

        // Built outside the table's lock, so a cancelled build leaves nothing half made behind.
        var root = tree.GetRoot(cancellationToken);
        names = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var token in root.DescendantTokens())
        {
            switch ((SyntaxKind)token.RawKind)
            {
                case SyntaxKind.IdentifierToken:
                    names.Add(token.ValueText);
                    break;
                case SyntaxKind.StringLiteralToken:
                    names.Add(LiteralMark + token.ValueText);
                    break;
                case SyntaxKind.PlusEqualsToken:
                    names.Add(Subscription);
                    break;
            }
        }

        return Names.GetValue(tree, _ => names);
    }
}
