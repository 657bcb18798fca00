using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A solution's own console log helper: <c>Printer.LogNote("connected..")</c> (AviGoldshtein/Sensors), a static void
/// method whose body only colours and writes the console (<c>Console.ForegroundColor = ...; Console.WriteLine(m);
/// Console.ResetColor();</c>). Called from a holder's opener it reports, as <c>Console.WriteLine</c> itself does; it can
/// call nothing back into the holder.
/// </summary>
internal static class ConsoleWriters
{
    public static bool Writes(InvocationExpressionSyntax invocation, SemanticModel model)
    {
        if (model.GetSymbolInfo(invocation).Symbol is not IMethodSymbol { IsStatic: true, ReturnsVoid: true, IsGenericMethod: false, DeclaringSyntaxReferences.Length: 1 } method
            || method.Parameters.Any(p => p.RefKind != RefKind.None || !IsPlainValue(p.Type))
            || method.DeclaringSyntaxReferences[0].GetSyntax() is not MethodDeclarationSyntax declaration
            || declaration.Modifiers.Any(SyntaxKind.AsyncKeyword))
        {
            return false;
        }

        var writes = declaration switch
        {
            { Body: { } body } => body.Statements.Select(s => (s as ExpressionStatementSyntax)?.Expression).ToList(),
            { ExpressionBody.Expression: var expression } => new() { expression },
            _ => null,
        };
        if (writes is not { Count: > 0 })
        {
            return false;
        }

        var declarationModel = model.Compilation.GetSemanticModel(declaration.SyntaxTree);
        return writes.All(w => w is not null && IsConsoleWrite(w, declarationModel));
    }

    /// <summary><c>Console.WriteLine(m)</c>, <c>Console.ResetColor()</c>, <c>Console.ForegroundColor = ConsoleColor.Red</c>, reading only parameters and constants.</summary>
    private static bool IsConsoleWrite(ExpressionSyntax expression, SemanticModel model)
    {
        switch (expression)
        {
            case InvocationExpressionSyntax call when IsConsoleMember(call.Expression, model):
                return call.ArgumentList.Arguments.All(a => a.RefKindKeyword.IsKind(SyntaxKind.None) && ReadsOnlyParametersAndConstants(a.Expression, model));
            case AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment when IsConsoleMember(assignment.Left, model):
                return ReadsOnlyParametersAndConstants(assignment.Right, model);
            default:
                return false;
        }
    }

    private static bool IsConsoleMember(ExpressionSyntax expression, SemanticModel model) =>
        expression is MemberAccessExpressionSyntax
        && model.GetSymbolInfo(expression).Symbol is { ContainingType: var type } && type?.ToDisplayString() == "System.Console";

    /// <summary>Parameters, constants, enum members, and strings built from them: nothing that calls or reads state.</summary>
    private static bool ReadsOnlyParametersAndConstants(ExpressionSyntax expression, SemanticModel model) =>
        expression.DescendantNodesAndSelf().All(node => node switch
        {
            InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax or AssignmentExpressionSyntax or AwaitExpressionSyntax => false,
            IdentifierNameSyntax name => model.GetSymbolInfo(name).Symbol is IParameterSymbol or INamedTypeSymbol or IFieldSymbol { IsConst: true } or IFieldSymbol { ContainingType.TypeKind: TypeKind.Enum },
            _ => true,
        });

    private static bool IsPlainValue(ITypeSymbol type) =>
        type.SpecialType is SpecialType.System_String or SpecialType.System_Object || type.IsValueType;
}
