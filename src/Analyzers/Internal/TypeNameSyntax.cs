using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// The syntax around each place a type's name is spelled (<see cref="TypeNameOccurrences"/>): the creations and the
/// member declarations that name it, found by climbing from the name's token instead of walking every node of the
/// file, so a search costs what the name's uses cost, not what the files around them do. Files with a Unicode escape
/// are walked whole.
/// </summary>
internal static class TypeNameSyntax
{
    /// <summary>
    /// Nodes that may create or resolve an instance of a type called <paramref name="name"/>: <c>new Name(...)</c>,
    /// <c>M&lt;Name&gt;(...)</c>, and the target-typed <c>new()</c> under a declaration, property or method typed
    /// <c>Name</c>. The caller checks each node's shape; file by file, in source order.
    /// </summary>
    public static IEnumerable<SyntaxNode> CreationCandidates(string name, TypeNameOccurrences occurrences, CancellationToken cancellationToken)
    {
        var seen = new HashSet<SyntaxNode>();
        foreach (var type in SpelledTypes(name, occurrences, cancellationToken))
        {
            foreach (var candidate in CandidatesAround(type))
            {
                if (seen.Add(candidate))
                {
                    yield return candidate;
                }
            }
        }

        foreach (var tree in occurrences.Escaped)
        {
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                yield return node;
            }
        }
    }

    /// <summary>Field and property declarations whose type names <paramref name="name"/> (<c>Name _x</c>, <c>List&lt;Name&gt; X { get; }</c>).</summary>
    public static IEnumerable<MemberDeclarationSyntax> MemberDeclarations(string name, TypeNameOccurrences occurrences, CancellationToken cancellationToken)
    {
        var seen = new HashSet<SyntaxNode>();
        foreach (var type in SpelledTypes(name, occurrences, cancellationToken, skipCallsAndAccesses: true))
        {
            // Up through generic arguments, arrays and nullables to the whole type of a declaration.
            SyntaxNode whole = type;
            while (whole.Parent is TypeSyntax or TypeArgumentListSyntax)
            {
                whole = whole.Parent;
            }

            MemberDeclarationSyntax? member = whole.Parent switch
            {
                VariableDeclarationSyntax { Parent: FieldDeclarationSyntax field } declaration when declaration.Type == whole => field,
                PropertyDeclarationSyntax property when property.Type == whole => property,
                _ => null,
            };
            if (member is not null && seen.Add(member))
            {
                yield return member;
            }
        }

        foreach (var tree in occurrences.Escaped)
        {
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
            {
                if (node is FieldDeclarationSyntax or PropertyDeclarationSyntax)
                {
                    yield return (MemberDeclarationSyntax)node;
                }
            }
        }
    }

    /// <summary>Each place a file spells <paramref name="name"/> as a type, file by file in source order.</summary>
    /// <param name="skipCallsAndAccesses">
    /// Leave out a spelling followed by <c>(</c> or <c>.</c> (<c>new Name(</c>, <c>Name.Instance</c>, a constructor), read from
    /// the text before its token is looked up: it cannot be the whole type of a field or property.
    /// </param>
    private static IEnumerable<TypeSyntax> SpelledTypes(string name, TypeNameOccurrences occurrences, CancellationToken cancellationToken, bool skipCallsAndAccesses = false)
    {
        foreach (var spelling in occurrences.SpellingsOf(name))
        {
            var root = spelling.Tree.GetRoot(cancellationToken);
            var text = skipCallsAndAccesses ? spelling.Tree.GetText(cancellationToken) : null;
            foreach (var position in spelling.Positions)
            {
                if (text is not null && IsCallOrAccess(text, position + name.Length))
                {
                    continue;
                }

                if (SpelledType(root, position, name) is { } type)
                {
                    yield return type;
                }
            }
        }
    }

    /// <summary>True when the first character after <paramref name="end"/> that is not white space opens a call or a member access.</summary>
    private static bool IsCallOrAccess(SourceText text, int end)
    {
        for (var i = end; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsWhiteSpace(c))
            {
                return c is '(' or '.';
            }
        }

        return false;
    }

    /// <summary>The type syntax spelled at <paramref name="position"/> (<c>Name</c>, <c>Ns.Name</c>, <c>Name?</c>), or null for a word in a comment, a string or a member name.</summary>
    private static TypeSyntax? SpelledType(SyntaxNode root, int position, string name)
    {
        var token = root.FindToken(position);
        if (!token.Span.Contains(position) || token.ValueText != name || token.Parent is not SimpleNameSyntax simple)
        {
            return null;
        }

        TypeSyntax type = simple;
        while (true)
        {
            switch (type.Parent)
            {
                case QualifiedNameSyntax qualified when qualified.Right == type:
                    type = qualified;
                    continue;
                case AliasQualifiedNameSyntax aliasQualified when aliasQualified.Name == type:
                    type = aliasQualified;
                    continue;
                case NullableTypeSyntax nullable:
                    type = nullable;
                    continue;
            }

            return type;
        }
    }

    private static IEnumerable<SyntaxNode> CandidatesAround(TypeSyntax type)
    {
        switch (type.Parent)
        {
            case ObjectCreationExpressionSyntax creation when creation.Type == type:
                yield return creation;
                break;
            case TypeArgumentListSyntax { Parent: GenericNameSyntax generic }:
                ExpressionSyntax callee = generic.Parent is MemberAccessExpressionSyntax memberAccess && memberAccess.Name == generic ? memberAccess : generic;
                if (callee.Parent is InvocationExpressionSyntax invocation && invocation.Expression == callee)
                {
                    yield return invocation;
                }

                break;
            case VariableDeclarationSyntax declaration when declaration.Type == type:
                foreach (var declarator in declaration.Variables)
                {
                    foreach (var creation in ImplicitCreations(declarator.Initializer, null))
                    {
                        yield return creation;
                    }
                }

                break;
            case PropertyDeclarationSyntax property when property.Type == type:
                foreach (var creation in ImplicitCreations(property.Initializer, property.ExpressionBody))
                {
                    yield return creation;
                }

                break;
            case MethodDeclarationSyntax method when method.ReturnType == type:
                foreach (var creation in ImplicitCreations(method.ExpressionBody, method.Body))
                {
                    yield return creation;
                }

                break;
        }
    }

    /// <summary>The target-typed <c>new()</c> expressions under either of two parts of a declaration (each may be missing).</summary>
    private static IEnumerable<SyntaxNode> ImplicitCreations(SyntaxNode? first, SyntaxNode? second)
    {
        foreach (var scope in new[] { first, second })
        {
            if (scope is null)
            {
                continue;
            }

            foreach (var node in scope.DescendantNodes())
            {
                if (node is ImplicitObjectCreationExpressionSyntax)
                {
                    yield return node;
                }
            }
        }
    }
}
