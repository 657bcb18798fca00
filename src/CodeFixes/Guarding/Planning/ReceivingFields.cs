using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StaleConn.Analyzers.Internal;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// <c>TableTeachers = new TableTeachers(connection);</c> where the project's class copies the parameter into a field of
/// its own (<c>_connection = connection;</c>), and that field has a finding of its own: SC0001 through the static that
/// keeps the object, SC0002 when the class lives for the process by itself, SC0007 when every instance has a long-lived
/// owner. That finding's fix acts where the connection is kept and used (the receiver's methods), the owner unchanged;
/// the holder's fix cannot (<see cref="NoFixReason.ReceivingFieldHasOwnFinding"/>). The same rules the analyzers apply
/// decide, so the reason names a finding the user sees.
/// </summary>
internal static class ReceivingFields
{
    /// <summary>
    /// <see cref="NoFixReason.ReceivingFieldHasOwnFinding"/> in place of <see cref="NoFixReason.StoredObjectKeepsConnection"/>
    /// (or the general <see cref="NoFixReason.ConnectionHandedToStoredObject"/>) when the receiving field has its own
    /// finding; else <paramref name="reason"/>.
    /// </summary>
    public static NoFixReason Refine(NoFixReason reason, PlanContext context, BaseObjectCreationExpressionSyntax creation, ExpressionSyntax handed, SemanticModel model) =>
        reason is NoFixReason.StoredObjectKeepsConnection or NoFixReason.ConnectionHandedToStoredObject && HaveOwnFinding(context, creation, handed, model)
            ? NoFixReason.ReceivingFieldHasOwnFinding
            : reason;

    /// <summary>
    /// Whether the object <paramref name="creation"/> builds keeps <paramref name="handed"/> (one of its arguments, or the
    /// value of an initializer's assignment) in a field the analyzers report.
    /// </summary>
    public static bool HaveOwnFinding(PlanContext context, BaseObjectCreationExpressionSyntax creation, ExpressionSyntax handed, SemanticModel model) =>
        Find(context, creation, handed, model) is not null;

    /// <summary>
    /// The field the object <paramref name="creation"/> builds keeps <paramref name="handed"/> in, when the analyzers
    /// report that field; null otherwise.
    /// </summary>
    public static ReceivingField? Find(PlanContext context, BaseObjectCreationExpressionSyntax creation, ExpressionSyntax handed, SemanticModel model)
    {
        var cancellationToken = context.CancellationToken;
        if (KeptProjectConstructor(context, creation, model) is not { } constructor
            || constructor.ContainingType is not { } receiver
            || KeptIn(creation, model, cancellationToken) is not { } keeper)
        {
            return null;
        }

        var connectionTypes = ConnectionTypes.Create(context.Compilation, context.Project.AnalyzerOptions);
        var parameter = handed.Parent is ArgumentSyntax argument ? ParameterOf(constructor, creation, argument) : null;
        var field = handed.Parent is ArgumentSyntax
            ? CopiedParameterField(constructor, parameter, context, connectionTypes)
            : InitializedField(handed, model, receiver, connectionTypes, cancellationToken);
        if (field is null || connectionTypes.IsConnectionType(receiver))
        {
            return null;
        }

        // SC0001 reports a static keeper through the object's field (its own test decides); SC0002 and SC0007 report the
        // field itself.
        var longLivedTypes = LongLivedTypes.Create(context.Compilation, context.Project.AnalyzerOptions);
        return StaticHolders.Find(keeper, context.Compilation, connectionTypes, longLivedTypes, cancellationToken) is { } through
                && through.Held.Any(h => SymbolEqualityComparer.Default.Equals(h.Member.OriginalDefinition, field.OriginalDefinition))
            || longLivedTypes.GetReason(receiver) is not null
            || LongLivedOwners.Create(context.Compilation, longLivedTypes).Find(receiver, cancellationToken) is not null
            ? new ReceivingField(creation, constructor, parameter, field)
            : null;
    }

    /// <summary>The constructor <paramref name="creation"/> calls when it builds a kept object of one of the project's own classes.</summary>
    internal static IMethodSymbol? KeptProjectConstructor(PlanContext context, BaseObjectCreationExpressionSyntax creation, SemanticModel model) =>
        model.GetSymbolInfo(creation, context.CancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.Constructor, ContainingType.TypeKind: TypeKind.Class } constructor
        && SymbolEqualityComparer.Default.Equals(constructor.ContainingType.ContainingAssembly, context.Compilation.Assembly)
        && KeptIn(creation, model, context.CancellationToken) is not null
            ? constructor
            : null;

    /// <summary>The member the new object is kept in: a field's initializer or an assignment to a field or property.</summary>
    private static ISymbol? KeptIn(BaseObjectCreationExpressionSyntax creation, SemanticModel model, System.Threading.CancellationToken cancellationToken) => creation.Parent switch
    {
        EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax } declarator } => model.GetDeclaredSymbol(declarator, cancellationToken),
        EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax property } => model.GetDeclaredSymbol(property, cancellationToken),
        AssignmentExpressionSyntax stored when stored.Right == creation => model.GetSymbolInfo(stored.Left, cancellationToken).Symbol is (IFieldSymbol or IPropertySymbol) and var member
            ? member
            : null,
        _ => null,
    };

    internal static IParameterSymbol? ParameterOf(IMethodSymbol constructor, BaseObjectCreationExpressionSyntax creation, ArgumentSyntax argument)
    {
        if (argument.NameColon is { } named)
        {
            return constructor.Parameters.FirstOrDefault(p => p.Name == named.Name.Identifier.ValueText);
        }

        var index = creation.ArgumentList?.Arguments.IndexOf(argument) ?? -1;
        return index >= 0 && index < constructor.Parameters.Length && !constructor.Parameters[index].IsParams ? constructor.Parameters[index] : null;
    }

    /// <summary>The receiver's own instance field or auto-property of a connection type that its constructor sets to <paramref name="parameter"/>.</summary>
    private static ISymbol? CopiedParameterField(IMethodSymbol constructor, IParameterSymbol? parameter, PlanContext context, ConnectionTypes connectionTypes)
    {
        if (parameter is null || constructor.DeclaringSyntaxReferences.Length != 1
            || constructor.DeclaringSyntaxReferences[0].GetSyntax(context.CancellationToken) is not ConstructorDeclarationSyntax declaration)
        {
            return null;
        }

        var model = context.Model(declaration.SyntaxTree);
        foreach (var assignment in declaration.DescendantNodes().OfType<AssignmentExpressionSyntax>())
        {
            if (assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                && assignment.Right is IdentifierNameSyntax value
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(value, context.CancellationToken).Symbol, parameter)
                && model.GetSymbolInfo(assignment.Left, context.CancellationToken).Symbol is { IsStatic: false } member
                && SymbolEqualityComparer.Default.Equals(member.ContainingType, constructor.ContainingType)
                && MemberShapes.StoresConnection(member, connectionTypes, out _, out _))
            {
                return member;
            }
        }

        return null;
    }

    /// <summary><c>new Table { Connection = connection }</c>: the receiver's own field or auto-property that the initializer sets.</summary>
    private static ISymbol? InitializedField(ExpressionSyntax handed, SemanticModel model, INamedTypeSymbol receiver, ConnectionTypes connectionTypes, System.Threading.CancellationToken cancellationToken) =>
        handed.Parent is AssignmentExpressionSyntax { Left: var left } assignment && assignment.Right == handed
        && model.GetSymbolInfo(left, cancellationToken).Symbol is { IsStatic: false } member
        && SymbolEqualityComparer.Default.Equals(member.ContainingType, receiver)
        && MemberShapes.StoresConnection(member, connectionTypes, out _, out _)
            ? member
            : null;
}

/// <summary>
/// A field of the project's own class that keeps the connection handed to its constructor (<see cref="Parameter"/>) or
/// set by an initializer (no parameter), and that has its own finding.
/// </summary>
internal sealed class ReceivingField
{
    public ReceivingField(BaseObjectCreationExpressionSyntax creation, IMethodSymbol constructor, IParameterSymbol? parameter, ISymbol field, ObjectCreationExpressionSyntax? ownGuard = null)
    {
        Creation = creation;
        Constructor = constructor;
        Parameter = parameter;
        Field = field;
        OwnGuard = ownGuard;
    }

    /// <summary>The holder's <c>new Receiver(connection)</c>.</summary>
    public BaseObjectCreationExpressionSyntax Creation { get; }

    public IMethodSymbol Constructor { get; }

    /// <summary>The constructor's parameter the connection is passed to; null when an initializer sets the field.</summary>
    public IParameterSymbol? Parameter { get; }

    /// <summary>The receiver's field or auto-property that keeps the connection.</summary>
    public ISymbol Field { get; }

    /// <summary>
    /// <c>new ConnectionGuard&lt;T&gt;(connection)</c> when the field's own guard fix was applied first and the field
    /// keeps a guard of its own over what it is given (<see cref="GuardedReceivers"/>); null while it keeps the connection.
    /// </summary>
    public ObjectCreationExpressionSyntax? OwnGuard { get; }
}
