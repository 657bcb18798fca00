using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A constructor that builds a command over no connection and then binds it to the kept one (44685740-1/
/// ejercictacionUTNLabo2's static <c>ConexionDB()</c>: <c>_command = new SqlCommand(); _command.Connection =
/// _connection;</c>; a field <c>SqliteCommand _command = new SqliteCommand();</c> bound in the constructor). Without the
/// binding the same command is left over no connection, the shape <see cref="ReboundKeptCommands"/> binds in each
/// function instead.
/// </summary>
internal static class KeptCommandBindings
{
    /// <summary>
    /// The binding <paramref name="statement"/> of <paramref name="constructor"/>, when it binds a command member to a
    /// connection member and that command was built over no connection before it (by an earlier statement of the same
    /// body or by its field's initializer, and nowhere else in the constructor); null otherwise.
    /// </summary>
    public static KeptCommandBuild? In(ExpressionStatementSyntax statement, ConstructorDeclarationSyntax constructor, SemanticModel model, CancellationToken cancellationToken)
    {
        if (statement is not { Parent: BlockSyntax body, Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Left: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Connection" } bound } assignment }
            || body != constructor.Body
            || !KeptCommandBuilds.IsStableName(bound.Expression) || !KeptCommandBuilds.IsStableName(assignment.Right)
            || model.GetSymbolInfo(bound.Expression, cancellationToken).Symbol is not { Kind: SymbolKind.Field or SymbolKind.Property } command
            || command.DeclaringSyntaxReferences.Length != 1 || !RebuiltStoredObjects.IsCommand(command)
            || !KeptCommandBuilds.IsConnection(model.GetTypeInfo(assignment.Right, cancellationToken).Type)
            || model.GetSymbolInfo(assignment.Right, cancellationToken).Symbol is not { Kind: SymbolKind.Field or SymbolKind.Property } connection)
        {
            return null;
        }

        var writes = body.Statements.TakeWhile(s => s != statement).OfType<ExpressionStatementSyntax>()
            .Where(s => s.Expression is AssignmentExpressionSyntax write && IsCommand(write.Left, command, model, cancellationToken)).ToList();
        var initializer = (command.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) as VariableDeclaratorSyntax)?.Initializer?.Value;
        return writes.Count switch
        {
            1 when IsBare(((AssignmentExpressionSyntax)writes[0].Expression).Right) && ((AssignmentExpressionSyntax)writes[0].Expression).IsKind(SyntaxKind.SimpleAssignmentExpression)
                => new KeptCommandBuild(statement, writes[0], command.OriginalDefinition, assignment.Right, connection.OriginalDefinition),
            0 when initializer is not null && IsBare(initializer)
                => new KeptCommandBuild(statement, null, command.OriginalDefinition, assignment.Right, connection.OriginalDefinition),
            _ => null,
        };
    }

    private static bool IsCommand(ExpressionSyntax target, ISymbol command, SemanticModel model, CancellationToken cancellationToken) =>
        SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(target, cancellationToken).Symbol?.OriginalDefinition, command.OriginalDefinition);

    /// <summary><c>new T()</c>: a command over no connection, its initializer (if any) not binding one.</summary>
    private static bool IsBare(ExpressionSyntax build) =>
        build is BaseObjectCreationExpressionSyntax creation
        && (creation.ArgumentList is null || creation.ArgumentList.Arguments.Count == 0)
        && (creation.Initializer is null || !creation.Initializer.DescendantNodes().OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == "Connection"));
}
