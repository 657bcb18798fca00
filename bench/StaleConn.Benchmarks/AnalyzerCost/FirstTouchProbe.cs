using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace StaleConn.Benchmarks.AnalyzerCost;

/// <summary>
/// <c>analyzer-cost --first-touch-probe</c>: an analyzer put before StaleConn's that only reads, for every field and
/// property, what every rule's first guard reads (static or not, the containing type's kind, the member's type and its
/// definition). The driver runs a symbol's actions analyzer by analyzer, so whichever runs first pays for touching the
/// symbol first (its memory brought into the cache, lazily computed parts). With the probe first, a StaleConn rule's
/// symbol time is its own work; the probe's time, printed apart and left out of the ratio, is that first touch.
/// </summary>
#pragma warning disable RS1001, RS1036, RS2008 // a bench probe, handed to the driver directly
internal sealed class FirstTouchProbe : DiagnosticAnalyzer
{
    // The driver skips an analyzer that supports no diagnostic; this one is never reported.
    private static readonly DiagnosticDescriptor Never = new("PROBE001", "Touches members first", "{0}", "Bench", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    /// <summary>The probe's name in the callback tables.</summary>
    public const string Name = nameof(FirstTouchProbe);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Never];

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterSymbolAction(Touch, SymbolKind.Field, SymbolKind.Property);
    }

    private static void Touch(SymbolAnalysisContext context)
    {
        var member = context.Symbol;
        var type = member switch
        {
            IFieldSymbol field => field.Type,
            IPropertySymbol property => property.Type,
            _ => null,
        };
        GC.KeepAlive((member.IsStatic, member.ContainingType.TypeKind, type?.SpecialType, type?.TypeKind, type?.OriginalDefinition));
    }
}
#pragma warning restore RS1001, RS1036, RS2008
