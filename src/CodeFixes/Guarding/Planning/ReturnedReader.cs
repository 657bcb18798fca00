using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A unit that ends by returning the reader it runs over the connection (a DAL's <c>executeQuery</c> helper's
/// <c>return cmd.ExecuteReader();</c>). Per use, the connection cannot be disposed by a scope (the caller still reads), so
/// the reader takes it over: <c>ExecuteReader(CommandBehavior.CloseConnection)</c>, the connection disposed only if the
/// unit throws before the reader exists. That lives exactly as long as the reader only when every caller disposes the
/// reader on every path (<c>using (var r = Db.Query(sql))</c>): callers that close it on the happy path alone would keep
/// a pooled connection checked out after an exception while reading, where the old code kept one shared session.
/// </summary>
internal sealed class ReturnedReader
{
    private ReturnedReader(ReturnStatementSyntax returned, InvocationExpressionSyntax executeReader, InvocationExpressionSyntax closingReader, IReadOnlyList<ReaderLocal> closingCallers)
    {
        ClosingCallers = closingCallers;
        Return = returned;
        ExecuteReader = executeReader;
        ClosingReader = closingReader;
    }

    /// <summary><c>return cmd.ExecuteReader();</c>: the last statement of the unit's scope.</summary>
    public ReturnStatementSyntax Return { get; }

    /// <summary>The callers' locals that close the reader themselves: the fix disposes each in a <c>using</c> as well.</summary>
    public IReadOnlyList<ReaderLocal> ClosingCallers { get; }

    /// <summary>The call as written.</summary>
    public InvocationExpressionSyntax ExecuteReader { get; }

    /// <summary>The call that hands the connection to the reader (<c>cmd.ExecuteReader(CommandBehavior.CloseConnection)</c>).</summary>
    public InvocationExpressionSyntax ClosingReader { get; }

    /// <summary>
    /// The unit's returned reader, or why the connection would outlive the unit without one (a returned command, adapter
    /// or transaction; a reader returned from an expression body or an async method; callers that do not dispose it).
    /// </summary>
    public static Planned<ReturnedReader> Find(PlanContext context, SyntaxNode body, IMethodSymbol? method, SemanticModel model)
    {
        if (method is null || method.IsAsync || body is not BlockSyntax || method.IsVirtual || method.IsAbstract || method.IsOverride
            || method.ExplicitInterfaceImplementations.Length > 0 || !IsReader(method.ReturnType))
        {
            return NoFixReason.ReaderOutlivesConnection;
        }

        var returns = body.DescendantNodes(n => !SyntaxShapes.IsFunction(n)).OfType<ReturnStatementSyntax>().ToList();
        var readers = returns.Where(r => r.Expression is not null && ExecuteReaderCall(r.Expression, model, context) is not null).ToList();
        if (readers.Count != 1)
        {
            return NoFixReason.ReaderOutlivesConnection;
        }

        var call = ExecuteReaderCall(readers[0].Expression!, model, context)!;
        if (ClosingCall(call, model, context) is not { } closing)
        {
            return NoFixReason.ReaderOutlivesConnection;
        }

        var callers = ClosingCallersOf(context, method);
        if (callers.Value is not { } closingCallers)
        {
            return callers.Reason!.Value;
        }

        // Callers in a referencing project are not rewritten: GuardPlanner declines when one exists (ReturnedReaderHelpers).
        context.ReturnedReaderHelpers.Add(method);
        return new ReturnedReader(readers[0], call, closing, closingCallers);
    }

    /// <summary>Whether the reader's return ends the range the unit's scope covers, with no other way out of it.</summary>
    public bool EndsScope(BlockSyntax scopeBlock, int start, int end) =>
        Return.Parent == scopeBlock
        && SyntaxShapes.ChildIndex(scopeBlock, Return) == end
        && !scopeBlock.Statements.Skip(start).Take(end - start + 1)
            .SelectMany(s => s.DescendantNodesAndSelf(n => !SyntaxShapes.IsFunction(n)))
            .Any(n => n is ReturnStatementSyntax or YieldStatementSyntax or GotoStatementSyntax && n != Return);

    private static bool IsReader(ITypeSymbol type) =>
        type.ToDisplayString() == "System.Data.IDataReader" || type.AllInterfaces.Any(i => i.ToDisplayString() == "System.Data.IDataReader");

    private static InvocationExpressionSyntax? ExecuteReaderCall(ExpressionSyntax returned, SemanticModel model, PlanContext context)
    {
        var expression = returned;
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ExecuteReader" } } invocation
            && model.GetSymbolInfo(invocation, context.CancellationToken).Symbol is IMethodSymbol { IsStatic: false } called
            && IsReader(called.ReturnType)
            && called.ContainingType.AllInterfaces.Concat(new[] { called.ContainingType }).Any(t => t.ToDisplayString() == "System.Data.IDbCommand")
                ? invocation
                : null;
    }

    /// <summary><c>ExecuteReader()</c> → <c>ExecuteReader(CommandBehavior.CloseConnection)</c>; a behaviour already given is kept beside it.</summary>
    private static InvocationExpressionSyntax? ClosingCall(InvocationExpressionSyntax call, SemanticModel model, PlanContext context)
    {
        if (context.Compilation.GetTypeByMetadataName("System.Data.CommandBehavior") is not { } behaviourType)
        {
            return null;
        }

        ExpressionSyntax closeConnection = MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, TypeNames.Qualified(behaviourType), IdentifierName("CloseConnection"));
        var arguments = call.ArgumentList.Arguments;
        if (arguments.Count == 0)
        {
            return call.WithArgumentList(ArgumentList(SingletonSeparatedList(Argument(closeConnection))));
        }

        if (arguments.Count == 1 && arguments[0].NameColon is null && arguments[0].RefKindKeyword.IsKind(SyntaxKind.None)
            && SymbolEqualityComparer.Default.Equals(model.GetTypeInfo(arguments[0].Expression, context.CancellationToken).Type, behaviourType))
        {
            var combined = BinaryExpression(SyntaxKind.BitwiseOrExpression, ParenthesizedExpression(arguments[0].Expression.WithoutTrivia()), closeConnection);
            return call.WithArgumentList(ArgumentList(SingletonSeparatedList(Argument(combined))));
        }

        return null;
    }

    /// <summary>
    /// The locals of callers that close the reader themselves (<see cref="ReaderLocal"/>), when every other reference to
    /// the method is a call whose reader a <c>using</c> disposes (<c>using (var r = M())</c>, <c>using var r = M();</c>,
    /// <c>using (M())</c>), in this project (a referencing project's callers: <see cref="ReturnedReaderHelpers"/>).
    /// </summary>
    private static Planned<List<ReaderLocal>> ClosingCallersOf(PlanContext context, IMethodSymbol method)
    {
        var closingCallers = new List<ReaderLocal>();
        var trees = (IEnumerable<SyntaxTree>?)NameIndex.TreesThatCanName(method, context.Compilation, context.CancellationToken) ?? context.Compilation.SyntaxTrees;
        foreach (var tree in trees)
        {
            if (!NameIndex.Mentions(tree, method.Name, context.CancellationToken))
            {
                continue;
            }

            var model = context.Model(tree);
            foreach (var name in tree.GetRoot(context.CancellationToken).DescendantNodes().OfType<SimpleNameSyntax>())
            {
                if (name.Identifier.ValueText != method.Name || name.Parent is MethodDeclarationSyntax
                    || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, context.CancellationToken).Symbol?.OriginalDefinition, method.OriginalDefinition))
                {
                    continue;
                }

                var called = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? (ExpressionSyntax)access : name;
                if (called.Parent is not InvocationExpressionSyntax invocation || invocation.Expression != called)
                {
                    return NoFixReason.ReaderNotDisposedByCaller;
                }

                if (!DisposedByUsing(invocation))
                {
                    if (ReaderLocal.Of(invocation, model, context.CancellationToken) is not { } local)
                    {
                        return NoFixReason.ReaderNotDisposedByCaller;
                    }

                    closingCallers.Add(local);
                }
            }
        }

        return closingCallers;
    }

    private static bool DisposedByUsing(InvocationExpressionSyntax invocation) => invocation.Parent switch
    {
        UsingStatementSyntax => true,
        EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: UsingStatementSyntax } } } => true,
        EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax local } } } =>
            local.UsingKeyword.IsKind(SyntaxKind.UsingKeyword),
        _ => false,
    };
}
