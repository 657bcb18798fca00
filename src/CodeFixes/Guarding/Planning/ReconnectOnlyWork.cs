using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// What a <c>StateChange</c> handler does, read from its body: whether all of it reconnects the member — opens it,
/// closes or disposes it, builds it again, sets its string — under conditions that only read state, with log lines
/// and empty or logging catches around that, directly or through methods of the project that do only the same. The
/// guard (or a connection per use) reconnects for every unit of work, so such a handler has nothing left to do.
/// </summary>
internal sealed class ReconnectOnlyWork
{
    /// <summary>How deep a handler may call its own reconnect methods (<c>ForceReconnect()</c>, <c>InitConnection()</c>).</summary>
    private const int MaxCallDepth = 3;

    private readonly ISymbol _member;
    private readonly Compilation _compilation;
    private readonly CancellationToken _cancellationToken;
    private readonly HashSet<IMethodSymbol> _callees = new(SymbolEqualityComparer.Default);

    /// <summary>The methods being read (a method that calls itself adds no work).</summary>
    private readonly HashSet<IMethodSymbol> _reading = new(SymbolEqualityComparer.Default);
    private bool _reconnects;

    /// <summary>How many statements on the member were read: a called method must have one to count as a reconnect method.</summary>
    private int _connectionSteps;

    private ReconnectOnlyWork(ISymbol member, Compilation compilation, CancellationToken cancellationToken)
    {
        _member = member.OriginalDefinition;
        _compilation = compilation;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The project's methods the handler calls to reconnect (they go with it when nothing else calls them).</summary>
    public IReadOnlyCollection<IMethodSymbol> Callees => _callees;

    /// <summary>
    /// The handler's work when it only reconnects <paramref name="member"/>;
    /// <see cref="NoFixReason.ReconnectHandlerDoesMore"/> when it reconnects and does something else too;
    /// <see cref="NoFixReason.ConnectionEventsSubscribed"/> when it does not reconnect (a status label, a state log).
    /// </summary>
    public static Planned<ReconnectOnlyWork> Read(CSharpSyntaxNode body, ISymbol member, Compilation compilation, CancellationToken cancellationToken)
    {
        var work = new ReconnectOnlyWork(member, compilation, cancellationToken);
        var onlyReconnects = body is StatementSyntax statement ? work.OnlyReconnects(statement, 0) : work.IsReconnectStep((ExpressionSyntax)body, 0);
        if (!work._reconnects)
        {
            return NoFixReason.ConnectionEventsSubscribed;
        }

        return onlyReconnects ? work : NoFixReason.ReconnectHandlerDoesMore;
    }

    private bool OnlyReconnects(StatementSyntax statement, int depth) => statement switch
    {
        // Every statement is read (no short cut), so a handler that also reconnects after other work is named as such.
        BlockSyntax block => block.Statements.Select(s => OnlyReconnects(s, depth)).ToList().All(only => only),
        EmptyStatementSyntax or ReturnStatementSyntax { Expression: null } => true,
        IfStatementSyntax conditional => SideEffectFree.ReadsOnly(conditional.Condition) && OnlyReconnects(conditional.Statement, depth)
            && (conditional.Else is null || OnlyReconnects(conditional.Else.Statement, depth)),
        // A failed reconnect only logged: the guard's acquire throws to the unit of work instead.
        TryStatementSyntax attempt => attempt.Finally is null && OnlyReconnects(attempt.Block, depth)
            && attempt.Catches.All(c => c.Filter is null && c.Block.Statements.All(s => s is EmptyStatementSyntax or ReturnStatementSyntax { Expression: null } || LogLines.Is(s, SemanticModels.Of(_compilation, s.SyntaxTree), _cancellationToken))),
        ExpressionStatementSyntax step => IsReconnectStep(step.Expression, depth) || LogLines.Is(step, SemanticModels.Of(_compilation, step.SyntaxTree), _cancellationToken),
        _ => false,
    };

    /// <summary><c>member.Open()</c>, <c>await member.CloseAsync()</c>, <c>member = new X(cs)</c>, a subscription, or a call of a method that only does these.</summary>
    private bool IsReconnectStep(ExpressionSyntax expression, int depth)
    {
        var stepsBefore = _connectionSteps;
        var onMember = IsStepOnMember(Unawaited(expression), depth);
        if (onMember && _connectionSteps == stepsBefore)
        {
            _connectionSteps++;
        }

        return onMember;
    }

    private bool IsStepOnMember(ExpressionSyntax step, int depth)
    {
        var model = SemanticModels.Of(_compilation, step.SyntaxTree);
        switch (step)
        {
            case AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } rebuild when IsMember(rebuild.Left, model)
                && rebuild.Right is BaseObjectCreationExpressionSyntax:
                _reconnects = true;
                return true;
            case AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Left: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConnectionString" } setting } setString:
                return IsMember(setting.Expression, model) && SideEffectFree.ReadsOnly(setString.Right);
            case AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax subscribed } subscription
                when subscription.IsKind(SyntaxKind.AddAssignmentExpression) || subscription.IsKind(SyntaxKind.SubtractAssignmentExpression):
                // A reconnect method that subscribes the handler again (`InitConnection()`): the subscription goes too.
                return IsMember(subscribed.Expression, model) && model.GetSymbolInfo(subscribed, _cancellationToken).Symbol is IEventSymbol;
            case InvocationExpressionSyntax call:
                return call.ArgumentList.Arguments.All(a => SideEffectFree.ReadsOnly(a.Expression)) && (IsConnectionCall(call, model) || IsReconnectCall(call, model, depth));
            case ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax binding } bound } conditional:
                return IsMember(conditional.Expression, model) && bound.ArgumentList.Arguments.All(a => SideEffectFree.ReadsOnly(a.Expression)) && IsConnectionVerb(binding.Name.Identifier.ValueText);
            default:
                return false;
        }
    }

    private bool IsConnectionCall(InvocationExpressionSyntax call, SemanticModel model) =>
        call.Expression is MemberAccessExpressionSyntax access && IsMember(access.Expression, model) && IsConnectionVerb(access.Name.Identifier.ValueText);

    private bool IsConnectionVerb(string name)
    {
        _reconnects |= name is "Open" or "OpenAsync";
        return name is "Open" or "OpenAsync" or "Close" or "CloseAsync" or "Dispose" or "DisposeAsync";
    }

    /// <summary>A call of a method of the project whose body only reconnects (read once; a cycle adds no work).</summary>
    private bool IsReconnectCall(InvocationExpressionSyntax call, SemanticModel model, int depth)
    {
        if (depth >= MaxCallDepth || model.GetSymbolInfo(call, _cancellationToken).Symbol is not IMethodSymbol { IsVirtual: false, IsAbstract: false, IsOverride: false, IsExtern: false } method
            || method.DeclaringSyntaxReferences.Length != 1
            || method.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken) is not MethodDeclarationSyntax declaration
            || !_compilation.ContainsSyntaxTree(declaration.SyntaxTree))
        {
            return false;
        }

        if (_callees.Contains(method.OriginalDefinition) || !_reading.Add(method.OriginalDefinition))
        {
            return true;
        }

        var stepsBefore = _connectionSteps;
        var onlyReconnects = declaration.Body is { } body ? OnlyReconnects(body, depth + 1) : declaration.ExpressionBody is { } arrow && IsReconnectStep(arrow.Expression, depth + 1);
        _reading.Remove(method.OriginalDefinition);
        // A method of log lines alone (the bot's `Logger.Log`) is not a reconnect method, even if only the handler calls it.
        onlyReconnects &= _connectionSteps > stepsBefore;
        if (onlyReconnects)
        {
            _callees.Add(method.OriginalDefinition);
        }

        return onlyReconnects;
    }

    /// <summary>The member itself: its name, <c>this.name</c> or <c>Type.name</c> (not another object's).</summary>
    private bool IsMember(ExpressionSyntax expression, SemanticModel model)
    {
        if (expression is MemberAccessExpressionSyntax access
            && !(access.Expression is ThisExpressionSyntax || model.GetSymbolInfo(access.Expression, _cancellationToken).Symbol is INamedTypeSymbol))
        {
            return false;
        }

        return expression is IdentifierNameSyntax or MemberAccessExpressionSyntax
            && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(expression, _cancellationToken).Symbol?.OriginalDefinition, _member);
    }

    /// <summary><c>await x</c> and <c>await x.ConfigureAwait(false)</c> read as <c>x</c>.</summary>
    private static ExpressionSyntax Unawaited(ExpressionSyntax expression)
    {
        if (expression is not AwaitExpressionSyntax awaited)
        {
            return expression;
        }

        return awaited.Expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } configured }
            ? configured.Expression
            : awaited.Expression;
    }
}
