using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// One ADO.NET command a constructor builds over a connection and keeps in a member (<c>_command = new NpgsqlCommand {
/// Connection = _connection, ... };</c>, <c>this._get_bot_id = ReadConnention.CreateCommand();</c>): the statement, the
/// member, the connection expression and the same build over no connection — or a binding of a command the type built
/// over no connection (<c>_command = new SqlCommand(); _command.Connection = _connection;</c>), which goes.
/// </summary>
internal sealed class KeptCommandBuild
{
    public KeptCommandBuild(ExpressionStatementSyntax statement, ISymbol command, ExpressionSyntax connection, ISymbol connectionSymbol, ExpressionSyntax unbound)
    {
        Statement = statement;
        Command = command;
        Connection = connection;
        ConnectionSymbol = connectionSymbol;
        Unbound = unbound;
    }

    /// <summary>A binding <c>command.Connection = connection;</c> of a command built over no connection by <paramref name="bareBuild"/> (null: its field's initializer).</summary>
    public KeptCommandBuild(ExpressionStatementSyntax binding, ExpressionStatementSyntax? bareBuild, ISymbol command, ExpressionSyntax connection, ISymbol connectionSymbol)
    {
        Statement = binding;
        BareBuild = bareBuild;
        Command = command;
        Connection = connection;
        ConnectionSymbol = connectionSymbol;
    }

    /// <summary>The constructor's statement <c>command = build;</c>, or its binding <c>command.Connection = connection;</c>.</summary>
    public ExpressionStatementSyntax Statement { get; }

    /// <summary>For a binding, the constructor's earlier statement <c>command = new T();</c> (null when the field's initializer builds it).</summary>
    public ExpressionStatementSyntax? BareBuild { get; }

    /// <summary>The statement only binds a command built over no connection: it goes, and nothing is rebuilt.</summary>
    public bool IsBinding => Unbound is null;

    /// <summary>The member that keeps the command.</summary>
    public ISymbol Command { get; }

    /// <summary>The connection as the build names it (<c>_connection</c>, <c>this.ReadConnention</c>).</summary>
    public ExpressionSyntax Connection { get; }

    public ISymbol ConnectionSymbol { get; }

    /// <summary>The same build over no connection; null for a binding.</summary>
    public ExpressionSyntax? Unbound { get; }
}

/// <summary>
/// Finds the commands built once at construction over the connection a finding is about: built in a statement of a
/// constructor's body, over a member that is the finding's own or a copy of it (a field set from the holder's type:
/// <c>_connection = DBConnectionManager.GetInstance.Connection;</c>), in one of the three shapes a command can be given a
/// connection with — <c>connection.CreateCommand()</c>, <c>new T(text, connection)</c>, or <c>new T { Connection =
/// connection }</c> — each of which has a form over no connection that builds the same command; or a command built
/// over no connection and then bound to it in the constructor (<see cref="KeptCommandBindings"/>).
/// </summary>
internal static class KeptCommandBuilds
{
    /// <summary>The builds in the compilation's trees whose connection is <paramref name="member"/> or a copy of it.</summary>
    public static List<KeptCommandBuild> Find(Compilation compilation, ISymbol member, CancellationToken cancellationToken)
    {
        var builds = new List<KeptCommandBuild>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (!NameIndex.Mentions(tree, "Connection", cancellationToken) && !NameIndex.Mentions(tree, "CreateCommand", cancellationToken)
                && !NameIndex.Mentions(tree, member.Name, cancellationToken))
            {
                continue;
            }

            var model = SemanticModels.Of(compilation, tree);
            foreach (var constructor in tree.GetRoot(cancellationToken).DescendantNodes().OfType<ConstructorDeclarationSyntax>())
            {
                foreach (var statement in constructor.Body?.Statements.OfType<ExpressionStatementSyntax>() ?? Enumerable.Empty<ExpressionStatementSyntax>())
                {
                    if ((BuildIn(statement, model, cancellationToken) ?? KeptCommandBindings.In(statement, constructor, model, cancellationToken)) is { } build
                        && IsConnectionOf(build.ConnectionSymbol, member, compilation, cancellationToken))
                    {
                        builds.Add(build);
                    }
                }
            }
        }

        return builds;
    }

    private static KeptCommandBuild? BuildIn(ExpressionStatementSyntax statement, SemanticModel model, CancellationToken cancellationToken)
    {
        if (statement.Expression is not AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment
            || model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol is not { Kind: SymbolKind.Field or SymbolKind.Property } command
            || command.DeclaringSyntaxReferences.IsEmpty || !RebuiltStoredObjects.IsCommand(command)
            || UnboundBuild(assignment.Right, model, cancellationToken) is not { } unbound
            || model.GetSymbolInfo(unbound.Connection, cancellationToken).Symbol is not { Kind: SymbolKind.Field or SymbolKind.Property } connection)
        {
            return null;
        }

        return new KeptCommandBuild(statement, command.OriginalDefinition, unbound.Connection, connection.OriginalDefinition, unbound.Build);
    }

    /// <summary>
    /// The build over no connection and the connection it was given; null for any other shape (a transaction argument,
    /// a connection computed by a call) or a command type that cannot be built without it.
    /// </summary>
    private static (ExpressionSyntax Build, ExpressionSyntax Connection)? UnboundBuild(ExpressionSyntax build, SemanticModel model, CancellationToken cancellationToken)
    {
        switch (build)
        {
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CreateCommand" } access, ArgumentList.Arguments.Count: 0 }
                when IsStableName(access.Expression)
                && model.GetTypeInfo(build, cancellationToken).Type is INamedTypeSymbol { IsAbstract: false, TypeKind: TypeKind.Class } type
                && type.InstanceConstructors.Any(c => c.DeclaredAccessibility == Accessibility.Public && c.Parameters.Length == 0):
                return (ObjectCreationExpression(TypeNames.Qualified(type)).WithArgumentList(ArgumentList()), access.Expression);
            case ObjectCreationExpressionSyntax { ArgumentList.Arguments: { Count: 2 } arguments, Initializer: null } creation
                when arguments[0] is var text && arguments[1] is { NameColon: null, RefKindKeyword.RawKind: 0 } handed && IsStableName(handed.Expression) && IsConnection(model.GetTypeInfo(handed.Expression, cancellationToken).Type)
                && model.GetTypeInfo(text.Expression, cancellationToken).Type?.SpecialType == SpecialType.System_String
                && model.GetTypeInfo(creation, cancellationToken).Type is INamedTypeSymbol type
                && type.InstanceConstructors.Any(c => c.DeclaredAccessibility == Accessibility.Public && c.Parameters.Length == 1 && c.Parameters[0].Type.SpecialType == SpecialType.System_String):
                return (creation.WithArgumentList(ArgumentList(SingletonSeparatedList(text))), handed.Expression);
            case ObjectCreationExpressionSyntax { ArgumentList: null or { Arguments.Count: 0 }, Initializer: { } initializer } creation:
                var bound = initializer.Expressions.OfType<AssignmentExpressionSyntax>()
                    .Where(a => a.Left is IdentifierNameSyntax { Identifier.ValueText: "Connection" } && IsStableName(a.Right)).ToList();
                if (bound.Count != 1 || initializer.Expressions.Count(e => e.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == "Connection")) != 1)
                {
                    return null;
                }

                var rest = initializer.Expressions.Where(e => e != bound[0]).ToList();
                ExpressionSyntax unbound = rest.Count == 0
                    ? creation.WithInitializer(null).WithArgumentList(ArgumentList()).WithTrailingTrivia(creation.GetTrailingTrivia())
                    : creation.WithInitializer(initializer.WithExpressions(initializer.Expressions.Remove(bound[0]))); // keeps the other entries' separators and lines
                return (unbound, bound[0].Right);
            default:
                return null;
        }
    }

    /// <summary><c>connection</c> or <c>this.connection</c>: a read that gives the same object wherever it is evaluated in the type.</summary>
    internal static bool IsStableName(ExpressionSyntax expression) =>
        expression is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: IdentifierNameSyntax };

    internal static bool IsConnection(ITypeSymbol? type) =>
        AdoInterfaces.Implements(type, "IDbConnection");

    /// <summary>
    /// The finding's member, or a field set only in its type's constructors (or initializer) from a read of the finding's
    /// type (<c>_connection = DBConnectionManager.GetInstance.Connection;</c>): a copy the holder's fix rewrites.
    /// </summary>
    private static bool IsConnectionOf(ISymbol connection, ISymbol member, Compilation compilation, CancellationToken cancellationToken)
    {
        if (SymbolEqualityComparer.Default.Equals(connection, member.OriginalDefinition))
        {
            return true;
        }

        if (connection is not IFieldSymbol { DeclaringSyntaxReferences.Length: 1 } field)
        {
            return false;
        }

        var writes = ConstructorWrites.Of(field, compilation, cancellationToken);
        return writes is { Count: > 0 } && writes.All(value => value.DescendantNodesAndSelf().OfType<SimpleNameSyntax>().Any(name =>
            SymbolEqualityComparer.Default.Equals(SemanticModels.Of(compilation, value.SyntaxTree).GetSymbolInfo(name, cancellationToken).Symbol?.ContainingType?.OriginalDefinition, member.ContainingType.OriginalDefinition)));
    }
}
