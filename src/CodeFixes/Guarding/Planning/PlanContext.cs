using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>What a member becomes: a guard, the provider's data source, or a pooled connection opened per use.</summary>
internal enum FixMode
{
    /// <summary><c>ConnectionGuard&lt;T&gt;</c>, one lease per unit of work.</summary>
    Guard,

    /// <summary>The provider's <c>DbDataSource</c>, one pooled connection per unit of work.</summary>
    DataSource,

    /// <summary>
    /// A factory that opens a new pooled connection (the holder's own accessor, or a new <c>OpenX()</c> method), one per
    /// unit of work, disposed at its end: every provider pools connections by connection string.
    /// </summary>
    ConnectionFactory,
}

/// <summary>The method (or property) that opens a new pooled connection per call in the factory mode.</summary>
internal sealed class FactoryMethod
{
    public FactoryMethod(string name, bool isProperty, bool opens)
    {
        Name = name;
        IsProperty = isProperty;
        Opens = opens;
    }

    public string Name { get; }

    public bool IsProperty { get; }

    /// <summary>The factory hands out an open connection (callers' own <c>Open</c> calls on it must go).</summary>
    public bool Opens { get; }
}

/// <summary>A step's result, or why there is none.</summary>
internal readonly struct Planned<T>
    where T : class
{
    private Planned(T? value, NoFixReason? reason)
    {
        Value = value;
        Reason = reason;
    }

    public T? Value { get; }

    public NoFixReason? Reason { get; }

    public static implicit operator Planned<T>(T value) => new(value, null);

    public static implicit operator Planned<T>(NoFixReason reason) => new(null, reason);
}

/// <summary>
/// The inputs every planning step shares for one member: the project and compilation, the member, the mode, a semantic
/// model per tree, and the document plans the steps add their edits to.
/// </summary>
internal sealed class PlanContext
{
    private readonly Dictionary<DocumentId, DocumentPlan> _plans = new();

    public PlanContext(Project project, Compilation compilation, ISymbol member, FixMode mode, INamedTypeSymbol guardType, CancellationToken cancellationToken)
    {
        Project = project;
        Compilation = compilation;
        Member = member;
        Mode = mode;
        GuardType = guardType;
        CancellationToken = cancellationToken;
        Waits = new WaitDetector(compilation, Model);
    }

    public Project Project { get; }

    public Compilation Compilation { get; }

    /// <summary>The field, property or primary-constructor parameter being fixed.</summary>
    public ISymbol Member { get; }

    public FixMode Mode { get; }

    public bool DataSourceMode => Mode == FixMode.DataSource;

    /// <summary>Each unit of work opens and disposes a pooled connection of its own (a data source or a factory).</summary>
    public bool PerUseMode => Mode is FixMode.DataSource or FixMode.ConnectionFactory;

    /// <summary><c>ConnectionGuard&lt;T&gt;</c> (unconstructed), <c>DbDataSource</c>, or <c>DbConnection</c> for a factory.</summary>
    public INamedTypeSymbol GuardType { get; }

    public CancellationToken CancellationToken { get; }

    public WaitDetector Waits { get; }

    /// <summary>The plans of every document an edit was added to.</summary>
    public IEnumerable<DocumentPlan> Plans => _plans.Values;

    /// <summary>One model per tree, shared with every plan on the same compilation (<see cref="SemanticModels"/>).</summary>
    public SemanticModel Model(SyntaxTree tree) => SemanticModels.Of(Compilation, tree);

    /// <summary>The plan of the document holding <paramref name="tree"/>, created on first use; null outside the project.</summary>
    public DocumentPlan? PlanFor(SyntaxTree tree)
    {
        var document = Project.GetDocument(tree);
        if (document is null)
        {
            return null;
        }

        if (!_plans.TryGetValue(document.Id, out var plan))
        {
            plan = new DocumentPlan(document, tree.GetRoot(CancellationToken));
            _plans[document.Id] = plan;
        }

        return plan;
    }

    /// <summary>The holder's accessors, openers and closers around the member (empty until the reference step finds them).</summary>
    public ConnectionProtocol Protocol { get; set; } = ConnectionProtocol.Empty;

    /// <summary>Why the units of work can run at the same time (see <see cref="ConcurrentPaths"/>), null when they cannot; set by the unit step.</summary>
    public ConcurrentPath? ConcurrentPath { get; set; }

    /// <summary>
    /// The member's declared type when it is not the provider's class (<see cref="ConnectionTarget.DeclaredType"/>): a
    /// connection opened per use is declared as it, so its users bind as they did (set once the target is resolved).
    /// </summary>
    public ITypeSymbol? DeclaredUseType { get; set; }

    /// <summary>The factory the per-use fix opens connections with (set by the factory step).</summary>
    public FactoryMethod? Factory { get; set; }

    /// <summary>
    /// Units of work (functions) a per-use connection spans whole, waits included: splitting them at a wait would
    /// leave a command or transaction of the first part to the second (<see cref="UnitPlanner"/>), and the old code
    /// kept its one connection across that wait too.
    /// </summary>
    public ISet<SyntaxNode> UnitsKeptWhole { get; set; } = new HashSet<SyntaxNode>();

    /// <summary>The unit whose split at a wait failed (<c>ConnectionStateHeldAcrossWait</c>) and may be kept whole instead.</summary>
    public SyntaxNode? UnitToKeepWhole { get; set; }

    /// <summary>
    /// Guard: the objects the holder builds over its connection that take its guard instead (their fields have findings
    /// of their own; <see cref="HandedGuards"/>), found by the reference steps.
    /// </summary>
    public List<ReceivingField> HandedReceivers { get; } = new();

    /// <summary>Per use: the methods whose returned reader now takes the connection over (<see cref="ReturnedReader"/>).</summary>
    public List<IMethodSymbol> ReturnedReaderHelpers { get; } = new();

    /// <summary>
    /// Adds a plan made for another member of the same fix (a receiver's): merged with this fix's plan of the same
    /// document; the reason when both edit the same code.
    /// </summary>
    public NoFixReason? Absorb(DocumentPlan plan)
    {
        if (!_plans.TryGetValue(plan.Document.Id, out var existing))
        {
            _plans[plan.Document.Id] = plan;
            return null;
        }

        return existing.Absorb(plan) ? null : NoFixReason.ReceiverEditsOverlap;
    }

    public bool IsMember(ISymbol? symbol) =>
        symbol is not null && SymbolEqualityComparer.Default.Equals(symbol.OriginalDefinition, Member.OriginalDefinition);
}
