using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding;

/// <summary>Purely syntactic questions the guard planner asks about code around a connection member.</summary>
internal static class SyntaxShapes
{
    /// <summary><c>null</c>, <c>default</c> or <c>null!</c>: a value that only says "set later".</summary>
    public static bool IsNullValue(ExpressionSyntax value) =>
        value.IsKind(SyntaxKind.NullLiteralExpression) || value.IsKind(SyntaxKind.DefaultLiteralExpression)
        || value is PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression, Operand: var operand } && IsNullValue(operand);

    /// <summary><paramref name="connection"/> is read for its <c>State</c> (<c>connection.State == ConnectionState.Open</c>).</summary>
    public static bool IsStateRead(ExpressionSyntax connection) =>
        connection.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "State" } access && access.Expression == connection;

    public static bool IsFunction(SyntaxNode node) =>
        node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax
        || node is ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax or IndexerDeclarationSyntax };

    /// <summary>The function bodies enclosing <paramref name="node"/>, innermost first, up to the first named one.</summary>
    public static List<SyntaxNode>? EnclosingFunctions(SyntaxNode node)
    {
        var chain = new List<SyntaxNode>();
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            if (IsFunction(current))
            {
                chain.Add(current);
                if (current is not AnonymousFunctionExpressionSyntax)
                {
                    return chain;
                }
            }
            else if (current is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax } or PropertyDeclarationSyntax }
                     && chain.Count > 0)
            {
                // A lambda stored by a field initializer runs later, as its own unit of work.
                return chain;
            }
            else if (current is MemberDeclarationSyntax or GlobalStatementSyntax or AttributeSyntax
                     || current is ParameterSyntax or ConstructorInitializerSyntax or PrimaryConstructorBaseTypeSyntax)
            {
                // A field initializer, a default value, a base-constructor argument: no unit of work to lease in.
                return null;
            }
        }

        return null;
    }

    public static SyntaxNode? Body(SyntaxNode function) => function switch
    {
        BaseMethodDeclarationSyntax method => (SyntaxNode?)method.Body ?? method.ExpressionBody?.Expression,
        LocalFunctionStatementSyntax local => (SyntaxNode?)local.Body ?? local.ExpressionBody?.Expression,
        AccessorDeclarationSyntax accessor => (SyntaxNode?)accessor.Body ?? accessor.ExpressionBody?.Expression,
        AnonymousFunctionExpressionSyntax lambda => (SyntaxNode?)lambda.Block ?? lambda.ExpressionBody,
        ArrowExpressionClauseSyntax arrow => arrow.Expression,
        _ => null,
    };

    public static bool IsAsync(SyntaxNode function) => function switch
    {
        BaseMethodDeclarationSyntax method => method.Modifiers.Any(SyntaxKind.AsyncKeyword),
        LocalFunctionStatementSyntax local => local.Modifiers.Any(SyntaxKind.AsyncKeyword),
        AnonymousFunctionExpressionSyntax lambda => lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword),
        _ => false,
    };

    /// <summary>The statement whose whole expression is <paramref name="invocation"/>, possibly awaited, configured or waited on.</summary>
    public static ExpressionStatementSyntax? StatementOf(SyntaxNode invocation)
    {
        var current = invocation;
        while (true)
        {
            switch (current.Parent)
            {
                case AwaitExpressionSyntax awaitExpression:
                    current = awaitExpression;
                    break;
                case MemberAccessExpressionSyntax access when access.Expression == current && access.Parent is InvocationExpressionSyntax call
                    && access.Name.Identifier.ValueText is "ConfigureAwait" or "Wait" or "GetAwaiter" or "GetResult":
                    current = call;
                    break;
                case ConditionalAccessExpressionSyntax conditional when conditional.WhenNotNull == current:
                    current = conditional;
                    break;
                case ExpressionStatementSyntax statement:
                    return statement;
                default:
                    return null;
            }
        }
    }

    public static StatementSyntax? LoopBody(SyntaxNode node) => node switch
    {
        WhileStatementSyntax loop => loop.Statement,
        DoStatementSyntax loop => loop.Statement,
        ForStatementSyntax loop => loop.Statement,
        CommonForEachStatementSyntax loop => loop.Statement,
        _ => null,
    };

    public static string InvokedName(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        SimpleNameSyntax name => name.Identifier.ValueText,
        _ => string.Empty,
    };

    /// <summary>The direct child of <paramref name="block"/> that contains <paramref name="node"/>.</summary>
    public static int ChildIndex(BlockSyntax block, SyntaxNode node)
    {
        for (var current = node; current is not null; current = current.Parent)
        {
            if (current.Parent == block && current is StatementSyntax statement)
            {
                return block.Statements.IndexOf(statement);
            }
        }

        return -1;
    }

    /// <summary>Names a statement declares into its enclosing block (locals, out variables, pattern variables, local functions).</summary>
    public static IEnumerable<string> DeclaredNames(StatementSyntax statement)
    {
        switch (statement)
        {
            case LocalDeclarationStatementSyntax local:
                foreach (var variable in local.Declaration.Variables)
                {
                    yield return variable.Identifier.ValueText;
                }

                break;
            case LocalFunctionStatementSyntax function:
                yield return function.Identifier.ValueText;
                break;
        }

        foreach (var node in statement.DescendantNodes(n => n == statement || !(n is BlockSyntax || IsFunction(n))))
        {
            if (node is SingleVariableDesignationSyntax designation)
            {
                yield return designation.Identifier.ValueText;
            }
        }
    }

    /// <summary>
    /// The fields and locals <paramref name="statement"/> assigns an object made from one of <paramref name="names"/>:
    /// a reader, a transaction or a new object (<c>Function.reader = Function.command.ExecuteReader();</c>), which keeps
    /// using the connection after the statement, and the locals handed one of them as a property (an adapter's
    /// <c>SelectCommand</c>). A value read from it (<c>count = (int)command.ExecuteScalar();</c>) does not.
    /// </summary>
    public static IEnumerable<string> KeptNames(StatementSyntax statement, HashSet<string> names)
    {
        foreach (var node in statement.DescendantNodes(n => n == statement || !IsFunction(n)))
        {
            if (node is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment
                && MentionsAny(assignment.Right, names)
                && assignment.Right.DescendantNodesAndSelf().Any(KeepsConnection)
                && assignment.Left switch
                {
                    IdentifierNameSyntax name => name.Identifier.ValueText,
                    MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                    _ => null,
                } is { } kept)
            {
                yield return kept;
            }

            // `adapter.SelectCommand = command;`: the adapter runs the command later (`adapter.Fill(table)`).
            if (node is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Right: IdentifierNameSyntax handed, Left: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax holder } }
                && names.Contains(handed.Identifier.ValueText))
            {
                yield return holder.Identifier.ValueText;
            }
        }
    }

    private static bool KeepsConnection(SyntaxNode node) =>
        node is BaseObjectCreationExpressionSyntax
        || node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: var called } }
            && (called.StartsWith("ExecuteReader", System.StringComparison.Ordinal) || called.StartsWith("BeginTransaction", System.StringComparison.Ordinal));

    /// <summary>The local a connection expression is stored into (directly or as an argument), if any.</summary>
    public static string? CarrierOf(SyntaxNode use)
    {
        SyntaxNode current = use;
        while (current.Parent is ExpressionSyntax or ArgumentSyntax or ArgumentListSyntax or InitializerExpressionSyntax
               && current.Parent is not (AnonymousFunctionExpressionSyntax or AssignmentExpressionSyntax))
        {
            current = current.Parent;
        }

        switch (current.Parent)
        {
            case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }:
                return declarator.Identifier.ValueText;
            case AssignmentExpressionSyntax assignment when assignment.Right == current:
                return assignment.Left switch
                {
                    IdentifierNameSyntax name => name.Identifier.ValueText,
                    MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax owner } => owner.Identifier.ValueText,
                    // `Functions.Function.command = new SqlCommand(sql, connection)`: every later mention of the holder type.
                    MemberAccessExpressionSyntax { Expression: MemberAccessExpressionSyntax owner } => owner.Name.Identifier.ValueText,
                    MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var member } => member.Identifier.ValueText,
                    _ => null,
                };
            default:
                return null;
        }
    }

    public static bool MentionsAny(SyntaxNode node, HashSet<string> names)
    {
        foreach (var token in node.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken) && names.Contains(token.ValueText))
            {
                return true;
            }
        }

        return false;
    }
}
