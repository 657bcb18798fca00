using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// Decides whether a member that keeps an object built over the connection (<c>Function.command = new
/// SqlCommand(sql, Connection.con);</c>, a WinForms helper's static command) outlives the unit of work that built it. It
/// does not when every function that reads the member first builds it again: each such function assigns it in a statement
/// that comes before all of its other references, in the same block. Then no unit ever runs a command (or a reader the
/// command made and the code keeps the same way) over another unit's connection, and the unit's own connection may end
/// with the unit: the member keeps only an object no code reads before the next assignment replaces it. A private helper
/// that only describes the object its callers just built reads it at their call (<see cref="HelperReads"/>).
/// </summary>
internal sealed class RebuiltStoredObjects
{
    private readonly Compilation _compilation;
    private readonly CancellationToken _cancellationToken;
    private HelperReads? _helperReads;

    /// <summary>
    /// Remembered per compilation: each plan of a lightbulb (guard, data source, factory, a unit kept whole) collects its
    /// references anew and asks the same members again, a sixth of vladzvx/test's lightbulb (docs/benchmarks.md stop 39).
    /// A compilation is a snapshot, so a verdict cannot go stale.
    /// </summary>
    private static readonly SnapshotMemo<Compilation, ISymbol, MemberVerdict> Verdicts = new(SymbolEqualityComparer.Default);

    public RebuiltStoredObjects(Compilation compilation, CancellationToken cancellationToken)
    {
        _compilation = compilation;
        _cancellationToken = cancellationToken;
    }

    /// <summary>
    /// Null when <paramref name="stored"/> (a field or property of the solution) is rebuilt before every read, and so is
    /// every member that keeps what is made from it (<c>Function.reader = Function.command.ExecuteReader();</c>);
    /// else <see cref="NoFixReason.ConnectionHandedToStoredObject"/>.
    /// </summary>
    public NoFixReason? Check(ISymbol stored)
    {
        var pending = new Queue<ISymbol>();
        var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default) { stored };
        pending.Enqueue(stored);
        while (pending.Count > 0)
        {
            var verdict = VerdictOf(pending.Dequeue());
            if (!verdict.Rebuilt)
            {
                return NoFixReason.ConnectionHandedToStoredObject;
            }

            foreach (var next in verdict.Derived.Where(seen.Add))
            {
                pending.Enqueue(next);
            }
        }

        return null;
    }

    /// <summary>
    /// After <see cref="Check"/> declined <paramref name="member"/>: a function reads it without ever setting it (a
    /// static helper's callers: <c>DB.Query(sql); DB.adp.Fill(table);</c>).
    /// </summary>
    public bool ReadWhereNeverSet(ISymbol member) => VerdictOf(member.OriginalDefinition).ReadWhereNeverSet;

    /// <summary>
    /// Whether every function that reads <paramref name="member"/> builds it first, the members that keep what is made
    /// from it, and whether a function reads it without ever setting it; judged once per compilation.
    /// </summary>
    internal MemberVerdict VerdictOf(ISymbol member) =>
        Verdicts.GetOrSearchAsync(_compilation, member, () => Task.FromResult(Judge(member)), _cancellationToken).GetAwaiter().GetResult();

    /// <summary>What <see cref="VerdictOf"/> says of one member (an original definition) of one compilation.</summary>
    internal sealed class MemberVerdict
    {
        public MemberVerdict(bool rebuilt, IReadOnlyList<ISymbol> derived, bool readWhereNeverSet)
        {
            Rebuilt = rebuilt;
            Derived = derived;
            ReadWhereNeverSet = readWhereNeverSet;
        }

        /// <summary>Every function that reads the member builds it first.</summary>
        public bool Rebuilt { get; }

        /// <summary>The members that keep what is made from it (judged by the same rule).</summary>
        public IReadOnlyList<ISymbol> Derived { get; }

        /// <summary>A function reads it without ever setting it.</summary>
        public bool ReadWhereNeverSet { get; }
    }

    private MemberVerdict Judge(ISymbol member)
    {
        var derived = new List<ISymbol>();
        var readWhereNeverSet = false;
        var rebuilt = IsRebuiltBeforeEveryRead(member, derived, ref readWhereNeverSet);
        return new MemberVerdict(rebuilt, derived, readWhereNeverSet);
    }

    private bool IsRebuiltBeforeEveryRead(ISymbol member, List<ISymbol> derived, ref bool readWhereNeverSet)
    {
        var command = IsCommand(member);
        if (member is not (IFieldSymbol or IPropertySymbol) || member.DeclaringSyntaxReferences.IsEmpty
            || member is IPropertySymbol { IsIndexer: true } || HasInitializer(member) && !(command && (IsBareCreation(member) || InitializedToNull(member)))
            || command && MemberIsPrepared(member))
        {
            return false;
        }

        var byFunction = new Dictionary<SyntaxNode, List<IdentifierNameSyntax>>();
        foreach (var tree in _compilation.SyntaxTrees)
        {
            if (!NameIndex.Mentions(tree, member.Name, _cancellationToken))
            {
                continue;
            }

            var model = SemanticModels.Of(_compilation, tree);
            // From the tree's index of names: a walk of the whole tree per kept member was most of this judgement
            // (vladzvx/test's DBWorker, 45 kept commands; docs/benchmarks.md stop 40).
            foreach (var name in NamedNodes.Spelling(tree, member.Name, _cancellationToken).OfType<IdentifierNameSyntax>())
            {
                var info = model.GetSymbolInfo(name, _cancellationToken);
                if (info.Symbol is null && info.CandidateSymbols.Any(c => SymbolEqualityComparer.Default.Equals(c.OriginalDefinition, member.OriginalDefinition)))
                {
                    return false;
                }

                if (!SymbolEqualityComparer.Default.Equals(info.Symbol?.OriginalDefinition, member.OriginalDefinition))
                {
                    continue;
                }

                // A reference outside any function body (an initializer, an attribute) reads the member when nothing built it.
                if (name.Ancestors().FirstOrDefault(SyntaxShapes.IsFunction) is not { } function)
                {
                    return false;
                }

                // `other.command` may be another instance's: only this instance's field is known to be rebuilt first.
                if (!member.IsStatic && name.Parent is MemberAccessExpressionSyntax { Expression: not ThisExpressionSyntax } access && access.Name == name)
                {
                    return false;
                }

                if (!byFunction.TryGetValue(function, out var references))
                {
                    byFunction[function] = references = new List<IdentifierNameSyntax>();
                }

                references.Add(name);
            }

            foreach (var pair in byFunction.Where(p => p.Key.SyntaxTree == tree))
            {
                if (!BuiltFirst(pair.Value, member, model, derived, command) && !OnlyReleases(pair.Value, member, model)
                    && !(_helperReads ??= new HelperReads(_compilation, _cancellationToken)).ReadOnlyAfterCallersBuild(pair.Key, pair.Value, member,
                        (caller, references) => BuiltFirst(references, member, SemanticModels.Of(_compilation, caller.SyntaxTree), new List<ISymbol>(), command)))
                {
                    if (!pair.Value.Any(r => ReferenceCollector.IsWritten(r.Parent is MemberAccessExpressionSyntax owner && owner.Name == r ? owner : r)))
                    {
                        readWhereNeverSet = true;
                    }

                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// A function that only lets go of what the member keeps (Oxide.MySql's <c>Cleanup()</c>: <c>if (_cmd != null) {
    /// _cmd.Dispose(); _cmd = null; }</c>): null checks, <c>Dispose()</c>/<c>Close()</c> statements and <c>member = null;</c>.
    /// Only for ADO.NET commands and readers, whose disposal talks to no server once their connection has ended (as
    /// <see cref="ClosedInFinallyAfter"/>) — not a prepared command (MySql.Data closes the statement on the server), and
    /// not a user type, whose <c>Dispose</c> may still run SQL (a unit of work that commits).
    /// </summary>
    private bool OnlyReleases(List<IdentifierNameSyntax> references, ISymbol member, SemanticModel model) =>
        ReleaseTalksToNoServer(member) && references.All(reference => IsRelease(ReleasedTarget(reference)));

    /// <summary>An ADO.NET command or reader that is not prepared: letting go of it once its connection ended asks the server nothing.</summary>
    private bool ReleaseTalksToNoServer(ISymbol member)
    {
        var type = member switch
        {
            IFieldSymbol field => field.Type,
            IPropertySymbol property => property.Type,
            _ => null,
        };
        return type is not null && IsCommandOrReader(type) && !MemberIsPrepared(member);
    }

    /// <summary>A field or property that keeps an ADO.NET command (<c>IDbCommand</c>).</summary>
    internal static bool IsCommand(ISymbol member) => member switch
    {
        IFieldSymbol field => AdoInterfaces.Implements(field.Type, "IDbCommand"),
        IPropertySymbol property => AdoInterfaces.Implements(property.Type, "IDbCommand"),
        _ => false,
    };

    /// <summary>
    /// <c>MySqlCommand komut = new MySqlCommand();</c>: a command over no connection, which every function binds before
    /// its first read.
    /// </summary>
    private static bool IsBareCreation(ISymbol member) => member.DeclaringSyntaxReferences.All(r => r.GetSyntax() is VariableDeclaratorSyntax
    {
        Initializer.Value: BaseObjectCreationExpressionSyntax { Initializer: null } creation,
    } && creation.ArgumentList is null or { Arguments.Count: 0 });

    private static ExpressionSyntax ReleasedTarget(IdentifierNameSyntax reference) =>
        reference.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } owner && owner.Name == reference ? owner : reference;

    /// <summary>
    /// A reference that only lets go of what the member keeps: a null check, <c>member = null;</c>, or a
    /// <c>Dispose()</c>/<c>Close()</c> statement on it (also through <c>?.</c>).
    /// </summary>
    internal static bool IsRelease(ExpressionSyntax target) => target.Parent switch
    {
        BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.EqualsExpression) || binary.IsKind(SyntaxKind.NotEqualsExpression) =>
            (binary.Left == target ? binary.Right : binary.Left).IsKind(SyntaxKind.NullLiteralExpression),
        IsPatternExpressionSyntax { Pattern: ConstantPatternSyntax { Expression: LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NullLiteralExpression } } } => true,
        AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Parent: ExpressionStatementSyntax } assignment =>
            assignment.Left == target && assignment.Right.IsKind(SyntaxKind.NullLiteralExpression),
        MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Dispose" or "Close" } call => call.Expression == target
            && call.Parent is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Parent: ExpressionStatementSyntax },
        ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Dispose" or "Close" }, ArgumentList.Arguments.Count: 0 } } conditional =>
            conditional.Expression == target && conditional.Parent is ExpressionStatementSyntax,
        _ => false,
    };

    private static bool IsCommandOrReader(ITypeSymbol type) =>
        AdoInterfaces.Implements(type, "IDbCommand") || AdoInterfaces.Implements(type, "IDataReader");

    /// <summary>A <c>Prepare()</c> on the member anywhere in the solution (a prepared command's disposal closes it on the server).</summary>
    private bool MemberIsPrepared(ISymbol member) => _compilation.SyntaxTrees
        .Where(tree => NameIndex.Mentions(tree, "Prepare", _cancellationToken) && NameIndex.Mentions(tree, member.Name, _cancellationToken))
        .SelectMany(tree => tree.GetRoot(_cancellationToken).DescendantNodes().OfType<InvocationExpressionSyntax>())
        .Any(call => call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Prepare" or "PrepareAsync" } access
            && access.Expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().LastOrDefault()?.Identifier.ValueText == member.Name);

    /// <summary>
    /// <c>= default(SqlCommand)</c>, <c>= default</c> or <c>= null</c> (the SMART CRUD template's <c>public static
    /// NpgsqlCommand cmd = default(NpgsqlCommand);</c>): a command member starts empty, as without an initializer. Only
    /// for commands: a kept object of the user's type may be returned from the function that builds it (a singleton's
    /// <c>Instance()</c>), which the reads checked here do not follow.
    /// </summary>
    private static bool InitializedToNull(ISymbol member) => member.DeclaringSyntaxReferences.All(r => r.GetSyntax() is VariableDeclaratorSyntax
    {
        Initializer.Value: DefaultExpressionSyntax or LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NullLiteralExpression or (int)SyntaxKind.DefaultLiteralExpression },
    });

    private static bool HasInitializer(ISymbol member) => member.DeclaringSyntaxReferences.Any(r => r.GetSyntax() switch
    {
        VariableDeclaratorSyntax declarator => declarator.Initializer is not null,
        PropertyDeclarationSyntax property => property.Initializer is not null || property.ExpressionBody is not null
            || property.AccessorList?.Accessors.Any(a => a.Body is not null || a.ExpressionBody is not null) == true,
        _ => true,
    });

    /// <summary>
    /// The function's first reference is the left side of <c>member = value;</c>, a statement whose value does not read
    /// the member, and every other reference follows that statement inside the same block (so the assignment runs before
    /// each of them, on every path) — or the resource of <c>using (member = value) { ... }</c>, every other reference
    /// inside its body (HeyBus's repositories: <c>using (cmd = new MySqlCommand(sql, Conexao.conexao))</c>). Members
    /// assigned later from an expression reading it are collected as derived. A command or reader may first be let go
    /// of (<c>if (reader != null) reader.Close();</c> at the top of a click handler, Frank-Develops' C969 logon form):
    /// that releases what an earlier unit built, whose own connection closed it already once units end with theirs.
    /// </summary>
    private bool BuiltFirst(List<IdentifierNameSyntax> references, ISymbol member, SemanticModel model, List<ISymbol> derived, bool command)
    {
        references.Sort((a, b) => a.SpanStart.CompareTo(b.SpanStart));
        var released = references.TakeWhile(r => IsRelease(ReleasedTarget(r)) && !IsNullAssignment(ReleasedTarget(r))).Count();
        if (released == references.Count || released > 0 && !ReleaseTalksToNoServer(member))
        {
            return false;
        }

        references = references.Skip(released).ToList();
        var first = references[0];
        ExpressionSyntax target = first.Parent is MemberAccessExpressionSyntax access && access.Name == first ? access : first;
        // A kept command bound to this function's connection first (`komut.Connection = Connect.baglanti();`) runs on no
        // other function's connection, as one built again would: its text and parameters stay the author's.
        if (command && target.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Connection" } bound && bound.Expression == target)
        {
            target = bound;
        }

        if (target.Parent is not AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment
            || assignment.Left != target
            || ScopeAfter(assignment) is not { } scope
            || references.Skip(1).Any(r => assignment.Right.Span.Contains(r.Span)))
        {
            return false;
        }

        foreach (var reference in references.Skip(1))
        {
            if (!scope.Contains(reference.Span) && !ClosedInFinallyAfter(reference, assignment))
            {
                return false;
            }

            // `Function.reader = Function.command.ExecuteReader();` keeps what the command made: the same rule for it.
            if (reference.Ancestors().OfType<AssignmentExpressionSyntax>().FirstOrDefault() is { } keeps
                && keeps.Right.Span.Contains(reference.Span)
                && model.GetSymbolInfo(keeps.Left, _cancellationToken).Symbol is (IFieldSymbol or IPropertySymbol) and var kept
                && model.GetTypeInfo(keeps.Right, _cancellationToken).Type is { } keptType && IsDisposable(keptType))
            {
                derived.Add(kept.OriginalDefinition);
            }
        }

        return true;
    }

    /// <summary>
    /// Where the assignment has run on every path: the rest of the block after <c>member = value;</c>, or the body of
    /// <c>using (member = value)</c>. Null for any other place (a condition, an argument, a brace-less branch).
    /// </summary>
    private static TextSpan? ScopeAfter(AssignmentExpressionSyntax assignment) => assignment.Parent switch
    {
        ExpressionStatementSyntax { Parent: BlockSyntax block } statement => TextSpan.FromBounds(statement.Span.End, block.Span.End),
        UsingStatementSyntax resource when resource.Expression == assignment => resource.Statement.Span,
        _ => null,
    };

    /// <summary>
    /// <c>finally { dr.Close(); }</c> (or <c>if (dr != null) dr.Close();</c>) of the <c>try</c> whose block builds the member (HeyBus's <c>Login_Cliente</c>): it
    /// closes the object this call built, or — when the call failed before building it — one an earlier call built and
    /// closed already (or null). Closing a connection closes its readers, and closing a closed reader or disposing a
    /// disposed command does nothing, so it does the same when the unit's own connection ended first.
    /// </summary>
    private static bool ClosedInFinallyAfter(IdentifierNameSyntax reference, AssignmentExpressionSyntax assignment)
    {
        ExpressionSyntax target = reference.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or IdentifierNameSyntax or MemberAccessExpressionSyntax } owner
            && owner.Name == reference ? owner : reference;
        return IsRelease(target)
            && target.Ancestors().OfType<FinallyClauseSyntax>().FirstOrDefault() is { Parent: TryStatementSyntax tryStatement }
            && tryStatement.Block.Span.Contains(assignment.Span);
    }

    private static bool IsNullAssignment(ExpressionSyntax target) =>
        target.Parent is AssignmentExpressionSyntax assignment && assignment.Left == target;

    /// <summary>A reader, adapter or transaction holds on to the connection; a string or a number read from it does not.</summary>
    private static bool IsDisposable(ITypeSymbol type) =>
        type.SpecialType == SpecialType.System_IDisposable || type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_IDisposable);
}
