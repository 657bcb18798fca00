using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A read of a connection member that only builds commands (or adapters) a data adapter runs: the SMART CRUD template's
/// <c>CRUD.cmd = new NpgsqlCommand(sql, CRUD.con); addParameters(); CRUD.PerformCRUD(CRUD.cmd);</c>, whose
/// <c>PerformCRUD</c> sets <c>da.SelectCommand = com; da.Fill(dt);</c> inside a <c>try</c> that reports a failure.
/// <c>DbDataAdapter.Fill</c> opens a closed connection for the call and closes it again, so a new, unopened connection
/// per command gets what the shared, never-opened one got — and a failed open still fails inside the adapter's call,
/// where the author's catch reports it.
/// </summary>
internal static class AdapterFilledCommands
{
    // The adapter calls that open a closed connection and close it again before they return.
    private static readonly HashSet<string> SelfClosingCalls = new(System.StringComparer.Ordinal) { "Fill", "FillSchema", "Dispose" };

    private static readonly HashSet<string> AdapterCommands = new(System.StringComparer.Ordinal) { "SelectCommand", "InsertCommand", "UpdateCommand", "DeleteCommand" };

    // What a command may set before it runs without touching its connection.
    private static readonly HashSet<string> CommandSettings = new(System.StringComparer.Ordinal) { "CommandText", "CommandType", "CommandTimeout" };

    /// <summary>
    /// Whether <paramref name="use"/> (a read of the member) is an argument of a command creation whose command only a
    /// data adapter runs (kept in a local or in a field or property of the solution), or of an adapter creation that only fills.
    /// </summary>
    public static async Task<bool> OnlyFilledAsync(Solution solution, Compilation compilation, ExpressionSyntax use, SemanticModel model, CancellationToken cancellationToken)
    {
        if (use.Parent is not ArgumentSyntax { NameColon: null, RefKindKeyword.RawKind: (int)SyntaxKind.None, Parent: ArgumentListSyntax { Parent: BaseObjectCreationExpressionSyntax creation } }
            || model.GetTypeInfo(creation, cancellationToken).Type is not INamedTypeSymbol created)
        {
            return false;
        }

        if (IsAdapter(created, compilation))
        {
            return AdapterOnlyFills(creation, model, compilation, cancellationToken);
        }

        if (!AdoInterfaces.Implements(created, "IDbCommand"))
        {
            return false;
        }

        switch (creation.Parent)
        {
            case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } when model.GetDeclaredSymbol(declarator, cancellationToken) is ILocalSymbol local:
                return LocalOnlyRunByAdapters(local, declarator, model, compilation, cancellationToken);
            case AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Parent: ExpressionStatementSyntax } assignment when assignment.Right == creation:
                return model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol switch
                {
                    ILocalSymbol local => LocalOnlyRunByAdapters(local, assignment, model, compilation, cancellationToken),
                    IFieldSymbol or IPropertySymbol { IsIndexer: false } => await StoreOnlyRunByAdaptersAsync(solution, compilation, model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol!, cancellationToken).ConfigureAwait(false),
                    _ => false,
                };
            default:
                return false;
        }
    }

    /// <summary><c>CRUD.cmd</c>: every place of the solution that names the store writes it or hands its command to an adapter.</summary>
    private static async Task<bool> StoreOnlyRunByAdaptersAsync(Solution solution, Compilation compilation, ISymbol store, CancellationToken cancellationToken)
    {
        if (store.DeclaringSyntaxReferences.IsEmpty)
        {
            return false;
        }

        var found = await NamedReferences.FindAsync(solution, store, cancellationToken).ConfigureAwait(false);
        if (found.Value is not { Count: > 0 } references)
        {
            return false;
        }

        foreach (var reference in references)
        {
            var read = reference.Name.Parent is MemberAccessExpressionSyntax access && access.Name == reference.Name ? (ExpressionSyntax)access : reference.Name;
            var written = read.Parent is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Parent: ExpressionStatementSyntax } assignment && assignment.Left == read;
            if (!written && !RunByAdapter(read, reference.Model, compilation, followCalls: true, cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    private static bool LocalOnlyRunByAdapters(ILocalSymbol local, SyntaxNode declaration, SemanticModel model, Compilation compilation, CancellationToken cancellationToken)
    {
        var function = declaration.Ancestors().FirstOrDefault(SyntaxShapes.IsFunction);
        if (function is null)
        {
            return false;
        }

        var reads = LocalReads(function, local, model, cancellationToken).ToList();
        return reads.Count > 0 && reads.All(r => RunByAdapter(r, model, compilation, followCalls: true, cancellationToken));
    }

    /// <summary>The local's names in the function, each a read (a write of the whole local is left out).</summary>
    private static IEnumerable<IdentifierNameSyntax> LocalReads(SyntaxNode function, ISymbol local, SemanticModel model, CancellationToken cancellationToken) =>
        function.DescendantNodes().OfType<IdentifierNameSyntax>()
            .Where(i => i.Identifier.ValueText == local.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(i, cancellationToken).Symbol, local))
            .Where(i => i.Parent is not AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment || assignment.Left != i);

    /// <summary>
    /// A read of a command that leaves its connection alone: its parameters, text, type or timeout set, disposed, handed
    /// to an adapter that only fills, or (one call deep) passed to a method of the solution whose parameter is only that.
    /// </summary>
    private static bool RunByAdapter(ExpressionSyntax command, SemanticModel model, Compilation compilation, bool followCalls, CancellationToken cancellationToken)
    {
        switch (command.Parent)
        {
            case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Parameters" } access when access.Expression == command:
                return true;
            case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Dispose", Parent: InvocationExpressionSyntax } access when access.Expression == command:
                return true;
            case MemberAccessExpressionSyntax { Parent: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } setting } access
                when access.Expression == command && setting.Left == access && CommandSettings.Contains(access.Name.Identifier.ValueText):
                return true;
            case AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Left: MemberAccessExpressionSyntax target } handed
                when handed.Right == command && AdapterCommands.Contains(target.Name.Identifier.ValueText)
                     && model.GetTypeInfo(target.Expression, cancellationToken).Type is INamedTypeSymbol adapter && IsAdapter(adapter, compilation):
                return AdapterOnlyFills(target.Expression, model, compilation, cancellationToken);
            case ArgumentSyntax { NameColon: null, RefKindKeyword.RawKind: (int)SyntaxKind.None, Parent: ArgumentListSyntax { Parent: BaseObjectCreationExpressionSyntax creation } }
                when model.GetTypeInfo(creation, cancellationToken).Type is INamedTypeSymbol adapter && IsAdapter(adapter, compilation):
                return AdapterOnlyFills(creation, model, compilation, cancellationToken);
            case ArgumentSyntax { NameColon: null, RefKindKeyword.RawKind: (int)SyntaxKind.None, Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } } argument when followCalls:
                return ParameterOnlyRunByAdapters(call, argument, model, compilation, cancellationToken);
            default:
                return false;
        }
    }

    /// <summary><c>CRUD.PerformCRUD(CRUD.cmd)</c>: the method, declared once in the solution, only hands its parameter to adapters.</summary>
    private static bool ParameterOnlyRunByAdapters(InvocationExpressionSyntax call, ArgumentSyntax argument, SemanticModel model, Compilation compilation, CancellationToken cancellationToken)
    {
        var index = call.ArgumentList.Arguments.IndexOf(argument);
        if (model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol method || method.DeclaringSyntaxReferences.Length != 1
            || index >= method.Parameters.Length || method.Parameters[index] is not { RefKind: RefKind.None, IsParams: false } parameter
            || method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not BaseMethodDeclarationSyntax declaration
            || !compilation.SyntaxTrees.Contains(declaration.SyntaxTree))
        {
            return false;
        }

        var calleeModel = SemanticModels.Of(compilation, declaration.SyntaxTree);
        var names = declaration.DescendantNodes().OfType<IdentifierNameSyntax>()
            .Where(i => i.Identifier.ValueText == parameter.Name && SymbolEqualityComparer.Default.Equals(calleeModel.GetSymbolInfo(i, cancellationToken).Symbol, parameter))
            .ToList();
        return names.Count > 0 && names.All(n => RunByAdapter(n, calleeModel, compilation, followCalls: false, cancellationToken));
    }

    /// <summary>
    /// An adapter that only fills (and is disposed): created in place and filled (<c>new SqlDataAdapter(cmd).Fill(dt)</c>),
    /// or a local whose every read is a fill, a dispose, or one of its commands set.
    /// </summary>
    private static bool AdapterOnlyFills(ExpressionSyntax adapter, SemanticModel model, Compilation compilation, CancellationToken cancellationToken)
    {
        if (adapter.Parent is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax } called && called.Expression == adapter)
        {
            return SelfClosingCalls.Contains(called.Name.Identifier.ValueText);
        }

        ILocalSymbol? local = adapter switch
        {
            IdentifierNameSyntax name => model.GetSymbolInfo(name, cancellationToken).Symbol as ILocalSymbol,
            BaseObjectCreationExpressionSyntax { Parent: EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } } => model.GetDeclaredSymbol(declarator, cancellationToken) as ILocalSymbol,
            BaseObjectCreationExpressionSyntax { Parent: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment } => model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol as ILocalSymbol,
            _ => null,
        };
        if (local is null || adapter.Ancestors().FirstOrDefault(SyntaxShapes.IsFunction) is not { } function)
        {
            return false;
        }

        return LocalReads(function, local, model, cancellationToken).All(read => read.Parent switch
        {
            MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax } access when access.Expression == read => SelfClosingCalls.Contains(access.Name.Identifier.ValueText),
            MemberAccessExpressionSyntax { Parent: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } setting } access =>
                access.Expression == read && setting.Left == access && AdapterCommands.Contains(access.Name.Identifier.ValueText),
            _ => false,
        });
    }

    private static bool IsAdapter(INamedTypeSymbol type, Compilation compilation) =>
        compilation.GetTypeByMetadataName("System.Data.Common.DbDataAdapter") is { } adapter && ConnectionTarget.DerivesFrom(type, adapter);
}
