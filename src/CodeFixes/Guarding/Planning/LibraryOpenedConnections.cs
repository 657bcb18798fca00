using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// An <c>IDbConnection</c> member the solution builds with <c>new</c> (a provider chosen by a condition, or passed by
/// every caller of the constructor that copies it) but never opens, closes or begins a transaction on: every use hands
/// it to code outside the solution — TShock's <c>DbExt.Query</c>/<c>QueryReader</c>, which make a new connection of the
/// same type and string per call and open that (Pryaxis/TShock@5d585bb891ef, TShockAPI/Extensions/DbExt.cs), or Dapper,
/// which opens a closed connection and closes it again. No session stays open, so there is nothing for a guard or a
/// connection per use to replace; and a per-use connection opened for such code would break it (MySql.Data drops the
/// password from an opened connection's <c>ConnectionString</c>, so TShock's copy of it could not log in).
/// </summary>
internal static class LibraryOpenedConnections
{
    /// <summary>
    /// <see cref="NoFixReason.NeverOpenedInSolution"/> for such a member when the connection type could not be
    /// resolved (<paramref name="reason"/> is <c>InterfaceWithoutConstruction</c> or <c>ConstructionsDisagree</c>);
    /// otherwise <paramref name="reason"/> itself.
    /// </summary>
    public static async Task<NoFixReason> RefineAsync(PlanContext context, ConnectionProtocol protocol, MemberReferences references, NoFixReason reason)
    {
        if (reason is not (NoFixReason.InterfaceWithoutConstruction or NoFixReason.ConstructionsDisagree)
            || !protocol.IsEmpty || references.OpenedDirectly || references.CloseCalls.Count > 0 || references.DisposingUsings.Count > 0 || references.Uses.Count == 0
            || references.Uses.Any(u => u.Transaction is not null || !HandedOutOfSolution(u.Connection, context.Compilation, context.CancellationToken)))
        {
            return reason;
        }

        var sources = references.Sources.Where(s => !SyntaxShapes.IsNullValue(s)).ToList();
        if (sources.Count == 0)
        {
            return reason;
        }

        foreach (var source in sources)
        {
            var model = context.Model(source.SyntaxTree);
            if (ParameterCopies.CopiedParameter(source, model, context.Member, context.CancellationToken) is { } parameter)
            {
                var followed = await ParameterCopies.FollowAsync(context.Project.Solution, parameter, (IdentifierNameSyntax)source, context.Member, context.CancellationToken).ConfigureAwait(false);
                if (followed.Value is not { Passed.Count: > 0 } copy || !copy.Passed.All(p => IsConnectionCreation(p.Value, p.Model, context)))
                {
                    return reason;
                }
            }
            else if (!IsConnectionCreation(source, model, context))
            {
                return reason;
            }
        }

        return NoFixReason.NeverOpenedInSolution;
    }

    /// <summary><c>new SqliteConnection(...)</c>, or a condition whose branches are each such a creation.</summary>
    private static bool IsConnectionCreation(ExpressionSyntax source, SemanticModel model, PlanContext context) => source switch
    {
        ParenthesizedExpressionSyntax parenthesized => IsConnectionCreation(parenthesized.Expression, model, context),
        ConditionalExpressionSyntax conditional => IsConnectionCreation(conditional.WhenTrue, model, context) && IsConnectionCreation(conditional.WhenFalse, model, context),
        BaseObjectCreationExpressionSyntax creation => model.GetTypeInfo(creation, context.CancellationToken).Type is { TypeKind: TypeKind.Class } type
            && context.Compilation.GetTypeByMetadataName("System.Data.Common.DbConnection") is { } dbConnection
            && ConnectionTarget.DerivesFrom(type, dbConnection),
        _ => false,
    };

    /// <summary>
    /// The connection is the receiver or an argument of a call or creation the solution does not declare and that is
    /// not ADO.NET's own (a command, adapter or connection would need it open): a library's extension method, or one of
    /// an assembly the compilation is missing.
    /// </summary>
    public static bool HandedOutOfSolution(ExpressionSyntax connection, Compilation compilation, CancellationToken cancellationToken) =>
        HandedTo(connection, compilation, cancellationToken, static (info, _) => info.Symbol is null
            ? info.CandidateSymbols.IsEmpty
            : info.Symbol is IMethodSymbol method && method.DeclaringSyntaxReferences.IsEmpty && !IsAdoNet(method.ContainingType));

    /// <summary>
    /// The connection is the receiver or an argument of a call or creation that opens a connection of its own for the
    /// call and closes it again (<see cref="SelfOpeningLibraries"/>): what a new, unopened connection per use may be
    /// handed to without changing what the library does.
    /// </summary>
    public static bool HandedToSelfOpeningLibrary(ExpressionSyntax connection, Compilation compilation, CancellationToken cancellationToken) =>
        HandedTo(connection, compilation, cancellationToken, SelfOpeningLibraries.OpensItsOwn);

    private static bool HandedTo(
        ExpressionSyntax connection, Compilation compilation, CancellationToken cancellationToken, System.Func<SymbolInfo, ExpressionSyntax, bool> accepts, bool throughLocal = true)
    {
        var used = connection.Parent is PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed ? suppressed : connection;
        if (throughLocal && used.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax local } && local.FirstAncestorOrSelf<BlockSyntax>() is { } block)
        {
            // `IDbConnection database = Database;` then `new SqlTableCreator(database, ...)` (WorldEdit): the local's
            // every read must be handed on the same way (one level: a local of a local is not followed).
            var reads = block.DescendantNodes().OfType<IdentifierNameSyntax>().Where(i => i.Identifier.ValueText == local.Identifier.ValueText).ToList();
            return reads.Count > 0 && reads.All(r => r.Parent is not AssignmentExpressionSyntax assignment || assignment.Left != r)
                && reads.All(r => HandedTo(r, compilation, cancellationToken, accepts, throughLocal: false));
        }

        ExpressionSyntax? called = used.Parent switch
        {
            MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax invocation } access when access.Expression == used && invocation.Expression == access => invocation,
            ArgumentSyntax { Parent: ArgumentListSyntax { Parent: ExpressionSyntax target } } when target is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax => target,
            _ => null,
        };
        return called is not null && accepts(SemanticModels.Of(compilation, called.SyntaxTree).GetSymbolInfo(called, cancellationToken), called);
    }

    private static bool IsAdoNet(INamedTypeSymbol type) =>
        type.ContainingNamespace?.ToDisplayString().StartsWith("System.Data", System.StringComparison.Ordinal) == true
        || type.AllInterfaces.Any(i => i.ToDisplayString() is "System.Data.IDbCommand" or "System.Data.IDbConnection" or "System.Data.IDataAdapter" or "System.Data.IDbTransaction");
}
