using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// A private field that has no initializer and that nothing in its type assigns is always null: it holds no connection,
/// however long its owner lives. Real code keeps such fields after a refactoring in which every method came to open its
/// own connection (Mehrbod-MK/ComputerTNB_ClassMgr_Bot, DBMgr.sql_Connection). A protected field can also be written by
/// the types deriving from its type, so those in the same assembly are read too; a base class whose every derived
/// storage declares a local of the field's name instead keeps a protected field nothing writes
/// (RendyMod/PvpArenaV, MySqlDataStorage._connection). Types of other assemblies are judged by their public members
/// only (<see cref="HeldConnections"/>), so a subclass elsewhere is not looked for.
/// </summary>
internal static class UnassignedFields
{
    /// <summary>
    /// True when <paramref name="field"/> is private or protected, declared in source without an initializer or
    /// attribute, and never assigned in its type nor in a type of its assembly deriving from it.
    /// </summary>
    public static bool IsNeverAssigned(IFieldSymbol field, CancellationToken cancellationToken)
    {
        if (!IsWrittenOnlyByItsTypeAndDerivedTypes(field.DeclaredAccessibility) || field.DeclaringSyntaxReferences.Length == 0)
        {
            return false;
        }

        foreach (var reference in field.DeclaringSyntaxReferences)
        {
            // Read from syntax, not bound: MEF's [Import], Ninject's [Inject] and serializers set private fields by reflection.
            if (reference.GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer: null, Parent.Parent: FieldDeclarationSyntax { AttributeLists.Count: 0 } })
            {
                return false;
            }
        }

        // Several rules ask about the same field: its type is read once.
        return WalkedFields.GetValue(field, f => new StrongBox<bool>(!IsAssignedInItsType(f, cancellationToken))).Value;
    }

    private static readonly ConditionalWeakTable<IFieldSymbol, StrongBox<bool>> WalkedFields = new();

    /// <summary>How many type declarations this thread read token by token: for tests of the text search that spares it.</summary>
    [ThreadStatic]
    internal static int DeclarationsReadWhole;

    private static bool IsWrittenOnlyByItsTypeAndDerivedTypes(Accessibility accessibility) =>
        accessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal;

    /// <summary>
    /// A private field can be assigned only by its type's own code: every partial part, nested types included; a
    /// protected one also by the code of the types deriving from its type.
    /// </summary>
    private static bool IsAssignedInItsType(IFieldSymbol field, CancellationToken cancellationToken)
    {
        if (IsAssignedIn(field.ContainingType, field.Name, cancellationToken))
        {
            return true;
        }

        if (field.DeclaredAccessibility == Accessibility.Private)
        {
            return false;
        }

        // Nothing can derive from a sealed type; a base no type of its assembly derives from is derived from
        // elsewhere, and those subclasses may write the field.
        if (field.ContainingType.IsSealed || field.ContainingType.IsStatic)
        {
            return false;
        }

        var derivedTypes = DerivedTypes.Of(field.ContainingAssembly).From(field.ContainingType);
        if (derivedTypes.Count == 0)
        {
            return true;
        }

        foreach (var derived in derivedTypes)
        {
            if (IsAssignedIn(derived, field.Name, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAssignedIn(INamedTypeSymbol type, string fieldName, CancellationToken cancellationToken)
    {
        foreach (var typeReference in type.DeclaringSyntaxReferences)
        {
            foreach (var name in NamesSpelled(typeReference.GetSyntax(cancellationToken), fieldName, cancellationToken))
            {
                if (IsAssigned(name))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The identifiers <paramref name="name"/> in <paramref name="declaration"/>, found from where its text spells the name
    /// (a vectorized search, then one token looked up per hit) instead of visiting every token of the type: a Web Forms
    /// page of 20,000 characters keeps its connection in a field that no line assigns. A text where an identifier may be
    /// spelled otherwise (<see cref="IdentifierText.MaySpellOtherwise"/>) has every token read.
    /// </summary>
    private static IEnumerable<IdentifierNameSyntax> NamesSpelled(SyntaxNode declaration, string name, CancellationToken cancellationToken)
    {
        var text = declaration.SyntaxTree.GetText(cancellationToken);
        var span = declaration.Span;
        // A half-typed field has no name, which a text search cannot look for.
        if (name.Length == 0 || text.Length > IdentifierText.WholeStringLimit || IdentifierText.MaySpellOtherwise(text.ToString(), span.Start, span.End))
        {
            DeclarationsReadWhole++;
            foreach (var token in declaration.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == name && token.Parent is IdentifierNameSyntax identifier)
                {
                    yield return identifier;
                }
            }

            yield break;
        }

        foreach (var at in IdentifierText.WholeWordsAt(text.ToString(), name, span.Start, span.End))
        {
            var token = declaration.FindToken(at);
            if (token.Span.Contains(at) && token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == name && token.Parent is IdentifierNameSyntax identifier)
            {
                yield return identifier;
            }
        }
    }

    /// <summary>The name is written: the target of an assignment (<c>x = </c>, <c>this.x ??= </c>, <c>(x, y) = </c>) or a <c>ref</c>/<c>out</c> argument.</summary>
    private static bool IsAssigned(IdentifierNameSyntax name)
    {
        ExpressionSyntax target = name;
        if (target.Parent is MemberAccessExpressionSyntax access && access.Name == target)
        {
            target = access;
        }

        for (SyntaxNode? node = target; node is ExpressionSyntax or ArgumentSyntax; node = node.Parent)
        {
            switch (node.Parent)
            {
                case AssignmentExpressionSyntax assignment when assignment.Left == node:
                    return true;
                case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None):
                    return true;
                case ArgumentSyntax { Parent: TupleExpressionSyntax }:
                case TupleExpressionSyntax:
                    continue; // (x, y) = ...: the tuple is the target
                default:
                    return false;
            }
        }

        return false;
    }
}
