using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// The source declaration each name of a tree binds to, and the lineage of each receiver's type
/// (<see cref="TypeLineage"/>), kept across edits: binding a name binds its whole member, and the first lightbulb after
/// a keystroke searched the callers of its units in every tree again (docs/benchmarks.md lat32, lat33). A tree's answers serve a later compilation only while the tree is the same and the
/// <see cref="DeclarationWorld"/> is equal (an edit inside a body elsewhere); a changed declaration anywhere, or a
/// declaration that can no longer be found the same, binds again. Kept per tree, so they go with it.
/// </summary>
internal static class KeptBindings
{
    private static readonly ConditionalWeakTable<SyntaxTree, TreeBindings> Trees = new();

    /// <summary>
    /// The original definition <paramref name="name"/> binds to when it is declared in source, else null (a library's
    /// member or nothing): what the callers search compares with its units, which are all declared in source.
    /// </summary>
    public static ISymbol? SourceDefinitionOf(SimpleNameSyntax name, SemanticModel model, CancellationToken cancellationToken)
    {
        var compilation = model.Compilation;
        var bindings = Trees.GetValue(name.SyntaxTree, _ => new TreeBindings());
        var names = bindings.In(DeclarationWorld.Of(compilation, cancellationToken)).Names;
        if (names.TryGetValue(name.SpanStart, out var kept) && kept.TryResolve(compilation, cancellationToken, out var resolved))
        {
            Interlocked.Increment(ref bindings.Reused);
            return resolved;
        }

        var bound = model.GetSymbolInfo(name, cancellationToken).Symbol?.OriginalDefinition;
        var definition = bound is { DeclaringSyntaxReferences.Length: > 0 } ? bound : null;
        if (KeptDeclaration.Of(definition, compilation, cancellationToken) is { } keptNow)
        {
            names[name.SpanStart] = keptNow;
        }

        return definition;
    }

    /// <summary>
    /// The lineage of a plain receiver's type (<see cref="CallReceivers"/>), looked up by <paramref name="lookUp"/>
    /// once per tree and world: the same tree in an equal world finds the same declarations by the same lookups.
    /// </summary>
    public static TypeLineage? ReceiverLineageOf(
        ExpressionSyntax receiver, SemanticModel model, Func<ExpressionSyntax, TypeLineage?> lookUp, CancellationToken cancellationToken)
    {
        var bindings = Trees.GetValue(receiver.SyntaxTree, _ => new TreeBindings());
        var receivers = bindings.In(DeclarationWorld.Of(model.Compilation, cancellationToken)).Receivers;
        var at = (receiver.SpanStart, receiver.Span.Length);
        if (receivers.TryGetValue(at, out var kept))
        {
            Interlocked.Increment(ref bindings.Reused);
            return kept;
        }

        return receivers[at] = lookUp(receiver);
    }

    /// <summary>How many of the tree's names and receivers were answered from what was kept (for tests: one tree is one test's).</summary>
    public static int ReusedIn(SyntaxTree tree) => Trees.TryGetValue(tree, out var bindings) ? Volatile.Read(ref bindings.Reused) : 0;

    /// <summary>
    /// A tree's answers in the last few worlds they were asked in: a lightbulb plans on the editor's compilation and on a
    /// normalised copy of it (<see cref="SelfAssigningCreators"/>), two worlds that would otherwise evict each other.
    /// </summary>
    private sealed class TreeBindings
    {
        private const int WorldsKept = 4;
        public int Reused;
        private readonly object _gate = new();
        private readonly System.Collections.Generic.List<(DeclarationWorld World, WorldAnswers Answers)> _worlds = new();

        public WorldAnswers In(DeclarationWorld world)
        {
            lock (_gate)
            {
                var at = _worlds.FindIndex(w => w.World.Equals(world));
                // Kept under the instance asked with: the next names of this compilation then cost one reference comparison.
                var entry = (World: world, Answers: at >= 0 ? _worlds[at].Answers : new WorldAnswers());
                if (at >= 0)
                {
                    _worlds.RemoveAt(at);
                }
                else if (_worlds.Count == WorldsKept)
                {
                    _worlds.RemoveAt(0);
                }

                _worlds.Add(entry);
                return entry.Answers;
            }
        }
    }

    /// <summary>A tree's answers in one world: the declaration each name binds to (by position) and each receiver's lineage (by span).</summary>
    private sealed class WorldAnswers
    {
        public ConcurrentDictionary<int, KeptDeclaration> Names { get; } = new();

        public ConcurrentDictionary<(int Start, int Length), TypeLineage?> Receivers { get; } = new();
    }

    /// <summary>
    /// Where a bound name's declaration is, in a form another compilation of the same world can find again: the
    /// declaring node (held weakly, so an edited tree is not kept alive) and the declaration's documentation id.
    /// </summary>
    private sealed class KeptDeclaration
    {
        private static readonly KeptDeclaration Nothing = new(null, null, null);

        private readonly WeakReference<SyntaxNode>? _node;
        private readonly string? _id;
        private readonly SymbolKind? _kind;

        private KeptDeclaration(SyntaxNode? node, string? id, SymbolKind? kind)
        {
            _node = node is null ? null : new WeakReference<SyntaxNode>(node);
            _id = id;
            _kind = kind;
        }

        /// <summary>
        /// What to keep for <paramref name="definition"/>, or null when finding it again would not give back the very
        /// symbol the binding gave (a reduced extension method, a record's property declared by its parameter): such a
        /// name is bound every time.
        /// </summary>
        public static KeptDeclaration? Of(ISymbol? definition, Compilation compilation, CancellationToken cancellationToken)
        {
            if (definition is null)
            {
                return Nothing;
            }

            var node = definition.IsImplicitlyDeclared ? null : definition.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            var id = IdOf(definition);
            var kept = new KeptDeclaration(node, id is not null && DocumentationCommentId.GetSymbolsForDeclarationId(id, compilation) is { Length: 1 } byId
                && SymbolEqualityComparer.Default.Equals(byId[0].OriginalDefinition, definition) ? id : null, definition.Kind);
            return kept.TryResolve(compilation, cancellationToken, out var again) && SymbolEqualityComparer.Default.Equals(again, definition) ? kept : null;
        }

        /// <summary>The documentation id of a member or type; null for a local function, local or parameter (their id is not their own).</summary>
        private static string? IdOf(ISymbol symbol) =>
            symbol is IMethodSymbol { MethodKind: not MethodKind.LocalFunction } or IPropertySymbol or IEventSymbol or IFieldSymbol or INamedTypeSymbol
                ? DocumentationCommentId.CreateDeclarationId(symbol)
                : null;

        /// <summary>The same declaration in <paramref name="compilation"/>, or false when it cannot be told for sure.</summary>
        public bool TryResolve(Compilation compilation, CancellationToken cancellationToken, out ISymbol? symbol)
        {
            symbol = null;
            if (_kind is null)
            {
                return true;
            }

            // A local function or a member without an id (an error type's) has no other name than its node: its tree must be the same.
            if (_node is not null && _node.TryGetTarget(out var node) && compilation.ContainsSyntaxTree(node.SyntaxTree))
            {
                var declared = SemanticModels.Of(compilation, node.SyntaxTree).GetDeclaredSymbol(node, cancellationToken)?.OriginalDefinition;
                symbol = declared is not null && declared.Kind == _kind && (_id is null || IdOf(declared) == _id) ? declared : null;
                return symbol is not null;
            }

            // The declaring tree was edited (a body changed): found by its id when exactly one declaration has it.
            if (_id is null || DocumentationCommentId.GetSymbolsForDeclarationId(_id, compilation) is not { Length: 1 } found)
            {
                return false;
            }

            var candidate = found[0].OriginalDefinition;
            symbol = candidate.Kind == _kind && candidate.DeclaringSyntaxReferences.Length > 0 && !candidate.IsImplicitlyDeclared && IdOf(candidate) == _id ? candidate : null;
            return symbol is not null;
        }
    }
}
