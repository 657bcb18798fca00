using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A reader (or command, adapter, transaction) built over the connection inside a unit's range but stored in a local
/// declared before it and read after it (BlyZeYT/Moby-Discord-Bot's <c>MySqlDataReader reader; try { reader = await
/// cmd.ExecuteReaderAsync(); } catch { ... } using (reader) { ... }</c>): the range ends at the <c>try</c>, so the
/// reader would be read after the lease has ended (another unit could run a command on the connection under it) or
/// after the per-use connection was disposed. Plain values (a count from <c>ExecuteScalar</c>) hold no connection.
/// </summary>
internal static class OuterLocalsBuiltOverConnection
{
    private static readonly string[] ConnectionBoundInterfaces = { "IDataReader", "IDbCommand", "IDbDataAdapter", "IDbTransaction", "IDbConnection" };

    /// <summary>
    /// The first local that statements <paramref name="start"/>..<paramref name="end"/> of <paramref name="block"/>
    /// assign from one of <paramref name="connectionUses"/>, declared outside that range and read after it in
    /// <paramref name="body"/>; null when there is none.
    /// </summary>
    public static ILocalSymbol? ReadAfterRange(
        SyntaxNode body, BlockSyntax block, int start, int end, IReadOnlyCollection<ExpressionSyntax> connectionUses, SemanticModel model)
    {
        var rangeStart = block.Statements[start].SpanStart;
        var rangeEnd = block.Statements[end].Span.End;
        for (var i = start; i <= end; i++)
        {
            foreach (var assignment in block.Statements[i].DescendantNodesAndSelf().OfType<AssignmentExpressionSyntax>())
            {
                if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                    || !connectionUses.Any(u => assignment.Right.Span.Contains(u.Span))
                    || model.GetSymbolInfo(assignment.Left).Symbol is not ILocalSymbol local
                    || !ConnectionBoundInterfaces.Any(name => AdoInterfaces.Implements(local.Type, name))
                    || local.DeclaringSyntaxReferences.Any(r => r.Span.Start >= rangeStart && r.Span.End <= rangeEnd))
                {
                    continue;
                }

                if (IsReadAfter(body, local, rangeEnd, model))
                {
                    return local;
                }
            }
        }

        return null;
    }

    private static bool IsReadAfter(SyntaxNode body, ILocalSymbol local, int position, SemanticModel model) =>
        body.DescendantTokens(new TextSpan(position, body.Span.End - position))
            .Where(t => t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText == local.Name && t.Parent is IdentifierNameSyntax)
            .Select(t => (IdentifierNameSyntax)t.Parent!)
            .Any(name => !OnlyReleases(name) && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name).Symbol, local));

    /// <summary>
    /// A null test or a <c>Close</c>/<c>Dispose</c> call (the SQLClass template's <c>finally { if (reader != null)
    /// reader.Close(); if (cmd != null) cmd.Dispose(); }</c>): releasing what is done with needs no connection.
    /// </summary>
    private static bool OnlyReleases(IdentifierNameSyntax name) => name.Parent switch
    {
        BinaryExpressionSyntax { RawKind: (int)SyntaxKind.EqualsExpression or (int)SyntaxKind.NotEqualsExpression } test =>
            test.Left.IsKind(SyntaxKind.NullLiteralExpression) || test.Right.IsKind(SyntaxKind.NullLiteralExpression),
        IsPatternExpressionSyntax { Pattern: ConstantPatternSyntax or UnaryPatternSyntax } => true,
        MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Close" or "Dispose" or "DisposeAsync" or "CloseAsync" } access =>
            access.Expression == name && access.Parent is InvocationExpressionSyntax,
        ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Close" or "Dispose" or "DisposeAsync" or "CloseAsync" } } } conditional =>
            conditional.Expression == name,
        _ => false,
    };
}
