using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>One expression that needs the open connection: it becomes <c>lease.Connection</c> (or the per-use connection).</summary>
internal sealed class ConnectionUse
{
    public ConnectionUse(ExpressionSyntax connection, ExpressionSyntax guard, DocumentPlan plan, InvocationExpressionSyntax? transaction, bool viaAccessor = false)
    {
        Connection = connection;
        Guard = guard;
        Plan = plan;
        Transaction = transaction;
        ViaAccessor = viaAccessor;
    }

    /// <summary>The connection comes from the holder's accessor (<c>Db.GetConnection()</c>), which opens a new one per call after the fix.</summary>
    public bool ViaAccessor { get; }

    public ExpressionSyntax Connection { get; }

    /// <summary>How the member is written at this use (<c>_connection</c>, <c>this._connection</c>, <c>Database.Connection</c>).</summary>
    public ExpressionSyntax Guard { get; }

    public DocumentPlan Plan { get; }

    /// <summary>A <c>BeginTransaction</c> call on the connection, which goes through the lease instead.</summary>
    public InvocationExpressionSyntax? Transaction { get; }

    /// <summary>The unit of work (function) whose lease covers this use; set by the unit planner.</summary>
    public SyntaxNode? Unit { get; set; }
}

/// <summary>A Close/Dispose statement: removed inside a unit of work, sent to the guard elsewhere.</summary>
internal sealed class CloseCall
{
    public CloseCall(ExpressionStatementSyntax statement, string name, ExpressionSyntax guard, IdentifierNameSyntax reference, DocumentPlan plan)
    {
        Statement = statement;
        Name = name;
        Guard = guard;
        Reference = reference;
        Plan = plan;
    }

    public ExpressionStatementSyntax Statement { get; }

    public string Name { get; }

    public ExpressionSyntax Guard { get; }

    public IdentifierNameSyntax Reference { get; }

    public DocumentPlan Plan { get; }

    /// <summary>
    /// <c>if (member.State == ConnectionState.Open)</c> around the close (<see cref="StateGates"/>), under the lease fixes:
    /// the close's fate is the gate's, and the gate's read of <c>State</c> is no use of its own.
    /// </summary>
    public IfStatementSyntax? Gate { get; set; }
}

/// <summary>A <c>using (member)</c> statement whose body is the unit of work; it is replaced by its body.</summary>
internal sealed class DisposingUsing
{
    public DisposingUsing(UsingStatementSyntax statement, DocumentPlan plan)
    {
        Statement = statement;
        Plan = plan;
    }

    public UsingStatementSyntax Statement { get; }

    public DocumentPlan Plan { get; }
}

/// <summary>Everything the solution does with the member, sorted by what each reference needs from the fix.</summary>
internal sealed class MemberReferences
{
    /// <summary>Expressions that need the open connection.</summary>
    public List<ConnectionUse> Uses { get; } = new();

    /// <summary>Close/Dispose statements.</summary>
    public List<CloseCall> CloseCalls { get; } = new();

    /// <summary>Short leases that took the place of a handled open's whole State gate (<see cref="StateGates"/>), keyed by the gate.</summary>
    public List<(IfStatementSyntax Gate, DocumentPlan Plan)> GatedProbes { get; } = new();

    /// <summary>
    /// <c>using (member) { ... }</c> statements: the unit of work disposes the member at its end, as a close there would
    /// (BotOfIdiots/BotOfIdiots' <c>using (SqlConnection)</c>, reopened by the next call's ping).
    /// </summary>
    public List<DisposingUsing> DisposingUsings { get; } = new();

    /// <summary>What the member is built from: its initializer and every value assigned to it.</summary>
    public List<ExpressionSyntax> Sources { get; } = new();

    /// <summary>Values assigned to the member outside its declaration, with the plan of their document.</summary>
    public List<(ExpressionSyntax Source, DocumentPlan Plan)> AssignedSources { get; } = new();

    /// <summary>Accessor calls whose caller already disposes the connection (<c>using (var c = Db.GetConnection())</c>): left as they are.</summary>
    public List<ExpressionSyntax> DisposedByCaller { get; } = new();

    /// <summary>
    /// The member itself is opened outside its helpers (<c>_conn = CreateConnection(); _conn.Open();</c>): its users
    /// expect it open, so the factory that replaces it opens too.
    /// </summary>
    public bool OpenedDirectly { get; set; }

    /// <summary>
    /// Reads of the member after a unit kept the accessor's value in a local (<see cref="AccessorCopyAliases"/>): rewritten
    /// to that local, so they are what the accessor hands out.
    /// </summary>
    public List<(ExpressionSyntax Read, VariableDeclaratorSyntax Copy)> AliasedReads { get; } = new();

    /// <summary>A caller opens what an accessor handed it (<c>Db.Get().Open();</c>), which the factory's open replaces.</summary>
    public bool OpenedThroughAccessor { get; set; }

    /// <summary>
    /// Null checks of what the holder's accessor hands out (<c>if (Connection == null)</c> in the StackOverflow
    /// <c>DBConnection.IsConnect()</c>): the factory fix checks the connection-string field instead, or declines.
    /// </summary>
    public List<(ExpressionSyntax Checked, DocumentPlan Plan)> AccessorNullChecks { get; } = new();

    /// <summary>Statements that call the holder's openers and closers (<c>Connection.DB();</c>), removed by the per-use fixes.</summary>
    public List<(StatementSyntax Statement, ConnectionHelper Helper)> HelperCalls { get; } = new();

    /// <summary>
    /// <c>member.ConnectionString = value;</c> statements in guard mode (the member built empty, its string set after):
    /// removed, and folded into the guard's factory by <see cref="DeclarationPlanner"/>, which declines when it cannot.
    /// </summary>
    public List<(ExpressionStatementSyntax Statement, ExpressionSyntax Value, DocumentPlan Plan)> StringSettings { get; } = new();

    /// <summary>
    /// Under the factory fix, <c>member.Open()</c> in a <c>try</c> whose catches handle its failure, in a method that only
    /// builds, closes and opens the member (a start-up <c>Connect()</c>): removed for now, given back as one short open once the
    /// factory is known (<see cref="HandledOpenProbes"/>).
    /// </summary>
    public List<(InvocationExpressionSyntax Call, StatementSyntax Statement, ExpressionSyntax Member, DocumentPlan Plan)> HandledOpens { get; } = new();

    /// <summary><c>member.Open()</c> and <c>OpenAsync</c> calls on the member itself (not through an accessor).</summary>
    public List<InvocationExpressionSyntax> OpenCalls { get; } = new();

    /// <summary>References that stay on the member itself (null checks, closing the guard): renamed when the guard gets a new name.</summary>
    public List<(IdentifierNameSyntax Node, DocumentPlan Plan)> GuardLevelReferences { get; } = new();
}
