using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// siddyv6/Alert-PDC's <c>MySqlConnection connn = DBConection(); ... new MySqlCommand(q, con); con.Open();</c>: once a
/// unit has kept in a local what the holder's accessor returned — the member itself — a later read of the member in that
/// unit is a read of the same connection. Under a factory that hands out unopened connections, that read is rewritten to
/// the local, so the unit opens and closes its own per-use connection where it opened and closed the shared one.
/// </summary>
internal static class AccessorCopyAliases
{
    /// <summary>
    /// The local declared before <paramref name="read"/> in an enclosing block of its function as <c>T x = Accessor();</c>
    /// and never assigned again, when the accessor returns the member and nothing outside the accessor assigns the
    /// member; null otherwise (the read is then classified as any other).
    /// </summary>
    public static VariableDeclaratorSyntax? LocalFor(PlanContext context, ExpressionSyntax read, SemanticModel model)
    {
        var cancellationToken = context.CancellationToken;
        if (context.Mode != FixMode.ConnectionFactory || context.Protocol.FactoryOpens
            || context.Member is not IFieldSymbol { DeclaredAccessibility: Accessibility.Private, ContainingType.IsGenericType: false } member
            || !ReadsOwnInstance(member, read)
            || SyntaxShapes.EnclosingFunctions(read) is not { Count: > 0 } functions)
        {
            return null;
        }

        var function = functions[0];
        for (SyntaxNode child = read; child.Parent is { } parent && child != function; child = parent)
        {
            if (parent is not BlockSyntax block || child is not StatementSyntax statement)
            {
                continue;
            }

            foreach (var earlier in block.Statements.TakeWhile(s => s != statement).Reverse())
            {
                if (earlier is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: (int)SyntaxKind.None, Declaration.Variables: { Count: 1 } variables }
                    && variables[0] is { Initializer.Value: InvocationExpressionSyntax call } declarator
                    && ReturnsMember(context, member, call, model)
                    && model.GetDeclaredSymbol(declarator, cancellationToken) is ILocalSymbol local
                    && !WrittenAgain(local, function, model, cancellationToken))
                {
                    return AssignedOutsideAccessors(context, member) ? null : declarator;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The statements of <paramref name="block"/> holding reads taken as a copy the segment's uses declare: the unit's
    /// scope reaches them, as it reaches the copy's own reads.
    /// </summary>
    public static IEnumerable<int> StatementIndexes(BlockSyntax block, IReadOnlyCollection<ConnectionUse> segment, MemberReferences references) =>
        references.AliasedReads
            .Where(a => block.Span.Contains(a.Read.Span) && a.Read.SyntaxTree == block.SyntaxTree && segment.Any(u => a.Copy.Span.Contains(u.Connection.Span)))
            .Select(a => SyntaxShapes.ChildIndex(block, a.Read));

    /// <summary>A static member, or an instance member read on <c>this</c> (so the accessor's call in the unit is on it too).</summary>
    private static bool ReadsOwnInstance(IFieldSymbol member, ExpressionSyntax read) =>
        member.IsStatic || read is IdentifierNameSyntax || read is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax };

    /// <summary>The call is of a synchronous, non-opening accessor every return of which is the member itself.</summary>
    private static bool ReturnsMember(PlanContext context, IFieldSymbol member, InvocationExpressionSyntax call, SemanticModel model)
    {
        if (!member.IsStatic && call.Expression is not (IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }))
        {
            return false;
        }

        if (context.Protocol.HelperFor(model.GetSymbolInfo(call, context.CancellationToken).Symbol) is not
            { Role: HelperRole.Accessor, Opens: false, Forwards: false, IsStoredCopy: false, IsAsync: false, Declaration: MethodDeclarationSyntax accessor })
        {
            return false;
        }

        var accessorModel = context.Model(accessor.SyntaxTree);
        if (!BuildsOnlyWhenNull(accessor, member, accessorModel, context.CancellationToken))
        {
            return false;
        }

        var returned = accessor.ExpressionBody is { } arrow
            ? new[] { arrow.Expression }
            : accessor.Body?.DescendantNodes(n => !SyntaxShapes.IsFunction(n) || n == accessor).OfType<ReturnStatementSyntax>().Select(r => r.Expression).ToArray() ?? new ExpressionSyntax?[0];
        return returned.Length > 0
            && returned.All(e => e is not null && SymbolEqualityComparer.Default.Equals(accessorModel.GetSymbolInfo(e, context.CancellationToken).Symbol, member));
    }

    /// <summary>
    /// Every assignment of the member in the accessor is <c>m ??= ...</c> or sits under <c>if (m == null)</c>: once built
    /// it stays, so a later call (another unit's) does not replace the connection a copy holds. An accessor that rebuilds
    /// a closed one (<c>if (m == null || m.State != Open)</c>) may.
    /// </summary>
    private static bool BuildsOnlyWhenNull(MethodDeclarationSyntax accessor, IFieldSymbol member, SemanticModel model, CancellationToken cancellationToken)
    {
        bool IsMember(ExpressionSyntax e) => SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(e, cancellationToken).Symbol, member);
        bool IsNullTest(ExpressionSyntax condition) => condition switch
        {
            ParenthesizedExpressionSyntax inner => IsNullTest(inner.Expression),
            BinaryExpressionSyntax { RawKind: (int)SyntaxKind.EqualsExpression } equals =>
                equals.Right.IsKind(SyntaxKind.NullLiteralExpression) && IsMember(equals.Left) || equals.Left.IsKind(SyntaxKind.NullLiteralExpression) && IsMember(equals.Right),
            IsPatternExpressionSyntax { Pattern: ConstantPatternSyntax { Expression.RawKind: (int)SyntaxKind.NullLiteralExpression } } test => IsMember(test.Expression),
            _ => false,
        };

        return accessor.DescendantNodes().OfType<AssignmentExpressionSyntax>().Where(a => IsMember(a.Left)).All(a =>
            a.IsKind(SyntaxKind.CoalesceAssignmentExpression)
            || a.Ancestors().TakeWhile(n => n != accessor).OfType<IfStatementSyntax>().Any(i => i.Statement.Span.Contains(a.Span) && IsNullTest(i.Condition)));
    }

    /// <summary>The member is assigned somewhere in its holder other than in an accessor (it is private: nowhere else).</summary>
    private static bool AssignedOutsideAccessors(PlanContext context, IFieldSymbol member) =>
        member.ContainingType.DeclaringSyntaxReferences.Select(r => r.GetSyntax(context.CancellationToken))
            .SelectMany(holder => holder.DescendantNodes().OfType<AssignmentExpressionSyntax>())
            .Any(a => !context.Protocol.InHelper(a)
                && SymbolEqualityComparer.Default.Equals(context.Model(a.SyntaxTree).GetSymbolInfo(a.Left, context.CancellationToken).Symbol, member));

    private static bool WrittenAgain(ILocalSymbol local, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken) =>
        function.DescendantNodes().OfType<IdentifierNameSyntax>()
            .Where(i => i.Identifier.ValueText == local.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(i, cancellationToken).Symbol, local))
            .Any(i => ReferenceCollector.IsWritten(i) || i.Parent is ArgumentSyntax { RefKindKeyword.RawKind: not (int)SyntaxKind.None });
}
