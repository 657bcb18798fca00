using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// <c>if (conn.State == ConnectionState.Closed) conn.Open();</c> or <c>if (conn.State != ConnectionState.Closed) conn.Close();</c>:
/// an <c>if</c> without <c>else</c> whose only statement is the open or close and whose condition only reads the member's
/// <c>State</c> against constants. The test belongs to the call: where the guard makes the call go (or probes instead),
/// the test goes with it, and a read of <c>State</c> there is no unit of work of its own.
/// </summary>
internal static class StateGates
{
    /// <summary>The gate around <paramref name="statement"/>, if it has one.</summary>
    public static IfStatementSyntax? Around(StatementSyntax statement, ISymbol member, SemanticModel model, CancellationToken cancellationToken)
    {
        var gate = statement.Parent as IfStatementSyntax
            ?? (statement.Parent is BlockSyntax { Statements.Count: 1, Parent: IfStatementSyntax blockGate } ? blockGate : null);
        if (gate is null || gate.Else is not null || gate.Condition.Span.Contains(statement.Span))
        {
            return null;
        }

        // Every name reads the member's State or a constant: `if (conn != null) conn.Close();` tests the member itself,
        // which the guard does not stand in for (SWilli93/C969FinalProject-SchedulingApp's DBConnection).
        var identifiers = gate.Condition.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().ToList();
        return identifiers.Any(i => IsStateOfMember(i, member, model, cancellationToken))
            && identifiers.All(i => IsStateOfMember(i, member, model, cancellationToken) || IsStateOfMember(StateRead(i), member, model, cancellationToken)
                || (!IsMember(i, member, model, cancellationToken) && IsConstantOrType(i, model, cancellationToken)))
            ? gate
            : null;
    }

    private static bool IsMember(IdentifierNameSyntax identifier, ISymbol member, SemanticModel model, CancellationToken cancellationToken) =>
        identifier.Identifier.ValueText == member.Name
        && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol?.OriginalDefinition, member.OriginalDefinition);

    private static bool IsStateOfMember(IdentifierNameSyntax? identifier, ISymbol member, SemanticModel model, CancellationToken cancellationToken) =>
        identifier is { Identifier.ValueText: "State", Parent: MemberAccessExpressionSyntax access } && access.Name == identifier
        && (access.Expression is IdentifierNameSyntax read ? IsMember(read, member, model, cancellationToken)
            : access.Expression is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: IdentifierNameSyntax qualified } && IsMember(qualified, member, model, cancellationToken));

    /// <summary>The <c>State</c> name read off <paramref name="identifier"/> (<c>conn.State</c>, <c>this.conn.State</c>), if any.</summary>
    private static IdentifierNameSyntax? StateRead(IdentifierNameSyntax identifier)
    {
        SyntaxNode receiver = identifier.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } qualified && qualified.Name == identifier ? qualified : identifier;
        return receiver.Parent is MemberAccessExpressionSyntax { Name: IdentifierNameSyntax { Identifier.ValueText: "State" } state } access && access.Expression == receiver ? state : null;
    }

    /// <summary><c>ConnectionState.Closed</c>, <c>System.Data</c>: names that read nothing that can change.</summary>
    private static bool IsConstantOrType(IdentifierNameSyntax identifier, SemanticModel model, CancellationToken cancellationToken) =>
        model.GetSymbolInfo(identifier, cancellationToken).Symbol is INamespaceOrTypeSymbol or IFieldSymbol { HasConstantValue: true };
}
