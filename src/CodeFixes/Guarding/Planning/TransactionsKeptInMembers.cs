using System.Collections.Generic;
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
            if (KeptElsewhere(context, context.Model(begun.SyntaxTree), begun))
            {
                return NoFixReason.TransactionKeptInMember;
            }
        }

        return null;
    }

    /// <summary>
    /// The same transaction begun on what the holder's accessor hands out (<c>CurrentTransaction =
    /// GetConnection().BeginTransaction();</c>, EpicFrog2000/WARS_Koduktor_Reader_Backup's <c>DbManager</c>, whose
    /// commands all take <c>GetConnection()</c> and <c>CurrentTransaction</c>). Checked before the accessor is read:
    /// a factory's call would begin the transaction on a connection no later command uses, and the guard's lease would
    /// end it with the call. Before, the accessor's <c>return</c> declined as <c>ConnectionReturned</c>.
    /// </summary>
    public static NoFixReason? CheckThroughAccessors(PlanContext context)
    {
        var accessors = AccessorsReturning(context);
        if (accessors.Count == 0)
        {
            return null;
        }

        return context.Compilation.SyntaxTrees.Any(tree => BegunThroughAndKept(context, tree, accessors)) ? NoFixReason.TransactionKeptInMember : null;
    }

    private static bool BegunThroughAndKept(PlanContext context, SyntaxTree tree, HashSet<ISymbol> accessors)
    {
        if (!NameIndex.MentionsAny(tree, BeginNames, context.CancellationToken)
            || !NameIndex.MentionsAny(tree, accessors.Select(a => a.Name), context.CancellationToken))
        {
            return false;
        }

        var model = context.Model(tree);
        return tree.GetRoot(context.CancellationToken).DescendantNodes().OfType<InvocationExpressionSyntax>().Any(begun =>
            begun.Expression is MemberAccessExpressionSyntax access && BeginNames.Contains(access.Name.Identifier.ValueText)
            && model.GetSymbolInfo(access.Expression, context.CancellationToken).Symbol is { } receiver
            && accessors.Contains(receiver.OriginalDefinition)
            && KeptElsewhere(context, model, begun));
    }

    private static readonly HashSet<string> BeginNames = new() { "BeginTransaction", "BeginTransactionAsync" };

    /// <summary>The begun transaction (awaited or not) is assigned to a field or property that another function reads.</summary>
    private static bool KeptElsewhere(PlanContext context, SemanticModel model, ExpressionSyntax begun)
    {
        var value = begun.Parent is AwaitExpressionSyntax awaited ? awaited : begun;
        return value.Parent is AssignmentExpressionSyntax assignment && assignment.Right == value
            && model.GetSymbolInfo(assignment.Left, context.CancellationToken).Symbol is { Kind: SymbolKind.Field or SymbolKind.Property } kept
            && ReadElsewhere(context, kept, assignment.Ancestors().FirstOrDefault(SyntaxShapes.IsFunction));
    }

    /// <summary>
    /// The methods and properties of the member's type that return the member itself (<c>return Dbconnection!;</c>,
    /// <c>=&gt; _connection</c>), whatever else they do first.
    /// </summary>
    private static HashSet<ISymbol> AccessorsReturning(PlanContext context)
    {
        var accessors = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var reference in context.Member.ContainingType.DeclaringSyntaxReferences)
        {
            var type = reference.GetSyntax(context.CancellationToken);
            var model = context.Model(type.SyntaxTree);
            foreach (var declaration in type.DescendantNodes().Where(n => n is MethodDeclarationSyntax or PropertyDeclarationSyntax))
            {
                var returned = declaration.DescendantNodes(n => n == declaration || !SyntaxShapes.IsFunction(n) || n is AccessorDeclarationSyntax)
                    .Select(n => n switch
                    {
                        ReturnStatementSyntax { Expression: { } expression } => expression,
                        ArrowExpressionClauseSyntax arrow => arrow.Expression,
                        _ => null,
                    })
                    .OfType<ExpressionSyntax>();
                // `return Dbconnection!;` binds to the field as `return Dbconnection;` does.
                if (returned.Any(r => SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(r, context.CancellationToken).Symbol, context.Member))
                    && model.GetDeclaredSymbol(declaration, context.CancellationToken) is { } accessor)
                {
                    accessors.Add(accessor);
                }
            }
        }

        return accessors;
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
