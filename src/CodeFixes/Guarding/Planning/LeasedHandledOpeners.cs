using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// Under the guard and data-source fixes an opener's <c>Open()</c> goes (the lease opens), so a caller's connect-only call
/// in a <c>try</c> whose catch handles the failure (<see cref="HandledOpenerCalls"/>: a form's Load reporting "no server",
/// TelegramDOGs' DAO starting the local server) would always succeed and its catch never run. The factory fix keeps a short
/// open there; a lease kept in the opener could nest in a caller's own lease, so these fixes decline instead.
/// </summary>
internal static class LeasedHandledOpeners
{
    /// <summary><see cref="NoFixReason.HandledOpenerCall"/> when a call of one of the holder's openers is such a connect; null otherwise.</summary>
    public static async Task<NoFixReason?> CheckAsync(PlanContext context, ConnectionProtocol protocol)
    {
        foreach (var opener in protocol.Helpers)
        {
            if (opener.Role != HelperRole.Opener || opener.Symbol is not IMethodSymbol)
            {
                continue;
            }

            var found = await NamedReferences.FindAsync(context.Project.Solution, opener.Symbol, context.CancellationToken).ConfigureAwait(false);
            if (found.Value is not { } references)
            {
                return found.Reason;
            }

            foreach (var reference in references)
            {
                ExpressionSyntax callee = reference.Name.Parent is MemberAccessExpressionSyntax access && access.Name == reference.Name ? access : reference.Name;
                if (callee.Parent is InvocationExpressionSyntax call && call.Expression == callee && SyntaxShapes.StatementOf(call) is { } statement
                    && HandledOpenerCalls.IsHandledConnect(statement, call, context.Member, protocol, reference.Model, context.CancellationToken))
                {
                    return NoFixReason.HandledOpenerCall;
                }
            }
        }

        return null;
    }
}
