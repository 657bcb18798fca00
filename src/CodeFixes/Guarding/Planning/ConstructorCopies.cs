using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// The value a field's constructors copy into it (<c>public QueryBuilder() { sqlConnection = DbConnection.connection; }</c>):
/// a copy made when the object is built, as a field initializer makes it — but only when every constructor that does
/// not chain to another (<c>: this(...)</c>) sets it, in a statement of its own at the top of its body's statements that
/// touch the field, to the same expression. Then no instance ever sees the field unset, and removing the statements with
/// the field changes nothing else.
/// </summary>
internal static class ConstructorCopies
{
    /// <summary>The copied expression, with the statements that copy it added to <paramref name="assignments"/>; null when the field is not such a copy.</summary>
    public static ExpressionSyntax? Of(IFieldSymbol field, TypeDeclarationSyntax type, SemanticModel model, List<ExpressionStatementSyntax> assignments, CancellationToken cancellationToken)
    {
        // A partial type's other parts may hold constructors this declaration cannot show.
        if (field.ContainingType.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        ExpressionSyntax? value = null;
        var found = new List<ExpressionStatementSyntax>();
        foreach (var constructor in type.Members.OfType<ConstructorDeclarationSyntax>().Where(c => c.Modifiers.Any(SyntaxKind.StaticKeyword) == field.IsStatic))
        {
            if (constructor.Initializer is { RawKind: (int)SyntaxKind.ThisConstructorInitializer })
            {
                continue;
            }

            if (CopyIn(constructor, field, model, cancellationToken) is not { } copy
                || value is not null && !((AssignmentExpressionSyntax)copy.Expression).Right.IsEquivalentTo(value, topLevel: false))
            {
                return null;
            }

            value = ((AssignmentExpressionSyntax)copy.Expression).Right;
            found.Add(copy);
        }

        if (value is null)
        {
            return null;
        }

        assignments.AddRange(found);
        return value;
    }

    /// <summary>The first body statement that names the field, when it is <c>field = value;</c> (or <c>this.field = value;</c>).</summary>
    private static ExpressionStatementSyntax? CopyIn(ConstructorDeclarationSyntax constructor, IFieldSymbol field, SemanticModel model, CancellationToken cancellationToken)
    {
        var first = constructor.Body?.Statements.FirstOrDefault(s => s.DescendantTokens().Any(t => t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText == field.Name));
        return first is ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Left: var left, Right: var right } } statement
            && left is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }
            && !right.DescendantTokens().Any(t => t.ValueText == field.Name)
            && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(left, cancellationToken).Symbol, field)
                ? statement
                : null;
    }
}
