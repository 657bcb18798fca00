using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A hand-written reconnect called before the work when the state says so (GuyInGrey/Forseti's <c>if (Database.State ==
/// Closed || Database.State == Broken) { Database.ForceReconnect(); }</c> in <c>NonQuery</c> and <c>Query</c>): the guard
/// checks and replaces the connection for every lease, so the gate has nothing left to do and goes with the reconnect
/// method's handler. A gate is an <c>if</c> without <c>else</c> whose condition only reads and whose only statement calls,
/// without arguments, one of the reconnect methods <see cref="ReconnectOnlyWork"/> read.
/// </summary>
internal static class ReconnectGates
{
    /// <summary>The gates calling <paramref name="reconnects"/>, and the project's state properties their conditions read.</summary>
    public static (List<IfStatementSyntax> Gates, List<IPropertySymbol> StateReaders) Find(
        Compilation compilation, ISymbol member, IReadOnlyCollection<IMethodSymbol> reconnects, CancellationToken cancellationToken)
    {
        var gates = new List<IfStatementSyntax>();
        var stateReaders = new HashSet<IPropertySymbol>(SymbolEqualityComparer.Default);
        var names = reconnects.Select(m => m.Name).Distinct().ToList();
        foreach (var tree in compilation.SyntaxTrees.Where(t => NameIndex.MentionsAny(t, names, cancellationToken)))
        {
            var model = SemanticModels.Of(compilation, tree);
            foreach (var gate in tree.GetRoot(cancellationToken).DescendantNodes().OfType<IfStatementSyntax>())
            {
                if (gate.Else is not null || !SideEffectFree.ReadsOnly(gate.Condition)
                    || OnlyStatement(gate.Statement) is not ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0 } call }
                    || model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol called
                    || !reconnects.Contains(called.OriginalDefinition, SymbolEqualityComparer.Default))
                {
                    continue;
                }

                gates.Add(gate);
                stateReaders.UnionWith(gate.Condition.DescendantNodesAndSelf().OfType<ExpressionSyntax>()
                    .Select(e => model.GetSymbolInfo(e, cancellationToken).Symbol).OfType<IPropertySymbol>()
                    .Where(p => ReadsOnlyTheState(p, member, compilation, cancellationToken)).Select(p => p.OriginalDefinition));
            }
        }

        return (gates, stateReaders.ToList());
    }

    private static StatementSyntax? OnlyStatement(StatementSyntax statement) =>
        statement is BlockSyntax block ? (block.Statements.Count == 1 ? block.Statements[0] : null) : statement;

    /// <summary>A property of the project whose getter is <c>member.State</c> (<c>public static ConnectionState State => Connection.State;</c>).</summary>
    private static bool ReadsOnlyTheState(IPropertySymbol property, ISymbol member, Compilation compilation, CancellationToken cancellationToken)
    {
        if (property.SetMethod is not null || property.DeclaringSyntaxReferences.Length != 1
            || property.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not PropertyDeclarationSyntax { ExpressionBody.Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "State" } read } declaration)
        {
            return false;
        }

        var model = SemanticModels.Of(compilation, declaration.SyntaxTree);
        return SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(read.Expression, cancellationToken).Symbol?.OriginalDefinition, member.OriginalDefinition);
    }
}
