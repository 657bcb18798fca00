using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using StaleConn.Benchmarks.AnalyzerCost;
using StaleConn.CodeFixes.Guarding.Planning;
using static StaleConn.Benchmarks.Infrastructure.CommandHelpers;

namespace StaleConn.Benchmarks.CodeFixLatency;

/// <summary>
/// <c>named-nodes-memory [--lines N]</c>: what the fixers' per-tree name index (<see cref="NamedNodes"/>) keeps alive on
/// the generated service solution — the managed heap after a full collection, before and after every tree is indexed,
/// with every tree already walked (as the analyzers leave it in an editor), so the growth is the index's own.
/// </summary>
public static class NamedNodesMemoryCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var generated = ServiceSolutionGenerator.Generate(IntOption(args, "--lines", ServiceSolutionGenerator.DefaultTargetLines));
        var project = CodeFixLatencyCommand.CreateProject(new LatencyInput("generated service solution", generated.Files.Select(f => (f.Path, f.Text)).ToList(), ImmutableArray<MetadataReference>.Empty));
        var roots = new List<SyntaxNode>();
        var nodes = 0L;
        foreach (var document in project.Documents)
        {
            // Roots held, and walked once, so that neither the trees nor their nodes are counted as the index's.
            var root = (await document.GetSyntaxRootAsync().ConfigureAwait(false))!;
            nodes += root.DescendantNodes().LongCount();
            roots.Add(root);
        }

        var before = HeapAfterFullCollection();
        var names = 0L;
        foreach (var root in roots)
        {
            names += NamedNodes.Count(root.SyntaxTree, CancellationToken.None);
        }

        var after = HeapAfterFullCollection();
        var lines = generated.Files.Sum(f => f.Text.Count(c => c == '\n') + 1);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"NamedNodes on the generated solution: {roots.Count:N0} trees, {lines:N0} lines, {nodes:N0} nodes, {names:N0} simple names indexed; heap {before / 1e6:F1} MB → {after / 1e6:F1} MB: {(after - before) / 1e6:F1} MB kept by the index ({(double)(after - before) / lines:F0} bytes a line, {(double)(after - before) / Math.Max(1, names):F0} a name)"));
        GC.KeepAlive(roots);
        return 0;
    }

    private static long HeapAfterFullCollection()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
