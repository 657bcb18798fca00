using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// One semantic model per tree, kept as long as its compilation lives: a model keeps the method bodies it has bound, so
/// the lightbulb's plans (a guard and a pooled connection per use, planned side by side) and every later lightbulb on
/// the same compilation bind each method once instead of once per plan.
/// </summary>
internal static class SemanticModels
{
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<SyntaxTree, SemanticModel>> Table = new();

    /// <summary>The shared model of <paramref name="tree"/> (RS1030 is about analyzers; code fixes may ask the compilation).</summary>
    public static SemanticModel Of(Compilation compilation, SyntaxTree tree) =>
        Table.GetValue(compilation, _ => new ConcurrentDictionary<SyntaxTree, SemanticModel>()).GetOrAdd(tree, t => compilation.GetSemanticModel(t));

    /// <summary>Whether a step asked for <paramref name="tree"/>'s model in <paramref name="compilation"/> (for tests: which trees a search bound).</summary>
    public static bool WasAskedFor(Compilation compilation, SyntaxTree tree) =>
        Table.TryGetValue(compilation, out var models) && models.ContainsKey(tree);
}
