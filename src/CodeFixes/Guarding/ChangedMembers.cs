using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace StaleConn.CodeFixes.Guarding;

/// <summary>
/// The members of one file a rewrite touched, in the tree as it was and as rewritten, with those that can gain a
/// diagnostic from them: members that name a touched member, and the constructors of a type whose field or property
/// changed (a non-nullable member left unassigned is reported on them), and the headers of the types holding them. A file's other members bind as before, so the
/// lightbulb's check binds only these instead of every method of a long file.
/// </summary>
internal sealed class ChangedMembers
{
    private ChangedMembers(IReadOnlyList<TextSpan> before, IReadOnlyList<TextSpan> after)
    {
        Before = before;
        After = after;
    }

    /// <summary>The spans to count diagnostics in, in the tree as it was.</summary>
    public IReadOnlyList<TextSpan> Before { get; }

    /// <summary>The spans to count diagnostics in, in the rewritten tree.</summary>
    public IReadOnlyList<TextSpan> After { get; }

    /// <summary>
    /// The touched members, or null when the rewrite changed text outside every member (imports, a type's header, top-level
    /// statements): then the whole file is counted.
    /// </summary>
    public static ChangedMembers? Of(SyntaxTree before, SyntaxTree after, CancellationToken cancellationToken)
    {
        var oldRoot = before.GetRoot(cancellationToken);
        var newRoot = after.GetRoot(cancellationToken);
        var oldMembers = MembersOf(oldRoot);
        var newMembers = MembersOf(newRoot);
        var touchedBefore = new HashSet<MemberDeclarationSyntax>();
        var touchedAfter = new HashSet<MemberDeclarationSyntax>();
        var delta = 0;
        foreach (var change in after.GetChanges(before))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var oldSpan = change.Span;
            var newSpan = new TextSpan(oldSpan.Start + delta, change.NewText?.Length ?? 0);
            delta += newSpan.Length - oldSpan.Length;
            if (!Covered(oldMembers, oldSpan, touchedBefore) || !Covered(newMembers, newSpan, touchedAfter))
            {
                return null;
            }
        }

        return new ChangedMembers(
            WithDependents(oldMembers, touchedBefore, cancellationToken),
            WithDependents(newMembers, touchedAfter, cancellationToken));
    }

    /// <summary>
    /// Adds the members <paramref name="span"/> intersects to <paramref name="touched"/>; false when part of it lies
    /// outside them. Trivia belongs to a member's full span, so an inserted or removed member with its line breaks is covered.
    /// </summary>
    private static bool Covered(IReadOnlyList<MemberDeclarationSyntax> members, TextSpan span, HashSet<MemberDeclarationSyntax> touched)
    {
        var covered = span.Start;
        var any = false;
        foreach (var member in members.Where(m => m.FullSpan.IntersectsWith(span)).OrderBy(m => m.FullSpan.Start))
        {
            if (member.FullSpan.Start > covered)
            {
                return false;
            }

            any = true;
            touched.Add(member);
            covered = System.Math.Max(covered, member.FullSpan.End);
        }

        // An empty span (an insertion seen from the old side, a deletion from the new) lies inside or beside a member.
        return any && covered >= span.End;
    }

    private static IReadOnlyList<TextSpan> WithDependents(IReadOnlyList<MemberDeclarationSyntax> members, HashSet<MemberDeclarationSyntax> touched, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(touched.SelectMany(DeclaredNames), System.StringComparer.Ordinal);
        var changedStateOf = new HashSet<SyntaxNode>(
            touched.Where(m => m is BaseFieldDeclarationSyntax or BasePropertyDeclarationSyntax).Select(m => m.Parent!));
        var spans = new List<TextSpan>();
        foreach (var member in members)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (touched.Contains(member)
                || member is ConstructorDeclarationSyntax && changedStateOf.Contains(member.Parent!)
                || names.Count > 0 && member.DescendantNodes().OfType<SimpleNameSyntax>().Any(n => names.Contains(n.Identifier.ValueText)))
            {
                spans.Add(member.Span);
            }
        }

        // A type's header carries what its members' signatures decide (an interface member left unimplemented, CS0535).
        foreach (var type in touched.Select(m => m.Parent).OfType<TypeDeclarationSyntax>().Distinct())
        {
            spans.Add(TextSpan.FromBounds(type.SpanStart, type.OpenBraceToken.SpanStart));
        }

        return spans;
    }

    /// <summary>What other members call a member by: its name, or each variable's of a field or event declaration.</summary>
    private static IEnumerable<string> DeclaredNames(MemberDeclarationSyntax member) => member switch
    {
        BaseFieldDeclarationSyntax field => field.Declaration.Variables.Select(v => v.Identifier.ValueText),
        MethodDeclarationSyntax method => new[] { method.Identifier.ValueText },
        PropertyDeclarationSyntax property => new[] { property.Identifier.ValueText },
        EventDeclarationSyntax @event => new[] { @event.Identifier.ValueText },
        _ => System.Array.Empty<string>(),
    };

    /// <summary>The members of every type in the tree, nested types' included; a type, namespace or top-level statement is not one.</summary>
    private static List<MemberDeclarationSyntax> MembersOf(SyntaxNode root) =>
        root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax)
            .OfType<MemberDeclarationSyntax>()
            .Where(m => m is not (BaseTypeDeclarationSyntax or BaseNamespaceDeclarationSyntax or DelegateDeclarationSyntax or GlobalStatementSyntax))
            .ToList();
}
