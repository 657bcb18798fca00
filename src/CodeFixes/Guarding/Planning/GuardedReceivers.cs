using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A receiver (<see cref="ReceivingFields"/>) whose own guard fix came first — Fix All and <c>dotnet format</c> fix
/// findings one member at a time, in an order of their own — so its constructor wraps what it is given in a guard of its
/// own: <c>_connection = new ConnectionGuard&lt;NpgsqlConnection&gt;(connection, leaveOpen: true);</c>. The holder's guard fix then hands
/// it the holder's guard as it would have before (<see cref="HandedGuards"/>): the parameter takes the guard's type and
/// the wrapping goes, the state the holder's fix gives when it comes first.
/// </summary>
internal static class GuardedReceivers
{
    /// <summary>
    /// The receiving field of the object <paramref name="creation"/> builds when its constructor keeps a guard of its own
    /// over <paramref name="handed"/> (one of its arguments) in an instance member; null otherwise.
    /// </summary>
    public static ReceivingField? Find(PlanContext context, BaseObjectCreationExpressionSyntax creation, ExpressionSyntax handed, SemanticModel model)
    {
        if (context.Mode != FixMode.Guard
            || handed.Parent is not ArgumentSyntax argument
            || ReceivingFields.KeptProjectConstructor(context, creation, model) is not { } constructor
            || ReceivingFields.ParameterOf(constructor, creation, argument) is not { } parameter
            || constructor.DeclaringSyntaxReferences.Length != 1
            || constructor.DeclaringSyntaxReferences[0].GetSyntax(context.CancellationToken) is not ConstructorDeclarationSyntax declaration)
        {
            return null;
        }

        var constructorModel = context.Model(declaration.SyntaxTree);
        foreach (var guard in declaration.DescendantNodes().OfType<ObjectCreationExpressionSyntax>())
        {
            if (guard is { ArgumentList.Arguments.Count: 1 or 2, Initializer: null }
                && (guard.ArgumentList.Arguments.Count == 1 || LeavesOpen(guard.ArgumentList.Arguments[1]))
                && guard.ArgumentList.Arguments[0] is { RefKindKeyword.RawKind: (int)SyntaxKind.None, Expression: IdentifierNameSyntax value }
                && guard.Parent is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment
                && assignment.Right == guard
                && SymbolEqualityComparer.Default.Equals(constructorModel.GetSymbolInfo(value, context.CancellationToken).Symbol, parameter)
                && IsGuard(constructorModel.GetTypeInfo(guard, context.CancellationToken).Type, context)
                && constructorModel.GetSymbolInfo(assignment.Left, context.CancellationToken).Symbol is { IsStatic: false } member and (IFieldSymbol or IPropertySymbol)
                && SymbolEqualityComparer.Default.Equals(member.ContainingType, constructor.ContainingType)
                && IsGuard(TypeOf(member), context))
            {
                return new ReceivingField(creation, constructor, parameter, member, guard);
            }
        }

        return null;
    }

    // The guard fix's `leaveOpen: true` beside the connection it wraps (see DeclarationPlanner.GuardOverExisting).
    private static bool LeavesOpen(ArgumentSyntax argument) =>
        argument is { NameColon.Name.Identifier.ValueText: DeclarationPlanner.LeaveOpenParameter, Expression.RawKind: (int)SyntaxKind.TrueLiteralExpression };

    private static bool IsGuard(ITypeSymbol? type, PlanContext context) =>
        type is INamedTypeSymbol { IsGenericType: true } named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, context.GuardType.OriginalDefinition);

    private static ITypeSymbol? TypeOf(ISymbol member) => member switch
    {
        IFieldSymbol field => field.Type,
        IPropertySymbol property => property.Type,
        _ => null,
    };
}
