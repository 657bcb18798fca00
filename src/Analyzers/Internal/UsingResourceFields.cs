using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// A field written only as the resource of a <c>using</c> statement (<c>using (conn = new NpgsqlConnection(cs)) { conn.Open(); }</c>)
/// holds a disposed connection once the block ends: nothing stays open, however long the field lives
/// (Shabanov54/Autopoisk, Libs/PostgresServiceLib/ConnectDB.cs). A block with a loop in it keeps the connection open
/// while it loops, so such a write does not count.
/// </summary>
internal static class UsingResourceFields
{
    /// <summary>
    /// True when <paramref name="field"/> has no initializer and every write to it, in its own type and (unless it is
    /// private) in every file of <paramref name="compilation"/> that spells its name, is a loop-free <c>using</c>
    /// statement's resource, with at least one such write in its own type. Matched by name, not bound: a same-named
    /// write elsewhere that is not such a resource keeps the answer false.
    /// </summary>
    public static bool IsOnlyUsingResource(IFieldSymbol field, Compilation compilation, CancellationToken cancellationToken) =>
        Walked.GetValue(field, f => new StrongBox<bool>(Walk(f, compilation, cancellationToken))).Value;

    private static readonly ConditionalWeakTable<IFieldSymbol, StrongBox<bool>> Walked = new();

    private static bool Walk(IFieldSymbol field, Compilation compilation, CancellationToken cancellationToken)
    {
        if (field.DeclaringSyntaxReferences.Length == 0)
        {
            return false;
        }

        foreach (var reference in field.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer: null })
            {
                return false;
            }
        }

        var ownWrites = 0;
        foreach (var typeReference in field.ContainingType.DeclaringSyntaxReferences)
        {
            var writes = Writes(typeReference.GetSyntax(cancellationToken), field.Name);
            if (writes < 0)
            {
                return false;
            }

            ownWrites += writes;
        }

        if (ownWrites == 0)
        {
            return false;
        }

        if (field.DeclaredAccessibility == Accessibility.Private)
        {
            return true;
        }

        // Others may write a visible field: every file that spells the name is read (only a static connection field asks).
        var name = new[] { field.Name };
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (SourceTextSearch.ContainsAnyOrEscape(tree.GetText(cancellationToken), name, cancellationToken)
                && Writes(tree.GetRoot(cancellationToken), field.Name) < 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The number of loop-free using-resource writes of <paramref name="name"/> under <paramref name="root"/>, or -1 when another write is there.</summary>
    private static int Writes(SyntaxNode root, string name)
    {
        var count = 0;
        foreach (var token in root.DescendantTokens())
        {
            if (!token.IsKind(SyntaxKind.IdentifierToken) || token.ValueText != name || token.Parent is not IdentifierNameSyntax identifier)
            {
                continue;
            }

            switch (WriteKind(identifier))
            {
                case Write.UsingResource:
                    count++;
                    break;
                case Write.Other:
                    return -1;
            }
        }

        return count;
    }

    private enum Write
    {
        None,
        UsingResource,
        Other,
    }

    private static Write WriteKind(IdentifierNameSyntax name)
    {
        ExpressionSyntax target = name;
        if (target.Parent is MemberAccessExpressionSyntax access && access.Name == target)
        {
            target = access;
        }

        switch (target.Parent)
        {
            case AssignmentExpressionSyntax assignment when assignment.Left == target:
                return assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                    && assignment.Parent is UsingStatementSyntax @using
                    && @using.Expression == assignment
                    && !HasLoop(@using.Statement)
                    ? Write.UsingResource
                    : Write.Other;
            case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None):
                return Write.Other;
            case ArgumentSyntax { Parent: TupleExpressionSyntax }:
            case TupleExpressionSyntax:
                return Write.Other; // (x, y) = ...: deconstructed into, conservatively a write
            default:
                return Write.None;
        }
    }

    private static bool HasLoop(StatementSyntax body)
    {
        foreach (var node in body.DescendantNodesAndSelf())
        {
            if (node is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax or GotoStatementSyntax)
            {
                return true;
            }
        }

        return false;
    }
}
