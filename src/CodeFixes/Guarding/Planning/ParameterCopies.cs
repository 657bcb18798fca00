using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A member copied from a constructor parameter (<c>this.database = database;</c>) and what every caller in the solution
/// passes for it (<c>new WeaponPlusDB(TShock.DB)</c>): the values, and the edits that take the parameter away.
/// </summary>
internal sealed class ParameterCopy
{
    public ParameterCopy(
        IReadOnlyList<(ExpressionSyntax Value, SemanticModel Model)> passed,
        ParameterSyntax parameter,
        IReadOnlyList<ArgumentSyntax> arguments,
        IReadOnlyList<IdentifierNameSyntax> renamedUses)
    {
        Passed = passed;
        Parameter = parameter;
        Arguments = arguments;
        RenamedUses = renamedUses;
    }

    /// <summary>The value each caller passes for the parameter, with the model of the caller's tree.</summary>
    public IReadOnlyList<(ExpressionSyntax Value, SemanticModel Model)> Passed { get; }

    /// <summary>The constructor's parameter, removed by the fix.</summary>
    public ParameterSyntax Parameter { get; }

    /// <summary>The callers' arguments for it, removed by the fix.</summary>
    public IReadOnlyList<ArgumentSyntax> Arguments { get; }

    /// <summary>The constructor's other reads of the parameter, which read the member instead (its name differs).</summary>
    public IReadOnlyList<IdentifierNameSyntax> RenamedUses { get; }
}

/// <summary>
/// Follows a constructor parameter a member copies to every caller in the solution. The fix reads the owner member the
/// callers pass and removes the parameter and its arguments as one solution change, so a caller outside the solution
/// (a public constructor of a library) breaks at compile time instead of silently having its connection ignored.
/// </summary>
internal static class ParameterCopies
{
    /// <summary>The constructor parameter of the member's type that <paramref name="copied"/> names; else null.</summary>
    public static IParameterSymbol? CopiedParameter(ExpressionSyntax copied, SemanticModel model, ISymbol member, CancellationToken cancellationToken) =>
        copied is IdentifierNameSyntax
        && model.GetSymbolInfo(copied, cancellationToken).Symbol is IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } constructor } parameter
        && SymbolEqualityComparer.Default.Equals(constructor.ContainingType, member.ContainingType)
            ? parameter
            : null;

    /// <summary>
    /// Remembered per solution: the owner-source planner and each connection fix's <see cref="LibraryOpenedConnections"/>
    /// follow the same parameter in one lightbulb, and each search binds the constructor's callers in every tree that can
    /// call it (most of a declined PvPer <c>_db</c> lightbulb on TShockPlugin, docs/benchmarks.md). The solution is a
    /// snapshot, so the answer cannot go stale; a cancelled search is not kept.
    /// </summary>
    private static readonly SnapshotMemo<Solution, FollowKey, Planned<ParameterCopy>> Followed = new();

    public static Task<Planned<ParameterCopy>> FollowAsync(
        Solution solution, IParameterSymbol parameter, IdentifierNameSyntax copied, ISymbol member, CancellationToken cancellationToken) =>
        Followed.GetOrSearchAsync(solution, new FollowKey(parameter, copied, member), () => FollowUncachedAsync(solution, parameter, copied, member, cancellationToken), cancellationToken);

    /// <summary>One followed copy: the parameter, the copied name and the member (symbols of one compilation).</summary>
    private sealed class FollowKey : IEquatable<FollowKey>
    {
        private readonly IParameterSymbol _parameter;
        private readonly IdentifierNameSyntax _copied;
        private readonly ISymbol _member;

        public FollowKey(IParameterSymbol parameter, IdentifierNameSyntax copied, ISymbol member)
        {
            _parameter = parameter;
            _copied = copied;
            _member = member;
        }

        public bool Equals(FollowKey? other) =>
            other is not null && _copied == other._copied
            && SymbolEqualityComparer.Default.Equals(_parameter, other._parameter)
            && SymbolEqualityComparer.Default.Equals(_member, other._member);

        public override bool Equals(object? obj) => Equals(obj as FollowKey);

        public override int GetHashCode() => _copied.GetHashCode() ^ SymbolEqualityComparer.Default.GetHashCode(_member);
    }

    private static async Task<Planned<ParameterCopy>> FollowUncachedAsync(
        Solution solution, IParameterSymbol parameter, IdentifierNameSyntax copied, ISymbol member, CancellationToken cancellationToken)
    {
        var constructor = (IMethodSymbol)parameter.ContainingSymbol;
        if (parameter.IsParams || parameter.RefKind != RefKind.None || constructor.DeclaringSyntaxReferences.Length != 1
            || constructor.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not ConstructorDeclarationSyntax
            || parameter.DeclaringSyntaxReferences.Length != 1
            || parameter.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not ParameterSyntax parameterSyntax)
        {
            return NoFixReason.ParameterUsedOtherwise;
        }

        // Another constructor that neither sets the member nor chains to this one left it null; reading the owner there
        // would change what those instances see.
        if (!member.IsStatic && member.ContainingType.InstanceConstructors.Any(c =>
                !SymbolEqualityComparer.Default.Equals(c, constructor)
                && !c.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is ConstructorDeclarationSyntax { Initializer.RawKind: (int)SyntaxKind.ThisConstructorInitializer })))
        {
            return NoFixReason.ConstructionsDisagree;
        }

        var renamed = await OtherUsesAsync(solution, parameter, copied, member, cancellationToken).ConfigureAwait(false);
        if (renamed.Value is not { } renamedUses)
        {
            return renamed.Reason!.Value;
        }

        var outOfView = await ConstructorCallers.BuiltOutOfViewAsync(solution, member.ContainingType, cancellationToken).ConfigureAwait(false);
        if (outOfView is { } outOfViewReason)
        {
            return outOfViewReason;
        }

        var passed = new List<(ExpressionSyntax, SemanticModel)>();
        var arguments = new List<ArgumentSyntax>();
        var callers = await ConstructorCallers.FindAsync(solution, constructor, cancellationToken).ConfigureAwait(false);
        if (callers.Value is not { } calls)
        {
            return callers.Reason!.Value;
        }

        foreach (var (call, model) in calls.Select(c => (c.Call, c.Model)))
        {
            if (PassedArgument(call, model, parameter, cancellationToken) is not { } passedArgument)
            {
                return NoFixReason.CallerPassesNoOwnerMember;
            }

            passed.Add((passedArgument.Expression, model));
            arguments.Add(passedArgument);
        }

        if (passed.Count == 0)
        {
            return NoFixReason.ConstructedOutsideView;
        }

        return new ParameterCopy(passed, parameterSyntax, arguments, renamedUses);
    }

    /// <summary>The argument a constructor call passes explicitly for <paramref name="parameter"/>; null when it takes the default.</summary>
    private static ArgumentSyntax? PassedArgument(SyntaxNode call, SemanticModel model, IParameterSymbol parameter, CancellationToken cancellationToken)
    {
        var arguments = model.GetOperation(call, cancellationToken) switch
        {
            IObjectCreationOperation creation => creation.Arguments,
            IInvocationOperation initializer => initializer.Arguments,
            _ => default,
        };
        if (!arguments.IsDefault)
        {
            return arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter, parameter)) is { ArgumentKind: ArgumentKind.Explicit, Syntax: ArgumentSyntax explicitArgument }
                ? explicitArgument
                : null;
        }

        // An argument the compiler cannot bind (a host name without its assembly) leaves no creation operation: match by syntax.
        var list = call switch
        {
            BaseObjectCreationExpressionSyntax creation => creation.ArgumentList,
            ConstructorInitializerSyntax initializer => initializer.ArgumentList,
            _ => null,
        };
        if (list is null)
        {
            return null;
        }

        var named = list.Arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == parameter.Name);
        if (named is not null)
        {
            return named;
        }

        return parameter.Ordinal < list.Arguments.Count && list.Arguments.Take(parameter.Ordinal + 1).All(a => a.NameColon is null)
            ? list.Arguments[parameter.Ordinal]
            : null;
    }

    /// <summary>
    /// The constructor's reads of the parameter besides the copy that must be renamed to the member; why not when one
    /// is a write, a <c>ref</c>, a <c>nameof</c> or in the constructor initializer (where the member cannot be read).
    /// </summary>
    private static async Task<Planned<IReadOnlyList<IdentifierNameSyntax>>> OtherUsesAsync(
        Solution solution, IParameterSymbol parameter, IdentifierNameSyntax copied, ISymbol member, CancellationToken cancellationToken)
    {
        var compilation = solution.GetDocument(copied.SyntaxTree) is { } document ? await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false) : null;
        if (compilation is null)
        {
            return NoFixReason.AnalysisFailed;
        }

        var model = SemanticModels.Of(compilation, copied.SyntaxTree);

        // A parameter is named only inside its constructor (doc comments' <paramref> included, as find-references reads them).
        var renamed = new List<IdentifierNameSyntax>();
        var declaration = (ConstructorDeclarationSyntax)((IMethodSymbol)parameter.ContainingSymbol).DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
        var uses = declaration.DescendantNodes(descendIntoTrivia: true).OfType<IdentifierNameSyntax>()
            .Where(n => n.Identifier.ValueText == parameter.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(n, cancellationToken).Symbol, parameter));
        foreach (var use in uses.ToList())
        {
            if (use.Span == copied.Span)
            {
                continue;
            }

            if (IsWritten(use) || use.Ancestors().Any(a => a is ConstructorInitializerSyntax)
                || use.Ancestors().OfType<InvocationExpressionSyntax>().Any(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" }))
            {
                return NoFixReason.ParameterUsedOtherwise;
            }

            if (parameter.Name == member.Name)
            {
                // Once the parameter is gone, the same name binds to the member.
                continue;
            }

            var visible = model.LookupSymbols(use.SpanStart, name: member.Name);
            if (visible.Length != 1 || !SymbolEqualityComparer.Default.Equals(visible[0], member))
            {
                return NoFixReason.ParameterUsedOtherwise;
            }

            renamed.Add(use);
        }

        return renamed;
    }

    private static bool IsWritten(IdentifierNameSyntax use) => use.Parent switch
    {
        AssignmentExpressionSyntax assignment => assignment.Left == use,
        ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None),
        RefExpressionSyntax or PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax => true,
        _ => false,
    };
}
