using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// The arguments an accessor passes to the holder's creator or builder (<c>connection = connect("localhost", "world",
/// "root", "123456");</c>, thienhuong320/SOA_B1), bound to the creator's parameters as settings locals the factory
/// declares first (<c>string server = "localhost";</c>): the creator's statements then read them as they read its
/// parameters. Only constants and readonly fields are bound, so running the binding on every call of the factory reads
/// what the one call of the accessor read.
/// </summary>
internal static class BoundArguments
{
    private const string AnnotationKind = "StaleConn.BoundArgument";

    /// <summary>
    /// One local per parameter that <paramref name="kept"/> (the creator's statements the factory keeps) reads; empty
    /// for a parameterless creator; null when an argument is not a constant or readonly value, a parameter is passed by
    /// reference or as <c>params</c>, or a bound name is already used in the accessor (the local would hide or clash).
    /// </summary>
    public static List<StatementSyntax>? Bind(InvocationExpressionSyntax call, IMethodSymbol creator, SemanticModel callModel, SemanticModel creatorModel, IEnumerable<SyntaxNode> kept)
    {
        var bindings = new List<StatementSyntax>();
        if (creator.Parameters.Length == 0)
        {
            return call.ArgumentList.Arguments.Count == 0 ? bindings : null;
        }

        if (call.ArgumentList.Arguments.Count != creator.Parameters.Length || creator.Parameters.Any(p => p.RefKind != RefKind.None || p.IsParams)
            || creator.DeclaringSyntaxReferences.Length != 1 || call.FirstAncestorOrSelf<MemberDeclarationSyntax>() is not { } accessor)
        {
            return null;
        }

        var keptNames = kept.SelectMany(k => k.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>()).ToList();
        var creatorKey = KeyOf(creator.DeclaringSyntaxReferences[0].GetSyntax());
        for (var i = 0; i < creator.Parameters.Length; i++)
        {
            var argument = call.ArgumentList.Arguments[i];
            var parameter = creator.Parameters[i];
            if (argument.NameColon is not null || !argument.RefKindKeyword.IsKind(SyntaxKind.None) || !IsFixedValue(argument.Expression, callModel)
                || parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not ParameterSyntax { Type: { } type } declared)
            {
                return null;
            }

            if (!keptNames.Any(n => n.Identifier.ValueText == parameter.Name && SymbolEqualityComparer.Default.Equals(creatorModel.GetSymbolInfo(n).Symbol, parameter)))
            {
                continue;
            }

            if (accessor.DescendantNodes().Any(n => n is IdentifierNameSyntax name && name.Identifier.ValueText == parameter.Name
                || n is VariableDeclaratorSyntax local && local.Identifier.ValueText == parameter.Name))
            {
                return null;
            }

            bindings.Add(LocalDeclarationStatement(VariableDeclaration(type.WithoutTrivia(), SingletonSeparatedList(
                    VariableDeclarator(declared.Identifier.WithoutTrivia()).WithInitializer(EqualsValueClause(argument.Expression.WithoutTrivia())))))
                .WithAdditionalAnnotations(new SyntaxAnnotation(AnnotationKind, creatorKey)));
        }

        return bindings;
    }

    /// <summary><paramref name="statement"/> binds a parameter of the creator <paramref name="creator"/> (any of them when null).</summary>
    public static bool IsBindingOf(StatementSyntax statement, SyntaxNode creator) =>
        statement.GetAnnotations(AnnotationKind).Any(a => a.Data == KeyOf(creator));

    /// <summary><paramref name="statement"/> is the binding of <paramref name="parameter"/>.</summary>
    public static bool Binds(StatementSyntax statement, IParameterSymbol parameter) =>
        parameter.ContainingSymbol.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is { } creator && IsBindingOf(statement, creator)
        && statement is LocalDeclarationStatementSyntax { Declaration.Variables: { Count: 1 } variables } && variables[0].Identifier.ValueText == parameter.Name;

    /// <summary>A constant (<c>"localhost"</c>, a <c>const</c>) or a readonly field: the same value on every call.</summary>
    private static bool IsFixedValue(ExpressionSyntax value, SemanticModel model) =>
        model.GetConstantValue(value).HasValue
        || value is IdentifierNameSyntax or MemberAccessExpressionSyntax && model.GetSymbolInfo(value).Symbol is IFieldSymbol { IsReadOnly: true } or IFieldSymbol { IsConst: true };

    private static string KeyOf(SyntaxNode creator) => creator.SyntaxTree.FilePath + "@" + creator.SpanStart;
}
