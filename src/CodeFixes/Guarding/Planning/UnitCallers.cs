using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// The methods that call a unit of work, directly or through other methods: calling one while holding a lease would
/// wait for ever, so each counts as a unit too (<see cref="UnitPlanner"/>).
/// </summary>
internal static class UnitCallers
{
    /// <summary>
    /// Remembered: the guard, data-source and factory plans of one lightbulb (and each plan again on the normalised
    /// project) search the same callers, most of each plan on vcap-dotnet's Node (docs/benchmarks.md lat28). A
    /// compilation is a snapshot, so the answer cannot go stale.
    /// </summary>
    private static readonly SnapshotMemo<Compilation, UnitSet, (IReadOnlyList<ISymbol> Units, IReadOnlyList<SyntaxNode> CallSites)> Found = new();

    /// <summary>How far up the chain of callers a unit of work is followed: each round one call further.</summary>
    private const int MaxCallerRounds = 12;

    /// <summary>
    /// <paramref name="units"/> with every method that calls one of them, directly or through other callers, and the
    /// names that make those calls; remembered per compilation and set of units.
    /// </summary>
    public static (IReadOnlyList<ISymbol> Units, IReadOnlyList<SyntaxNode> CallSites) Find(Project project, Compilation compilation, IEnumerable<ISymbol> units, CancellationToken cancellationToken)
    {
        var unitSet = new UnitSet(units);
        return Found.GetOrSearchAsync(compilation, unitSet, () => Task.FromResult(Search(project, compilation, unitSet.Units, cancellationToken)), cancellationToken)
            .GetAwaiter().GetResult();
    }

    /// <summary>A set of units (original definitions), equal to another with the same members in any order.</summary>
    private sealed class UnitSet : IEquatable<UnitSet>
    {
        private readonly HashSet<ISymbol> _units;
        private readonly int _hash;

        public IReadOnlyCollection<ISymbol> Units => _units;

        public UnitSet(IEnumerable<ISymbol> units)
        {
            _units = new HashSet<ISymbol>(units, SymbolEqualityComparer.Default);
            _hash = _units.Aggregate(_units.Count, (hash, unit) => hash ^ SymbolEqualityComparer.Default.GetHashCode(unit));
        }

        public bool Equals(UnitSet? other) => other is not null && _hash == other._hash && _units.SetEquals(other._units);

        public override bool Equals(object? obj) => Equals(obj as UnitSet);

        public override int GetHashCode() => _hash;
    }

    /// <summary>
    /// Every method that calls one of <paramref name="units"/>, directly or through other callers (each round one call
    /// further): the units with those callers, and the names that call a unit.
    /// </summary>
    private static (IReadOnlyList<ISymbol> Units, IReadOnlyList<SyntaxNode> CallSites) Search(
        Project project, Compilation compilation, IEnumerable<ISymbol> units, CancellationToken cancellationToken)
    {
        var unitSymbols = new HashSet<ISymbol>(units, SymbolEqualityComparer.Default);
        var callSites = new List<SyntaxNode>();
        var trees = compilation.SyntaxTrees.ToList();
        var scopes = new Dictionary<ISymbol, HashSet<SyntaxTree>?>(SymbolEqualityComparer.Default);
        // Each round looks only for callers of the units the round before added, binding each name once.
        var searched = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var callees = new Dictionary<SimpleNameSyntax, ISymbol?>();
        var callers = new HashSet<SimpleNameSyntax>();
        var receiverLineages = new Dictionary<ExpressionSyntax, TypeLineage?>();
        for (var round = 0; round < MaxCallerRounds; round++)
        {
            var pending = unitSymbols.Where(searched.Add).ToList();
            if (pending.Count == 0)
            {
                break;
            }

            var pendingNames = new HashSet<string>(pending.Select(u => u.Name));
            // A private unit is called only from its own type's trees: common names (Run, ExecuteAsync) need not be looked up everywhere.
            var everywhere = new HashSet<string>();
            var scoped = new Dictionary<SyntaxTree, HashSet<string>>();
            foreach (var unit in pending)
            {
                if (!scopes.TryGetValue(unit, out var scope))
                {
                    scopes[unit] = scope = NameIndex.TreesThatCanName(unit, compilation, cancellationToken);
                }

                if (scope is null)
                {
                    everywhere.Add(unit.Name);
                    continue;
                }

                foreach (var scopeTree in scope)
                {
                    if (!scoped.TryGetValue(scopeTree, out var names))
                    {
                        scoped[scopeTree] = names = new HashSet<string>();
                    }

                    names.Add(unit.Name);
                }
            }

            foreach (var tree in trees)
            {
                // The name filter first: looking a tree's document up costs more than its names, and most trees fail them.
                if ((!NameIndex.MentionsAny(tree, everywhere, cancellationToken)
                     && !(scoped.TryGetValue(tree, out var local) && NameIndex.MentionsAny(tree, local, cancellationToken)))
                    || project.GetDocument(tree) is null)
                {
                    continue;
                }

                var model = SemanticModels.Of(compilation, tree);
                foreach (var name in NamedNodes.SpellingAny(tree, pendingNames, cancellationToken))
                {
                    if (callers.Contains(name))
                    {
                        continue;
                    }

                    if (!callees.TryGetValue(name, out var callee))
                    {
                        if (CallReceivers.CannotReach(name, model, unitSymbols, receiverLineages, cancellationToken))
                        {
                            // Not remembered: a later round's units may have another owner.
                            continue;
                        }

                        // Kept across edits that leave every declaration as it was: the first lightbulb after a keystroke binds only what changed.
                        callees[name] = callee = KeptBindings.SourceDefinitionOf(name, model, cancellationToken);
                    }

                    if (callee is null
                        || !unitSymbols.Contains(callee)
                        || name.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax
                            or ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax }) is not { } caller)
                    {
                        continue;
                    }

                    var declared = caller is ArrowExpressionClauseSyntax { Parent: { } owner } ? model.GetDeclaredSymbol(owner, cancellationToken) : model.GetDeclaredSymbol(caller, cancellationToken);
                    if (declared is null)
                    {
                        continue;
                    }

                    callers.Add(name);
                    callSites.Add(name);
                    if (unitSymbols.Add(declared.OriginalDefinition) && declared is IMethodSymbol { AssociatedSymbol: { } property })
                    {
                        unitSymbols.Add(property.OriginalDefinition);
                    }
                }
            }
        }

        return (unitSymbols.ToList(), callSites);
    }
}
