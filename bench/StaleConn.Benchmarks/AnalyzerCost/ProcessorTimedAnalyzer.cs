using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace StaleConn.Benchmarks.AnalyzerCost;

/// <summary>
/// One analyzer with the processor time of each of its callbacks added up (<see cref="ThreadProcessorTime"/>). The
/// driver's telemetry times callbacks by the wall clock, which on a loaded machine also counts the time a callback's
/// thread waited for a core; the same callbacks timed on their thread's own clock compare with the compiler's
/// processor time however many other builds run. Registrations go to the driver unchanged, each action wrapped.
/// </summary>
#pragma warning disable RS1001, RS1012, RS1025, RS1026 // a wrapper: the measured analyzer registers (and configures) through it, not for itself
internal sealed class ProcessorTimedAnalyzer : DiagnosticAnalyzer
{
    private readonly long[] _ticks = new long[CallbackKinds.Length];
    private readonly long[] _callbacks = new long[CallbackKinds.Length];
    private readonly long[] _bytes = new long[CallbackKinds.Length];

    public ProcessorTimedAnalyzer(DiagnosticAnalyzer inner) => Inner = inner;

    /// <summary>The analyzer measured.</summary>
    public DiagnosticAnalyzer Inner { get; }

    /// <summary>The kinds of callback timed apart: start work against the per-symbol and per-operation work.</summary>
    public static readonly string[] CallbackKinds = { "compilation start", "symbol", "symbol start", "symbol end", "operation", "other" };

    /// <summary>Processor time of every callback so far, less the clock's own cost per callback.</summary>
    public TimeSpan ProcessorTime => TimeSpan.FromTicks(Enumerable.Range(0, CallbackKinds.Length).Sum(kind => ProcessorTimeOf(kind).Ticks));

    /// <summary>Processor time of the callbacks of one kind (an index of <see cref="CallbackKinds"/>).</summary>
    public TimeSpan ProcessorTimeOf(int kind) =>
        TimeSpan.FromTicks(Math.Max(0, Interlocked.Read(ref _ticks[kind]) - (Interlocked.Read(ref _callbacks[kind]) * ThreadProcessorTime.PairOverhead.Ticks)));

    /// <summary>How many callbacks of one kind ran.</summary>
    public long CallbacksOf(int kind) => Interlocked.Read(ref _callbacks[kind]);

    /// <summary>
    /// Bytes the callbacks of one kind allocated on their threads (<see cref="GC.GetAllocatedBytesForCurrentThread"/>):
    /// the same work allocates the same bytes however loaded the machine is, so a cut shows here when the processor
    /// times' spread hides it.
    /// </summary>
    public long AllocatedBytesOf(int kind) => Interlocked.Read(ref _bytes[kind]);

    /// <summary>Bytes allocated by every callback so far.</summary>
    public long AllocatedBytes => Enumerable.Range(0, CallbackKinds.Length).Sum(AllocatedBytesOf);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Inner.SupportedDiagnostics;

    public override void Initialize(AnalysisContext context) => Inner.Initialize(new TimedAnalysisContext(context, this));

    private Action<T> Timed<T>(Action<T> action)
    {
        var kind = Array.IndexOf(CallbackKinds, typeof(T).Name switch
        {
            nameof(CompilationStartAnalysisContext) => "compilation start",
            nameof(SymbolAnalysisContext) => "symbol",
            nameof(SymbolStartAnalysisContext) => "symbol start",
            nameof(OperationAnalysisContext) => "operation",
            _ => "other",
        });
        return Timed(action, kind);
    }

    // The wrapping contexts are built before the clocks are read: the wrapper's bytes are not the analyzer's (stop 36
    // charged ~88 B of them to every per-type start).
    private Action<CompilationStartAnalysisContext> TimedCompilationStart(Action<CompilationStartAnalysisContext> action)
    {
        var timed = Timed(action);
        return start => timed(new TimedCompilationStartContext(start, this));
    }

    private Action<SymbolStartAnalysisContext> TimedSymbolStart(Action<SymbolStartAnalysisContext> action)
    {
        var timed = Timed(action);
        return start => timed(new TimedSymbolStartContext(start, this));
    }

    private Action<SymbolAnalysisContext> TimedEnd(Action<SymbolAnalysisContext> action) => Timed(action, Array.IndexOf(CallbackKinds, "symbol end"));

    private Action<T> Timed<T>(Action<T> action, int kind) => argument =>
    {
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var start = ThreadProcessorTime.Now();
        try
        {
            action(argument);
        }
        finally
        {
            Interlocked.Add(ref _ticks[kind], (ThreadProcessorTime.Now() - start).Ticks);
            Interlocked.Add(ref _bytes[kind], GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
            Interlocked.Increment(ref _callbacks[kind]);
        }
    };

    private sealed class TimedAnalysisContext(AnalysisContext inner, ProcessorTimedAnalyzer timer) : AnalysisContext
    {
        public override void EnableConcurrentExecution() => inner.EnableConcurrentExecution();

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => inner.ConfigureGeneratedCodeAnalysis(analysisMode);

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action) =>
            inner.RegisterCompilationStartAction(timer.TimedCompilationStart(action));

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => inner.RegisterCompilationAction(timer.Timed(action));

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => inner.RegisterSemanticModelAction(timer.Timed(action));

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => inner.RegisterSymbolAction(timer.Timed(action), symbolKinds);

        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) =>
            inner.RegisterSymbolStartAction(timer.TimedSymbolStart(action), symbolKind);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => inner.RegisterCodeBlockStartAction(timer.Timed(action));

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => inner.RegisterCodeBlockAction(timer.Timed(action));

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => inner.RegisterSyntaxTreeAction(timer.Timed(action));

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => inner.RegisterSyntaxNodeAction(timer.Timed(action), syntaxKinds);

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => inner.RegisterOperationAction(timer.Timed(action), operationKinds);

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => inner.RegisterOperationBlockStartAction(timer.Timed(action));

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => inner.RegisterOperationBlockAction(timer.Timed(action));
    }

    private sealed class TimedCompilationStartContext(CompilationStartAnalysisContext inner, ProcessorTimedAnalyzer timer)
        : CompilationStartAnalysisContext(inner.Compilation, inner.Options, inner.CancellationToken)
    {
        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) => inner.RegisterCompilationEndAction(timer.Timed(action));

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => inner.RegisterSemanticModelAction(timer.Timed(action));

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => inner.RegisterSymbolAction(timer.Timed(action), symbolKinds);

        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) =>
            inner.RegisterSymbolStartAction(timer.TimedSymbolStart(action), symbolKind);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => inner.RegisterCodeBlockStartAction(timer.Timed(action));

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => inner.RegisterCodeBlockAction(timer.Timed(action));

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => inner.RegisterSyntaxTreeAction(timer.Timed(action));

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => inner.RegisterSyntaxNodeAction(timer.Timed(action), syntaxKinds);

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => inner.RegisterOperationAction(timer.Timed(action), operationKinds);

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => inner.RegisterOperationBlockStartAction(timer.Timed(action));

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => inner.RegisterOperationBlockAction(timer.Timed(action));
    }

    // The constructor that also takes IsGeneratedCode and the filter is internal; StaleConn's rules read neither.
#pragma warning disable CS0618
    private sealed class TimedSymbolStartContext(SymbolStartAnalysisContext inner, ProcessorTimedAnalyzer timer)
        : SymbolStartAnalysisContext(inner.Symbol, inner.Compilation, inner.Options, inner.CancellationToken)
#pragma warning restore CS0618
    {
        public override void RegisterSymbolEndAction(Action<SymbolAnalysisContext> action) => inner.RegisterSymbolEndAction(timer.TimedEnd(action));

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => inner.RegisterCodeBlockStartAction(timer.Timed(action));

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => inner.RegisterCodeBlockAction(timer.Timed(action));

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => inner.RegisterOperationBlockStartAction(timer.Timed(action));

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => inner.RegisterOperationBlockAction(timer.Timed(action));

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => inner.RegisterOperationAction(timer.Timed(action), operationKinds);

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => inner.RegisterSyntaxNodeAction(timer.Timed(action), syntaxKinds);
    }
}
#pragma warning restore RS1001, RS1012, RS1025, RS1026
