using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// A field that has no initializer (or a null one) and that no code that can see it assigns is always null: it holds
/// no connection, however long its owner lives. Real code keeps such fields after a refactoring in which every method
/// came to open its own connection (Mehrbod-MK/ComputerTNB_ClassMgr_Bot, DBMgr.sql_Connection), in a generic storage
/// base whose every subclass opens a local of the field's name (RendyMod/PvpArenaV, MySqlDataStorage._connection), or
/// as a public static of an internal class that only ever returns new connections (liangddyy/SendToTE, SQLCon.conn).
/// Which code can see the field is <see cref="FieldReach"/>'s; its writes are found where that code spells its name.
/// An auto-property declared as bare accessors is judged the same way (its stored value is a field the compiler names).
/// </summary>
internal static class UnassignedFields
{
    /// <summary>
    /// True when <paramref name="field"/> is declared in source without a value or attribute and no code in its reach
    /// (<see cref="FieldReach"/>) assigns it.
    /// </summary>
    public static bool IsNeverAssigned(IFieldSymbol field, CancellationToken cancellationToken)
    {
        if (field.DeclaringSyntaxReferences.Length == 0)
        {
            return false;
        }

        foreach (var reference in field.DeclaringSyntaxReferences)
        {
            // Read from syntax, not bound: MEF's [Import], Ninject's [Inject] and serializers set fields by reflection.
            if (reference.GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax { AttributeLists.Count: 0 } } declarator
                || !HoldsNoValue(declarator.Initializer))
            {
                return false;
            }
        }

        // Several rules ask about the same field: its reach is read once.
        return WalkedMembers.GetValue(field, f => new StrongBox<bool>(NothingInReachAssigns(f, field.DeclaredAccessibility, cancellationToken))).Value;
    }

    /// <summary>
    /// True when <paramref name="property"/> is an auto-property declared in source as bare accessors (<c>{ get; set; }</c>:
    /// no body, no attribute, no initializer with a value), that no other member stands for (not virtual, abstract, an
    /// override or an interface's implementation, which code elsewhere may write under the interface's name), and that
    /// no code in reach of its setter assigns: its compiler-made field is always null, as an unassigned field's is
    /// (Rekkuzan5/Appointment-App's <c>DBConnection.Conn</c>, whose only writer was commented out). Without a setter only
    /// its own type's constructors could write it. An instance property with a public setter counts as assigned: a
    /// container may inject it without an attribute.
    /// </summary>
    public static bool IsNeverAssigned(IPropertySymbol property, CancellationToken cancellationToken)
    {
        if (property.DeclaringSyntaxReferences.Length == 0
            || StandsForAnotherMember(property)
            // A struct's `this = other;` writes every instance field it has, named or not.
            || (!property.IsStatic && property.ContainingType.IsValueType)
            // Containers inject public settable instance properties unasked (Autofac's PropertiesAutowired, Castle Windsor).
            || (!property.IsStatic && property.SetMethod is { DeclaredAccessibility: Accessibility.Public }))
        {
            return false;
        }

        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            // Read from syntax, as for fields: [Inject], [Import] and serializers set properties by reflection.
            if (reference.GetSyntax(cancellationToken) is not PropertyDeclarationSyntax { AttributeLists.Count: 0, ExpressionBody: null, AccessorList: { } accessors } declaration
                || !HoldsNoValue(declaration.Initializer)
                || !AreBare(accessors))
            {
                return false;
            }
        }

        var writable = property.SetMethod?.DeclaredAccessibility ?? Accessibility.Private;
        return WalkedMembers.GetValue(property, p => new StrongBox<bool>(NothingInReachAssigns(p, writable, cancellationToken))).Value;
    }

    private static readonly ConditionalWeakTable<ISymbol, StrongBox<bool>> WalkedMembers = new();

    /// <summary>Accessors without bodies or attributes: a body (C# 14's <c>get => field ??= new ...</c>) writes the field without the property's name.</summary>
    private static bool AreBare(AccessorListSyntax accessors)
    {
        foreach (var accessor in accessors.Accessors)
        {
            if (accessor.Body is not null || accessor.ExpressionBody is not null || accessor.AttributeLists.Count > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A property that code may reach as another member: an override's base, an interface's member, or one that is overridden.</summary>
    private static bool StandsForAnotherMember(IPropertySymbol property)
    {
        if (property.IsVirtual || property.IsAbstract || property.IsOverride || property.IsExtern || property.ExplicitInterfaceImplementations.Length > 0)
        {
            return true;
        }

        foreach (var implemented in property.ContainingType.AllInterfaces)
        {
            foreach (var member in implemented.GetMembers(property.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(property.ContainingType.FindImplementationForInterfaceMember(member), property))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>How many declarations or files this thread read token by token: for tests of the text search that spares it.</summary>
    [ThreadStatic]
    internal static int DeclarationsReadWhole;

    /// <summary>No initializer, or one that stores nothing: <c>= null</c>, <c>= default</c>, <c>= default(T)</c>, <c>= null!</c>.</summary>
    private static bool HoldsNoValue(EqualsValueClauseSyntax? initializer)
    {
        var value = initializer?.Value;
        while (value is PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed)
        {
            value = suppressed.Operand;
        }

        return value is null or LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NullLiteralExpression or (int)SyntaxKind.DefaultLiteralExpression } or DefaultExpressionSyntax;
    }

    private static bool NothingInReachAssigns(ISymbol member, Accessibility writable, CancellationToken cancellationToken)
    {
        var reach = FieldReach.Of(member, writable, cancellationToken);
        if (reach.SeenElsewhereBecause is not null)
        {
            return false;
        }

        foreach (var code in reach.Code)
        {
            foreach (var name in NamesSpelled(code, member.Name, cancellationToken))
            {
                if (IsAssigned(name))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// The identifiers <paramref name="name"/> in <paramref name="code"/>, found from where its text spells the name
    /// (a vectorized search, then one token looked up per hit) instead of visiting every token: a Web Forms page of
    /// 20,000 characters keeps its connection in a field that no line assigns. A long text (read in chunks) that spells
    /// the name, and a text where an identifier may be spelled otherwise (<see cref="IdentifierText.MaySpellOtherwise"/>),
    /// have every token read.
    /// </summary>
    private static IEnumerable<IdentifierNameSyntax> NamesSpelled(SyntaxNode code, string name, CancellationToken cancellationToken)
    {
        var text = code.SyntaxTree.GetText(cancellationToken);
        var span = code.Span;
        // A half-typed field has no name, which a text search cannot look for.
        var readWhole = name.Length == 0 || IdentifierText.MaySpellOtherwise(text, cancellationToken);
        if (!readWhole && text.Length > IdentifierText.WholeStringLimit)
        {
            if (!SourceTextSearch.ContainsAnyOrEscape(text, new[] { name }, cancellationToken))
            {
                yield break;
            }

            readWhole = true;
        }

        if (readWhole)
        {
            DeclarationsReadWhole++;
            foreach (var token in code.DescendantTokens())
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
            var token = code.FindToken(at);
            if (token.Span.Contains(at) && token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == name && token.Parent is IdentifierNameSyntax identifier)
            {
                yield return identifier;
            }
        }
    }

    /// <summary>The name is written: the target of an assignment (<c>x = </c>, <c>this.x ??= </c>, <c>(x, y) = </c>), a <c>ref</c>/<c>out</c> argument or a <c>ref</c> alias.</summary>
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
                case RefExpressionSyntax:
                    return true; // a ref local or ref return writes it under another name
                case ForEachVariableStatementSyntax loop when loop.Variable == node:
                    return true; // foreach ((x, var y) in pairs)
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
