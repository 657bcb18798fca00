using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FindSymbols;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>One compilation that can use a symbol, with the symbol as that compilation sees it.</summary>
internal sealed class SymbolSeenIn
{
    public SymbolSeenIn(Compilation compilation, ISymbol target, bool isHome)
    {
        Compilation = compilation;
        Target = target;
        IsHome = isHome;
    }

    public Compilation Compilation { get; }

    /// <summary>The symbol in <see cref="Compilation"/>: its own definition at home, else what the reference shows.</summary>
    public ISymbol Target { get; }

    /// <summary>Whether this is the project that declares the symbol.</summary>
    public bool IsHome { get; }

    public void Deconstruct(out Compilation compilation, out ISymbol target)
    {
        compilation = Compilation;
        target = Target;
    }

    public void Deconstruct(out Compilation compilation, out ISymbol target, out bool isHome)
    {
        (compilation, target) = this;
        isHome = IsHome;
    }
}

/// <summary>
/// The compilations a search for a symbol's uses must read: the project declaring it and the projects depending on it,
/// each with the symbol as it sees it (another project sees it through a reference). Shared by the searches for a
/// member's names (<see cref="NamedReferences"/>) and a constructor's callers (<see cref="ConstructorCallers"/>).
/// </summary>
internal static class CompilationsSeeing
{
    /// <summary>The compilations in dependency order, home first; null when the symbol is not declared in the solution or one cannot be compiled.</summary>
    public static async Task<IReadOnlyList<SymbolSeenIn>?> SymbolAsync(Solution solution, ISymbol symbol, CancellationToken cancellationToken)
    {
        if (symbol.DeclaringSyntaxReferences.FirstOrDefault() is not { } declaration || solution.GetDocument(declaration.SyntaxTree)?.Project is not { } home)
        {
            return null;
        }

        var seen = new List<SymbolSeenIn>();
        var dependents = solution.GetProjectDependencyGraph().GetProjectsThatTransitivelyDependOnThisProject(home.Id);
        foreach (var project in new[] { home }.Concat(dependents.Select(solution.GetProject).OfType<Project>()))
        {
            if (await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false) is not { } compilation)
            {
                return null;
            }

            var isHome = project == home;
            var target = isHome ? symbol.OriginalDefinition : SymbolFinder.FindSimilarSymbols(symbol.OriginalDefinition, compilation, cancellationToken).FirstOrDefault();
            if (target is not null)
            {
                seen.Add(new SymbolSeenIn(compilation, target, isHome));
            }
        }

        return seen;
    }
}
