using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A public member that returns the connection's state (<c>public bool IsClosed => _connection.State is not Open;</c>)
/// whose every caller in the solution only decides whether to call an opener the fix empties
/// (<c>if (_levels.IsClosed) _levels.Open();</c>, NotAloneAgain/Marine): with the fix the member always says open and the
/// opener does nothing, so each gate does nothing either way — as it did whenever the old connection was open. Any other
/// use (a "logged in" message, a branch with an <c>else</c>, a value kept) still declines: the state is program state.
/// </summary>
internal static class OpenGates
{
    public static async Task<bool> OnlyGateEmptiedOpenersAsync(PlanContext context, MemberReferences references, MemberDeclarationSyntax member)
    {
        var model = context.Model(member.SyntaxTree);
        var symbol = model.GetDeclaredSymbol(member, context.CancellationToken);
        if (symbol is not (IMethodSymbol { Parameters.Length: 0 } or IPropertySymbol { Parameters.Length: 0 }))
        {
            return false;
        }

        var found = await NamedReferences.FindAsync(context.Project.Solution, symbol, context.CancellationToken).ConfigureAwait(false);
        if (found.Value is not { Count: > 0 } names)
        {
            return false;
        }

        foreach (var name in names)
        {
            if (GatedOpener(context, references, name, symbol is IMethodSymbol) is not { } gated
                || gated.Opener is { } opener && !await EmptiedInEveryOverrideAsync(context, opener).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The opener and every override of it in the solution (a virtual <c>Open()</c> a derived table overrides to do more)
    /// have their bodies emptied: the gate may dispatch to any of them. A call through an interface member has no body
    /// of its own and stays declined (<see cref="BodyRemoved"/>).
    /// </summary>
    private static async Task<bool> EmptiedInEveryOverrideAsync(PlanContext context, IMethodSymbol opener)
    {
        if (!BodyRemoved(context, opener))
        {
            return false;
        }

        if (!(opener.IsVirtual || opener.IsOverride || opener.IsAbstract))
        {
            return true;
        }

        var overrides = await SymbolFinder.FindOverridesAsync(opener, context.Project.Solution, cancellationToken: context.CancellationToken).ConfigureAwait(false);
        return overrides.OfType<IMethodSymbol>().All(o => BodyRemoved(context, o));
    }

    /// <summary>What a gate calls: nothing to check further when the gated statement itself goes (<see cref="Opener"/> null).</summary>
    private sealed class Gated
    {
        public Gated(IMethodSymbol? opener) => Opener = opener;

        public IMethodSymbol? Opener { get; }
    }

    /// <summary>
    /// <c>if (x.IsClosed) x.Open();</c> or <c>if (!x.IsOpen()) { x.Open(); }</c>, without <c>else</c>: the opener the gate
    /// calls on the same receiver, whose body the fix empties; null for any other use.
    /// </summary>
    private static Gated? GatedOpener(PlanContext context, MemberReferences references, NamedReference reference, bool isMethod)
    {
        ExpressionSyntax read = reference.Name.Parent is MemberAccessExpressionSyntax access && access.Name == reference.Name ? access : reference.Name;
        if (isMethod)
        {
            if (read.Parent is not InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0 } call)
            {
                return null;
            }

            read = call;
        }

        var condition = OutsideParentheses(read);
        if (condition.Parent is PrefixUnaryExpressionSyntax negation && negation.IsKind(SyntaxKind.LogicalNotExpression))
        {
            condition = OutsideParentheses(negation);
        }

        if (condition.Parent is not IfStatementSyntax { Else: null } gate || gate.Condition != condition
            || SingleStatement(gate.Statement) is not ExpressionStatementSyntax { Expression: InvocationExpressionSyntax openerCall } gated)
        {
            return null;
        }

        if (IsRemoved(context, references, gated))
        {
            return new Gated(null); // the gated statement itself goes (the member's own Open, a holder's opener call)
        }

        var receiver = ReceiverOf(reference.Name);
        var openerReceiver = openerCall.Expression switch
        {
            MemberAccessExpressionSyntax openerAccess => openerAccess.Expression,
            SimpleNameSyntax => null,
            _ => openerCall,
        };
        if (openerReceiver == openerCall || !SameReceiver(receiver, openerReceiver))
        {
            return null;
        }

        return reference.Model.GetSymbolInfo(openerCall, context.CancellationToken).Symbol is IMethodSymbol opener ? new Gated(opener) : null;
    }

    private static ExpressionSyntax OutsideParentheses(ExpressionSyntax expression)
    {
        while (expression.Parent is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized;
        }

        return expression;
    }

    private static StatementSyntax? SingleStatement(StatementSyntax statement) => statement switch
    {
        BlockSyntax { Statements.Count: 1 } block => block.Statements[0],
        BlockSyntax => null,
        _ => statement,
    };

    private static ExpressionSyntax? ReceiverOf(SimpleNameSyntax name) =>
        name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access.Expression : null;

    /// <summary>Both the same written receiver, or both the instance itself (<c>this.</c> or none).</summary>
    private static bool SameReceiver(ExpressionSyntax? first, ExpressionSyntax? second)
    {
        static bool IsSelf(ExpressionSyntax? e) => e is null or ThisExpressionSyntax;
        return (IsSelf(first) && IsSelf(second)) || (first is not null && second is not null && first.IsEquivalentTo(second, topLevel: false));
    }

    /// <summary>The gated call itself goes (a holder's opener call the per-use fixes remove).</summary>
    private static bool IsRemoved(PlanContext context, MemberReferences references, StatementSyntax statement) =>
        references.HelperCalls.Any(c => c.Statement == statement)
        || context.PlanFor(statement.SyntaxTree)?.RemovedStatements.Contains(statement) == true;

    /// <summary>The opener is a method of the solution every statement of whose block body the fix removes (<c>_connection.Open();</c>).</summary>
    private static bool BodyRemoved(PlanContext context, IMethodSymbol opener)
    {
        if (opener.DeclaringSyntaxReferences.Length != 1
            || opener.DeclaringSyntaxReferences[0].GetSyntax(context.CancellationToken) is not MethodDeclarationSyntax { Body.Statements.Count: > 0 } declaration
            || context.PlanFor(declaration.SyntaxTree) is not { } plan)
        {
            return false;
        }

        return declaration.Body!.Statements.All(plan.RemovedStatements.Contains)
            || plan.RemovedMembers.Contains(declaration);
    }
}
