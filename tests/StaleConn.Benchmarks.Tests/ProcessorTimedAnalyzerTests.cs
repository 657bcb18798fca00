using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using StaleConn.Benchmarks.AnalyzerCost;

namespace StaleConn.Benchmarks.Tests;

/// <summary>
/// analyzer-cost's processor-time wrapper: the measured analyzer still reports through it, and each kind of callback
/// is charged the processor time its thread spent in it.
/// </summary>
public sealed class ProcessorTimedAnalyzerTests
{
    private static readonly TimeSpan Burn = TimeSpan.FromMilliseconds(40);

    [Fact]
    public async Task Charges_each_symbol_callback_its_processor_time_and_passes_its_diagnostics_through()
    {
        Assert.True(ThreadProcessorTime.IsAvailable, "The bench runs on Linux, where the thread clock exists.");
        var timed = new ProcessorTimedAnalyzer(new BurningAnalyzer());
        var compilation = CSharpCompilation.Create(
            "Probe",
            [CSharpSyntaxTree.ParseText("public class A { } public class B { }")],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)]);

        var diagnostics = await compilation.WithAnalyzers([timed]).GetAnalyzerDiagnosticsAsync();

        Assert.Equal(["A", "B"], diagnostics.Select(d => d.GetMessage()).Order());
        var symbol = Array.IndexOf(ProcessorTimedAnalyzer.CallbackKinds, "symbol");
        var start = Array.IndexOf(ProcessorTimedAnalyzer.CallbackKinds, "compilation start");
        Assert.Equal(2, timed.CallbacksOf(symbol));
        Assert.InRange(timed.ProcessorTimeOf(symbol), 2 * Burn * 0.9, 2 * Burn * 3);
        Assert.True(timed.CallbacksOf(start) >= 1);
        Assert.True(timed.ProcessorTimeOf(start) < Burn / 2, $"start work charged {timed.ProcessorTimeOf(start)}");
        Assert.Equal(timed.ProcessorTime, TimeSpan.FromTicks(Enumerable.Range(0, ProcessorTimedAnalyzer.CallbackKinds.Length).Sum(k => timed.ProcessorTimeOf(k).Ticks)));
    }

    /// <summary>
    /// Roslyn's telemetry query builds a driver of its own over a new copy of the compilation, which runs the
    /// compilation-start actions again: analyzer-cost reads the clocks before it, so each start is counted once.
    /// </summary>
    [Fact]
    public async Task Measurement_counts_one_compilation_start_per_analyzer_although_telemetry_runs_them_again()
    {
        var timed = new ProcessorTimedAnalyzer(new BurningAnalyzer());
        var compilation = CSharpCompilation.Create(
            "Probe",
            [CSharpSyntaxTree.ParseText("public class A { }")],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)]);
        var start = Array.IndexOf(ProcessorTimedAnalyzer.CallbackKinds, "compilation start");
        var withAnalyzers = compilation.WithAnalyzers([timed], new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), null, false, true, false));
        await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        Assert.Equal(1, timed.CallbacksOf(start));
        await withAnalyzers.GetAnalyzerTelemetryInfoAsync(timed, default);
        Assert.Equal(2, timed.CallbacksOf(start));

        var measured = await AnalyzerCostMeasurement.MeasureAsync(ServiceSolutionGenerator.Generate(100));

        var starts = measured.CallbackProcessorTimes.Where(p => p.Key.EndsWith(" compilation start", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(starts);
        Assert.All(starts, p => Assert.Equal(1, p.Value.Count));

        // The same run's allocation: the compiler's thread and every callback, split by kind as the processor times are.
        Assert.True(measured.CompilerAllocatedBytes > 1_000_000, $"binding allocated {measured.CompilerAllocatedBytes} bytes");
        Assert.True(measured.AnalyzerAllocatedTotal > 0);
        Assert.Equal(measured.AnalyzerAllocatedTotal, measured.CallbackAllocatedBytes.Values.Sum());
        Assert.Equal(measured.CallbackProcessorTimes.Keys.Order(), measured.CallbackAllocatedBytes.Keys.Order());
        Assert.Equal((double)measured.AnalyzerAllocatedTotal / measured.CompilerAllocatedBytes, measured.AllocationRatio, 12);
    }

    /// <summary>Each callback is charged the bytes its own thread allocated: two types, 256 KB each, none at start.</summary>
    [Fact]
    public async Task Charges_each_symbol_callback_the_bytes_it_allocated()
    {
        var timed = new ProcessorTimedAnalyzer(new AllocatingAnalyzer());
        var compilation = CSharpCompilation.Create(
            "Probe",
            [CSharpSyntaxTree.ParseText("public class A { } public class B { }")],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)]);

        await compilation.WithAnalyzers([timed]).GetAnalyzerDiagnosticsAsync();

        var symbol = Array.IndexOf(ProcessorTimedAnalyzer.CallbackKinds, "symbol");
        var start = Array.IndexOf(ProcessorTimedAnalyzer.CallbackKinds, "compilation start");
        Assert.InRange(timed.AllocatedBytesOf(symbol), 2 * AllocatingAnalyzer.Bytes, (2 * AllocatingAnalyzer.Bytes) + 16_384);
        Assert.InRange(timed.AllocatedBytesOf(start), 0, AllocatingAnalyzer.Bytes / 8);
        Assert.Equal(timed.AllocatedBytes, Enumerable.Range(0, ProcessorTimedAnalyzer.CallbackKinds.Length).Sum(timed.AllocatedBytesOf));
    }

    /// <summary>
    /// The wrapper's own work is not charged to the analyzer: a per-type start that does nothing allocates nothing, so
    /// the context the wrapper builds around each start (to time what the start registers) is built outside the timing.
    /// </summary>
    [Fact]
    public async Task Charges_a_per_type_start_that_does_nothing_no_bytes()
    {
        var timed = new ProcessorTimedAnalyzer(new IdleTypeStartAnalyzer());
        var compilation = CSharpCompilation.Create(
            "Probe",
            [CSharpSyntaxTree.ParseText(string.Concat(Enumerable.Range(0, 50).Select(i => $"public class C{i} {{ }} ")))],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)]);

        await compilation.WithAnalyzers([timed]).GetAnalyzerDiagnosticsAsync();

        var symbolStart = Array.IndexOf(ProcessorTimedAnalyzer.CallbackKinds, "symbol start");
        Assert.Equal(50, timed.CallbacksOf(symbolStart));
        Assert.Equal(0, timed.AllocatedBytesOf(symbolStart));
    }

    [Fact]
    public void The_thread_clock_does_not_count_time_spent_asleep()
    {
        var before = ThreadProcessorTime.Now();
        Thread.Sleep(200);
        Assert.True(ThreadProcessorTime.Now() - before < TimeSpan.FromMilliseconds(50));
    }

    /// <summary>Spins on the processor for <see cref="Burn"/> of thread time per named type, then reports it.</summary>
#pragma warning disable RS1001, RS1036, RS2008 // a test analyzer, handed to the driver directly
    private sealed class BurningAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = new("BURN001", "Burns", "{0}", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Rule];

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start => start.RegisterSymbolAction(
                symbolContext =>
                {
                    var begun = ThreadProcessorTime.Now();
                    while (ThreadProcessorTime.Now() - begun < Burn)
                    {
                        Thread.SpinWait(100);
                    }

                    symbolContext.ReportDiagnostic(Diagnostic.Create(Rule, symbolContext.Symbol.Locations[0], symbolContext.Symbol.Name));
                },
                SymbolKind.NamedType));
        }
    }

    /// <summary>Allocates <see cref="Bytes"/> per named type (small-heap arrays, each published so none is optimized away).</summary>
    private sealed class AllocatingAnalyzer : DiagnosticAnalyzer
    {
        public const int Bytes = 16 * ArrayBytes;

        private const int ArrayBytes = 16 * 1024;

        // The driver skips an analyzer that supports no diagnostic, so this one declares one it never reports.
        private static readonly DiagnosticDescriptor Rule = new("ALLOC001", "Allocates", "{0}", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        private static volatile byte[]? sink;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Rule];

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start => start.RegisterSymbolAction(
                symbolContext =>
                {
                    for (var i = 0; i < Bytes / ArrayBytes; i++)
                    {
                        // An array's header and length come on top of its elements: ask for exactly ArrayBytes in all.
                        sink = new byte[ArrayBytes - (3 * IntPtr.Size)];
                    }
                },
                SymbolKind.NamedType));
        }
    }
    /// <summary>Registers a per-type start that does nothing: what the wrapper alone costs.</summary>
    private sealed class IdleTypeStartAnalyzer : DiagnosticAnalyzer
    {
        // The driver skips an analyzer that supports no diagnostic, so this one declares one it never reports.
        private static readonly DiagnosticDescriptor Rule = new("IDLE001", "Idles", "{0}", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Rule];

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start => start.RegisterSymbolStartAction(static _ => { }, SymbolKind.NamedType));
        }
    }
#pragma warning restore RS1001, RS1036, RS2008
}
