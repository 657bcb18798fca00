using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleConn.CodeFixes.Guarding;

/// <summary>
/// A unit of work that uses the connection both around a waiting loop and inside it (a worker's setup, then its loop)
/// takes one lease for the statements before the loop, one per iteration, and one for the statements after it: one
/// lease over the whole method would be held across every wait, going stale under the lease and blocking every other
/// unit of work.
/// </summary>
internal sealed partial class GuardPlanner
{
    /// <summary>
    /// The blocks that take leases and the uses each covers, or null when a use cannot get a lease of its own. A use
    /// starts at its scope block (the unit's body, or one iteration of a waiting loop) and moves into the inner block
    /// that holds it (a <c>try</c>, an <c>if</c>, a <c>using</c>) for as long as its statement also waits.
    /// </summary>
    private Dictionary<BlockSyntax, List<Use>>? LeaseBlocks(SyntaxNode function, BlockSyntax body, List<Use> uses, WaitPoints waits)
    {
        var result = new Dictionary<BlockSyntax, List<Use>>();
        foreach (var use in uses)
        {
            var anchor = Anchor(use.Connection, function);
            var current = ScopeBlock(use.Connection, function, body);
            while (true)
            {
                var index = SyntaxShapes.ChildIndex(current, anchor);
                if (index < 0)
                {
                    return null;
                }

                var statement = current.Statements[index];
                if (!waits.AreIn(statement))
                {
                    break;
                }

                // Used in a waiting loop's own header (`while (conn.Query(...))`), in a statement without braces beside a
                // wait, or in the same statement as the wait (`using (var command = new MySqlCommand(sql, conn))` around
                // a delay): one lease would be held across the wait.
                var inner = anchor.Ancestors().TakeWhile(a => a != statement).OfType<BlockSyntax>().LastOrDefault();
                if (inner is null)
                {
                    return null;
                }

                current = inner;
            }

            if (!result.TryGetValue(current, out var list))
            {
                result[current] = list = new List<Use>();
            }

            list.Add(use);
        }

        return result;
    }

    /// <summary>Statements of <paramref name="block"/> that wait (a waiting loop, a delay): no lease of this block spans them.</summary>
    private static List<int> Barriers(BlockSyntax block, Func<StatementSyntax, bool> waits)
    {
        var barriers = new List<int>();
        for (var i = 0; i < block.Statements.Count; i++)
        {
            if (waits(block.Statements[i]))
            {
                barriers.Add(i);
            }
        }

        return barriers;
    }

    /// <summary>The uses between two barriers, each with the last statement its lease may reach; null when a use sits in a barrier.</summary>
    private static List<(List<Use> Uses, int Limit)>? Segments(BlockSyntax block, List<Use> uses, List<int> barriers)
    {
        var segments = new List<(List<Use> Uses, int Limit)>();
        foreach (var group in uses.GroupBy(u => SyntaxShapes.ChildIndex(block, u.Connection)).OrderBy(g => g.Key))
        {
            if (group.Key < 0 || barriers.Contains(group.Key))
            {
                return null;
            }

            var limit = barriers.Where(b => b > group.Key).DefaultIfEmpty(block.Statements.Count).Min() - 1;
            if (segments.Count > 0 && segments[segments.Count - 1].Limit == limit)
            {
                segments[segments.Count - 1].Uses.AddRange(group);
            }
            else
            {
                segments.Add((group.ToList(), limit));
            }
        }

        return segments;
    }

    /// <summary>
    /// Clean-up after the unit's waiting loop (not an inner loop's, nor a mere delay), or in a <c>finally</c> or
    /// <c>catch</c>, typically runs because the service is stopping: its token is already cancelled, and acquiring with
    /// it would throw and skip the clean-up the code did before. Such a lease passes the token only when its statements
    /// pass it themselves.
    /// </summary>
    private bool PassesToken(SyntaxNode function, BlockSyntax block, int start, int end, List<int> loopBarriers)
    {
        var enclosing = block.AncestorsAndSelf().TakeWhile(a => a != function).ToList();
        var cleanUp = (loopBarriers.Any(b => b < start) && !enclosing.Any(a => SyntaxShapes.LoopBody(a) is not null))
            || enclosing.Any(a => a is FinallyClauseSyntax or CatchClauseSyntax);
        if (!cleanUp || CancellationTokenInScope(function) is not { } token)
        {
            return true;
        }

        var name = new HashSet<string> { token };
        return block.Statements.Skip(start).Take(end - start + 1).Any(s => SyntaxShapes.MentionsAny(s, name));
    }

    /// <summary>A use inside a lambda that is not handed straight to a call (stored, returned, subscribed) may run later.</summary>
    private static bool InStoredLambda(SyntaxNode use, SyntaxNode function) =>
        use.Ancestors().TakeWhile(a => a != function).OfType<AnonymousFunctionExpressionSyntax>()
            .Any(lambda => lambda.Parent is not ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax });

    /// <summary>
    /// Locals a lease's statements declare and later statements read (<c>var lastId = await conn.ExecuteScalarAsync(...)</c>
    /// before the loop, read in it) are declared before the lease and assigned in it. Anything that still holds the
    /// connection or its work — a command, reader, transaction, pending task or unbuffered query — cannot outlive the
    /// lease: no fix then.
    /// </summary>
    private bool PlanHoisting(BlockSyntax block, LeaseScope scope, List<Use> uses, DocumentPlan plan, SemanticModel model)
    {
        if (scope.End >= block.Statements.Count - 1)
        {
            return true;
        }

        var later = block.Statements.Skip(scope.End + 1).ToList();
        var holders = new HashSet<string>(uses.Where(u => !ComputedFromConnection(u.Connection, model)).Select(u => SyntaxShapes.CarrierOf(u.Connection)).OfType<string>());
        if (holders.Count > 0 && later.Any(s => SyntaxShapes.MentionsAny(s, holders)))
        {
            return false;
        }

        for (var i = scope.Start; i <= scope.End; i++)
        {
            var statement = block.Statements[i];
            var declared = DeclaredLocals(statement, model);
            var readLater = declared.Where(local => later.Any(s => References(s, local, model))).ToList();
            if (readLater.Count == 0)
            {
                continue;
            }

            if (statement is not LocalDeclarationStatementSyntax { Modifiers.Count: 0, UsingKeyword.RawKind: (int)SyntaxKind.None } declaration
                || declaration.Declaration.Type is RefTypeSyntax
                || declaration.Declaration.Variables.Any(v => v.Initializer is { } initializer && !CanOutliveLease(initializer.Value))
                || readLater.Any(local => local is not ILocalSymbol { } symbol || !CanOutliveLease(symbol.Type)
                    || !declaration.Declaration.Variables.Any(v => v.Identifier.ValueText == symbol.Name)))
            {
                return false;
            }

            var type = declaration.Declaration.Type.IsVar
                ? TypeNames.Qualified(((ILocalSymbol)readLater[0]).Type, withNullability: true)
                : declaration.Declaration.Type.WithoutTrivia();
            scope.HoistedDeclarations.Add(LocalDeclarationStatement(VariableDeclaration(
                type.WithTrailingTrivia(Space),
                SeparatedList(declaration.Declaration.Variables.Select(v => VariableDeclarator(v.Identifier.WithoutTrivia()))))));
            plan.AssignedDeclarations.Add(declaration);
        }

        return true;
    }

    /// <summary>
    /// A local the use flows into that cannot hold the connection: a result of calling the connection
    /// (<c>conn.ExecuteScalarAsync(...)</c>, <c>conn.QueryAsync&lt;T&gt;(...)</c>), or a plain value (a number, string, date).
    /// A command or object built around the connection (<c>new Repository(conn)</c>) does hold it.
    /// </summary>
    private bool ComputedFromConnection(ExpressionSyntax use, SemanticModel model)
    {
        if (use.Parent is MemberAccessExpressionSyntax access && access.Expression == use
            || use.Parent is ConditionalAccessExpressionSyntax conditional && conditional.Expression == use)
        {
            return true;
        }

        var stored = SyntaxShapes.CarrierOf(use) is null ? null : use.Ancestors().FirstOrDefault(a => a is EqualsValueClauseSyntax or AssignmentExpressionSyntax);
        var value = stored switch
        {
            EqualsValueClauseSyntax clause => clause.Value,
            AssignmentExpressionSyntax assignment => assignment.Right,
            _ => null,
        };
        return value is not null && model.GetTypeInfo(value, _cancellationToken).ConvertedType is { } type && IsPlainValue(type);
    }

    private static bool IsPlainValue(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { ConstructedFrom.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            return IsPlainValue(nullable.TypeArguments[0]);
        }

        return type.TypeKind == TypeKind.Enum
            || type.SpecialType is >= SpecialType.System_Boolean and <= SpecialType.System_String or SpecialType.System_DateTime
            || type.ToDisplayString() is "System.Guid" or "System.DateTimeOffset" or "System.TimeSpan";
    }

    /// <summary>Locals, out/pattern variables and local functions a statement declares into its block.</summary>
    private List<ISymbol> DeclaredLocals(StatementSyntax statement, SemanticModel model)
    {
        var declared = new List<ISymbol>();
        if (statement is LocalDeclarationStatementSyntax local)
        {
            declared.AddRange(local.Declaration.Variables.Select(v => model.GetDeclaredSymbol(v, _cancellationToken)).OfType<ISymbol>());
        }
        else if (statement is LocalFunctionStatementSyntax function && model.GetDeclaredSymbol(function, _cancellationToken) is { } symbol)
        {
            declared.Add(symbol);
        }

        foreach (var node in statement.DescendantNodes(n => n == statement || !(n is BlockSyntax || SyntaxShapes.IsFunction(n))))
        {
            if (node is SingleVariableDesignationSyntax designation && model.GetDeclaredSymbol(designation, _cancellationToken) is { } variable)
            {
                declared.Add(variable);
            }
        }

        return declared;
    }

    private bool References(SyntaxNode node, ISymbol local, SemanticModel model) =>
        node.DescendantNodes().OfType<IdentifierNameSyntax>().Any(identifier => identifier.Identifier.ValueText == local.Name
            && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, _cancellationToken).Symbol, local));

    /// <summary>A value that no longer needs the connection once computed: not a command, reader, transaction, task or stream of rows.</summary>
    private bool CanOutliveLease(ITypeSymbol type)
    {
        if (type.TypeKind == TypeKind.Error || type.IsAnonymousType)
        {
            return false;
        }

        if (type is INamedTypeSymbol named && named.TypeArguments.Any(t => !CanOutliveLease(t)))
        {
            return false;
        }

        if (type is IArrayTypeSymbol array)
        {
            return CanOutliveLease(array.ElementType);
        }

        var ownOrInherited = type.AllInterfaces.Select(i => i.OriginalDefinition.ToDisplayString()).ToList();
        ownOrInherited.Add(type.OriginalDefinition.ToDisplayString());
        if (ownOrInherited.Any(name => name is "System.IDisposable" or "System.IAsyncDisposable" or "System.Collections.Generic.IAsyncEnumerable<T>"))
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name is "Task" or "ValueTask" && current.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks")
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Dapper's <c>buffered: false</c> reads its rows from the connection while they are enumerated.</summary>
    private static bool CanOutliveLease(ExpressionSyntax initializer) =>
        !initializer.DescendantNodesAndSelf().OfType<ArgumentSyntax>().Any(a =>
            a.NameColon?.Name.Identifier.ValueText == "buffered" && a.Expression.IsKind(SyntaxKind.FalseLiteralExpression));
}
