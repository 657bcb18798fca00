using System.Collections.Immutable;
using Microsoft.CodeAnalysis.CodeFixes;
using StaleConn.CodeFixes;

namespace StaleConn.Benchmarks.CodeFixLatency;

/// <summary>Every code fix provider in the StaleConn.CodeFixes assembly, found by reflection so new fixers are measured too.</summary>
public static class StaleConnCodeFixes
{
    public static ImmutableArray<CodeFixProvider> Create() =>
        typeof(GuardWithConnectionGuardCodeFixProvider).Assembly.GetTypes()
            .Where(type => !type.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(type)
                && type.GetCustomAttributes(typeof(ExportCodeFixProviderAttribute), inherit: false).Length > 0)
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .Select(type => (CodeFixProvider)Activator.CreateInstance(type)!)
            .ToImmutableArray();
}
