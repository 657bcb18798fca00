using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// Finds every reference to the member in the project and sorts it: a use of the connection, an Open (removed, the guard
/// opens), a Close/Dispose, an assignment (a construction), a null check; or the reason the member cannot be fixed.
/// </summary>
internal sealed class ReferenceCollector
{
    private readonly PlanContext _context;
    private readonly MemberShape _shape;
    private readonly MemberReferences _references = new();
    private readonly CancellationToken _cancellationToken;
    private RebuiltStoredObjects? _rebuiltStoredObjects;

    private ReferenceCollector(PlanContext context, MemberShape shape)
    {
        _context = context;
        _shape = shape;
        _cancellationToken = context.CancellationToken;
    }

    public static async Task<Planned<MemberReferences>> CollectAsync(PlanContext context, MemberShape shape)
    {
        var collector = new ReferenceCollector(context, shape);
        var reason = await collector.CollectAsync().ConfigureAwait(false);
        return reason is { } failed ? failed : collector._references;
    }

    private ISymbol Member => _context.Member;

    private async Task<NoFixReason?> CollectAsync()
    {
        var protocol = _context.Protocol;
        var declaration = Member.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken);
        var initializer = (declaration as VariableDeclaratorSyntax)?.Initializer?.Value ?? (declaration as PropertyDeclarationSyntax)?.Initializer?.Value;
        if (initializer is not null)
        {
            _references.Sources.Add(initializer);
        }

        // A private member (and its helpers) can only be named in its own type; reflection can look it up anywhere.
        var privateScope = protocol.Helpers.Select(h => h.Symbol).Append(Member)
            .Select(s => NameIndex.TreesThatCanName(s, _context.Compilation, _cancellationToken))
            .Aggregate((HashSet<SyntaxTree>?)new HashSet<SyntaxTree>(), (all, trees) => all is null || trees is null ? null : new HashSet<SyntaxTree>(all.Concat(trees)));
        foreach (var document in _context.Project.Documents)
        {
            var tree = await document.GetSyntaxTreeAsync(_cancellationToken).ConfigureAwait(false);
            if (tree is null || !_context.Compilation.ContainsSyntaxTree(tree))
            {
                continue;
            }

            var canName = privateScope is null || privateScope.Contains(tree);
            if (!(canName && (NameIndex.Mentions(tree, Member.Name, _cancellationToken) || NameIndex.MentionsAny(tree, protocol.Helpers.Select(h => h.Symbol.Name), _cancellationToken)))
                && !NameIndex.HasLiteral(tree, Member.Name, _cancellationToken))
            {
                continue;
            }

            var root = await tree.GetRootAsync(_cancellationToken).ConfigureAwait(false);
            var model = _context.Model(tree);
            foreach (var node in root.DescendantNodes())
            {
                if (node is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression)
                    && literal.Token.ValueText == Member.Name && IsReflectionLookup(literal))
                {
                    return NoFixReason.LookedUpByReflection;
                }

                if (node is not IdentifierNameSyntax identifier)
                {
                    continue;
                }

                // `sqlConnection = DbConnection.connection;` in a constructor sets a stored copy: it goes with the copy.
                if (protocol.CopyAssignmentAround(identifier) is { } copyAssignment)
                {
                    _context.PlanFor(tree)!.RemovedStatements.Add(copyAssignment);
                    continue;
                }

                if (identifier.Identifier.ValueText != Member.Name)
                {
                    // A forwarding accessor's call of the accessor it forwards to stays (see ConnectionHelper.Forwards).
                    if (!protocol.IsEmpty && !protocol.InHelper(identifier) && protocol.HelperFor(model.GetSymbolInfo(identifier, _cancellationToken).Symbol) is { } helper
                        && ClassifyHelperReference(identifier, helper, _context.PlanFor(tree)!, model) is { } helperReason)
                    {
                        return helperReason;
                    }

                    continue;
                }

                // The helpers' own references are rewritten with the helpers.
                if (protocol.InHelper(identifier))
                {
                    continue;
                }

                var info = model.GetSymbolInfo(identifier, _cancellationToken);
                if (!_context.IsMember(info.Symbol))
                {
                    if (info.CandidateSymbols.Any(_context.IsMember))
                    {
                        return NoFixReason.AmbiguousReference;
                    }

                    // A DAL's copy is often named as the holder's field (`connection` in both).
                    if (protocol.HelperFor(info.Symbol) is { IsStoredCopy: true } copy
                        && ClassifyHelperReference(identifier, copy, _context.PlanFor(tree)!, model) is { } copyReason)
                    {
                        return copyReason;
                    }

                    continue;
                }

                if (Classify(identifier, _context.PlanFor(tree)!, model) is { } reason)
                {
                    return reason;
                }
            }
        }

        return _context.PerUseMode ? ReopenedConnections.Check(_context.Protocol, _references, _cancellationToken) : null;
    }

    private static bool IsReflectionLookup(LiteralExpressionSyntax literal) =>
        literal.Parent?.Parent?.Parent is InvocationExpressionSyntax invocation
        && SyntaxShapes.InvokedName(invocation) is "GetField" or "GetProperty" or "GetMember" or "GetParameter";

    private NoFixReason? Classify(IdentifierNameSyntax identifier, DocumentPlan plan, SemanticModel model)
    {
        if (identifier.Ancestors().OfType<InvocationExpressionSyntax>().Any(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" }))
        {
            return null;
        }

        if (identifier.Parent is MemberBindingExpressionSyntax)
        {
            return NoFixReason.ReachedThroughNullConditional;
        }

        ExpressionSyntax guard = identifier.Parent is MemberAccessExpressionSyntax qualified && qualified.Name == identifier ? qualified : identifier;
        if (guard.Parent is AssignmentExpressionSyntax assignment && assignment.Left == guard)
        {
            var isLazyInit = assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression) && assignment.Parent is ExpressionStatementSyntax;
            if ((!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && !isLazyInit) || Member is IParameterSymbol)
            {
                return NoFixReason.UnsupportedAssignment;
            }

            // `c = c ?? new X(cs);` gives the member what `c ??= new X(cs);` does: the construction is the source.
            var value = SelfCoalescingAssignments.ValueOf(assignment, model) ?? assignment.Right;
            _references.Sources.Add(value);
            _references.AssignedSources.Add((value, plan));
            return null;
        }

        if (SelfCoalescingAssignments.AroundRead(guard, model) is not null)
        {
            // The member read on the left of `c = c ?? new X(cs);` only tests it for null, as `c ??=` does: it is renamed
            // with the guard. (The per-use fix still declines such a statement outside an accessor: MemberStillNeeded.)
            _references.GuardLevelReferences.Add((identifier, plan));
            return null;
        }

        if (guard.Parent is ArgumentSyntax argument && !argument.RefKindKeyword.IsKind(SyntaxKind.None))
        {
            return NoFixReason.PassedByReference;
        }

        if (AccessorCopyAliases.LocalFor(_context, guard, model) is { } copy)
        {
            // The unit's local holds this very connection (the accessor returned the member): its reads are the local's.
            plan.Replacements[guard] = IdentifierName(copy.Identifier.ValueText).WithTriviaFrom(guard);
            _references.AliasedReads.Add((guard, copy));
            return null;
        }

        if (IsNullCheck(guard))
        {
            if (_context.Mode == FixMode.ConnectionFactory && GatesOwnConstruction(guard, model))
            {
                // `if (Connection == null) { ...; Connection = new X(cs); }` read on the member itself (an auto-property is
                // its own accessor): as for an accessor's null check, FactoryPlanner checks the string field instead.
                _references.AccessorNullChecks.Add((guard, plan));
                return null;
            }

            _references.GuardLevelReferences.Add((identifier, plan));
            return null;
        }

        var connection = guard;
        if (_shape.IsLazy)
        {
            if (guard.Parent is MemberAccessExpressionSyntax value && value.Expression == guard && value.Name.Identifier.ValueText == "Value")
            {
                connection = value;
            }
            else
            {
                return NoFixReason.LazyUsedWithoutValue;
            }
        }

        if (!_shape.IsLazy && guard.Parent is PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed)
        {
            // `_connection!.CreateCommand()`: the guard is read the same way, `_connection!.AcquireAsync()`.
            return ClassifyConnection(suppressed, _context.Mode == FixMode.ConnectionFactory ? guard : suppressed, identifier, plan, model, viaAccessor: false);
        }

        if (!_shape.IsLazy && ThrowsWhenNull(guard) is { } checkedRead)
        {
            // `s_connection ?? throw new InvalidOperationException("Call Initialize first.")`: the whole check is the use
            // (the lease's connection is never null); the guard (or data source) is checked the same way before it is asked.
            return ClassifyConnection(checkedRead, _context.Mode == FixMode.ConnectionFactory ? guard : SyntaxFactory.ParenthesizedExpression(checkedRead.WithoutTrivia()), identifier, plan, model, viaAccessor: false);
        }

        return ClassifyConnection(connection, guard, identifier, plan, model, viaAccessor: false);
    }

    /// <summary>The <c>member ?? throw ...</c> around <paramref name="guard"/>, if it is read that way.</summary>
    private static BinaryExpressionSyntax? ThrowsWhenNull(ExpressionSyntax guard) =>
        guard.Parent is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceExpression, Right: ThrowExpressionSyntax } coalesce && coalesce.Left == guard
            ? coalesce
            : null;

    /// <summary>
    /// A reference to the holder's helper: an accessor's value is a connection use; an opener or closer call goes away
    /// (the per-use scope opens and disposes).
    /// </summary>
    private NoFixReason? ClassifyHelperReference(IdentifierNameSyntax identifier, ConnectionHelper helper, DocumentPlan plan, SemanticModel model)
    {
        if (_context.Protocol.InHelper(identifier)
            || identifier.Ancestors().OfType<InvocationExpressionSyntax>().Any(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" }))
        {
            return null;
        }

        ExpressionSyntax reference = identifier.Parent is MemberAccessExpressionSyntax qualified && qualified.Name == identifier ? qualified : identifier;
        ExpressionSyntax value = reference;
        if (helper.Symbol is IMethodSymbol)
        {
            if (reference.Parent is not InvocationExpressionSyntax call || call.Expression != reference)
            {
                return NoFixReason.HelperUsedAsValue;
            }

            value = call;
            if (helper is { IsAsync: true, Role: HelperRole.Accessor })
            {
                // `var c = await Db.GetAsync();` reads as `var c = Db.Get();`; a task handed on or waited for has no such form.
                if (call.Parent is not AwaitExpressionSyntax awaited)
                {
                    return NoFixReason.AsyncAccessorNotAwaited;
                }

                value = awaited;
            }
        }

        if (helper.IsStoredCopy)
        {
            return ClassifyCopyReference(value, helper, identifier, plan, model);
        }

        if (helper.DropsSetter && IsWritten(reference))
        {
            return NoFixReason.AccessorSetByCaller;
        }

        if (helper.Role != HelperRole.Accessor)
        {
            if (SyntaxShapes.StatementOf(value) is { } statement)
            {
                if (helper.Role == HelperRole.Opener && value is InvocationExpressionSyntax openerCall
                    && HandledOpenerCalls.IsHandledConnect(statement, openerCall, Member, _context.Protocol, model, _cancellationToken))
                {
                    // Kept as a short open once the factory is known (only the factory fix reads openers; HandledOpenProbes skips async).
                    if (helper.IsAsync || !helper.Opens
                        || statement.Ancestors().FirstOrDefault(SyntaxShapes.IsFunction) is not { } function || SyntaxShapes.IsAsync(function))
                    {
                        return NoFixReason.HandledOpenerCall;
                    }

                    _references.HandledOpens.Add((openerCall, statement, openerCall.Expression.WithoutTrivia(), plan));
                }

                plan.RemovedStatements.Add(statement);
                _references.HelperCalls.Add((statement, helper));
                return null;
            }

            // `public void Run() => database.OpenConnection();` keeps its signature and does nothing, as the removed statement would.
            if (value.Parent is ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax { ReturnType: PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword } } method }
                && !method.Modifiers.Any(SyntaxKind.AsyncKeyword))
            {
                plan.Replacements[method] = method.WithExpressionBody(null).WithSemicolonToken(default).WithBody(Block())
                    .WithAdditionalAnnotations(Microsoft.CodeAnalysis.Formatting.Formatter.Annotation);
                return null;
            }

            return NoFixReason.HelperUsedAsValue;
        }

        if (value.Parent is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment && assignment.Right == value
            && _context.IsMember(model.GetSymbolInfo(assignment.Left, _cancellationToken).Symbol))
        {
            // `_conn = CreateConnection();` is the member's own assignment (classified with the member): the factory drops it.
            return null;
        }

        if (value.Parent is UsingStatementSyntax || value.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: UsingStatementSyntax } }
            || value.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: LocalDeclarationStatementSyntax { UsingKeyword.RawKind: (int)SyntaxKind.UsingKeyword } } })
        {
            // The caller disposes what it gets: with a new connection per call that is already right.
            _references.DisposedByCaller.Add(value);
            return null;
        }

        if (value.Parent is ExpressionStatementSyntax opening && helper.Opens && value is InvocationExpressionSyntax openingCall
            && OpenedForLaterUse.IsFollowedByRead(opening, openingCall, _context.Protocol, model, _cancellationToken))
        {
            // `dbConnection.OpenConnection(); ... dbConnection.Get_conn()`: the unit's scope opens where it reads the
            // connection, as for an opener's call.
            plan.RemovedStatements.Add(opening);
            _references.HelperCalls.Add((opening, helper));
            return null;
        }

        if (value.Parent is ExpressionStatementSyntax)
        {
            // `try { Connect.baglanti(); } catch (Exception err) { MessageBox.Show(...); }` (kadirrbayar/CSharp-CanliRadyo-
            // Muzik's Load): called only to connect, and to report a failure there. The new connection is opened and
            // given back at the same place, so a failure is still thrown (and reported) there, and none is left open.
            plan.Replacements[value] = InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, value.WithoutTrivia(), IdentifierName("Dispose")))
                .WithTriviaFrom(value);
            _references.DisposedByCaller.Add(value);
            return null;
        }

        return ClassifyConnection(value, value, identifier, plan, model, viaAccessor: true);
    }

    /// <summary>
    /// A read of a field that keeps the accessor's value: a use of the connection the accessor hands out, so the unit of
    /// work calls the accessor instead (<c>Holder.Accessor()</c>, simplified where the name is in scope). The copy must
    /// only be read: written, passed by reference or disposed with <c>using</c>, it is a connection of its own.
    /// </summary>
    private NoFixReason? ClassifyCopyReference(ExpressionSyntax copy, ConnectionHelper helper, IdentifierNameSyntax identifier, DocumentPlan plan, SemanticModel model)
    {
        switch (copy.Parent)
        {
            case AssignmentExpressionSyntax assignment when assignment.Left == copy:
                return NoFixReason.ConnectionStoredInMember;
            case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None):
                return NoFixReason.PassedByReference;
            case UsingStatementSyntax:
                return NoFixReason.ConnectionDisposedByUsing;
        }

        if (IsNullCheck(copy) || copy.Parent is ConditionalAccessExpressionSyntax conditional && conditional.Expression == copy)
        {
            return NoFixReason.MemberStillNeeded;
        }

        var accessor = helper.CopiedAccessor!;
        if (helper.CopiesMember)
        {
            // A copy of the static member itself: a read of the member, which the factory's call replaces.
            ExpressionSyntax member = MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, TypeNames.Qualified(accessor.ContainingType), IdentifierName(accessor.Name))
                .WithAdditionalAnnotations(Simplifier.Annotation);
            return ClassifyConnection(copy, member, identifier, plan, model, viaAccessor: false);
        }

        // An instance accessor is asked through what the copy was taken through (`mdb.getConnection()`, qualified as the copy was).
        var owner = helper.CopiedReceiver is { } receiver
            ? StableReceivers.Read(receiver, copy is MemberAccessExpressionSyntax { Expression: not ThisExpressionSyntax } qualified ? qualified.Expression : null)
            : TypeNames.Qualified(accessor.ContainingType);
        ExpressionSyntax call = MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, owner, IdentifierName(accessor.Name))
            .WithAdditionalAnnotations(Simplifier.Annotation);
        if (accessor is IMethodSymbol)
        {
            call = InvocationExpression(call);
        }

        return ClassifyConnection(copy, call, identifier, plan, model, viaAccessor: true);
    }

    private NoFixReason? ClassifyConnection(ExpressionSyntax connection, ExpressionSyntax guard, IdentifierNameSyntax identifier, DocumentPlan plan, SemanticModel model, bool viaAccessor)
    {
        if (ConnectionEvents.Check(connection, model, _cancellationToken) is { } subscribed)
        {
            return subscribed;
        }

        string? calledName = null;
        InvocationExpressionSyntax? call = null;
        if (connection.Parent is MemberAccessExpressionSyntax access && access.Expression == connection
            && access.Parent is InvocationExpressionSyntax invocation && invocation.Expression == access)
        {
            calledName = access.Name.Identifier.ValueText;
            call = invocation;
        }
        else if (connection.Parent is ConditionalAccessExpressionSyntax conditional && conditional.Expression == connection
                 && conditional.WhenNotNull is InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax binding } bound)
        {
            calledName = binding.Name.Identifier.ValueText;
            call = bound;
        }

        switch (calledName)
        {
            // An accessor that handed out a closed connection: its callers' Open stays, on the per-use connection.
            case "Open" or "OpenAsync" when !viaAccessor || _context.Protocol.FactoryOpens:
                _references.OpenedDirectly |= !viaAccessor;
                _references.OpenedThroughAccessor |= viaAccessor;
                if (!viaAccessor)
                {
                    _references.OpenCalls.Add(call!);
                }

                return ClassifyOpen(call!, calledName, connection, guard, plan, model);
            case "Close" or "CloseAsync" or "Dispose" or "DisposeAsync":
                return ClassifyClose(call!, calledName, identifier, guard, plan, model);
        }

        if (viaAccessor && _context.Mode == FixMode.ConnectionFactory && IsNullCheck(connection))
        {
            // Not a use: FactoryPlanner checks the connection string instead, when it can tell it is set where the member was.
            _references.AccessorNullChecks.Add((connection, plan));
            return null;
        }

        if (!viaAccessor && DisposingUsingOf(connection) is { } disposingUsing)
        {
            // `using (member) { ... }` closes the member at the end of its body, as `member.Close()` there would: the
            // lease (or the per-use connection) ends there instead (see UnitPlanner.PlanCloseCalls).
            _references.DisposingUsings.Add(new DisposingUsing(disposingUsing, plan));
            return null;
        }

        if (!viaAccessor && _context.Mode == FixMode.Guard && StringSetting(connection) is { } setting)
        {
            // Setting the string on one leased connection would leave every replacement the guard builds without it.
            _references.StringSettings.Add((setting, ((AssignmentExpressionSyntax)setting.Expression).Right, plan));
            plan.RemovedStatements.Add(setting);
            return null;
        }

        if (Escapes(connection, model) is { } escape)
        {
            if (escape is NoFixReason.ReceivingFieldHasOwnFinding or NoFixReason.StoredObjectKeepsConnection or NoFixReason.ConnectionHandedToStoredObject
                && !viaAccessor && connection == guard
                && HandedGuards.Receive(_context, connection, model))
            {
                // `new Table(Connection)`: the receiver takes the guard itself, so the reference stays the member's.
                _references.GuardLevelReferences.Add((identifier, plan));
                return null;
            }

            return escape;
        }

        var transaction = calledName is "BeginTransaction" or "BeginTransactionAsync" && connection.Parent is MemberAccessExpressionSyntax ? call : null;
        _references.Uses.Add(new ConnectionUse(connection, guard, plan, transaction, viaAccessor));
        return null;
    }

    /// <summary>The statement <c>member.ConnectionString = value;</c> whose target is <paramref name="connection"/>, if it is one.</summary>
    private static ExpressionStatementSyntax? StringSetting(ExpressionSyntax connection) =>
        connection.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConnectionString" } access && access.Expression == connection
        && access.Parent is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Parent: ExpressionStatementSyntax statement } assignment
        && assignment.Left == access
            ? statement
            : null;

    /// <summary>The guard opens the connection for each lease; opening it again would throw.</summary>
    private NoFixReason? ClassifyOpen(InvocationExpressionSyntax call, string calledName, ExpressionSyntax connection, ExpressionSyntax guard, DocumentPlan plan, SemanticModel model)
    {
        var openStatement = SyntaxShapes.StatementOf(call);
        if (openStatement is not null && calledName == "OpenAsync" && _context.Mode != FixMode.ConnectionFactory
            && openStatement.Expression is AwaitExpressionSyntax awaited && IsHandledConnect(openStatement, model))
        {
            // `try { await conn.OpenAsync(); return sw.Elapsed; } catch { return TimeSpan.MaxValue; }`: as below, awaited.
            plan.Replacements[awaited] = AsyncProbes.Awaited(awaited, call, ProbeTarget(guard));
            return null;
        }

        if (openStatement is null && calledName == "OpenAsync" && _context.Mode != FixMode.ConnectionFactory
            && AsyncProbes.StartedTask(call, model, _cancellationToken) is { } started)
        {
            // `var con = conn.OpenAsync(); ...; await con;`: a handled open still fails into its catch when awaited, an
            // unhandled one has nothing left to do (as `=> conn.OpenAsync(ct)` below).
            plan.Replacements[call] = IsHandledConnect(started, model)
                ? AsyncProbes.Task(call, ProbeTarget(guard), model.GetTypeInfo(call, _cancellationToken).Type!)
                : AsyncProbes.CompletedTask(call, model, _cancellationToken)!;
            return null;
        }

        if (openStatement is not null && calledName == "Open" && _context.Mode != FixMode.ConnectionFactory && IsHandledConnect(openStatement, model))
        {
            // `try { mysql.Open(); return true; } catch { return false; }`: the caller still learns now whether the server
            // answers (and the catch still reports it) — through one short lease, as `void Connect() => c.Open();` below.
            var checker = Member is IParameterSymbol ? (ExpressionSyntax)IdentifierName(_shape.GuardName) : guard.WithoutTrivia();
            plan.Replacements[call] = InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression,
                InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, checker, IdentifierName(_context.DataSourceMode ? "OpenConnection" : "Acquire"))),
                IdentifierName("Dispose")));
            return null;
        }

        if (openStatement is not null)
        {
            plan.RemovedStatements.Add(openStatement);
            // Only an open of the member itself: a copy opened in a unit that goes on to use it is that unit's work.
            if (calledName == "Open" && _context.Mode == FixMode.ConnectionFactory && IsHandledConnect(openStatement, model)
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(connection, _cancellationToken).Symbol?.OriginalDefinition, Member.OriginalDefinition))
            {
                _references.HandledOpens.Add((call, openStatement, guard.WithoutTrivia(), plan));
            }

            return null;
        }

        // `void Connect() => connection.Open();` still connects now: through one short lease.
        if (call.Parent is ArrowExpressionClauseSyntax && calledName == "Open" && connection.Parent is MemberAccessExpressionSyntax)
        {
            var opener = Member is IParameterSymbol ? (ExpressionSyntax)IdentifierName(_shape.GuardName) : guard.WithoutTrivia();
            plan.Replacements[call] = InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression,
                InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, opener, IdentifierName(_context.DataSourceMode ? "OpenConnection" : "Acquire"))),
                IdentifierName("Dispose")));
            return null;
        }

        // `Task StartAsync(...) => connection.OpenAsync(ct);` has nothing left to do.
        if (call.Parent is ArrowExpressionClauseSyntax && AsyncProbes.CompletedTask(call, model, _cancellationToken) is { } completed)
        {
            plan.Replacements[call] = completed;
            return null;
        }

        return NoFixReason.OpenInsideExpression;
    }

    /// <summary><c>guard.AcquireAsync</c> (a data source's <c>OpenConnectionAsync</c>), on the guard a parameter's copy names.</summary>
    private ExpressionSyntax ProbeTarget(ExpressionSyntax guard) =>
        MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression,
            Member is IParameterSymbol ? IdentifierName(_shape.GuardName) : guard.WithoutTrivia(),
            IdentifierName(_context.DataSourceMode ? "OpenConnectionAsync" : "AcquireAsync"));

    /// <summary>
    /// The open sits in a <c>try</c> whose catches handle its failure, in a method that does nothing else with the member
    /// than build it, set its string, close it just before and open it (a <c>Connect()</c> that returns false or logs
    /// "connect fail", a Load that offers Retry): removing
    /// the open would make it report success with the server down. No other use before it or in its <c>try</c>, so the
    /// short lease nests in none; work after a <c>try</c> whose catches leave (<see cref="UsesAfterHandledOpen"/>) leases after it.
    /// </summary>
    private bool IsHandledConnect(StatementSyntax openStatement, SemanticModel model)
    {
        // Any catch, even one that only rethrows (unlike RethrowOnlyCatches' users): the short lease keeps the failure
        // at the open, where the old code threw it, rather than moving it to the first command.
        if (openStatement.Ancestors().FirstOrDefault(SyntaxShapes.IsFunction) is not { } function
            || !openStatement.Ancestors().TakeWhile(a => a != function).OfType<TryStatementSyntax>().Any(t => t.Catches.Count > 0 && t.Block.Span.Contains(openStatement.Span)))
        {
            return false;
        }

        foreach (var identifier in function.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (identifier.Identifier.ValueText != Member.Name || openStatement.Span.Contains(identifier.Span)
                || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, _cancellationToken).Symbol?.OriginalDefinition, Member.OriginalDefinition))
            {
                continue;
            }

            var reference = identifier.Parent is MemberAccessExpressionSyntax qualified && qualified.Name == identifier ? (ExpressionSyntax)qualified : identifier;
            if (!IsWritten(reference) && !IsCloseBefore(reference, openStatement) && !IsCloseAfter(reference, openStatement)
                && !UsesAfterHandledOpen.Follows(reference, openStatement)
                && reference.Parent is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConnectionString", Parent: AssignmentExpressionSyntax })
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <c>member.Close();</c> earlier in the open's own block (<c>Program.Connection.Close(); Program.Connection.Open();</c>,
    /// a reconnect on Load): it resets the member and asks nothing of the server, so the open is still the only check.
    /// </summary>
    private static bool IsCloseBefore(ExpressionSyntax reference, StatementSyntax openStatement) =>
        CloseStatementOf(reference) is { } close && close.Parent == openStatement.Parent && close.SpanStart < openStatement.SpanStart;

    /// <summary>
    /// <c>member.Close();</c> after the open, when the function is done with it (the WinForms template's <c>Main</c> closes
    /// it after <c>Application.Run</c>): the short open has given its connection back, so there is nothing left for it to close.
    /// </summary>
    private static bool IsCloseAfter(ExpressionSyntax reference, StatementSyntax openStatement) =>
        CloseStatementOf(reference) is { } close && close.SpanStart >= openStatement.Span.End;

    /// <summary>The statement <c>member.Close();</c> whose receiver is <paramref name="reference"/>, if it is one.</summary>
    private static ExpressionStatementSyntax? CloseStatementOf(ExpressionSyntax reference) =>
        reference.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Close" } access && access.Expression == reference
        && access.Parent is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Parent: ExpressionStatementSyntax close }
            ? close
            : null;

    private NoFixReason? ClassifyClose(InvocationExpressionSyntax call, string calledName, IdentifierNameSyntax identifier, ExpressionSyntax guard, DocumentPlan plan, SemanticModel model)
    {
        var closeStatement = SyntaxShapes.StatementOf(call);
        if (closeStatement is null && !_shape.IsLazy && !_context.DataSourceMode && call.Parent is ArrowExpressionClauseSyntax
            && _context.GuardType.GetMembers(calledName).OfType<IMethodSymbol>().FirstOrDefault(m => m.Parameters.Length == 0) is { } guardMethod)
        {
            // `Task StopAsync(...) => connection.CloseAsync();`: the guard closes (its ValueTask made a Task when needed).
            _references.GuardLevelReferences.Add((identifier, plan));
            if (model.GetTypeInfo(call, _cancellationToken).Type is { } closeType && closeType.Name != guardMethod.ReturnType.Name
                && closeType.Name == "Task" && guardMethod.ReturnType.Name == "ValueTask")
            {
                var guardCall = Member is IParameterSymbol ? (ExpressionSyntax)IdentifierName(_shape.GuardName) : guard.WithoutTrivia();
                plan.Replacements[call] = InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression,
                    InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, guardCall, IdentifierName(calledName))),
                    IdentifierName("AsTask")));
            }

            return null;
        }

        if (closeStatement is null || _shape.IsLazy)
        {
            return NoFixReason.CloseInsideExpression;
        }

        _references.CloseCalls.Add(new CloseCall(closeStatement, calledName, guard, identifier, plan));
        return null;
    }

    /// <summary>
    /// The <c>using (member) statement</c> of which <paramref name="connection"/> is the resource, when it is a statement
    /// of a block (so that its body can take its place); null otherwise.
    /// </summary>
    private static UsingStatementSyntax? DisposingUsingOf(ExpressionSyntax connection) =>
        connection.Parent is UsingStatementSyntax { Parent: BlockSyntax } usingStatement && usingStatement.Expression == connection
            ? usingStatement
            : null;

    /// <summary>The target of an assignment (also in an object initializer or a deconstruction's tuple).</summary>
    internal static bool IsWritten(ExpressionSyntax reference) => reference.Parent switch
    {
        AssignmentExpressionSyntax assignment => assignment.Left == reference,
        ArgumentSyntax { Parent: TupleExpressionSyntax tuple } => tuple.Ancestors().TakeWhile(a => a is TupleExpressionSyntax or ArgumentSyntax or AssignmentExpressionSyntax)
            .OfType<AssignmentExpressionSyntax>().Any(a => a.Left.Span.Contains(tuple.Span)),
        _ => false,
    };

    /// <summary>
    /// <paramref name="read"/> is tested for null (<c>== null</c>, <c>is null</c>) by an <c>if</c> whose body builds the
    /// member (<c>IsConnected()</c>'s <c>if (Connection == null) { ...; Connection = new MySqlConnection(cs); }</c>).
    /// </summary>
    private bool GatesOwnConstruction(ExpressionSyntax read, SemanticModel model) =>
        read.Parent is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.EqualsExpression } or IsPatternExpressionSyntax { Pattern: ConstantPatternSyntax }
        && read.Parent.Parent is IfStatementSyntax gate && gate.Condition == read.Parent
        && gate.Statement.DescendantNodes().OfType<AssignmentExpressionSyntax>().Any(a =>
            a.IsKind(SyntaxKind.SimpleAssignmentExpression) && a.Right is BaseObjectCreationExpressionSyntax
            && _context.IsMember(model.GetSymbolInfo(a.Left, _cancellationToken).Symbol));

    private static bool IsNullCheck(ExpressionSyntax expression) => expression.Parent switch
    {
        BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.EqualsExpression) || binary.IsKind(SyntaxKind.NotEqualsExpression) =>
            (binary.Left == expression ? binary.Right : binary.Left).IsKind(SyntaxKind.NullLiteralExpression),
        IsPatternExpressionSyntax pattern => pattern.Pattern is ConstantPatternSyntax { Expression: LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NullLiteralExpression } }
            or UnaryPatternSyntax { Pattern: ConstantPatternSyntax { Expression: LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NullLiteralExpression } } },
        _ => false,
    };

    /// <summary>The connection would outlive the lease: returned, stored in a member, handed to a stored object, or disposed.</summary>
    private NoFixReason? Escapes(ExpressionSyntax connection, SemanticModel model)
    {
        switch (connection.Parent)
        {
            case ReturnStatementSyntax or ArrowExpressionClauseSyntax or YieldStatementSyntax:
                return NoFixReason.ConnectionReturned;
            case UsingStatementSyntax:
                return NoFixReason.ConnectionDisposedByUsing;
            case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: LocalDeclarationStatementSyntax local } }:
                return local.UsingKeyword.IsKind(SyntaxKind.UsingKeyword) ? NoFixReason.ConnectionDisposedByUsing : null;
            case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: UsingStatementSyntax } }:
                return NoFixReason.ConnectionDisposedByUsing;
            case EqualsValueClauseSyntax:
                return connection.Parent.Parent is VariableDeclaratorSyntax { Parent.Parent: LocalDeclarationStatementSyntax } ? null : NoFixReason.ConnectionStoredInMember;
            // `new MySqlCommand { Connection = connection }` sets the new object's property, not one of this type's:
            // the connection goes into the command as a constructor argument would.
            case AssignmentExpressionSyntax { Parent: InitializerExpressionSyntax { RawKind: (int)SyntaxKind.ObjectInitializerExpression, Parent: BaseObjectCreationExpressionSyntax initialized } } assignment
                when assignment.Right == connection:
                return StoredReason(initialized, connection, model);
            case AssignmentExpressionSyntax assignment when assignment.Right == connection:
                return StoresInMember(assignment.Left, model, _cancellationToken) && !ReboundCommandStaysInUnit(assignment, model)
                    ? BoundAtConstruction(assignment, model) ? NoFixReason.CommandBuiltOnce : NoFixReason.ConnectionStoredInMember
                    : null;
            case ArgumentSyntax { Parent.Parent: BaseObjectCreationExpressionSyntax creation }:
                return StoredReason(creation, connection, model);
            case MemberAccessExpressionSyntax when CommandStoredInMember(connection, model, _cancellationToken):
                return StoredCommandOutlivesUnit(connection, model);
            default:
                return null;
        }
    }

    /// <summary>
    /// An object kept in a field (its initializer) or assigned to a member outlives the unit of work — unless every
    /// function that reads the member builds it again first (<see cref="RebuiltStoredObjects"/>). The reason names what
    /// keeps it (<see cref="KeptObjectReasons"/>), or says that the field the object copies it into has its own finding
    /// (<see cref="ReceivingFields"/>); null when nothing keeps it.
    /// </summary>
    private NoFixReason? StoredReason(BaseObjectCreationExpressionSyntax creation, ExpressionSyntax handed, SemanticModel model)
    {
        if (_context.PerUseMode && ReturnedFromFunction(creation))
        {
            return NoFixReason.ConnectionReturned;
        }

        return KeptReason(creation, model) is { } reason
            ? ReceivingFields.Refine(reason, _context, creation, handed, model)
            : null;
    }

    /// <summary>
    /// <c>return new UserRepository(connection);</c>, an arrow or lambda body, a <c>yield return</c>: the object leaves
    /// the function with the connection in it, so a per-use connection would be disposed before the caller uses the
    /// object (Juanfrxz/CampusLoveV2's repository factory). Under the guard the lease's connection stays the guard's.
    /// </summary>
    internal static bool ReturnedFromFunction(BaseObjectCreationExpressionSyntax creation) => creation.Parent switch
    {
        ReturnStatementSyntax or ArrowExpressionClauseSyntax or YieldStatementSyntax => true,
        LambdaExpressionSyntax lambda => lambda.ExpressionBody == creation,
        _ => false,
    };

    private NoFixReason? KeptReason(BaseObjectCreationExpressionSyntax creation, SemanticModel model)
    {
        if (creation.Parent is EqualsValueClauseSyntax { Parent.Parent.Parent: FieldDeclarationSyntax })
        {
            return KeptObjectReasons.Of(model.GetTypeInfo(creation, _cancellationToken).Type, creation, readWhereNeverSet: false);
        }

        if (creation.Parent is not AssignmentExpressionSyntax stored || stored.Right != creation || !StoresInMember(stored.Left, model, _cancellationToken))
        {
            return null;
        }

        _rebuiltStoredObjects ??= new RebuiltStoredObjects(_context.Compilation, _cancellationToken);
        if (model.GetSymbolInfo(stored.Left, _cancellationToken).Symbol is not { } member)
        {
            return NoFixReason.ConnectionHandedToStoredObject;
        }

        return _rebuiltStoredObjects.Check(member.OriginalDefinition) is null
            ? CalleeCaughtOpens.Of(member, Member, _context.Compilation, _cancellationToken)
            : KeptObjectReasons.Of(TypeOf(member), creation, _rebuiltStoredObjects.ReadWhereNeverSet(member));
    }

    private static ITypeSymbol? TypeOf(ISymbol member) => member switch
    {
        IFieldSymbol field => field.Type,
        IPropertySymbol property => property.Type,
        _ => null,
    };

    /// <summary>
    /// <c>_cmd = _connection.CreateCommand();</c> of the member itself (OxideMod/Oxide.MySql's <c>Handle()</c>) outlives
    /// the unit of work unless every function that reads <c>_cmd</c> builds it first or only lets go of it (its
    /// <c>Cleanup()</c>: <see cref="RebuiltStoredObjects"/>). Then, under the guard, reads after the lease run on the
    /// connection the guard keeps open, as the old code's did (a release closes nothing). A per-use connection ends with
    /// the unit's scope, which follows the kept command to its last mention in the block
    /// (<see cref="UnitPlanner.ExtendForDeclarations"/>) but stops before a wait: a wait in between declines (the
    /// command would run on a disposed connection). A local copy's command stays declined (<see cref="LocalCopies"/>).
    /// </summary>
    private NoFixReason? StoredCommandOutlivesUnit(ExpressionSyntax connection, SemanticModel model)
    {
        if (connection.Parent?.Parent?.Parent is not AssignmentExpressionSyntax { Parent: ExpressionStatementSyntax { Parent: BlockSyntax block } statement } stored
            || model.GetSymbolInfo(stored.Left, _cancellationToken).Symbol is not { } member)
        {
            return NoFixReason.ConnectionHandedToStoredObject;
        }

        // The unit's scope is found in the function's body or its try block (UnitPlanner.IntoTryBlock); a build inside an
        // `if` (nkyokoo/unittesting's Login: `if (IsValidEmail(email)) { connection = db.Connection; command = ...; }`)
        // put the lease before the member's copy, so the command's block must be one of those.
        if (!IsUnitBlock(block))
        {
            return SetEarlierInBlock(block, statement, connection, model) ? NoFixReason.MemberSetInNestedBlock : NoFixReason.ConnectionHandedToStoredObject;
        }

        _rebuiltStoredObjects ??= new RebuiltStoredObjects(_context.Compilation, _cancellationToken);
        if (_rebuiltStoredObjects.Check(member.OriginalDefinition) is not null)
        {
            return KeptObjectReasons.Of(TypeOf(member), stored, _rebuiltStoredObjects.ReadWhereNeverSet(member));
        }

        return KeptAcrossWait(block, statement, member.Name) ? NoFixReason.ConnectionHandedToStoredObject : null;
    }

    /// <summary>A constructor binds a command it built over no connection (<see cref="KeptCommandBindings"/>): rebound per function.</summary>
    private bool BoundAtConstruction(AssignmentExpressionSyntax assignment, SemanticModel model) =>
        assignment.Parent is ExpressionStatementSyntax { Parent: BlockSyntax { Parent: ConstructorDeclarationSyntax constructor } } statement
        && KeptCommandBindings.In(statement, constructor, model, _cancellationToken) is not null;

    /// <summary>The connection's member is set by a statement of the same nested block before the command is built from it.</summary>
    private bool SetEarlierInBlock(BlockSyntax block, StatementSyntax build, ExpressionSyntax connection, SemanticModel model)
    {
        var target = model.GetSymbolInfo(connection, _cancellationToken).Symbol?.OriginalDefinition;
        return target is not null && block.Statements.TakeWhile(s => s != build).Any(s =>
            s is ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax assignment }
            && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(assignment.Left, _cancellationToken).Symbol?.OriginalDefinition, target));
    }

    /// <summary>
    /// <c>komut.Connection = Connect.baglanti();</c> on a command kept in a field (kadirrbayar/CSharp-CanliRadyo-Muzik's
    /// forms): the command keeps the connection only until the next function binds it again, when every function that
    /// reads the field first binds or builds it (<see cref="RebuiltStoredObjects"/>). The unit's scope follows the command
    /// to its last mention in the block (<see cref="UnitPlanner.ExtendForDeclarations"/>), so its runs stay inside; a
    /// per-use connection must not be kept across a wait in between.
    /// </summary>
    private bool ReboundCommandStaysInUnit(AssignmentExpressionSyntax assignment, SemanticModel model)
    {
        if (assignment is not { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Left: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Connection" } bound, Parent: ExpressionStatementSyntax { Parent: BlockSyntax block } statement }
            || model.GetSymbolInfo(bound.Expression, _cancellationToken).Symbol is not { } command
            || !RebuiltStoredObjects.IsCommand(command))
        {
            return false;
        }

        _rebuiltStoredObjects ??= new RebuiltStoredObjects(_context.Compilation, _cancellationToken);
        return _rebuiltStoredObjects.Check(command.OriginalDefinition) is null && !KeptAcrossWait(block, statement, command.Name);
    }

    /// <summary>Per use only: a wait between the statement that keeps the object in <paramref name="member"/> and the block's last mention of it.</summary>
    private bool KeptAcrossWait(BlockSyntax block, StatementSyntax statement, string member)
    {
        if (!_context.PerUseMode)
        {
            return false;
        }

        var name = new HashSet<string> { member };
        var built = block.Statements.IndexOf(statement);
        var last = Enumerable.Range(built, block.Statements.Count - built).Last(i => SyntaxShapes.MentionsAny(block.Statements[i], name));
        return Enumerable.Range(built + 1, last - built).Any(i => WaitsIn(block.Statements[i]));
    }

    private static bool IsUnitBlock(BlockSyntax block) =>
        SyntaxShapes.IsFunction(block.Parent!)
        || block.Parent is TryStatementSyntax { Catches.Count: > 0, Parent: BlockSyntax outer } tryStatement && tryStatement.Block == block
            && outer.Parent is { } function && SyntaxShapes.IsFunction(function);

    private bool WaitsIn(StatementSyntax statement) =>
        statement.DescendantNodesAndSelf(n => n == statement || !SyntaxShapes.IsFunction(n)).OfType<InvocationExpressionSyntax>().Any(_context.Waits.IsWait);

    /// <summary>
    /// <c>new Table(connection)</c> or <c>new Table { Connection = connection }</c> kept in a field's initializer or assigned
    /// to a member: the object keeps the connection beyond the statement (a local copy's reads; the member's own uses
    /// also allow an object every reader builds again first).
    /// </summary>
    internal static bool HandedToKeptObject(ExpressionSyntax connection, SemanticModel model, System.Threading.CancellationToken cancellationToken)
    {
        var creation = CreationHandedTo(connection);
        return creation?.Parent switch
        {
            EqualsValueClauseSyntax { Parent.Parent.Parent: FieldDeclarationSyntax } => true,
            AssignmentExpressionSyntax stored => stored.Right == creation && StoresInMember(stored.Left, model, cancellationToken),
            _ => false,
        };
    }

    /// <summary>The object creation <paramref name="connection"/> is an argument of, or the value of one of its initializer's assignments.</summary>
    internal static BaseObjectCreationExpressionSyntax? CreationHandedTo(ExpressionSyntax connection) => connection.Parent switch
    {
        ArgumentSyntax { Parent.Parent: BaseObjectCreationExpressionSyntax created } => created,
        AssignmentExpressionSyntax { Parent: InitializerExpressionSyntax { RawKind: (int)SyntaxKind.ObjectInitializerExpression, Parent: BaseObjectCreationExpressionSyntax created } } assignment
            when assignment.Right == connection => created,
        _ => null,
    };

    /// <summary>
    /// <c>command = connection.CreateCommand();</c> into a field (nkyokoo/unittesting's DAL): the command is used after the
    /// statement through the field, where the unit's scope, which ends after the connection's last use, cannot follow.
    /// </summary>
    internal static bool CommandStoredInMember(ExpressionSyntax connection, SemanticModel model, System.Threading.CancellationToken cancellationToken) =>
        connection.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CreateCommand", Parent: InvocationExpressionSyntax { Parent: AssignmentExpressionSyntax stored } created } access
        && access.Expression == connection && stored.Right == created && StoresInMember(stored.Left, model, cancellationToken);

    /// <summary>
    /// A field or property that outlives the unit of work: one of this type's (or a static one). <c>command.Connection =
    /// connection</c> on a local command does not: the command dies with the unit of work.
    /// </summary>
    internal static bool StoresInMember(ExpressionSyntax target, SemanticModel model, System.Threading.CancellationToken cancellationToken)
    {
        var symbol = model.GetSymbolInfo(target, cancellationToken).Symbol;
        if (symbol is not (IFieldSymbol or IPropertySymbol))
        {
            return false;
        }

        if (symbol.IsStatic || target is IdentifierNameSyntax)
        {
            return true;
        }

        return target is not MemberAccessExpressionSyntax { Expression: var owner }
            || owner is ThisExpressionSyntax or BaseExpressionSyntax
            || model.GetSymbolInfo(owner, cancellationToken).Symbol is not (ILocalSymbol or IParameterSymbol);
    }
}
