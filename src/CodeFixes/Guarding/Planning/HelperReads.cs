using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A private helper that only describes a kept command its callers have just built (the "SMART CRUD" WinForms template,
/// lksee/SmartFactory: <c>CRUD.cmd = new NpgsqlCommand(sql, CRUD.con); addParameters(param);
/// CRUD.PerformCRUD(CRUD.cmd);</c>, where <c>addParameters</c> clears and adds the command's parameters). It reads the
/// member without setting it, but only ever runs inside a unit that built the member first and mentions it again after
/// the call, so it reads that unit's own object — as if its statements stood at the call.
/// </summary>
internal sealed class HelperReads
{
    private readonly Compilation _compilation;
    private readonly CancellationToken _cancellationToken;

    public HelperReads(Compilation compilation, CancellationToken cancellationToken)
    {
        _compilation = compilation;
        _cancellationToken = cancellationToken;
    }

    /// <summary>
    /// <paramref name="function"/> is a private, synchronous, non-iterator method whose <paramref name="references"/> to
    /// <paramref name="member"/> only use it in place (<c>member.Parameters.Clear();</c>: never written, kept, returned
    /// or handed on), and every call of it stands in a function that builds the member first and reads it after the call
    /// (<paramref name="builtFirst"/> on that function's references with the call among them).
    /// </summary>
    public bool ReadOnlyAfterCallersBuild(SyntaxNode function, IReadOnlyList<IdentifierNameSyntax> references, ISymbol member, Func<SyntaxNode, List<IdentifierNameSyntax>, bool> builtFirst)
    {
        if (function is not MethodDeclarationSyntax { Body: not null } method
            || method.Modifiers.Any(m => m.IsKind(SyntaxKind.AsyncKeyword) || m.IsKind(SyntaxKind.VirtualKeyword) || m.IsKind(SyntaxKind.OverrideKeyword) || m.IsKind(SyntaxKind.PartialKeyword))
            || method.Body.DescendantNodes().Any(n => n is YieldStatementSyntax)
            || !references.All(UsedInPlace))
        {
            return false;
        }

        var model = SemanticModels.Of(_compilation, method.SyntaxTree);
        if (model.GetDeclaredSymbol(method, _cancellationToken) is not { DeclaredAccessibility: Accessibility.Private } helper)
        {
            return false;
        }

        var calls = 0;
        foreach (var tree in NameIndex.TreesThatCanName(helper, _compilation, _cancellationToken) ?? (IEnumerable<SyntaxTree>)_compilation.SyntaxTrees)
        {
            if (!NameIndex.Mentions(tree, helper.Name, _cancellationToken))
            {
                continue;
            }

            var treeModel = SemanticModels.Of(_compilation, tree);
            foreach (var name in NamedNodes.Spelling(tree, helper.Name, _cancellationToken).OfType<IdentifierNameSyntax>())
            {
                var symbol = treeModel.GetSymbolInfo(name, _cancellationToken);
                if (!SymbolEqualityComparer.Default.Equals(symbol.Symbol?.OriginalDefinition, helper.OriginalDefinition)
                    && !symbol.CandidateSymbols.Any(c => SymbolEqualityComparer.Default.Equals(c.OriginalDefinition, helper.OriginalDefinition)))
                {
                    continue;
                }

                if (!IsCall(name) || name.Ancestors().FirstOrDefault(SyntaxShapes.IsFunction) is not { } caller || caller == function
                    || !BuildsBeforeCall(caller, name, member, treeModel, builtFirst))
                {
                    return false;
                }

                calls++;
            }
        }

        return calls > 0;
    }

    /// <summary><c>helper(...)</c> or <c>this.helper(...)</c>: a call, not a method group or <c>nameof</c>.</summary>
    private static bool IsCall(IdentifierNameSyntax name)
    {
        ExpressionSyntax called = name.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access && access.Name == name ? access : name;
        return called.Parent is InvocationExpressionSyntax invocation && invocation.Expression == called;
    }

    /// <summary>The caller's own references with the call among them pass <paramref name="builtFirst"/>, and one of them follows the call.</summary>
    private bool BuildsBeforeCall(SyntaxNode caller, IdentifierNameSyntax call, ISymbol member, SemanticModel model, Func<SyntaxNode, List<IdentifierNameSyntax>, bool> builtFirst)
    {
        var own = caller.DescendantNodes().OfType<IdentifierNameSyntax>()
            .Where(n => n.Identifier.ValueText == member.Name && n.Ancestors().FirstOrDefault(SyntaxShapes.IsFunction) == caller
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(n, _cancellationToken).Symbol?.OriginalDefinition, member.OriginalDefinition))
            .ToList();
        // The unit's connection reaches the member's last mention in the caller; a call after it would run past the unit.
        return own.Any(r => r.SpanStart > call.SpanStart) && builtFirst(caller, own.Append(call).ToList());
    }

    /// <summary>
    /// <c>member.Something</c> in a statement that keeps nothing made from it: not the value of an assignment, a
    /// declaration, a <c>return</c> or an argument.
    /// </summary>
    private static bool UsedInPlace(IdentifierNameSyntax reference)
    {
        ExpressionSyntax target = reference.Parent is MemberAccessExpressionSyntax owner && owner.Name == reference ? owner : reference;
        if (target.Parent is not MemberAccessExpressionSyntax access || access.Expression != target)
        {
            return false;
        }

        foreach (var ancestor in target.Ancestors().TakeWhile(a => a is not StatementSyntax))
        {
            if (ancestor is ArgumentSyntax or EqualsValueClauseSyntax or ArrowExpressionClauseSyntax
                || ancestor is AssignmentExpressionSyntax assignment && assignment.Right.Span.Contains(target.Span))
            {
                return false;
            }
        }

        return target.Ancestors().OfType<StatementSyntax>().First() is ExpressionStatementSyntax or IfStatementSyntax;
    }
}
