using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A transaction begun on the member and stored in a field or property that another function reads
/// (K4ryuu/K4-System's <c>Database</c>: <c>BeginTransactionAsync()</c> keeps it in <c>transaction</c>, and
/// <c>ExecuteNonQueryAsync</c>, <c>CommitTransactionAsync</c> and <c>RollbackTransactionAsync</c> use it in later calls).
/// Each call is a unit of work to every fix: the lease (or per-use connection) of the call that begins the transaction
/// ends with it, so the later calls would commit nothing or run outside it. A transaction kept in a local stays in its
/// unit and is planned as before.
/// </summary>
internal static class TransactionsKeptInMembers
{
    public static NoFixReason? Check(PlanContext context, MemberReferences references)
    {
        foreach (var use in references.Uses.Where(u => u.Transaction is not null))
        {
            var begun = (ExpressionSyntax)use.Transaction!;
            var value = begun.Parent is AwaitExpressionSyntax awaited ? awaited : begun;
            if (value.Parent is not AssignmentExpressionSyntax assignment || assignment.Right != value)
            {
                continue;
            }

            var model = context.Model(assignment.SyntaxTree);
            if (model.GetSymbolInfo(assignment.Left, context.CancellationToken).Symbol is { Kind: SymbolKind.Field or SymbolKind.Property } kept
                && ReadElsewhere(context, kept, assignment.Ancestors().FirstOrDefault(SyntaxShapes.IsFunction)))
            {
                return NoFixReason.TransactionKeptInMember;
            }
        }

        return null;
    }

    /// <summary>Whether a function other than the one that stores it names the member (or it is visible outside its type).</summary>
    private static bool ReadElsewhere(PlanContext context, ISymbol kept, SyntaxNode? storingFunction) =>
        kept.DeclaredAccessibility != Accessibility.Private
        || kept.ContainingType.DeclaringSyntaxReferences
            .Select(r => r.GetSyntax(context.CancellationToken))
            .SelectMany(type => type.DescendantNodes().OfType<IdentifierNameSyntax>().Where(n => n.Identifier.ValueText == kept.Name))
            .Any(name => name.Ancestors().FirstOrDefault(SyntaxShapes.IsFunction) != storingFunction
                && SymbolEqualityComparer.Default.Equals(context.Model(name.SyntaxTree).GetSymbolInfo(name, context.CancellationToken).Symbol, kept));
}
