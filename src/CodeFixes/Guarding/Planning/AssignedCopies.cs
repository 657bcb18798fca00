using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// The value a private field is set to in methods rather than at construction (a form's <c>conn = mdb.getConnection();</c>
/// in <c>Form2_Load</c>, a DAL's <c>connection = db.Connection;</c> at the top of each method): a copy when every write of
/// the field is a statement of its own setting it to the same expression, no constructor or initializer names it, and
/// the function that sets it does not read it before. Reading the copied expression at each use then reads what the
/// field held after any write; a method run before every write (which read null and failed on its first use of the
/// connection) now gets a connection.
/// </summary>
internal static class AssignedCopies
{
    /// <summary>The copied expression, with the statements that copy it added to <paramref name="assignments"/>; null when the field is not such a copy.</summary>
    public static ExpressionSyntax? Of(IFieldSymbol field, SemanticModel model, List<ExpressionStatementSyntax> assignments, CancellationToken cancellationToken)
    {
        // Only a private field's writes are all in its type's declarations.
        if (field.DeclaredAccessibility != Accessibility.Private || field.IsReadOnly)
        {
            return null;
        }

        ExpressionSyntax? value = null;
        var found = new List<ExpressionStatementSyntax>();
        foreach (var declaration in field.ContainingType.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)))
        {
            // Construction runs first: a field its constructors or initializers name is ConstructorCopies' to judge
            // (a constructor that hands the field on before setting it saw null there).
            if (declaration is TypeDeclarationSyntax type
                && (Names(type.Members.OfType<ConstructorDeclarationSyntax>(), field.Name)
                    || Names(type.Members.Where(m => m is FieldDeclarationSyntax or PropertyDeclarationSyntax).SelectMany(m => m.DescendantNodes().OfType<EqualsValueClauseSyntax>()), field.Name)))
            {
                return null;
            }

            var declarationModel = declaration.SyntaxTree == model.SyntaxTree ? model : SemanticModels.Of(model.Compilation, declaration.SyntaxTree);
            foreach (var name in declaration.DescendantNodes().OfType<IdentifierNameSyntax>().Where(n => n.Identifier.ValueText == field.Name))
            {
                ExpressionSyntax reference = name.Parent is MemberAccessExpressionSyntax qualified && qualified.Name == name ? qualified : name;
                if (!ReferenceCollector.IsWritten(reference) && !IsOtherWrite(reference))
                {
                    continue;
                }

                if (!SymbolEqualityComparer.Default.Equals(declarationModel.GetSymbolInfo(name, cancellationToken).Symbol, field))
                {
                    continue;
                }

                if (reference.Parent is not AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Parent: ExpressionStatementSyntax statement } assignment
                    || assignment.Left != reference
                    || reference is MemberAccessExpressionSyntax { Expression: not ThisExpressionSyntax }
                    || assignment.Right.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == field.Name)
                    || value is not null && !assignment.Right.IsEquivalentTo(value, topLevel: false)
                    || IsReadBefore(statement, field.Name, found))
                {
                    return null;
                }

                value ??= assignment.Right;
                found.Add(statement);
            }
        }

        if (value is null)
        {
            return null;
        }

        assignments.AddRange(found);
        return value;
    }

    /// <summary>
    /// A reference to the field earlier in the function that sets it: that read saw the field before this write. Reads after
    /// an earlier write of the same function, a statement of its body (tdargent1/PPE-RallyeLecture-C-'s <c>Insert</c>
    /// copies the holder's value again half-way through), saw that write's value: the same expression's.
    /// </summary>
    private static bool IsReadBefore(ExpressionStatementSyntax statement, string name, List<ExpressionStatementSyntax> earlierWrites)
    {
        var function = statement.Ancestors().FirstOrDefault(SyntaxShapes.IsFunction);
        if (function is null)
        {
            return false;
        }

        var firstWrite = earlierWrites.FirstOrDefault(w => w.Parent is BlockSyntax body && body.Parent == function && w.SpanStart < statement.SpanStart);
        return function.DescendantNodes().OfType<IdentifierNameSyntax>()
            .Any(n => n.Identifier.ValueText == name && n.SpanStart < statement.SpanStart
                && (firstWrite is null || n.SpanStart < firstWrite.SpanStart || n.Ancestors().TakeWhile(a => a != function).Any(a => a is LocalFunctionStatementSyntax)));
    }

    private static bool Names(IEnumerable<SyntaxNode> nodes, string name) =>
        nodes.Any(node => node.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == name));

    /// <summary>A write that is no simple assignment: compound, increment, <c>ref</c>/<c>out</c> argument.</summary>
    private static bool IsOtherWrite(ExpressionSyntax reference) => reference.Parent switch
    {
        AssignmentExpressionSyntax assignment => assignment.Left == reference,
        PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax => reference.Parent.Kind() is SyntaxKind.PreIncrementExpression or SyntaxKind.PreDecrementExpression
            or SyntaxKind.PostIncrementExpression or SyntaxKind.PostDecrementExpression,
        ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None),
        _ => false,
    };
}
