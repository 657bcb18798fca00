using System.Collections.Concurrent;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// A loop whose wait is one call down: <c>while (true) { ... input.AddCustomer(); ... }</c> where the program's own
/// <c>AddCustomer</c> reads the console at its top level (85johsve/HOTEL2). Only methods of the same compilation, one
/// call deep, whose wait is reached on every call (<see cref="WaitingLoopSyntax.UnconditionalWait"/>). A call is bound
/// only when some method of its name in the compilation waits, and each method is read once.
/// </summary>
internal sealed class WaitingCallees
{
    private readonly Compilation _compilation;

    /// <summary>Per method name: whether any source method of that name waits (no binding needed to know it does not).</summary>
    private readonly ConcurrentDictionary<string, bool> _nameWaits = new();

    /// <summary>Per source method: the wait it makes on every call, or null.</summary>
    private readonly ConcurrentDictionary<IMethodSymbol, StrongBox<string?>> _methodWaits = new(SymbolEqualityComparer.Default);

    /// <summary>Per loop: its wait one call down, or null. SC0007 asks of an owner's loops once for each member name.</summary>
    private readonly ConditionalWeakTable<StatementSyntax, StrongBox<string?>> _loopWaits = new();

    public WaitingCallees(Compilation compilation)
    {
        _compilation = compilation;
    }

    /// <summary>The wait of the first method the loop calls that waits on every call ("Console.ReadLine in 'AddCustomer'"), or null.</summary>
    public string? FindIn(StatementSyntax loop, CancellationToken cancellationToken) =>
        _loopWaits.GetValue(loop, l => new StrongBox<string?>(ReadLoop(l, cancellationToken))).Value;

    private string? ReadLoop(StatementSyntax loop, CancellationToken cancellationToken)
    {
        if (!_compilation.ContainsSyntaxTree(loop.SyntaxTree))
        {
            return null;
        }

        SemanticModel? model = null;
        foreach (var node in loop.DescendantNodes(descendIntoChildren: n => n is not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax))
        {
            if (node is not InvocationExpressionSyntax invocation || CalledName(invocation) is not { } name
                || !_nameWaits.GetOrAdd(name, n => SomeMethodWaits(n, cancellationToken)))
            {
                continue; // the text check: no method of this name waits, so nothing to bind
            }

            model ??= _compilation.GetSemanticModel(loop.SyntaxTree);
            if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method && WaitOf(method.OriginalDefinition, cancellationToken) is { } wait)
            {
                return wait + " in '" + method.Name + "'";
            }
        }

        return null;
    }

    private static string? CalledName(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        GenericNameSyntax generic => generic.Identifier.ValueText,
        MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name } => name,
        _ => null,
    };

    private bool SomeMethodWaits(string name, CancellationToken cancellationToken) =>
        _compilation.GetSymbolsWithName(name, SymbolFilter.Member, cancellationToken).OfType<IMethodSymbol>()
            .Any(method => WaitOf(method, cancellationToken) is not null);

    private string? WaitOf(IMethodSymbol method, CancellationToken cancellationToken) =>
        _methodWaits.GetOrAdd(method, m => new StrongBox<string?>(ReadWait(m, cancellationToken))).Value;

    private static string? ReadWait(IMethodSymbol method, CancellationToken cancellationToken)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is BaseMethodDeclarationSyntax declaration && WaitingLoopSyntax.UnconditionalWait(declaration) is { } wait)
            {
                return wait;
            }
        }

        return null;
    }
}
