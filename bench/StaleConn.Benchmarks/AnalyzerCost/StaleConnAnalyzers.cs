using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Diagnostics;
using StaleConn.Analyzers.Rules;

namespace StaleConn.Benchmarks.AnalyzerCost;

/// <summary>Every analyzer in the StaleConn.Analyzers assembly, found by reflection so new rules are measured too.</summary>
public static class StaleConnAnalyzers
{
    /// <summary>A fresh instance of each analyzer.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Create() =>
        typeof(StaticConnectionAnalyzer).Assembly.GetTypes()
            .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type)
                && type.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), inherit: false).Length > 0)
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
            .ToImmutableArray();

    /// <summary>The rule ids those analyzers can report.</summary>
    public static ImmutableHashSet<string> SupportedRuleIds(ImmutableArray<DiagnosticAnalyzer> analyzers) =>
        analyzers.SelectMany(analyzer => analyzer.SupportedDiagnostics).Select(d => d.Id).ToImmutableHashSet();
}
