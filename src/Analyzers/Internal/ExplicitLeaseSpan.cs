using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using StaleConn.Analyzers.Rules;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// SC0006 for a lease acquired and disposed by hand: <c>var lease = guard.Acquire(); … lease.Dispose();</c>, with
/// <c>await lease.DisposeAsync()</c> or the dispose in a <c>finally</c>. Starting from the dispose, the span back to the
/// acquiring statement in the same block is checked for waits. Anything less clear — the dispose nested in a branch, the
/// lease reassigned, passed on or disposed twice — reports nothing: a missed wait costs less than a false alarm.
/// </summary>
internal static class ExplicitLeaseSpan
{
    public static void Report(OperationAnalysisContext context, IInvocationOperation dispose, INamedTypeSymbol leaseType, WaitingCalls waits)
    {
        if (dispose.Instance is not ILocalReferenceOperation { Local: { IsUsing: false } local }
            || !LeaseMisuseAnalyzer.IsLease(local.Type, leaseType)
            || StatementOf(dispose) is not { Parent: IBlockOperation block } disposeStatement)
        {
            return;
        }

        var span = new List<IOperation>();
        if (!CollectSpan(block, disposeStatement, local, span))
        {
            return;
        }

        var found = new List<(IInvocationOperation Invocation, string Wait)>();
        foreach (var root in span)
        {
            foreach (var operation in LeaseMisuseAnalyzer.Descendants(root))
            {
                if (operation is ILocalReferenceOperation reference
                    && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                    && !IsPlainUse(reference))
                {
                    return;
                }

                if (operation is IInvocationOperation invocation && waits.Describe(invocation) is { } wait)
                {
                    found.Add((invocation, wait));
                }
            }
        }

        foreach (var (invocation, wait) in found)
        {
            LeaseMisuseAnalyzer.ReportWait(context, invocation, wait, local.Name);
        }
    }

    /// <summary><c>lease.Dispose();</c> or <c>await lease.DisposeAsync()[.ConfigureAwait(false)];</c> as a statement of its own.</summary>
    private static IOperation? StatementOf(IInvocationOperation dispose)
    {
        var parent = dispose.Parent;
        if (parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configured && configured.Instance == dispose)
        {
            parent = parent.Parent;
        }

        if (parent is IAwaitOperation)
        {
            parent = parent.Parent;
        }

        return parent as IExpressionStatementOperation;
    }

    /// <summary>
    /// The statements run while the lease is held: those between the acquiring statement and the dispose in one block, or,
    /// for a dispose in a <c>finally</c>, those before the <c>try</c>, its body and catches, and the finally's statements
    /// before the dispose. False when the acquisition is not found there.
    /// </summary>
    private static bool CollectSpan(IBlockOperation block, IOperation disposeStatement, ILocalSymbol local, List<IOperation> span)
    {
        if (StatementsBetweenAcquireAnd(block, disposeStatement, local, span))
        {
            return true;
        }

        if (block.Parent is not ITryOperation { Parent: IBlockOperation outer } tryOperation || tryOperation.Finally != block
            || !StatementsBetweenAcquireAnd(outer, tryOperation, local, span))
        {
            return false;
        }

        span.Add(tryOperation.Body);
        foreach (var catchClause in tryOperation.Catches)
        {
            span.Add(catchClause);
        }

        foreach (var statement in block.Operations)
        {
            if (statement == disposeStatement)
            {
                break;
            }

            span.Add(statement);
        }

        return true;
    }

    private static bool StatementsBetweenAcquireAnd(IBlockOperation block, IOperation end, ILocalSymbol local, List<IOperation> span)
    {
        var start = span.Count;
        var acquired = false;
        foreach (var statement in block.Operations)
        {
            if (statement == end)
            {
                if (acquired)
                {
                    return true;
                }

                break;
            }

            if (acquired)
            {
                span.Add(statement);
            }
            else if (statement is IVariableDeclarationGroupOperation group && AcquiresInto(group, local))
            {
                acquired = true;
            }
        }

        span.RemoveRange(start, span.Count - start);
        return false;
    }

    /// <summary><c>var lease = guard.Acquire();</c> or <c>var lease = await guard.AcquireAsync(ct);</c> — a call, not <c>default</c>.</summary>
    private static bool AcquiresInto(IVariableDeclarationGroupOperation group, ILocalSymbol local)
    {
        foreach (var declaration in group.Declarations)
        {
            foreach (var declarator in declaration.Declarators)
            {
                if (SymbolEqualityComparer.Default.Equals(declarator.Symbol, local))
                {
                    var value = declarator.Initializer?.Value ?? declaration.Initializer?.Value;
                    while (value is IConversionOperation or IAwaitOperation)
                    {
                        value = value is IConversionOperation conversion ? conversion.Operand : ((IAwaitOperation)value).Operation;
                    }

                    return value is IInvocationOperation;
                }
            }
        }

        return false;
    }

    /// <summary><c>lease.Connection</c>, <c>lease.BeginTransaction()</c>: uses that leave the lease held, as opposed to disposing, reassigning or passing it on.</summary>
    private static bool IsPlainUse(ILocalReferenceOperation reference) => reference.Parent switch
    {
        IPropertyReferenceOperation property => property.Instance == reference,
        IInvocationOperation invocation => invocation.Instance == reference && invocation.TargetMethod.Name is not ("Dispose" or "DisposeAsync"),
        _ => false,
    };
}
