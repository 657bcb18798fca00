using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// Whether a static field of a type's own type holds one instance for the process, read from how the type writes it:
/// an initializer, <c>??=</c>, a creation under a null test (or after one), <c>Instance = this</c> or a <c>Lazy</c> all
/// keep one; a <c>[ThreadStatic]</c> field (one per thread, the ambient unit-of-work shape) or an accessor that creates
/// a new instance on every call (<c>_instance = new T(); return _instance;</c>) does not.
/// </summary>
internal static class SingletonInstanceWrites
{
    private static readonly FullTypeName ThreadStaticAttribute = new("System.ThreadStaticAttribute");

    private static readonly FullTypeName LazyOfT = new("System.Lazy`1");

    /// <summary>
    /// A static field's type that keeps an instance of <paramref name="instanceType"/>: the type itself or a
    /// <c>Lazy</c> of it (a class's own type, or a generic base's type parameter).
    /// </summary>
    public static bool HoldsInstanceOf(ITypeSymbol fieldType, ITypeSymbol instanceType) =>
        SymbolEqualityComparer.Default.Equals(fieldType.OriginalDefinition, instanceType.OriginalDefinition)
        || fieldType is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } lazy
            && LazyOfT.Matches(lazy)
            && SymbolEqualityComparer.Default.Equals(lazy.TypeArguments[0].OriginalDefinition, instanceType.OriginalDefinition);

    /// <summary>"static field 'instance'" or, for an auto-property's backing field, "static property 'Instance'".</summary>
    public static string Describe(IFieldSymbol field) =>
        field.AssociatedSymbol is IPropertySymbol property ? $"static property '{property.Name}'" : $"static field '{field.Name}'";

    /// <summary>True when <paramref name="field"/> does not keep one instance of <paramref name="type"/> for the process.</summary>
    public static bool HoldsMoreThanOneInstance(IFieldSymbol field, INamedTypeSymbol type) =>
        IsThreadStatic(field) || IsCreatedAnewOnEveryCall(field.AssociatedSymbol ?? field, type);

    /// <summary>
    /// The same test for a static member of <paramref name="type"/> that holds an instance of it (SC0001's holder): such
    /// a member is not kept for the process either when it is replaced on every call or held per thread.
    /// </summary>
    public static bool HoldsMoreThanOneInstance(ISymbol member, INamedTypeSymbol type) => member switch
    {
        _ when !SymbolEqualityComparer.Default.Equals(member.ContainingType?.OriginalDefinition, type.OriginalDefinition) => false,
        IFieldSymbol field => HoldsMoreThanOneInstance(field, type),
        IPropertySymbol property => IsCreatedAnewOnEveryCall(property, type),
        _ => false,
    };

    private static bool IsThreadStatic(IFieldSymbol field) =>
        field.GetAttributes().Any(attribute => ThreadStaticAttribute.Matches(attribute.AttributeClass));

    // Read in the type's own declarations (nested types' included): a write counts when it binds to the holder itself,
    // not to a nested or other type's member of the same name.
    private static bool IsCreatedAnewOnEveryCall(ISymbol holder, INamedTypeSymbol type)
    {
        var holderName = holder.Name;
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            var declaration = reference.GetSyntax();
            foreach (var assignment in declaration.DescendantNodes().OfType<AssignmentExpressionSyntax>())
            {
                if (assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                    && assignment.Right is BaseObjectCreationExpressionSyntax
                    && NamesHolder(assignment.Left, holderName)
                    && SymbolEqualityComparer.Default.Equals(
                        NamedMembers.Find(assignment.Left, type, declaration)?.OriginalDefinition, holder.OriginalDefinition)
                    && IsUnconditionalInAccessor(assignment, holderName))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool NamesHolder(ExpressionSyntax expression, string holderName) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText == holderName,
        MemberAccessExpressionSyntax { Name: IdentifierNameSyntax name } => name.Identifier.ValueText == holderName,
        _ => false,
    };

    /// <summary>
    /// The write sits directly in the body of a method or getter that returns the holder (no branch, loop or lambda
    /// around it), and that body never tests the holder against null: every call replaces the instance.
    /// </summary>
    private static bool IsUnconditionalInAccessor(AssignmentExpressionSyntax assignment, string holderName)
    {
        SyntaxNode? body = null;
        for (var node = assignment.Parent; node is not null; node = node.Parent)
        {
            if (node is BlockSyntax { Parent: MethodDeclarationSyntax or AccessorDeclarationSyntax } block)
            {
                body = block;
                break;
            }

            if (node is not (ExpressionStatementSyntax or ReturnStatementSyntax or BlockSyntax or LockStatementSyntax))
            {
                return false;
            }
        }

        if (body is null
            || body.Parent is AccessorDeclarationSyntax accessor && !accessor.IsKind(SyntaxKind.GetAccessorDeclaration))
        {
            return false;
        }

        var returnsHolder = body.DescendantNodes().OfType<ReturnStatementSyntax>()
            .Any(statement => statement.Expression is { } returned && (returned == assignment || NamesHolder(returned, holderName)));
        return returnsHolder && !TestsAgainstNull(body, holderName);
    }

    private static bool TestsAgainstNull(SyntaxNode body, string holderName)
    {
        foreach (var node in body.DescendantNodes())
        {
            switch (node)
            {
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.CoalesceExpression) && NamesHolder(binary.Left, holderName):
                case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.EqualsExpression or (int)SyntaxKind.NotEqualsExpression } equality
                    when NamesHolder(equality.Left, holderName) || NamesHolder(equality.Right, holderName):
                case IsPatternExpressionSyntax pattern when NamesHolder(pattern.Expression, holderName):
                case ConditionalAccessExpressionSyntax conditional when NamesHolder(conditional.Expression, holderName):
                    return true;
            }
        }

        return false;
    }
}
