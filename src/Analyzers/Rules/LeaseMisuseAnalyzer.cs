using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using StaleConn.Analyzers.Internal;

namespace StaleConn.Analyzers.Rules;

/// <summary>
/// SC0006: misuse of StaleConn's guard — disposing or closing the connection a lease hands out (the guard owns it and
/// would have to reconnect on the next lease), or holding a lease across a wait (the connection idles while held, other
/// units of work queue behind it, and the guard cannot check it in between).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LeaseMisuseAnalyzer : DiagnosticAnalyzer
{
    private const string LeaseMetadataName = "StaleConn.ConnectionLease`1";

    private const string LeaseTypeName = "ConnectionLease";

    private const string RuntimeAssemblyName = "StaleConn.Runtime";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.LeaseMisuse);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.Flags);
        context.RegisterCompilationStartAction(start =>
        {
            if (FindLeaseType(start.Compilation) is not { } lease)
            {
                return;
            }

            var waits = WaitingCalls.Create(start.Compilation);
            start.RegisterOperationAction(c => AnalyzeInvocation(c, lease, waits), OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzeUsing(c, lease, waits), OperationKind.Using);
            start.RegisterOperationAction(c => AnalyzeUsingDeclaration(c, lease, waits), OperationKind.UsingDeclaration);
        });
    }

    /// <summary>
    /// The guard's lease type, looked up only where it can be: in the compilation's own code or in a referenced
    /// <c>StaleConn.Runtime</c>. A lookup by metadata name searches every referenced assembly, which was most of this
    /// rule's cost in the many compilations that never use the guard. The reference list first, then the declarations
    /// asked for the one name: the source assembly's <c>TypeNames</c> built a set of every type name in the project,
    /// which was 4 ms of AkiledEmulator's 34 ms of callbacks (stop 29).
    /// </summary>
    private static INamedTypeSymbol? FindLeaseType(Compilation compilation)
    {
        if (compilation.ReferencedAssemblyNames.Any(a => a.Name == RuntimeAssemblyName)
            || compilation.ContainsSymbolsWithName(LeaseTypeName, SymbolFilter.Type))
        {
            return compilation.GetTypeByMetadataName(LeaseMetadataName);
        }

        return null;
    }

    /// <summary>
    /// <c>lease.Connection.Dispose()</c>, <c>.Close()</c> and their async forms; and <c>lease.Dispose()</c> ending an
    /// explicitly acquired lease, which is checked for waits since its acquisition.
    /// </summary>
    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol lease, WaitingCalls waits)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name is not ("Dispose" or "Close" or "DisposeAsync" or "CloseAsync"))
        {
            return;
        }

        if (!IsLeaseConnection(invocation.Instance, lease))
        {
            if (invocation.TargetMethod.Name is "Dispose" or "DisposeAsync")
            {
                ExplicitLeaseSpan.Report(context, invocation, lease, waits);
            }

            return;
        }

        GeneratedCode.Report(context, Diagnostic.Create(
            Descriptors.LeaseMisuse,
            invocation.Syntax.GetLocation(),
            $"'{invocation.TargetMethod.Name}' on the connection of a lease closes the guard's session; dispose the lease instead"));
    }

    /// <summary><c>using (var c = lease.Connection) { ... }</c>, and leases held across a wait inside a using block.</summary>
    private static void AnalyzeUsing(OperationAnalysisContext context, INamedTypeSymbol lease, WaitingCalls waits)
    {
        var usingOperation = (IUsingOperation)context.Operation;
        var resources = usingOperation.Resources;
        if (resources is IVariableDeclarationGroupOperation group)
        {
            ReportDisposedConnections(context, group, lease);
            if (DeclaresLease(group, lease, out var name))
            {
                ReportWaits(context, usingOperation.Body, waits, name);
            }
        }
        else if (IsLeaseConnection(resources, lease))
        {
            GeneratedCode.Report(context, Diagnostic.Create(Descriptors.LeaseMisuse, resources.Syntax.GetLocation(), DisposedMessage));
        }
    }

    /// <summary><c>using var c = lease.Connection;</c>, and <c>using var lease = ...;</c> followed by a wait in its block.</summary>
    private static void AnalyzeUsingDeclaration(OperationAnalysisContext context, INamedTypeSymbol lease, WaitingCalls waits)
    {
        var declaration = (IUsingDeclarationOperation)context.Operation;
        ReportDisposedConnections(context, declaration.DeclarationGroup, lease);
        if (!DeclaresLease(declaration.DeclarationGroup, lease, out var name) || declaration.Parent is not IBlockOperation block)
        {
            return;
        }

        var after = false;
        foreach (var statement in block.Operations)
        {
            if (after)
            {
                ReportWaits(context, statement, waits, name);
            }
            else if (statement == declaration)
            {
                after = true;
            }
        }
    }

    private const string DisposedMessage = "The connection of a lease is disposed here, which closes the guard's session; dispose the lease instead";

    private static void ReportDisposedConnections(OperationAnalysisContext context, IVariableDeclarationGroupOperation group, INamedTypeSymbol lease)
    {
        foreach (var declaration in group.Declarations)
        {
            foreach (var declarator in declaration.Declarators)
            {
                var value = declarator.Initializer?.Value ?? declaration.Initializer?.Value;
                if (IsLeaseConnection(value, lease))
                {
                    GeneratedCode.Report(context, Diagnostic.Create(Descriptors.LeaseMisuse, declarator.Syntax.GetLocation(), DisposedMessage));
                }
            }
        }
    }

    private static bool DeclaresLease(IVariableDeclarationGroupOperation group, INamedTypeSymbol lease, out string name)
    {
        foreach (var declaration in group.Declarations)
        {
            foreach (var declarator in declaration.Declarators)
            {
                if (IsLease(declarator.Symbol.Type, lease))
                {
                    name = declarator.Symbol.Name;
                    return true;
                }
            }
        }

        name = string.Empty;
        return false;
    }

    private static void ReportWaits(OperationAnalysisContext context, IOperation scope, WaitingCalls waits, string leaseName)
    {
        foreach (var operation in Descendants(scope))
        {
            if (operation is IInvocationOperation invocation && waits.Describe(invocation) is { } wait)
            {
                ReportWait(context, invocation, wait, leaseName);
            }
        }
    }

    internal static void ReportWait(OperationAnalysisContext context, IInvocationOperation invocation, string wait, string leaseName) =>
        GeneratedCode.Report(context, Diagnostic.Create(
            Descriptors.LeaseMisuse,
            invocation.Syntax.GetLocation(),
            $"Lease '{leaseName}' is held across '{wait}'; end the unit of work (dispose the lease) before waiting"));

    /// <summary>
    /// Descendants that run as part of this method: lambdas and local functions run later, if at all — except a lambda
    /// handed to a Polly policy or pipeline's <c>Execute…</c>, which runs (and is retried) right there, under the lease.
    /// </summary>
    internal static System.Collections.Generic.IEnumerable<IOperation> Descendants(IOperation root)
    {
        var stack = new System.Collections.Generic.Stack<IOperation>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            yield return current;
            foreach (var child in current.ChildOperations)
            {
                if (child is ILocalFunctionOperation || (child is IAnonymousFunctionOperation && !RunsNowUnderPolly(child)))
                {
                    continue;
                }

                stack.Push(child);
            }
        }
    }

    /// <summary><c>policy.Execute(() => …)</c>, <c>pipeline.ExecuteAsync(async ct => …)</c> and the other Polly <c>Execute…</c> forms.</summary>
    private static bool RunsNowUnderPolly(IOperation lambda)
    {
        if (lambda.Parent is not IDelegateCreationOperation { Parent: IArgumentOperation { Parent: IInvocationOperation invocation } }
            || !invocation.TargetMethod.Name.StartsWith("Execute", System.StringComparison.Ordinal))
        {
            return false;
        }

        var outermost = invocation.TargetMethod.ContainingNamespace;
        while (outermost is { ContainingNamespace.IsGlobalNamespace: false })
        {
            outermost = outermost.ContainingNamespace;
        }

        return outermost is { IsGlobalNamespace: false, Name: "Polly" };
    }

    private static bool IsLeaseConnection(IOperation? operation, INamedTypeSymbol lease)
    {
        operation = operation?.SkipConversions();

        if (operation is ILocalReferenceOperation local)
        {
            // `var connection = lease.Connection;` then `connection.Dispose()`.
            foreach (var reference in local.Local.DeclaringSyntaxReferences)
            {
                if (operation.SemanticModel?.GetOperation(reference.GetSyntax()) is IVariableDeclaratorOperation { Initializer.Value: { } initial }
                    && !local.Local.IsUsing)
                {
                    return IsLeaseConnection(initial, lease);
                }
            }

            return false;
        }

        return operation is IPropertyReferenceOperation { Property.Name: "Connection", Instance: { } instance } && IsLease(instance.Type, lease);
    }

    internal static bool IsLease(ITypeSymbol? type, INamedTypeSymbol lease) =>
        type is INamedTypeSymbol named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, lease);
}
