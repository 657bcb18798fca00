using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding;

/// <summary>Where a lease is taken: a range of statements of a block, or a whole expression body.</summary>
internal sealed class LeaseScope
{
    public LeaseScope(string leaseName, ExpressionSyntax acquire)
    {
        LeaseName = leaseName;
        Acquire = acquire;
    }

    public string LeaseName { get; }

    /// <summary><c>guard.Acquire(ct)</c> or <c>await guard.AcquireAsync(ct)</c>.</summary>
    public ExpressionSyntax Acquire { get; }

    /// <summary>First and last statement (indexes into the original block) the lease covers.</summary>
    public int Start { get; set; }

    public int End { get; set; }

    /// <summary>C# 8+ <c>using var lease = ...;</c> when the lease may live to the end of the block.</summary>
    public bool UseDeclaration { get; set; }

    /// <summary>For an expression body: whether its value is returned (false for void and non-generic Task bodies).</summary>
    public bool ReturnsValue { get; set; }

    /// <summary>For an expression body of a method made async: await the expression.</summary>
    public bool AwaitExpression { get; set; }

    /// <summary>What the <c>using</c> declares instead of <c>var lease = Acquire</c> (a connection opened per use).</summary>
    public VariableDeclarationSyntax? Declaration { get; set; }

    /// <summary><c>await using</c>: the scope disposes an asynchronously disposable connection.</summary>
    public bool AwaitUsing { get; set; }

    /// <summary>
    /// The range ends by returning a reader that takes the connection over (<see cref="Planning.ReturnedReader"/>): the
    /// connection is declared without <c>using</c> and disposed only if the range throws.
    /// </summary>
    public bool HandsConnectionToReader { get; set; }

    /// <summary>A statement that starts the covered range (opening the connection).</summary>
    public StatementSyntax? Prologue { get; set; }

    /// <summary>
    /// Locals declared inside the range but used after the lease ends (a checkpoint read before a waiting loop): they
    /// are declared just before the lease (<c>object lastId;</c>) and only assigned inside it.
    /// </summary>
    public List<LocalDeclarationStatementSyntax> HoistedDeclarations { get; } = new();
}

/// <summary>Every edit the guard fix makes in one document, keyed by nodes of the original tree.</summary>
internal sealed class DocumentPlan
{
    public DocumentPlan(Document document, SyntaxNode root)
    {
        Document = document;
        Root = root;
    }

    /// <summary>The document the edits land in (its text is <see cref="Root"/>'s).</summary>
    public Document Document { get; private set; }

    public SyntaxNode Root { get; }

    /// <summary>
    /// Lands the edits in <paramref name="original"/>, the referencing project's document this plan's copy was made from
    /// (<see cref="Planning.ReferencingProjects"/>): same text, so the nodes the edits are keyed by stand for its code.
    /// </summary>
    public void MoveTo(Document original) => Document = original;

    /// <summary>Uses become the scope's variable itself (a data source's connection) rather than <c>lease.Connection</c>.</summary>
    public bool UsesAreConnections { get; set; }

    /// <summary>Expressions that become <c>lease.Connection</c>.</summary>
    public Dictionary<SyntaxNode, string> ConnectionUses { get; } = new();

    /// <summary>Nodes replaced wholesale: guard constructions, transactions through the lease, guard types.</summary>
    public Dictionary<SyntaxNode, SyntaxNode> Replacements { get; } = new();

    /// <summary>Explicit Open/Close calls the guard now makes unnecessary.</summary>
    public HashSet<StatementSyntax> RemovedStatements { get; } = new();

    /// <summary>
    /// Blocks that get a lease around ranges of their statements: usually one range, several when a waiting loop
    /// separates them (setup before the loop, clean-up after it), in statement order.
    /// </summary>
    public Dictionary<BlockSyntax, List<LeaseScope>> BlockScopes { get; } = new();

    /// <summary>Declarations whose locals are declared before the lease (see <see cref="LeaseScope.HoistedDeclarations"/>); inside it they become assignments.</summary>
    public HashSet<LocalDeclarationStatementSyntax> AssignedDeclarations { get; } = new();

    /// <summary>
    /// Statements moved to the start of a <c>try</c> block, after the lease taken there (<see cref="Planning.CaughtFirstCalls"/>):
    /// by the block they go into, in order; they leave the block they stood in.
    /// </summary>
    public Dictionary<BlockSyntax, IReadOnlyList<StatementSyntax>> MovedIntoBlocks { get; } = new();

    /// <summary>Whether <paramref name="statement"/> moves to another block (<see cref="MovedIntoBlocks"/>).</summary>
    public bool IsMoved(StatementSyntax statement) => MovedIntoBlocks.Values.Any(moved => moved.Contains(statement));

    /// <summary>Adds a lease around a range of <paramref name="block"/>'s statements, keeping the ranges in order.</summary>
    public void AddBlockScope(BlockSyntax block, LeaseScope scope)
    {
        if (!BlockScopes.TryGetValue(block, out var scopes))
        {
            BlockScopes[block] = scopes = new List<LeaseScope>();
        }

        scopes.Add(scope);
        scopes.Sort((a, b) => a.Start.CompareTo(b.Start));
    }

    /// <summary>Expression bodies (the expression) that become a block taking a lease.</summary>
    public Dictionary<ExpressionSyntax, LeaseScope> ExpressionScopes { get; } = new();

    /// <summary>Methods and local functions returning a task that become <c>async</c> so the lease spans the work.</summary>
    public HashSet<SyntaxNode> MakeAsync { get; } = new();

    /// <summary>Return statements of those methods: value is true when the task is generic (<c>return await x;</c>).</summary>
    public Dictionary<ReturnStatementSyntax, bool> AwaitReturns { get; } = new();

    /// <summary><c>using (connection) { ... }</c> statements replaced by their body (the connection now lives per use).</summary>
    public HashSet<UsingStatementSyntax> UnwrappedUsings { get; } = new();

    /// <summary>Multi-variable field declarations one of whose variables moves to its own guard declaration.</summary>
    public Dictionary<FieldDeclarationSyntax, (VariableDeclaratorSyntax Declarator, TypeSyntax Type)> SplitFields { get; } = new();

    /// <summary>Members that go (a holder's opener and closer, a member a factory replaced).</summary>
    public HashSet<MemberDeclarationSyntax> RemovedMembers { get; } = new();

    /// <summary>Types that get a new field (a primary-constructor parameter's guard).</summary>
    public Dictionary<TypeDeclarationSyntax, MemberDeclarationSyntax> InsertedFields { get; } = new();

    /// <summary>
    /// Takes <paramref name="other"/>'s edits (another member's plan of the same document, on the same tree); false, with
    /// nothing taken, when the two edit the same node or take leases in the same block.
    /// </summary>
    public bool Absorb(DocumentPlan other)
    {
        if (other.Root != Root || other.UsesAreConnections != UsesAreConnections
            || EditedNodes().Any(mine => other.EditedNodes().Any(theirs => mine.Span.IntersectsWith(theirs.Span))))
        {
            return false;
        }

        Copy(other.ConnectionUses, ConnectionUses);
        Copy(other.Replacements, Replacements);
        Copy(other.BlockScopes, BlockScopes);
        Copy(other.ExpressionScopes, ExpressionScopes);
        Copy(other.AwaitReturns, AwaitReturns);
        Copy(other.SplitFields, SplitFields);
        Copy(other.InsertedFields, InsertedFields);
        Copy(other.MovedIntoBlocks, MovedIntoBlocks);
        RemovedStatements.UnionWith(other.RemovedStatements);
        AssignedDeclarations.UnionWith(other.AssignedDeclarations);
        MakeAsync.UnionWith(other.MakeAsync);
        UnwrappedUsings.UnionWith(other.UnwrappedUsings);
        RemovedMembers.UnionWith(other.RemovedMembers);
        return true;
    }

    /// <summary>Every node an edit replaces, removes or wraps (a lease's block, a method made async).</summary>
    private IEnumerable<SyntaxNode> EditedNodes() =>
        ConnectionUses.Keys.Concat(Replacements.Keys).Concat(BlockScopes.Keys).Concat(ExpressionScopes.Keys).Concat(SplitFields.Keys)
            .Concat(InsertedFields.Keys).Concat(RemovedStatements).Concat(RemovedMembers).Concat(MakeAsync).Concat(UnwrappedUsings)
            .Concat(AssignedDeclarations).Concat(AwaitReturns.Keys).Concat(MovedIntoBlocks.Values.SelectMany(m => m));

    private static void Copy<TKey, TValue>(Dictionary<TKey, TValue> from, Dictionary<TKey, TValue> to)
        where TKey : notnull
    {
        foreach (var pair in from)
        {
            to[pair.Key] = pair.Value;
        }
    }

    public bool IsEmpty =>
        ConnectionUses.Count == 0 && Replacements.Count == 0 && RemovedStatements.Count == 0 && InsertedFields.Count == 0 && SplitFields.Count == 0
        && RemovedMembers.Count == 0;
}
