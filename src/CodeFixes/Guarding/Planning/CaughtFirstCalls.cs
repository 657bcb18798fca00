using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A lease range whose first server call (<c>Fill</c>, <c>ExecuteReader</c>, Dapper's <c>Query</c>, <c>Open</c>, ...) runs
/// inside a <c>try</c> whose catch handles a failure, while the range starts before that <c>try</c> (Jackge1979/
/// MySQL_Watcher-windows' <c>MySqlDataAdapter adp = new MySqlDataAdapter(sql, conn); DataTable dt = new DataTable();
/// try { adp.Fill(dt); } catch (Exception e) { return null; } return dt;</c>). The lease, or the per-use open, connects:
/// taken before the <c>try</c>, a server that is down throws where the method returned null. The statements before the
/// <c>try</c> that build over the connection move into it, after the lease, when moving them changes nothing else
/// (<see cref="CaughtFirstCall"/>); otherwise <see cref="NoFixReason.LeaseOutsideCaughtCall"/>.
/// </summary>
internal static class CaughtFirstCalls
{
    // Calls that reach the server over a connection, a command or an adapter (ADO.NET and Dapper).
    private static readonly HashSet<string> ServerCalls = new(StringComparer.Ordinal)
    {
        "Open", "OpenAsync", "Fill", "FillAsync", "FillSchema", "Update", "Prepare", "ChangeDatabase", "GetSchema",
    };

    private static readonly string[] ServerCallPrefixes = { "Execute", "Query", "BeginTransaction" };

    // Members of a moved command's parameter collection that only describe the call (no server round trip).
    private static readonly HashSet<string> ParameterCalls = new(StringComparer.Ordinal) { "Add", "AddWithValue", "Clear" };

    // Objects built over the connection (or beside it) whose construction neither throws nor talks to the server.
    private static readonly string[] QuietTypeSuffixes = { "Command", "DataAdapter", "Parameter", "CommandBuilder", "DataTable", "DataSet" };

    /// <summary>
    /// For the range <paramref name="start"/>..<paramref name="end"/> of <paramref name="block"/> holding
    /// <paramref name="uses"/>: null when its first server call is not inside a handling <c>try</c> that starts after the
    /// range does; the move into that <c>try</c>; or the reason it cannot be made. <paramref name="carrier"/> is a
    /// per-use declaration the scope itself declares (it moves with the scope).
    /// </summary>
    public static Planned<CaughtFirstCall>? Find(BlockSyntax block, int start, int end, IReadOnlyCollection<SyntaxNode> uses,
        IReadOnlyCollection<SyntaxNode> accessorUses, LocalDeclarationStatementSyntax? carrier, SemanticModel model, CancellationToken cancellationToken)
    {
        if (FirstServerCall(block, start, end, accessorUses) is not { } first
            || HandledOpenLeases.HandlingTry(first) is not { } attempt
            || attempt.Block.Span.Contains(block.Span))
        {
            return null;
        }

        var index = block.Statements.IndexOf(attempt);
        if (index == start)
        {
            // The range starts at the try itself, with uses in its catches or after it: nothing before it to move in (a
            // removed open there keeps its own check, HandledOpenLeases).
            return null;
        }

        if (index < 0 || index > end)
        {
            // The catching try is nested deeper in the range (in an `if`, a `using`).
            return NoFixReason.LeaseOutsideCaughtCall;
        }

        var moved = new List<StatementSyntax>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var kept = new List<StatementSyntax>();
        for (var i = start; i < index; i++)
        {
            var statement = block.Statements[i];
            var linked = uses.Any(u => statement.Span.Contains(u.Span)) || SyntaxShapes.MentionsAny(statement, names);
            if (!linked)
            {
                kept.Add(statement);
                continue;
            }

            if (statement == carrier)
            {
                names.UnionWith(SyntaxShapes.DeclaredNames(statement));
                continue;
            }

            if (!IsQuiet(statement, names, uses, model, cancellationToken))
            {
                return NoFixReason.LeaseOutsideCaughtCall;
            }

            moved.Add(statement);
            names.UnionWith(SyntaxShapes.DeclaredNames(statement));
        }

        if (!AllUsesMovedOrInside(uses, moved, carrier, attempt)
            || !LocalsStayInside(names, block, index, attempt)
            || WritesWhatMovedRead(kept.Where(k => moved.Count > 0 && k.SpanStart > moved[0].SpanStart), moved, uses, model, cancellationToken))
        {
            return NoFixReason.LeaseOutsideCaughtCall;
        }

        var inner = attempt.Block;
        if (inner.Statements.Count == 0)
        {
            return null;
        }

        var last = Enumerable.Range(0, inner.Statements.Count)
            .Where(i => uses.Any(u => inner.Statements[i].Span.Contains(u.Span)) || SyntaxShapes.MentionsAny(inner.Statements[i], names))
            .DefaultIfEmpty(0).Max();
        var innerEnd = UnitPlanner.ExtendForDeclarations(inner, 0, last, uses, inner.Statements.Count - 1);
        return new CaughtFirstCall(attempt, moved, innerEnd);
    }

    /// <summary>
    /// The first call, in statement order, of the range that reaches the server (nested functions run later). A read
    /// through the holder's accessor counts: the accessor may open (<c>GetConnection()</c> opening on first use), and
    /// there the author's code already connected outside any <c>try</c>.
    /// </summary>
    private static SyntaxNode? FirstServerCall(BlockSyntax block, int start, int end, IReadOnlyCollection<SyntaxNode> accessorUses) =>
        block.Statements.Skip(start).Take(end - start + 1)
            .SelectMany(s => s.DescendantNodesAndSelf(n => !SyntaxShapes.IsFunction(n)))
            .Where(n => n is InvocationExpressionSyntax call && IsServerCall(call) || accessorUses.Contains(n))
            .OrderBy(n => n is InvocationExpressionSyntax call ? call.ArgumentList.SpanStart : n.SpanStart)
            .FirstOrDefault();

    private static bool IsServerCall(InvocationExpressionSyntax call) =>
        call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name }
        && (ServerCalls.Contains(name) || ServerCallPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)));

    /// <summary>
    /// A statement that only builds over the connection: a declaration of commands, adapters, parameters or tables from
    /// plain values, a property set on a moved local or a command's <c>Connection</c> binding, or a parameter added to a
    /// moved command. Moved into the <c>try</c>, it throws nothing the catch would now swallow.
    /// </summary>
    private static bool IsQuiet(StatementSyntax statement, HashSet<string> moved, IReadOnlyCollection<SyntaxNode> uses, SemanticModel model, CancellationToken cancellationToken)
    {
        var values = new QuietValues(uses, model, cancellationToken);
        return statement switch
        {
            LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0, AwaitKeyword.RawKind: 0 } local =>
                local.Declaration.Variables.All(v => v.Initializer is null || values.Hold(v.Initializer.Value)),
            ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment } =>
                IsQuietTarget(assignment.Left, moved, values) && values.Hold(assignment.Right),
            ExpressionStatementSyntax { Expression: InvocationExpressionSyntax call } => IsParameterCall(call, moved, values),
            _ => false,
        };
    }

    /// <summary><c>cmd.CommandText = ...</c> on a moved local, <c>_command.Connection = ...</c>, <c>cmd.Parameters.Add(...).Value = ...</c>.</summary>
    private static bool IsQuietTarget(ExpressionSyntax target, HashSet<string> moved, QuietValues values) => target switch
    {
        MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax owner } => moved.Contains(owner.Identifier.ValueText) || IsBinding(target),
        MemberAccessExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } } => IsBinding(target),
        MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Value", Expression: InvocationExpressionSyntax call } => IsParameterCall(call, moved, values),
        _ => false,
    };

    private static bool IsBinding(ExpressionSyntax target) => target is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Connection" };

    /// <summary><c>cmd.Parameters.AddWithValue("@id", id)</c> on a moved local, with plain arguments.</summary>
    private static bool IsParameterCall(InvocationExpressionSyntax call, HashSet<string> moved, QuietValues values) =>
        call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name, Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Parameters", Expression: IdentifierNameSyntax owner } }
        && ParameterCalls.Contains(name) && moved.Contains(owner.Identifier.ValueText)
        && call.ArgumentList.Arguments.All(a => a.RefKindKeyword.RawKind == 0 && values.Hold(a.Expression));

    /// <summary>Values that neither throw nor call out: what a moved statement may compute.</summary>
    private sealed class QuietValues
    {
        private readonly IReadOnlyCollection<SyntaxNode> _uses;
        private readonly SemanticModel _model;
        private readonly CancellationToken _cancellationToken;

        public QuietValues(IReadOnlyCollection<SyntaxNode> uses, SemanticModel model, CancellationToken cancellationToken)
        {
            _uses = uses;
            _model = model;
            _cancellationToken = cancellationToken;
        }

        /// <summary>
        /// Literals, names, member reads, the connection itself (it becomes the lease's, however it was reached), <c>as</c>,
        /// string concatenation and interpolation, and constructions of commands, adapters and tables.
        /// </summary>
        public bool Hold(ExpressionSyntax value) => _uses.Any(u => u.Span == value.Span) || value switch
        {
            LiteralExpressionSyntax or IdentifierNameSyntax or ThisExpressionSyntax or PredefinedTypeSyntax or TypeOfExpressionSyntax => true,
            ParenthesizedExpressionSyntax parenthesized => Hold(parenthesized.Expression),
            MemberAccessExpressionSyntax access => Hold(access.Expression),
            BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AsExpression } cast => Hold(cast.Left),
            BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } sum => Hold(sum.Left) && Hold(sum.Right),
            InterpolatedStringExpressionSyntax text => text.Contents.OfType<InterpolationSyntax>().All(i => i.FormatClause is null && Hold(i.Expression)),
            BaseObjectCreationExpressionSyntax creation => IsQuietType(_model.GetTypeInfo(creation, _cancellationToken).Type)
                && (creation.ArgumentList?.Arguments.All(a => a.RefKindKeyword.RawKind == 0 && Hold(a.Expression)) ?? true)
                && creation.Initializer is null,
            _ => false,
        };
    }

    private static bool IsQuietType(ITypeSymbol? type) =>
        type is { TypeKind: not TypeKind.Error } && QuietTypeSuffixes.Any(s => type.Name.EndsWith(s, StringComparison.Ordinal));

    /// <summary>Every use is in a moved statement, the carrier or the <c>try</c> block (none in its catches, finally or after it).</summary>
    private static bool AllUsesMovedOrInside(IEnumerable<SyntaxNode> uses, List<StatementSyntax> moved, StatementSyntax? carrier, TryStatementSyntax attempt) =>
        uses.All(u => attempt.Block.Span.Contains(u.Span) || moved.Any(m => m.Span.Contains(u.Span)) || carrier?.Span.Contains(u.Span) == true);

    /// <summary>The moved locals are read only inside the <c>try</c> block, where they will be declared.</summary>
    private static bool LocalsStayInside(HashSet<string> names, BlockSyntax block, int index, TryStatementSyntax attempt) =>
        names.Count == 0
        || !block.Statements.Skip(index + 1).Any(s => SyntaxShapes.MentionsAny(s, names))
           && !attempt.Catches.Any(c => SyntaxShapes.MentionsAny(c, names))
           && (attempt.Finally is null || !SyntaxShapes.MentionsAny(attempt.Finally, names));

    /// <summary>
    /// A statement that stays before the <c>try</c> but ran after a moved one assigns a name the moved ones read, or calls
    /// something (which may change a field or property they read) when they read one besides the connection.
    /// </summary>
    private static bool WritesWhatMovedRead(IEnumerable<StatementSyntax> kept, List<StatementSyntax> moved, IReadOnlyCollection<SyntaxNode> uses,
        SemanticModel model, CancellationToken cancellationToken)
    {
        var readNames = moved.SelectMany(m => m.DescendantNodes().OfType<IdentifierNameSyntax>()).Where(n => !uses.Any(u => u.Span.Contains(n.Span))).ToList();
        var read = new HashSet<string>(readNames.Select(n => n.Identifier.ValueText), StringComparer.Ordinal);
        // Values read, not targets set (`_command.Connection = ...`) nor members named after a dot (`cmd.Parameters`).
        var readsMembers = readNames.Any(n => !(n.Parent is MemberAccessExpressionSyntax access && access.Name == n)
            && !n.Ancestors().OfType<AssignmentExpressionSyntax>().Any(a => a.Left.Span.Contains(n.Span))
            && model.GetSymbolInfo(n, cancellationToken).Symbol is { Kind: SymbolKind.Field or SymbolKind.Property or SymbolKind.Event });
        return kept.Any(statement => statement.DescendantNodesAndSelf().Any(node => node switch
        {
            AssignmentExpressionSyntax assignment => Assigned(assignment.Left, read),
            PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } unary => Assigned(unary.Operand, read),
            PostfixUnaryExpressionSyntax unary => Assigned(unary.Operand, read),
            ArgumentSyntax { RefKindKeyword.RawKind: not 0 } argument => Assigned(argument.Expression, read),
            InvocationExpressionSyntax => readsMembers,
            _ => false,
        }));
    }

    private static bool Assigned(ExpressionSyntax target, HashSet<string> read) =>
        target.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(n => read.Contains(n.Identifier.ValueText));
}

/// <summary>
/// The lease of a range moves into <see cref="Attempt"/>'s block: it covers statements 0..<see cref="End"/> there, and
/// <see cref="Moved"/> (statements before the <c>try</c>, in order) go first inside it.
/// </summary>
internal sealed class CaughtFirstCall
{
    public CaughtFirstCall(TryStatementSyntax attempt, IReadOnlyList<StatementSyntax> moved, int end)
    {
        Attempt = attempt;
        Moved = moved;
        End = end;
    }

    public TryStatementSyntax Attempt { get; }

    public IReadOnlyList<StatementSyntax> Moved { get; }

    public int End { get; }
}
