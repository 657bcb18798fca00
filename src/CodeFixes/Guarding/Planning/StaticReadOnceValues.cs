using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// The values a static member's initializer builds its connection from, when a lambda may not read them again per use
/// (<c>static NpgsqlConnection con = new NpgsqlConnection(getconnectionString());</c>, whose helper reads a file and
/// shows a message box): each is read once into a static field declared just before the member, so it runs when the
/// type is initialised, in the same order among the other initializers, as the connection's creation did.
/// </summary>
internal static class StaticReadOnceValues
{
    /// <summary>
    /// Whether the initializer's values may go to static fields: the member is static and the initializer is one creation
    /// (a condition's branches would all be read, where the old initializer read one).
    /// </summary>
    public static bool CanHoist(ISymbol member, ExpressionSyntax initializer) =>
        member.IsStatic && Unwrapped(initializer) is BaseObjectCreationExpressionSyntax;

    /// <summary><see cref="NoFixReason.NeverOpenedInSolution"/> when a value read once is not a string (a field needs its type spelled out); else null.</summary>
    public static NoFixReason? Reason(ExpressionSyntax initializer, SemanticModel model, IReadOnlyCollection<ExpressionSyntax> settled, CancellationToken cancellationToken) =>
        Unwrapped(initializer) is BaseObjectCreationExpressionSyntax creation
        && Values(creation).Where(v => !settled.Contains(v)).All(v => model.GetTypeInfo(v, cancellationToken).Type?.SpecialType == SpecialType.System_String)
            ? null
            : NoFixReason.NeverOpenedInSolution;

    /// <summary><c>var conConnectionString = getconnectionString();</c> as <c>private static readonly string conConnectionString = getconnectionString();</c>.</summary>
    public static IEnumerable<MemberDeclarationSyntax> Fields(IEnumerable<StatementSyntax> readOnce) =>
        readOnce.OfType<LocalDeclarationStatementSyntax>().Select(local => (MemberDeclarationSyntax)FieldDeclaration(
                VariableDeclaration(PredefinedType(Token(SyntaxKind.StringKeyword)), local.Declaration.Variables))
            .WithModifiers(TokenList(Token(SyntaxKind.PrivateKeyword), Token(SyntaxKind.StaticKeyword), Token(SyntaxKind.ReadOnlyKeyword)))
            .WithAdditionalAnnotations(Microsoft.CodeAnalysis.Formatting.Formatter.Annotation));

    /// <summary>The creation's arguments and object-initializer values, as the library factory reads them.</summary>
    public static IEnumerable<ExpressionSyntax> Values(BaseObjectCreationExpressionSyntax creation) =>
        (creation.ArgumentList?.Arguments.Select(a => a.Expression) ?? Enumerable.Empty<ExpressionSyntax>())
        .Concat(creation.Initializer?.Expressions.OfType<AssignmentExpressionSyntax>().Select(a => a.Right) ?? Enumerable.Empty<ExpressionSyntax>());

    private static ExpressionSyntax Unwrapped(ExpressionSyntax value) => value switch
    {
        ParenthesizedExpressionSyntax parenthesized => Unwrapped(parenthesized.Expression),
        CastExpressionSyntax cast => Unwrapped(cast.Expression),
        _ => value,
    };
}
