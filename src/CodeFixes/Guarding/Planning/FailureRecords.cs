using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A catch clause's note of why the open failed, kept in a field or property for the caller to show later
/// (<c>catch (Exception e) { error = e.Message; return null; }</c>, the Web Forms <c>Conexion.getConexion()</c> of
/// NataliaLagos/AppWeb1 and YonnierUni/InquiryOnline). It only reads the caught exception, so the factory's catch can
/// run it in the same place with the same effect, like a log line.
/// </summary>
internal static class FailureRecords
{
    /// <summary>
    /// <c>error = e.Message;</c>, <c>LastError = "Open failed: " + ex;</c>: a simple assignment inside a catch clause that
    /// names its exception, to a field or a settable property (not a local, which the factory would not declare), whose
    /// value reads nothing but that exception (its members, <c>ToString()</c>) and constants.
    /// </summary>
    public static bool IsRecord(StatementSyntax statement, SemanticModel model)
    {
        if (statement is not ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment }
            || statement.Ancestors().OfType<CatchClauseSyntax>().FirstOrDefault() is not { Declaration.Identifier: { RawKind: (int)SyntaxKind.IdentifierToken } caught })
        {
            return false;
        }

        var target = model.GetSymbolInfo(assignment.Left).Symbol;
        if (target is not (IFieldSymbol { IsConst: false, IsReadOnly: false } or IPropertySymbol { SetMethod: not null })
            || assignment.Left is not (IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or IdentifierNameSyntax }))
        {
            return false;
        }

        return ReadsOnlyTheException(assignment.Right, caught.ValueText);
    }

    /// <summary>Every name the value reads is the caught exception, or a member read off it (<c>e.Message</c>, <c>e.ToString()</c>).</summary>
    private static bool ReadsOnlyTheException(ExpressionSyntax value, string exception) =>
        !value.DescendantNodesAndSelf().Any(n => n is AssignmentExpressionSyntax or AwaitExpressionSyntax or BaseObjectCreationExpressionSyntax)
        && value.DescendantNodesAndSelf().OfType<SimpleNameSyntax>().All(name => name.Parent is MemberAccessExpressionSyntax access && access.Name == name
            ? IsReadOffException(access.Expression, exception)
            : name.Identifier.ValueText == exception)
        && value.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>().All(i => i.Expression is MemberAccessExpressionSyntax access && IsReadOffException(access.Expression, exception));

    private static bool IsReadOffException(ExpressionSyntax receiver, string exception) => receiver switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText == exception,
        MemberAccessExpressionSyntax { Expression: var inner } => IsReadOffException(inner, exception),
        _ => false,
    };
}
