using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace StaleConn.Benchmarks.AnalyzerCost;

/// <summary>One measurement of the analyzers against the compiler on the same generated compilation.</summary>
/// <param name="CompilerTime">Wall time of <c>Compilation.GetDiagnostics()</c> on a fresh compilation (parse, declare, bind, flow analysis).</param>
/// <param name="AnalyzerTime">Sum over StaleConn's analyzers of the driver's telemetry <c>ExecutionTime</c>.</param>
/// <param name="AnalyzerTimes">Telemetry execution time per analyzer type name.</param>
/// <param name="DriverWallTime">Wall time of <c>CompilationWithAnalyzers.GetAnalyzerDiagnosticsAsync</c> (driver, binding of its own compilation copy and analyzers).</param>
/// <param name="CompilerErrors">Error diagnostics of the compilation (must be empty for a fair measurement).</param>
/// <param name="Diagnostics">StaleConn diagnostics by rule id.</param>
/// <param name="AnalyzerExceptions">Analyzer exceptions (AD0001), caught by the driver.</param>
/// <param name="EmitTime">Wall time of <c>Compilation.Emit</c> on a fresh compilation: what the compiler does to build the assembly (bind, check, lower, generate code), as <c>csc</c> does.</param>
/// <param name="DriverGcPause">Garbage-collection pause time during the analyzer pass (a pause that falls inside a callback is counted as the callback's time).</param>
/// <param name="CompilerProcessorTime">Processor time of the compiler's thread during <c>GetDiagnostics</c> (zero where the thread clock is missing).</param>
/// <param name="AnalyzerProcessorTimes">Processor time of each analyzer's callbacks, on their threads' clocks, by analyzer type name.</param>
/// <param name="CallbackProcessorTimes">The same split by kind of callback ("HeldByLongLivedOwnerAnalyzer symbol"), with how many ran.</param>
/// <param name="CompilerAllocatedBytes">Bytes the compiler's thread allocated during <c>GetDiagnostics</c> (zero when concurrent).</param>
/// <param name="AnalyzerAllocatedBytes">Bytes each analyzer's callbacks allocated, by analyzer type name.</param>
/// <param name="CallbackAllocatedBytes">The same split by kind of callback, keyed as <paramref name="CallbackProcessorTimes"/>.</param>
public sealed record AnalyzerCostResult(
    TimeSpan CompilerTime,
    TimeSpan AnalyzerTime,
    ImmutableDictionary<string, TimeSpan> AnalyzerTimes,
    TimeSpan DriverWallTime,
    ImmutableArray<Diagnostic> CompilerErrors,
    ImmutableDictionary<string, int> Diagnostics,
    ImmutableArray<string> AnalyzerExceptions,
    TimeSpan EmitTime,
    TimeSpan DriverGcPause,
    TimeSpan CompilerProcessorTime,
    ImmutableDictionary<string, TimeSpan> AnalyzerProcessorTimes,
    ImmutableDictionary<string, (TimeSpan Time, long Count)> CallbackProcessorTimes,
    long CompilerAllocatedBytes,
    ImmutableDictionary<string, long> AnalyzerAllocatedBytes,
    ImmutableDictionary<string, long> CallbackAllocatedBytes)
{
    /// <summary>Processor time and bytes of <see cref="FirstTouchProbe"/> when it ran first (zero otherwise); not in any StaleConn total.</summary>
    public (TimeSpan Time, long Bytes, long Callbacks) FirstTouch { get; init; }

    /// <summary>
    /// Processor time of the whole process during <c>GetAnalyzerDiagnosticsAsync</c>: the driver's own binding of its
    /// compilation copy, the driver, and every callback. Beside <see cref="CompilerProcessorTime"/> it shows what the
    /// analyzers cost outside their callbacks (operation trees the driver builds for an operation action).
    /// </summary>
    public TimeSpan DriverProcessorTime { get; init; }

    /// <summary>Bytes the whole process allocated during <c>GetAnalyzerDiagnosticsAsync</c>; read beside <see cref="CompilerAllocatedBytes"/>.</summary>
    public long DriverAllocatedBytes { get; init; }

    /// <summary>Analyzer time as a fraction of the compiler's own time (binding and checking: <c>GetDiagnostics</c>).</summary>
    public double Ratio => AnalyzerTime.TotalMilliseconds / CompilerTime.TotalMilliseconds;

    /// <summary>Processor time of all StaleConn callbacks.</summary>
    public TimeSpan AnalyzerProcessorTime => TimeSpan.FromTicks(AnalyzerProcessorTimes.Values.Sum(t => t.Ticks));

    /// <summary>
    /// The same ratio on processor time (callbacks' thread clocks against the compiler thread's): what other work on
    /// the machine does not stretch. NaN where the thread clock is missing.
    /// </summary>
    public double ProcessorRatio => CompilerProcessorTime > TimeSpan.Zero ? AnalyzerProcessorTime.TotalMilliseconds / CompilerProcessorTime.TotalMilliseconds : double.NaN;

    /// <summary>Bytes allocated by all StaleConn callbacks.</summary>
    public long AnalyzerAllocatedTotal => AnalyzerAllocatedBytes.Values.Sum();

    /// <summary>
    /// Bytes the callbacks allocated over bytes the compiler allocated binding the same sources: a work measure that the
    /// machine's load does not move (processor time stretches with cache misses and steal). NaN when concurrent.
    /// </summary>
    public double AllocationRatio => CompilerAllocatedBytes > 0 ? (double)AnalyzerAllocatedTotal / CompilerAllocatedBytes : double.NaN;

    /// <summary>Analyzer time as a fraction of the time to compile the assembly (<c>Emit</c>).</summary>
    public double EmitRatio => AnalyzerTime.TotalMilliseconds / EmitTime.TotalMilliseconds;
}

/// <summary>What one analyzed compilation produced.</summary>
/// <param name="CompilerErrors">Compiler errors.</param>
/// <param name="Diagnostics">StaleConn diagnostics by rule id.</param>
/// <param name="AnalyzerExceptions">Analyzer exceptions (AD0001), caught by the driver.</param>
public sealed record AnalyzerRun(
    ImmutableArray<Diagnostic> CompilerErrors,
    ImmutableDictionary<string, int> Diagnostics,
    ImmutableArray<string> AnalyzerExceptions);

/// <summary>Compiles a generated solution with and without StaleConn's analyzers and reads the driver's telemetry.</summary>
public static class AnalyzerCostMeasurement
{
    /// <summary>Parses <paramref name="solution"/> into one C# library compilation.</summary>
    /// <param name="solution">The generated sources.</param>
    /// <param name="concurrent">Whether the compiler may bind on several threads.</param>
    /// <param name="references">What it compiles against: <see cref="CompilationReferences.Get"/> unless given (real code).</param>
    public static CSharpCompilation CreateCompilation(GeneratedSolution solution, bool concurrent = true, ImmutableArray<MetadataReference>? references = null)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = solution.Files.Select(file => CSharpSyntaxTree.ParseText(file.Text, parseOptions, file.Path));
        var options = new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                optimizationLevel: OptimizationLevel.Release,
                concurrentBuild: concurrent)
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
            {
                // Reference-pack unification notes, as the SDK suppresses them.
                ["CS1701"] = ReportDiagnostic.Suppress,
                ["CS1702"] = ReportDiagnostic.Suppress,
            });
        return CSharpCompilation.Create("Contoso.Services", trees, references ?? CompilationReferences.Get(), options);
    }

    /// <summary>Compiles once with the analyzers (one binding pass serves both) and returns everything reported.</summary>
    public static async Task<AnalyzerRun> RunOnceAsync(GeneratedSolution solution, ImmutableArray<DiagnosticAnalyzer> analyzers, CancellationToken cancellationToken = default)
    {
        var exceptions = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var withAnalyzers = CreateCompilation(solution).WithAnalyzers(analyzers, Options(exceptions, logTime: false, concurrent: true));
        var all = await withAnalyzers.GetAllDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        var ruleIds = StaleConnAnalyzers.SupportedRuleIds(analyzers);
        return new AnalyzerRun(
            all.Where(d => d.Severity == DiagnosticSeverity.Error && !ruleIds.Contains(d.Id)).ToImmutableArray(),
            all.Where(d => ruleIds.Contains(d.Id)).GroupBy(d => d.Id).ToImmutableDictionary(g => g.Key, g => g.Count()),
            exceptions.ToImmutableArray());
    }

    /// <summary>
    /// Times the compiler on one fresh compilation, then runs the analyzers over another fresh copy with execution-time
    /// telemetry on. Each part starts from unbound syntax trees so neither reuses the other's binding.
    /// </summary>
    /// <param name="solution">The generated sources.</param>
    /// <param name="concurrent">
    /// False (the fair default): compiler and analyzers each on one thread, so both times are work. True: both
    /// concurrent as in a real build; the telemetry then sums callback times over threads while the compiler's time is
    /// wall time, which overstates the ratio by up to the number of cores.
    /// </param>
    /// <param name="cancellationToken">Cancels the measurement.</param>
    /// <param name="references">What the sources compile against (real code: <see cref="CompilationReferences.ForRealCode"/>).</param>
    /// <param name="realCode">
    /// Real sources: compile errors are expected (their packages are not all restored here), so the assembly is not
    /// built; the ratio is to binding, as for the generated solution.
    /// </param>
    public static async Task<AnalyzerCostResult> MeasureAsync(
        GeneratedSolution solution, bool concurrent = false, CancellationToken cancellationToken = default, ImmutableArray<MetadataReference>? references = null, bool realCode = false, bool firstTouchProbe = false)
    {
        var analyzers = StaleConnAnalyzers.Create().Select(analyzer => new ProcessorTimedAnalyzer(analyzer)).ToImmutableArray();
        var probe = firstTouchProbe ? new ProcessorTimedAnalyzer(new FirstTouchProbe()) : null;

        CSharpCompilation? compilerCompilation = CreateCompilation(solution, concurrent, references);
        BindReferencesAndDeclarations(compilerCompilation);
        CollectGarbage();
        var stopwatch = Stopwatch.StartNew();
        var compilerAllocatedStart = GC.GetAllocatedBytesForCurrentThread();
        var compilerProcessorStart = ThreadProcessorTime.Now();
        var compilerDiagnostics = compilerCompilation.GetDiagnostics(cancellationToken);
        // One thread when not concurrent (the fair default); concurrent binding would leave other threads' time out.
        var compilerProcessorTime = concurrent ? TimeSpan.Zero : ThreadProcessorTime.Now() - compilerProcessorStart;
        var compilerAllocatedBytes = concurrent ? 0 : GC.GetAllocatedBytesForCurrentThread() - compilerAllocatedStart;
        var compilerTime = stopwatch.Elapsed;

        compilerCompilation = null;
        var emitTime = TimeSpan.Zero;
        if (!realCode)
        {
            CSharpCompilation? emittedCompilation = CreateCompilation(solution, concurrent, references);
            BindReferencesAndDeclarations(emittedCompilation);
            CollectGarbage();
            stopwatch.Restart();
            var emitResult = emittedCompilation.Emit(Stream.Null, cancellationToken: cancellationToken);
            emitTime = stopwatch.Elapsed;
            if (!emitResult.Success)
            {
                throw new InvalidOperationException("The generated solution does not emit: " + emitResult.Diagnostics.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error));
            }

            emittedCompilation = null;
        }

        var analyzerExceptions = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var analyzedCompilation = CreateCompilation(solution, concurrent, references);
        BindReferencesAndDeclarations(analyzedCompilation);
        var driven = probe is null ? analyzers.CastArray<DiagnosticAnalyzer>() : analyzers.CastArray<DiagnosticAnalyzer>().Insert(0, probe);
        var withAnalyzers = analyzedCompilation.WithAnalyzers(driven, Options(analyzerExceptions, logTime: true, concurrent));
        CollectGarbage();
        var pauseBefore = GC.GetTotalPauseDuration();
        var driverAllocatedStart = GC.GetTotalAllocatedBytes(precise: true);
        var driverProcessorStart = Process.GetCurrentProcess().TotalProcessorTime;
        stopwatch.Restart();
        var analyzerDiagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        var driverWallTime = stopwatch.Elapsed;
        var driverProcessorTime = Process.GetCurrentProcess().TotalProcessorTime - driverProcessorStart;
        var driverAllocatedBytes = GC.GetTotalAllocatedBytes(precise: true) - driverAllocatedStart;
        var driverGcPause = GC.GetTotalPauseDuration() - pauseBefore;

        // The callbacks' clocks are read before the telemetry: GetAnalyzerTelemetryInfoAsync counts each analyzer's
        // actions on a driver of its own, over a new copy of the compilation, which runs every compilation-start action
        // again (cost26's start callbacks counted twice per compilation).
        var processorTimes = ImmutableDictionary.CreateBuilder<string, TimeSpan>();
        var callbackTimes = ImmutableDictionary.CreateBuilder<string, (TimeSpan Time, long Count)>();
        var allocated = ImmutableDictionary.CreateBuilder<string, long>();
        var callbackAllocated = ImmutableDictionary.CreateBuilder<string, long>();
        foreach (var analyzer in analyzers)
        {
            processorTimes[analyzer.Inner.GetType().Name] = analyzer.ProcessorTime;
            allocated[analyzer.Inner.GetType().Name] = analyzer.AllocatedBytes;
            for (var kind = 0; kind < ProcessorTimedAnalyzer.CallbackKinds.Length; kind++)
            {
                if (analyzer.CallbacksOf(kind) > 0)
                {
                    var key = analyzer.Inner.GetType().Name + " " + ProcessorTimedAnalyzer.CallbackKinds[kind];
                    callbackTimes[key] = (analyzer.ProcessorTimeOf(kind), analyzer.CallbacksOf(kind));
                    callbackAllocated[key] = analyzer.AllocatedBytesOf(kind);
                }
            }
        }

        var times = ImmutableDictionary.CreateBuilder<string, TimeSpan>();
        foreach (var analyzer in analyzers)
        {
            var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, cancellationToken).ConfigureAwait(false);
            times[analyzer.Inner.GetType().Name] = telemetry.ExecutionTime;
        }

        return new AnalyzerCostResult(
            compilerTime,
            TimeSpan.FromTicks(times.Values.Sum(t => t.Ticks)),
            times.ToImmutable(),
            driverWallTime,
            compilerDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray(),
            analyzerDiagnostics.GroupBy(d => d.Id).ToImmutableDictionary(g => g.Key, g => g.Count()),
            analyzerExceptions.ToImmutableArray(),
            emitTime,
            driverGcPause,
            compilerProcessorTime,
            processorTimes.ToImmutable(),
            callbackTimes.ToImmutable(),
            compilerAllocatedBytes,
            allocated.ToImmutable(),
            callbackAllocated.ToImmutable())
        {
            FirstTouch = probe is null ? default : (probe.ProcessorTime, probe.AllocatedBytes, probe.CallbacksOf(Array.IndexOf(ProcessorTimedAnalyzer.CallbackKinds, "symbol"))),
            DriverProcessorTime = driverProcessorTime,
            DriverAllocatedBytes = driverAllocatedBytes,
        };
    }

    /// <summary>
    /// A full collection before each timed part, as BenchmarkDotNet does between iterations: each part then starts with
    /// the same clean heap instead of paying for the garbage the part before it left (the compilations of a round hold
    /// gigabytes, and a collection that starts inside an analyzer callback is counted as the callback's time).
    /// </summary>
    private static void CollectGarbage()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>
    /// Binds the compilation's references (hundreds of reference-pack assemblies) and merges the source files'
    /// declarations into its global namespace before a stopwatch starts, on both compilations alike. Both are the
    /// compiler's own work, which every compilation does whether analyzers run or not; but the first analyzer to look
    /// up a type by name in its compilation-start action (<c>GetTypeByMetadataName</c> searches the source assembly
    /// first) would otherwise be charged with whichever part the compiler has not done yet: binding the references
    /// (50–130 ms per 50,000 lines here) and merging 3,375 files' declarations (15–30 ms for 200,000 lines, measured by
    /// putting a probe analyzer that only does those lookups first).
    /// </summary>
    private static void BindReferencesAndDeclarations(Compilation compilation)
    {
        _ = compilation.GetSpecialType(SpecialType.System_Object);
        _ = compilation.Assembly.GlobalNamespace;
    }

    private static CompilationWithAnalyzersOptions Options(System.Collections.Concurrent.ConcurrentQueue<string> exceptions, bool logTime, bool concurrent) => new(
        new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
        onAnalyzerException: (exception, analyzer, _) => exceptions.Enqueue($"{analyzer.GetType().Name}: {exception}"),
        concurrentAnalysis: concurrent,
        logAnalyzerExecutionTime: logTime,
        reportSuppressedDiagnostics: false);
}
