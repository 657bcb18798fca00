using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>One place that names a member, with the shared model of its tree.</summary>
internal sealed class NamedReference
{
    public NamedReference(SimpleNameSyntax name, SemanticModel model)
    {
        Name = name;
        Model = model;
    }

    public SimpleNameSyntax Name { get; }

    public SemanticModel Model { get; }
}

/// <summary>
/// Where a solution names a member: trees that cannot mention its name are skipped through <see cref="NameIndex"/> and
/// the others bound with the planners' shared <see cref="SemanticModels"/>. Roslyn's find-references builds an index of
/// every document on its first search of a solution, which a lightbulb waits for (docs/benchmarks.md).
/// </summary>
internal static class NamedReferences
{
    public static async Task<Planned<IReadOnlyList<NamedReference>>> FindAsync(Solution solution, ISymbol member, CancellationToken cancellationToken)
    {
        if (await CompilationsSeeing.SymbolAsync(solution, member, cancellationToken).ConfigureAwait(false) is not { } seen)
        {
            return NoFixReason.AnalysisFailed;
        }

        var found = new List<NamedReference>();
        foreach (var (compilation, target, isHome) in seen)
        {
            var canName = isHome ? NameIndex.TreesThatCanName(member, compilation, cancellationToken) : null;
            var staticEverywhere = target.IsStatic && compilation.SyntaxTrees.Any(t => HasStaticUsing(t, globalOnly: true, cancellationToken));
            foreach (var tree in compilation.SyntaxTrees)
            {
                if ((canName is not null && !canName.Contains(tree)) || !NameIndex.Mentions(tree, member.Name, cancellationToken))
                {
                    continue;
                }

                var bareStatic = staticEverywhere || (target.IsStatic && HasStaticUsing(tree, globalOnly: false, cancellationToken));
                if (await FindInTreeAsync(compilation, tree, target, bareStatic, found, cancellationToken).ConfigureAwait(false) is { } reason)
                {
                    return reason;
                }
            }
        }

        return found;
    }

    private static async Task<NoFixReason?> FindInTreeAsync(Compilation compilation, SyntaxTree tree, ISymbol target, bool bareStatic, List<NamedReference> found, CancellationToken cancellationToken)
    {
        var root = await tree.GetRootAsync(cancellationToken).ConfigureAwait(false);
        var model = SemanticModels.Of(compilation, tree);
        foreach (var name in root.DescendantNodes().OfType<SimpleNameSyntax>())
        {
            if (name.Identifier.ValueText != target.Name || name.Parent is NameColonSyntax || !(bareStatic || CanBe(name, target, model, cancellationToken)))
            {
                continue;
            }

            var info = model.GetSymbolInfo(name, cancellationToken);
            if (IsTarget(info.Symbol, target))
            {
                found.Add(new NamedReference(name, model));
            }
            else if (info.Symbol is null && info.CandidateSymbols.Any(s => IsTarget(s, target)))
            {
                // Code that does not bind cleanly may or may not use the member: a rewrite could break it either way.
                return NoFixReason.AmbiguousReference;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the name can mean the member without binding the method around it: a name standing alone means a member
    /// of the type it is written in (or of a type around or below that; a static member through <c>using static</c> is
    /// let through before);
    /// common names (<c>database</c>, <c>connection</c>) appear alone in many other types, which need no binding.
    /// </summary>
    private static bool CanBe(SimpleNameSyntax name, ISymbol target, SemanticModel model, CancellationToken cancellationToken)
    {
        var qualified = name.Parent switch
        {
            MemberAccessExpressionSyntax access => access.Name == name,
            MemberBindingExpressionSyntax => true,
            QualifiedNameSyntax qualifiedName => qualifiedName.Right == name,
            _ => false,
        };
        if (qualified || name.Parent is AssignmentExpressionSyntax { Parent: InitializerExpressionSyntax })
        {
            return true;
        }

        for (var type = name.FirstAncestorOrSelf<BaseTypeDeclarationSyntax>(); type is not null; type = type.Parent?.FirstAncestorOrSelf<BaseTypeDeclarationSyntax>())
        {
            for (var declared = model.GetDeclaredSymbol(type, cancellationToken) as ITypeSymbol; declared is not null; declared = declared.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(declared.OriginalDefinition, target.ContainingType?.OriginalDefinition))
                {
                    return true;
                }
            }
        }

        // Top-level statements, or a type the name sits in that neither is nor derives from the member's type.
        return name.FirstAncestorOrSelf<BaseTypeDeclarationSyntax>() is null;
    }

    /// <summary>
    /// Whether the tree has a <c>using static</c> (only a <c>global</c> one when <paramref name="globalOnly"/>), through
    /// which a static member can be named alone: in this tree, or in every tree for a global one.
    /// </summary>
    private static bool HasStaticUsing(SyntaxTree tree, bool globalOnly, CancellationToken cancellationToken) =>
        tree.GetRoot(cancellationToken).DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
            .OfType<UsingDirectiveSyntax>()
            .Any(u => u.StaticKeyword != default && (!globalOnly || u.GlobalKeyword != default));

    private static bool IsTarget(ISymbol? symbol, ISymbol target) =>
        symbol is not null && SymbolEqualityComparer.Default.Equals(symbol.OriginalDefinition, target);
}
