using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>A call of a constructor in source: an object creation (target-typed too) or a <c>this(...)</c>/<c>base(...)</c> initializer, with the shared model of its tree.</summary>
internal sealed class ConstructorCall
{
    public ConstructorCall(SyntaxNode call, SemanticModel model)
    {
        Call = call;
        Model = model;
    }

    /// <summary>A <see cref="BaseObjectCreationExpressionSyntax"/> (target-typed or not) or a <see cref="ConstructorInitializerSyntax"/>.</summary>
    public SyntaxNode Call { get; }

    public SemanticModel Model { get; }
}

/// <summary>
/// Every call of a source constructor in its project and the projects that depend on it, found as
/// <see cref="NamedReferences"/> finds a member's uses: trees whose text cannot spell the type (its name or an alias of
/// it) are skipped, and only creations written with such a name, <c>this(...)</c>/<c>base(...)</c> initializers of the
/// type and the types deriving from it, and target-typed <c>new(...)</c> with a fitting argument count are bound.
/// Roslyn's find-references indexes every document it may search on its first search, which the lightbulb waited for
/// (docs/benchmarks.md).
/// </summary>
internal static class ConstructorCallers
{
    /// <summary>
    /// The explicit calls of <paramref name="constructor"/>; <see cref="NoFixReason.ConstructedOutsideView"/> when a call
    /// passes nothing the fix can edit: a primary-constructor base
    /// (<c>class D(...) : T(...)</c>), or an implicit <c>base()</c> that can reach it.
    /// </summary>
    public static async Task<Planned<IReadOnlyList<ConstructorCall>>> FindAsync(Solution solution, IMethodSymbol constructor, CancellationToken cancellationToken)
    {
        var seen = await CompilationsSeeing.SymbolAsync(solution, constructor, cancellationToken).ConfigureAwait(false);
        if (seen is null)
        {
            return NoFixReason.AnalysisFailed;
        }

        var found = new List<ConstructorCall>();
        foreach (var (compilation, target) in seen)
        {
            if (target is not IMethodSymbol { ContainingType: { } type } targetConstructor)
            {
                continue;
            }

            var spellings = TypeSpellings.Of(compilation, type, cancellationToken);
            var derivedTypes = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            foreach (var tree in compilation.SyntaxTrees)
            {
                if (FindInTree(compilation, tree, targetConstructor, spellings, derivedTypes, found, cancellationToken) is { } reason)
                {
                    return reason;
                }
            }
        }

        return found;
    }

    /// <summary>
    /// Whether something the solution cannot show may build the type: a type argument of a call
    /// (<c>AddSingleton&lt;T&gt;()</c>, <c>Activator.CreateInstance&lt;T&gt;()</c>) or <c>typeof</c> hands the
    /// constructor's parameters to a container or reflection: <see cref="NoFixReason.ConstructedOutsideView"/>. Only names
    /// in those places are bound.
    /// </summary>
    public static async Task<NoFixReason?> BuiltOutOfViewAsync(Solution solution, INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var seen = await CompilationsSeeing.SymbolAsync(solution, type, cancellationToken).ConfigureAwait(false);
        if (seen is null)
        {
            return NoFixReason.AnalysisFailed;
        }

        foreach (var (compilation, target) in seen)
        {
            var spellings = TypeSpellings.Of(compilation, (INamedTypeSymbol)target, cancellationToken);
            foreach (var tree in compilation.SyntaxTrees.Where(t => spellings.MentionedIn(t, cancellationToken)))
            {
                var model = SemanticModels.Of(compilation, tree);
                foreach (var name in tree.GetRoot(cancellationToken).DescendantNodes().OfType<SimpleNameSyntax>())
                {
                    if (spellings.Names.Contains(name.Identifier.ValueText) && HandsTypeAway(name)
                        && model.GetSymbolInfo(name, cancellationToken) is var info
                        && (IsType(info.Symbol, target) || (info.Symbol is null && info.CandidateSymbols.Any(s => IsType(s, target)))))
                    {
                        return NoFixReason.ConstructedOutsideView;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>Whether the written type (with its qualifiers) is <c>typeof</c>'s operand or a type argument of a called generic method.</summary>
    private static bool HandsTypeAway(SimpleNameSyntax written)
    {
        var name = written.AncestorsAndSelf().TakeWhile(n => n is NameSyntax).Last();
        return name.Parent is TypeOfExpressionSyntax
            || name.Parent is TypeArgumentListSyntax { Parent: GenericNameSyntax generic }
            && (generic.Parent is InvocationExpressionSyntax || generic.Parent is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax } access && access.Name == generic);
    }

    private static bool IsType(ISymbol? symbol, ISymbol type) =>
        symbol is not null && SymbolEqualityComparer.Default.Equals(symbol.OriginalDefinition, type.OriginalDefinition);

    private static NoFixReason? FindInTree(
        Compilation compilation, SyntaxTree tree, IMethodSymbol constructor, TypeSpellings spellings, HashSet<INamedTypeSymbol> derivedTypes, List<ConstructorCall> found, CancellationToken cancellationToken)
    {
        var namesType = spellings.MentionedIn(tree, cancellationToken);
        var text = NameIndex.TextOf(tree, cancellationToken);
        var targetTyped = text.Contains("new(") || text.Contains("new (");
        if (!namesType && !targetTyped)
        {
            return null;
        }

        var model = SemanticModels.Of(compilation, tree);
        foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
        {
            switch (node)
            {
                case ObjectCreationExpressionSyntax creation when namesType && spellings.Spells(creation.Type):
                    if (Calls(creation, constructor, model, candidatesCount: true, cancellationToken))
                    {
                        found.Add(new ConstructorCall(creation, model));
                    }

                    break;
                case ImplicitObjectCreationExpressionSyntax implicitCreation when targetTyped && ArgumentCountFits(implicitCreation.ArgumentList, constructor):
                    // Only a creation bound to the constructor itself is a caller: a candidate of a failed overload
                    // resolution names no type the fix could check.
                    if (Calls(implicitCreation, constructor, model, candidatesCount: false, cancellationToken))
                    {
                        found.Add(new ConstructorCall(implicitCreation, model));
                    }

                    break;
                case TypeDeclarationSyntax declaration when namesType && declaration.BaseList is { } baseList && baseList.Types.Any(t => spellings.Spells(t.Type)):
                    if (model.GetDeclaredSymbol(declaration, cancellationToken) is { } derived
                        && SymbolEqualityComparer.Default.Equals(derived.BaseType?.OriginalDefinition, constructor.ContainingType.OriginalDefinition)
                        && derivedTypes.Add(derived)
                        && DerivedTypeReason(derived, constructor, compilation, found, cancellationToken) is { } reason)
                    {
                        return reason;
                    }

                    break;
                case ConstructorDeclarationSyntax { Initializer: { RawKind: (int)SyntaxKind.ThisConstructorInitializer } initializer }
                    when namesType && Calls(initializer, constructor, model, candidatesCount: true, cancellationToken):
                    found.Add(new ConstructorCall(initializer, model));
                    break;
            }
        }

        return null;
    }

    /// <summary>
    /// A type deriving from the constructor's type calls it from its constructors' <c>base(...)</c> (in any of its
    /// files), a primary-constructor base, or an implicit <c>base()</c> when the constructor needs no argument.
    /// </summary>
    private static NoFixReason? DerivedTypeReason(INamedTypeSymbol derived, IMethodSymbol constructor, Compilation compilation, List<ConstructorCall> found, CancellationToken cancellationToken)
    {
        var needsNoArgument = constructor.Parameters.All(p => p.IsOptional || p.IsParams);
        if (needsNoArgument && derived.InstanceConstructors.Any(c => c.IsImplicitlyDeclared && c.DeclaringSyntaxReferences.IsEmpty))
        {
            return NoFixReason.ConstructedOutsideView;
        }

        foreach (var part in derived.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<TypeDeclarationSyntax>())
        {
            var partModel = SemanticModels.Of(compilation, part.SyntaxTree);
            if (part.BaseList?.Types.OfType<PrimaryConstructorBaseTypeSyntax>().FirstOrDefault() is { } primaryBase
                && Calls(primaryBase, constructor, partModel, candidatesCount: true, cancellationToken))
            {
                return NoFixReason.ConstructedOutsideView;
            }

            foreach (var derivedConstructor in part.Members.OfType<ConstructorDeclarationSyntax>().Where(c => !c.Modifiers.Any(SyntaxKind.StaticKeyword)))
            {
                if (derivedConstructor.Initializer is null)
                {
                    if (needsNoArgument)
                    {
                        return NoFixReason.ConstructedOutsideView;
                    }
                }
                else if (derivedConstructor.Initializer.IsKind(SyntaxKind.BaseConstructorInitializer)
                    && Calls(derivedConstructor.Initializer, constructor, partModel, candidatesCount: true, cancellationToken))
                {
                    found.Add(new ConstructorCall(derivedConstructor.Initializer, partModel));
                }
            }
        }

        return null;
    }

    /// <summary>Whether the call binds to the constructor (or, where find-references counts them, has it among its candidates).</summary>
    private static bool Calls(SyntaxNode call, IMethodSymbol constructor, SemanticModel model, bool candidatesCount, CancellationToken cancellationToken)
    {
        var info = call is PrimaryConstructorBaseTypeSyntax primaryBase ? model.GetSymbolInfo(primaryBase, cancellationToken) : model.GetSymbolInfo(call, cancellationToken);
        return Is(info.Symbol, constructor) || (candidatesCount && info.Symbol is null && info.CandidateSymbols.Any(s => Is(s, constructor)));
    }

    private static bool Is(ISymbol? symbol, IMethodSymbol constructor) =>
        symbol is not null && SymbolEqualityComparer.Default.Equals(symbol.OriginalDefinition, constructor.OriginalDefinition);

    /// <summary>Whether a call with these arguments can bind to the constructor: a target-typed <c>new()</c> rarely can.</summary>
    private static bool ArgumentCountFits(ArgumentListSyntax? arguments, IMethodSymbol constructor)
    {
        var count = arguments?.Arguments.Count ?? 0;
        var required = constructor.Parameters.Count(p => !p.IsOptional && !p.IsParams);
        return count >= required && (count <= constructor.Parameters.Length || constructor.Parameters.Any(p => p.IsParams));
    }
}

/// <summary>
/// How a compilation can spell a type: its name and the aliases declared for it (<c>using Store = Plugins.Store;</c>,
/// global ones too), so that a search skips the trees spelling none of them.
/// </summary>
internal sealed class TypeSpellings
{
    private readonly HashSet<string> _names;

    private TypeSpellings(HashSet<string> names) => _names = names;

    public IReadOnlyCollection<string> Names => _names;

    public static TypeSpellings Of(Compilation compilation, INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(System.StringComparer.Ordinal) { type.Name };
        foreach (var tree in compilation.SyntaxTrees.Where(t => NameIndex.Mentions(t, type.Name, cancellationToken)))
        {
            var usings = tree.GetRoot(cancellationToken).DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<UsingDirectiveSyntax>();
            foreach (var alias in usings.Where(u => u.Alias is not null))
            {
                // An alias whose target spells the name may stand for the type; binding decides where it is used.
                if (alias.DescendantNodes().OfType<SimpleNameSyntax>().Any(n => n.Parent is not NameEqualsSyntax && n.Identifier.ValueText == type.Name))
                {
                    names.Add(alias.Alias!.Name.Identifier.ValueText);
                }
            }
        }

        return new TypeSpellings(names);
    }

    public bool MentionedIn(SyntaxTree tree, CancellationToken cancellationToken) => NameIndex.MentionsAny(tree, _names, cancellationToken);

    /// <summary>Whether a written type's last name is one of the spellings (<c>Store</c>, <c>Plugins.Store</c>, <c>Store&lt;T&gt;</c>).</summary>
    public bool Spells(TypeSyntax type) => LastName(type) is { } name && _names.Contains(name.Identifier.ValueText);

    public static SimpleNameSyntax? LastName(TypeSyntax type) => type switch
    {
        SimpleNameSyntax simple => simple,
        QualifiedNameSyntax qualified => qualified.Right,
        AliasQualifiedNameSyntax aliasQualified => aliasQualified.Name,
        _ => null,
    };
}
