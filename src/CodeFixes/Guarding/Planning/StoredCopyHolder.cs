using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// The holder a field copies its connection from (<c>private MySqlConnection connection = DbConfig.GetConnection();</c>
/// copies <c>DbConfig.connection</c>): the factory fix of the copy is the holder's, which turns the accessor into a
/// factory and every copy into a connection per unit of work — fixing the copy alone would leave the shared connection
/// (disposed by the first unit) behind the accessor.
/// </summary>
internal static class StoredCopyHolder
{
    /// <summary>The holder member whose protocol counts <paramref name="member"/> as a stored copy; null when it is none.</summary>
    public static ISymbol? Of(Project project, Compilation compilation, ISymbol member, INamedTypeSymbol factoryType, CancellationToken cancellationToken)
    {
        if (member is not IFieldSymbol field
            || field.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: var value })
        {
            return null;
        }

        var model = SemanticModels.Of(compilation, value.SyntaxTree);
        var accessed = value is InvocationExpressionSyntax call ? call.Expression : value;
        if (model.GetSymbolInfo(accessed, cancellationToken).Symbol is not { IsStatic: true, ContainingType: { } holderType } accessor
            || accessor is not (IMethodSymbol or IPropertySymbol) || holderType.DeclaringSyntaxReferences.IsEmpty)
        {
            return null;
        }

        foreach (var candidate in holderType.GetMembers().Where(m => !m.Equals(member, SymbolEqualityComparer.Default) && IsConnection(m switch
                 {
                     IFieldSymbol { IsImplicitlyDeclared: false } f => f.Type,
                     IPropertySymbol p => p.Type,
                     _ => null,
                 })))
        {
            var context = new PlanContext(project, compilation, candidate, FixMode.ConnectionFactory, factoryType, cancellationToken);
            var protocol = ConnectionProtocol.Find(context);
            if (protocol.HelperFor(member) is { IsStoredCopy: true } copy
                && SymbolEqualityComparer.Default.Equals(copy.CopiedAccessor?.OriginalDefinition, accessor.OriginalDefinition))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsConnection(ITypeSymbol? type) =>
        type is not null && (type.ToDisplayString() == "System.Data.IDbConnection" || type.AllInterfaces.Any(i => i.ToDisplayString() == "System.Data.IDbConnection"));
}
