using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>A local that takes the member's connection where it is declared and is never assigned again.</summary>
internal sealed class LocalCopy
{
    public LocalCopy(IReadOnlyList<IdentifierNameSyntax> references, DocumentPlan plan)
    {
        References = references;
        Plan = plan;
    }

    /// <summary>Every read of the local in its function.</summary>
    public IReadOnlyList<IdentifierNameSyntax> References { get; }

    public DocumentPlan Plan { get; }
}

/// <summary>
/// <c>SqlConnection connection = Db.Instance.Connection; connection.Open(); ... connection.Close();</c>: a local copy is the
/// member's connection under another name, so its own <c>Open</c> and <c>Close</c> are the member's. What the fix hands
/// out is open (a lease's connection, a data source's, an opening factory's): the copy's <c>Open</c> goes, as the
/// member's does (opening it again would throw). A lease hands its connection back itself, so under the guard the copy's
/// <c>Close</c> goes too (closing it is SC0006); a per-use connection is the unit's own and closes where the old code
/// closed it.
/// </summary>
internal static class LocalCopies
{
    /// <summary>Plans the copies' <c>Open</c>/<c>Close</c> calls and returns the copies; the reason when a call cannot go safely.</summary>
    /// <param name="context">The plan's context.</param>
    /// <param name="references">The member's uses (a copy's declaration is one).</param>
    /// <param name="removedIfs">The <c>if (c.State != Open) c.Open();</c> statements removed whole; the copies' are added.</param>
    /// <param name="target">What the member guards (a copy handed to receivers becomes the member's guard).</param>
    public static Planned<IReadOnlyList<LocalCopy>> Plan(PlanContext context, MemberReferences references, HashSet<SyntaxNode> removedIfs, ConnectionTarget target)
    {
        var copies = new List<LocalCopy>();
        var guardCopies = new List<ConnectionUse>();
        var handsOutOpen = HandsOutOpen(context);
        foreach (var use in references.Uses)
        {
            if (use.Connection.Parent is not EqualsValueClauseSyntax
                {
                    Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax { UsingKeyword.RawKind: (int)SyntaxKind.None } } } declarator,
                }
                || SyntaxShapes.EnclosingFunctions(declarator) is not { Count: > 0 } chain
                || SyntaxShapes.Body(chain[0]) is not { } body)
            {
                continue;
            }

            var model = context.Model(declarator.SyntaxTree);
            if (model.GetDeclaredSymbol(declarator, context.CancellationToken) is not ILocalSymbol local)
            {
                continue;
            }

            var reads = body.DescendantNodes().OfType<IdentifierNameSyntax>()
                .Where(i => i.Identifier.ValueText == local.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(i, context.CancellationToken).Symbol, local))
                .OrderBy(i => i.SpanStart)
                .ToList();
            if (reads.Any(IsWritten))
            {
                // Assigned again: not only the member's connection (left as it is, as before).
                continue;
            }

            // A command kept in a field, or an object kept in a member that was handed the copy
            // (`TableTeachers = new TableTeachers(connection);`), uses the connection after the unit has ended.
            if (reads.Any(r => ReferenceCollector.CommandStoredInMember(r, model, context.CancellationToken)))
            {
                return NoFixReason.ConnectionHandedToStoredObject;
            }

            // `return new UserRepository(connection);`: the caller keeps the object, which keeps the copy, after the
            // unit's per-use connection is disposed.
            if (context.PerUseMode && reads.Any(r => ReferenceCollector.CreationHandedTo(r) is { } creation && ReferenceCollector.ReturnedFromFunction(creation)))
            {
                return NoFixReason.ConnectionReturned;
            }

            var handed = reads.Where(r => ReferenceCollector.HandedToKeptObject(r, model, context.CancellationToken)).ToList();
            if (handed.Count == reads.Count && HandedGuards.ReceiveCopy(context, use.Plan, (VariableDeclarationSyntax)declarator.Parent!, reads, target, model))
            {
                // The copy is the guard now, handed to receivers that lease it: not a use of the connection.
                guardCopies.Add(use);
                continue;
            }

            if (handed.Count > 0)
            {
                // Every object handed the copy keeps it in a field with its own finding: the fix is there, per object.
                return handed.All(r => ReferenceCollector.CreationHandedTo(r) is { } creation && ReceivingFields.HaveOwnFinding(context, creation, r, model))
                    ? NoFixReason.ReceivingFieldHasOwnFinding
                    : NoFixReason.ConnectionHandedToStoredObject;
            }

            if (PlanCalls(context, use.Plan, reads, handsOutOpen, removedIfs) is { } reason)
            {
                return reason;
            }

            copies.Add(new LocalCopy(reads, use.Plan));
        }

        references.Uses.RemoveAll(guardCopies.Contains);
        return copies;
    }

    /// <summary>What the fix hands each unit is open: a lease's connection, a data source's, a factory that opens.</summary>
    public static bool HandsOutOpen(PlanContext context) => context.Mode != FixMode.ConnectionFactory || context.Factory is { Opens: true };

    private static NoFixReason? PlanCalls(PlanContext context, DocumentPlan plan, List<IdentifierNameSyntax> reads, bool handsOutOpen, HashSet<SyntaxNode> removedIfs)
    {
        var closed = false;
        foreach (var read in reads)
        {
            if (read.Parent is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name } access || access.Expression != read
                || access.Parent is not InvocationExpressionSyntax call || call.Expression != access)
            {
                continue;
            }

            switch (name)
            {
                case "Open" or "OpenAsync" when handsOutOpen:
                    if (closed)
                    {
                        // Per use, the unit's own connection was closed here and opens again as before; a lease's stays
                        // open throughout, one session where the old code began a new one.
                        if (context.PerUseMode)
                        {
                            continue;
                        }

                        return NoFixReason.ReopenedAfterClose;
                    }

                    if (SyntaxShapes.StatementOf(call) is not { } open)
                    {
                        return NoFixReason.OpenInsideExpression;
                    }

                    Remove(plan, open, read.Identifier.ValueText, removedIfs);
                    break;
                case "Close" or "CloseAsync" or "Dispose" or "DisposeAsync":
                    closed = true;
                    if (context.PerUseMode)
                    {
                        continue;
                    }

                    if (SyntaxShapes.StatementOf(call) is not { } close)
                    {
                        return NoFixReason.CloseInsideExpression;
                    }

                    if (name is "Dispose" or "DisposeAsync")
                    {
                        // The lease's connection is the guard's: disposing it between uses would break the guard.
                        return NoFixReason.DisposedWhileLeased;
                    }

                    plan.RemovedStatements.Add(close);
                    break;
            }
        }

        return null;
    }

    /// <summary>The <c>Open</c> statement, or the <c>if</c> about the copy that only opens it (<c>if (c.State != Open) c.Open();</c>).</summary>
    private static void Remove(DocumentPlan plan, StatementSyntax open, string copy, HashSet<SyntaxNode> removedIfs)
    {
        var onlyStatement = open.Parent is BlockSyntax { Statements.Count: 1 } block ? block : open;
        if (onlyStatement.Parent is IfStatementSyntax { Else: null } ifStatement && ifStatement.Statement == onlyStatement
            && ifStatement.Condition.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(i => i.Identifier.ValueText == copy))
        {
            plan.RemovedStatements.Add(ifStatement);
            removedIfs.Add(ifStatement);
            return;
        }

        plan.RemovedStatements.Add(open);
    }

    private static bool IsWritten(IdentifierNameSyntax read) =>
        read.Parent is AssignmentExpressionSyntax assignment && assignment.Left == read
        || read.Parent is ArgumentSyntax argument && !argument.RefKindKeyword.IsKind(SyntaxKind.None)
        || read.Parent is PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax { RawKind: not (int)SyntaxKind.SuppressNullableWarningExpression };
}
