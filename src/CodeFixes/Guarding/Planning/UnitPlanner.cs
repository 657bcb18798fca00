using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// Gives each unit of work that uses the member one lease (or one pooled connection): a method, accessor, local function
/// or lambda body, or one iteration of a waiting loop, with the statements before and after a wait in leases of their
/// own. Fails with the reason when a use cannot get a lease that is safe (held across a wait, nested in another unit's
/// lease, outside any function).
/// </summary>
internal sealed class UnitPlanner
{
    private readonly PlanContext _context;
    private readonly MemberReferences _references;
    private readonly HashSet<SyntaxNode> _removedIfs;
    private readonly List<ConnectionUse> _uses;
    private readonly List<CloseCall> _closeCalls;
    private readonly List<(IdentifierNameSyntax Node, DocumentPlan Plan)> _guardLevelReferences;
    private readonly Compilation _compilation;
    private readonly Project _project;
    private readonly ISymbol _member;
    private readonly string _guardName;
    private readonly bool _dataSourceMode;
    private readonly bool _perUseMode;
    private readonly bool _factoryMode;
    private readonly INamedTypeSymbol _guardType;
    private readonly System.Threading.CancellationToken _cancellationToken;
    private readonly WaitDetector _waits;
    private readonly List<(BlockSyntax Block, int Start, int End)> _ranges = new();
    private readonly HashSet<ISymbol> _unitSymbols = new(SymbolEqualityComparer.Default);
    private readonly HashSet<string> _unitNames = new();

    // Each unit's calls to units (and to methods that reach one), bound once: its ranges and statements ask for theirs.
    private readonly Dictionary<SyntaxNode, List<SimpleNameSyntax>> _unitCalls = new();
    private readonly HashSet<SyntaxNode> _awaitingUnits = new();
    private readonly List<SyntaxNode> _units = new();
    private readonly List<SyntaxNode> _callSites = new();
    private readonly HashSet<ISymbol> _guardClosers = new(SymbolEqualityComparer.Default);
    private readonly List<ReaderLocal> _readerLocals = new();

    // A guard's unit calls another unit inside its lease: every unit acquires with AcquireOrJoin, so the callee joins
    // the caller's lease (one connection and session, as before) instead of waiting for itself.
    private bool _unitsJoin;

    private NoFixReason? _reason;

    // A lease that could not move into the try catching its unit's first call (CaughtFirstCalls): reported only when
    // every other step passed, so a reason found for the same lease before this stop stays the one shown.
    private NoFixReason? _caughtReason;

    private UnitPlanner(PlanContext context, MemberShape shape, MemberReferences references, HashSet<SyntaxNode> removedIfs)
    {
        _context = context;
        _references = references;
        _removedIfs = removedIfs;
        _uses = references.Uses;
        _closeCalls = references.CloseCalls;
        _guardLevelReferences = references.GuardLevelReferences;
        _compilation = context.Compilation;
        _project = context.Project;
        _member = context.Member;
        _guardName = shape.GuardName;
        _dataSourceMode = context.DataSourceMode;
        _perUseMode = context.PerUseMode;
        _factoryMode = context.Mode == FixMode.ConnectionFactory;
        _guardType = context.GuardType;
        _cancellationToken = context.CancellationToken;
        _waits = context.Waits;
    }

    /// <summary>Plans every unit of work; the reason when one cannot be given a safe lease.</summary>
    public static NoFixReason? Plan(PlanContext context, MemberShape shape, MemberReferences references, HashSet<SyntaxNode> removedIfs)
    {
        var planner = new UnitPlanner(context, shape, references, removedIfs);
        return planner.PlanUnitsOfWork() && planner.RenameGuardLevelReferences() ? null : planner._reason ?? NoFixReason.AnalysisFailed;
    }

    private bool Fail(NoFixReason reason)
    {
        _reason ??= reason;
        return false;
    }


    private bool InRemovedIf(SyntaxNode node) => node.Ancestors().Any(_removedIfs.Contains);

    private bool PlanUnitsOfWork()
    {
        var uses = _uses.Where(u => !InRemovedIf(u.Connection)).ToList();
        var chains = new Dictionary<ConnectionUse, List<SyntaxNode>>();
        var direct = new HashSet<SyntaxNode>();
        foreach (var use in uses)
        {
            var chain = SyntaxShapes.EnclosingFunctions(use.Connection);
            if (chain is null)
            {
                return Fail(NoFixReason.UseOutsideUnitOfWork);
            }

            chains[use] = chain;
            direct.Add(chain[0]);
        }

        // Lambdas inside a method that itself uses the connection share the method's lease (no nested acquire).
        foreach (var use in uses)
        {
            use.Unit = chains[use].Last(direct.Contains);
        }

        var units = uses.GroupBy(u => u.Unit!).ToList();
        _units.AddRange(units.Select(u => u.Key));

        // `USE gamedatabase` once at start-up, queries elsewhere: each unit's own pooled connection would start without it;
        // `... where last_insert_id()` in a unit that inserted nothing reads what another unit left on the shared session.
        if (_perUseMode && units.Count > 1 && units.Any(u => SessionState.LeavesStateForLater(u.Key) || (SessionState.ReadsWhatAnotherUnitWrote(u.Key) && !CalledByAnotherUnit(u.Key, units)) || SessionState.ChangesDatabase(u.Key, u.Select(use => use.Connection))))
        {
            return Fail(NoFixReason.UnitsShareSessionState);
        }
        foreach (var unit in units)
        {
            if (UnitSymbol(unit.Key) is { } symbol)
            {
                _unitSymbols.Add(symbol);
                _unitNames.Add(symbol.Name);
                if (symbol is IMethodSymbol { AssociatedSymbol: { } property })
                {
                    _unitSymbols.Add(property.OriginalDefinition);
                    _unitNames.Add(property.Name);
                }
            }
        }

        AddCallersOfUnits();
        _context.ConcurrentPath = ConcurrentPaths.Find(_context, uses.Select(u => (SyntaxNode)u.Connection).ToList(), _callSites);
        foreach (var unit in units)
        {
            _unitCalls[unit.Key] = UnitCallsIn(unit.Key, _context.Model(unit.Key.SyntaxTree)).ToList();
        }

        _unitsJoin = !_perUseMode && _unitCalls.Values.Any(calls => calls.Count > 0);
        if (_unitsJoin)
        {
            JoinGatedProbes();
        }

        foreach (var unit in units)
        {
            if (!PlanUnit(unit.Key, unit.ToList()))
            {
                return false;
            }
        }

        return PlanCloseCalls(new HashSet<SyntaxNode>(units.Select(u => u.Key))) && KeepAsyncFunctionsAwaiting() && HandledOpensKeepTheirCatch() && ConnectChecksOutsideScopes()
            && GuardClosersOutsideRanges() && DisposeClosingCallersReaders() && (_caughtReason is not { } caught || Fail(caught));
    }

    /// <summary>
    /// Each caller that closes a returned reader itself disposes it in a <c>using</c> too (<see cref="ReaderLocal"/>),
    /// unless another edit already covers its declaration or a range of its block the <c>using</c> would span.
    /// </summary>
    private bool DisposeClosingCallersReaders()
    {
        foreach (var local in _readerLocals)
        {
            var plan = _context.PlanFor(local.Block.SyntaxTree);
            var scope = local.UsingScope();
            if (plan is null || plan.RemovedStatements.Contains(local.Declaration)
                || plan.Replacements.Keys.Concat(plan.ConnectionUses.Keys).Any(k => k.SyntaxTree == local.Declaration.SyntaxTree && local.Declaration.Span.Contains(k.Span))
                || plan.BlockScopes.TryGetValue(local.Block, out var scopes) && scopes.Any(s => s.Start <= scope.End && scope.Start <= s.End))
            {
                return Fail(NoFixReason.ReaderNotDisposedByCaller);
            }

            plan.RemovedStatements.Add(local.Declaration);
            plan.AddBlockScope(local.Block, scope);
        }

        return true;
    }

    /// <summary>
    /// A method that calls a unit of work (directly or through other methods) also takes a lease when it runs: calling
    /// it while holding one would wait for ever, so it counts as a unit for <see cref="UnitCallsIn"/>.
    /// </summary>
    private void AddCallersOfUnits()
    {
        var found = UnitCallers.Find(_project, _compilation, _unitSymbols, _cancellationToken);
        foreach (var unit in found.Units)
        {
            _unitSymbols.Add(unit);
            _unitNames.Add(unit.Name);
        }

        _callSites.AddRange(found.CallSites);
    }

    /// <summary>
    /// A gated probe's method may run inside another unit's lease (Moby's <c>AddScoreAsync</c> calls <c>AddUserAsync</c>,
    /// which awaits <c>ConnectAsync</c> first): the old test found the connection open and did nothing, so the probe joins
    /// that lease as the units do, rather than failing as a nested acquire into the connect's catch.
    /// </summary>
    private void JoinGatedProbes()
    {
        foreach (var (gate, plan) in _references.GatedProbes)
        {
            var probe = plan.Replacements[gate];
            plan.Replacements[gate] = probe.ReplaceNodes(
                probe.DescendantNodes().OfType<IdentifierNameSyntax>().Where(i => i.Identifier.ValueText is "Acquire" or "AcquireAsync"),
                (original, _) => IdentifierName(original.Identifier.ValueText.Replace("Acquire", "AcquireOrJoin")).WithTriviaFrom(original));
        }
    }

    /// <summary>
    /// <c>async Task StartAsync(ct) { await connection.OpenAsync(ct); }</c> would be left without an await (CS1998, an
    /// error under -warnaserror): the open becomes a first lease instead, which still checks the server at start-up.
    /// </summary>
    private bool KeepAsyncFunctionsAwaiting()
    {
        foreach (var plan in _context.Plans)
        {
            foreach (var removed in plan.RemovedStatements.ToList())
            {
                if (removed is not ExpressionStatementSyntax { Expression: AwaitExpressionSyntax } || _closeCalls.Any(c => c.Statement == removed))
                {
                    continue;
                }

                var function = SyntaxShapes.EnclosingFunctions(removed)?.FirstOrDefault();
                if (function is null || !SyntaxShapes.IsAsync(function) || _awaitingUnits.Contains(function) || SyntaxShapes.Body(function) is not { } body)
                {
                    continue;
                }

                var awaitsLeft = body.DescendantNodesAndSelf(n => !SyntaxShapes.IsFunction(n) || n == function)
                    .Any(n => (n is AwaitExpressionSyntax || n is CommonForEachStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }
                               || n is LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }
                               || n is UsingStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword })
                              && !n.AncestorsAndSelf().Any(a => a is StatementSyntax statement && plan.RemovedStatements.Contains(statement)));
                if (awaitsLeft)
                {
                    continue;
                }

                if (_factoryMode)
                {
                    // A factory opens synchronously: nothing would be left to await.
                    return Fail(NoFixReason.AsyncMethodLosesItsOnlyAwait);
                }

                var target = removed.Ancestors().OfType<IfStatementSyntax>().FirstOrDefault(_removedIfs.Contains) ?? (StatementSyntax)removed;
                var guard = _member is IParameterSymbol ? _guardName : FirstGuardText(removed);
                var token = CancellationTokenInScope(function);
                plan.RemovedStatements.Remove(target);
                plan.Replacements[target] = ParseStatement(_dataSourceMode
                        ? "await using (await " + guard + ".OpenConnectionAsync(" + token + ")) { }"
                        : "using (await " + guard + ".AcquireAsync(" + token + ")) { }")
                    .WithAdditionalAnnotations(Microsoft.CodeAnalysis.Formatting.Formatter.Annotation);
                _awaitingUnits.Add(function);
            }
        }

        return true;
    }

    /// <summary>A removed open's failure still meets its <c>catch</c>: see <see cref="HandledOpenLeases"/>.</summary>
    private bool HandledOpensKeepTheirCatch() =>
        HandledOpenLeases.Check(_references.OpenCalls, _ranges,
            n => _removedIfs.Contains(n) || n is StatementSyntax s && _context.PlanFor(n.SyntaxTree) is { } plan && plan.RemovedStatements.Contains(s)) is not { } reason
        || Fail(reason);

    private string FirstGuardText(SyntaxNode statement)
    {
        foreach (var identifier in statement.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (identifier.Identifier.ValueText == _member.Name)
            {
                return (identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier ? (SyntaxNode)access : identifier).ToString();
            }
        }

        return _member.Name;
    }

    /// <summary>
    /// Another unit of the member calls <paramref name="unit"/> (<c>Add</c> inserts, then calls <c>LastId()</c>): the read
    /// is that caller's, and <see cref="NoFixReason.CallsAnotherUnitSharingSessionState"/> names it. The call is bound, as
    /// <see cref="UnitCallsIn"/> binds: a same-named method of another type (<c>audit.LastId()</c>) is not this unit.
    /// </summary>
    private bool CalledByAnotherUnit(SyntaxNode unit, IEnumerable<IGrouping<SyntaxNode, ConnectionUse>> units)
    {
        var name = unit switch
        {
            MethodDeclarationSyntax method => method.Identifier.ValueText,
            LocalFunctionStatementSyntax local => local.Identifier.ValueText,
            _ => null,
        };
        if (name is null || _context.Model(unit.SyntaxTree).GetDeclaredSymbol(unit, _cancellationToken) is not { } callee)
        {
            return false;
        }

        return units.Any(other => other.Key != unit
            && other.Key.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(i => SyntaxShapes.InvokedName(i) == name
                && _context.Model(i.SyntaxTree).GetSymbolInfo(i, _cancellationToken).Symbol is { } called
                && SymbolEqualityComparer.Default.Equals(called.OriginalDefinition, callee.OriginalDefinition)));
    }

    private bool PlanUnit(SyntaxNode function, List<ConnectionUse> uses)
    {
        var plan = uses[0].Plan;
        var model = _context.Model(function.SyntaxTree);
        var body = SyntaxShapes.Body(function);
        if (body is null)
        {
            return Fail(NoFixReason.UseOutsideUnitOfWork);
        }

        if (DiscardedQueryTasks.Find(body, model, _cancellationToken) is not null)
        {
            return Fail(NoFixReason.QueryTaskNotAwaited);
        }

        var method = FunctionSymbol(function, model);
        ReturnedReader? returnedReader = null;
        if (_perUseMode && ReturnsWorkOverConnection(method))
        {
            var found = ReturnedReader.Find(_context, body, method, model);
            if (found.Reason is { } readerReason)
            {
                return Fail(readerReason);
            }

            returnedReader = found.Value;
        }

        var isAsync = SyntaxShapes.IsAsync(function);
        var returns = body.DescendantNodes(n => n == body || !SyntaxShapes.IsFunction(n)).OfType<ReturnStatementSyntax>().ToList();
        if (uses.Any(u => LocalHandedOut(u.Connection, body, model)))
        {
            // `var c = Db.Connection; c.Open(); return c;`: the scope would end (dispose, or end the lease) before the
            // caller uses what it got.
            return Fail(NoFixReason.ConnectionReturned);
        }

        var genericTask = false;
        var makeAsync = !isAsync && CanMakeAsync(function, body, method, returns, out genericTask);
        var languageVersion = ((CSharpParseOptions)function.SyntaxTree.Options).LanguageVersion;

        if (body is ExpressionSyntax expression)
        {
            var leaseName = LeaseName(function, expression, model);
            var returnsValue = function is ArrowExpressionClauseSyntax
                || (method is not null && !method.ReturnsVoid && !(isAsync && IsTaskLike(method.ReturnType, out var generic) && !generic));
            var acquired = Acquire(uses[0], function, isAsync || makeAsync);
            if (ScopeAwaits(isAsync || makeAsync, acquired))
            {
                _awaitingUnits.Add(function);
            }

            var scope = new LeaseScope(leaseName, acquired)
            {
                Declaration = DeclaredAsMember(leaseName, acquired),
                AwaitUsing = _dataSourceMode && (isAsync || makeAsync) && DeclaredTypeDisposesAsync,
                UseDeclaration = languageVersion >= LanguageVersion.CSharp8,
                ReturnsValue = makeAsync ? genericTask : returnsValue,
                AwaitExpression = makeAsync,
            };
            plan.ExpressionScopes[expression] = scope;
            if (makeAsync)
            {
                plan.MakeAsync.Add(function);
            }

            if (NestedUnitReason(expression, expression, UnitCallsWithin(function, expression), uses) is { } nested)
            {
                return Fail(nested);
            }

            return uses.All(u => AssignLease(u, leaseName, model));
        }

        var block = (BlockSyntax)body;
        if (NestedMemberWrites.Check(block, uses, _member, model, n => InRemovedIf(n) || _removedIfs.Contains(n), _cancellationToken) is { } nestedWrite)
        {
            return Fail(nestedWrite);
        }

        var waits = _perUseMode && _context.UnitsKeptWhole.Contains(function) ? new WaitPoints() : _waits.Find(block);
        var scopes = LeaseBlocks(function, block, uses, waits);
        if (scopes is null)
        {
            return Fail(NoFixReason.UseInWaitingStatement);
        }

        // A lambda stored in a local would run later, after the lease that its statement sat in has ended.
        var split = scopes.Count > 1 || scopes.Keys.Any(b => Barriers(b, waits.AreIn).Count > 0);
        if (split && uses.Any(u => InStoredLambda(u.Connection, function)))
        {
            return Fail(NoFixReason.StoredLambdaAcrossWait);
        }

        if (makeAsync && scopes.Keys.Any(b => InLock(b, function)))
        {
            makeAsync = false;
        }

        foreach (var pair in scopes)
        {
            var scopeBlock = pair.Key;
            var barriers = Barriers(scopeBlock, waits.AreIn);
            var loopBarriers = Barriers(scopeBlock, waits.LoopsAreIn);
            var segments = Segments(scopeBlock, pair.Value, barriers);
            if (segments is null)
            {
                return Fail(NoFixReason.UseInWaitingStatement);
            }

            foreach (var (segment, limit) in segments)
            {
                var indexes = segment.Select(u => SyntaxShapes.ChildIndex(scopeBlock, u.Connection)).Concat(AccessorCopyAliases.StatementIndexes(scopeBlock, segment, _references)).ToList();
                var start = indexes.Min();
                var end = ExtendForDeclarations(scopeBlock, start, indexes.Max(), segment.Select(u => (SyntaxNode)u.Connection), limit);
                if (_perUseMode && end > indexes.Max() && Enumerable.Range(indexes.Max() + 1, end - indexes.Max()).Any(i => UnitCallsWithin(function, scopeBlock.Statements[i]).Any())
                    && CanHoist(scopeBlock, start, indexes.Max(), segment, model))
                {
                    // `int result = dal.Save(Db.Open()); if (result == 0) ShowMenu();`: the scope ends after the last use
                    // and the result is declared before it, so the menu it calls does not run on this unit's connection.
                    end = indexes.Max();
                }

                if (OuterLocalsBuiltOverConnection.ReadAfterRange(block, scopeBlock, start, end, segment.Select(u => u.Connection).ToList(), model) is not null)
                {
                    return Fail(NoFixReason.ReaderOutlivesConnection);
                }

                // `adp = new XDataAdapter(sql, conn); try { adp.Fill(dt); } catch { return null; }`: the lease goes into the try.
                var leaseBlock = scopeBlock;
                var blockBarriers = barriers;
                var blockLoopBarriers = loopBarriers;
                var carrierAtStart = _perUseMode ? OwnDeclaration(scopeBlock.Statements[start], segment) : null;
                // A factory that hands out an unopened connection connects where the author's code did (Fill, Open).
                var caught = _factoryMode && _context.Factory is { Opens: false }
                    ? null
                    : CaughtFirstCalls.Find(scopeBlock, start, end, segment.Select(u => (SyntaxNode)u.Connection).ToList(),
                        segment.Where(u => u.ViaAccessor).Select(u => (SyntaxNode)u.Connection).ToList(), carrierAtStart, model, _cancellationToken);
                if (caught?.Reason is { } caughtReason)
                {
                    _caughtReason ??= caughtReason;
                }

                if (caught?.Value is not null && returnedReader is not null)
                {
                    _caughtReason ??= NoFixReason.LeaseOutsideCaughtCall;
                }
                else if (caught?.Value is { } move)
                {
                    leaseBlock = move.Attempt.Block;
                    blockBarriers = new List<int>();
                    blockLoopBarriers = new List<int>();
                    start = 0;
                    end = move.End;
                    plan.MovedIntoBlocks[leaseBlock] = move.Moved;
                }

                var leaseName = LeaseName(function, leaseBlock, model);
                var canAwait = (isAsync || makeAsync) && !InLock(leaseBlock, function);

                // `SqlConnection con = Db.GetConnection();` starting the range: the scope declares `con` itself.
                var carrier = carrierAtStart;
                if (carrier is not null)
                {
                    leaseName = carrier.Declaration.Variables[0].Identifier.ValueText;
                    plan.RemovedStatements.Add(carrier);
                }

                var acquire = Acquire(segment[0], function, canAwait, PassesToken(function, leaseBlock, start, end, blockLoopBarriers));
                if (ScopeAwaits(canAwait, acquire))
                {
                    _awaitingUnits.Add(function);
                }

                var scope = new LeaseScope(leaseName, acquire)
                {
                    Declaration = carrier?.Declaration.WithType(carrier.Declaration.Type.WithoutTrivia())
                        .WithVariables(SingletonSeparatedList(VariableDeclarator(leaseName).WithInitializer(EqualsValueClause(acquire.NormalizeWhitespace()))))
                        ?? DeclaredAsMember(leaseName, acquire),
                    AwaitUsing = _dataSourceMode && canAwait && (carrier is not null || DeclaredTypeDisposesAsync),
                    Start = start,
                    End = end,
                    // `using var` lasts to the end of the block: only when no other lease is taken in it or below it
                    // (a second `lease` in the same declaration space would not compile).
                    UseDeclaration = languageVersion >= LanguageVersion.CSharp8 && blockBarriers.Count == 0 && OnlyRemovedAfter(leaseBlock, end, plan),
                };
                if (returnedReader is not null)
                {
                    // The reader takes the connection over: the range must end with its return, with no other way out.
                    if (segments.Count != 1 || !returnedReader.EndsScope(leaseBlock, start, end)
                        || segment.Any(u => returnedReader.ExecuteReader.Span.Contains(u.Connection.Span)))
                    {
                        return Fail(NoFixReason.ReaderOutlivesConnection);
                    }

                    scope.HandsConnectionToReader = true;
                    scope.UseDeclaration = false;
                    plan.Replacements[returnedReader.ExecuteReader] = returnedReader.ClosingReader;
                    _readerLocals.AddRange(returnedReader.ClosingCallers);
                }

                if (!PlanHoisting(leaseBlock, scope, segment, plan, model))
                {
                    // A pooled connection per unit can span the unit's waits as the old connection did, unless a
                    // waiting loop uses it or what was built over it (each turn would then hold it across the wait).
                    var overConnection = new HashSet<string>(uses.Select(u => SyntaxShapes.CarrierOf(u.Connection)).OfType<string>());
                    if (_perUseMode && !waits.Loops.Any(l => uses.Any(u => l.Span.Contains(u.Connection.Span)) || SyntaxShapes.MentionsAny(l, overConnection)))
                    {
                        _context.UnitToKeepWhole = function;
                    }

                    return Fail(NoFixReason.ConnectionStateHeldAcrossWait);
                }

                plan.AddBlockScope(leaseBlock, scope);
                _ranges.Add((leaseBlock, start, end));
                for (var i = start; i <= end; i++)
                {
                    if (NestedUnitReason(leaseBlock, leaseBlock.Statements[i], UnitCallsWithin(function, leaseBlock.Statements[i]), segment) is { } nested)
                    {
                        return Fail(nested);
                    }
                }

                if (!segment.All(u => AssignLease(u, leaseName, model)))
                {
                    return Fail(NoFixReason.AnalysisFailed);
                }
            }
        }

        if (makeAsync)
        {
            plan.MakeAsync.Add(function);
            foreach (var returnStatement in returns)
            {
                plan.AwaitReturns[returnStatement] = genericTask;
            }
        }

        return true;
    }

    private static IMethodSymbol? FunctionSymbol(SyntaxNode function, SemanticModel model) => function switch
    {
        AnonymousFunctionExpressionSyntax lambda => model.GetSymbolInfo(lambda).Symbol as IMethodSymbol,
        ArrowExpressionClauseSyntax { Parent: { } owner } => (model.GetDeclaredSymbol(owner) as IPropertySymbol)?.GetMethod,
        _ => model.GetDeclaredSymbol(function) as IMethodSymbol,
    };

    /// <summary>
    /// The unit hands out a reader, command, adapter or transaction (<c>return cmd.ExecuteReader();</c> in an
    /// <c>executeQuery</c> helper): it works over the connection after the unit returns, so a scope that disposes the
    /// connection at the end of the unit would close it under the caller.
    /// </summary>
    private static bool ReturnsWorkOverConnection(IMethodSymbol? method)
    {
        var type = method?.ReturnType;
        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } task && IsTaskLike(task, out _))
        {
            type = task.TypeArguments[0];
        }

        return type is not null && (IsOverConnection(type) || type.AllInterfaces.Any(IsOverConnection));
    }

    private static bool IsOverConnection(ITypeSymbol type) =>
        type.ToDisplayString() is "System.Data.IDataReader" or "System.Data.IDbCommand" or "System.Data.IDbDataAdapter" or "System.Data.IDbTransaction";

    private static bool IsTaskLike(ITypeSymbol type, out bool generic)
    {
        generic = type is INamedTypeSymbol { IsGenericType: true };
        return TaskTypes.IsTask(type);
    }

    /// <summary>
    /// A method that returns the task of a query without awaiting it would release the lease before the query runs:
    /// it becomes <c>async</c> and awaits what it returns.
    /// </summary>
    private static bool CanMakeAsync(SyntaxNode function, SyntaxNode body, IMethodSymbol? method, List<ReturnStatementSyntax> returns, out bool generic)
    {
        generic = false;
        if (function is not (MethodDeclarationSyntax or LocalFunctionStatementSyntax) || method is null
            || !IsTaskLike(method.ReturnType, out generic) || method.Parameters.Any(p => p.RefKind != RefKind.None)
            || body.DescendantNodes(n => !SyntaxShapes.IsFunction(n)).Any(n => n is YieldStatementSyntax or LockStatementSyntax))
        {
            return false;
        }

        if (generic || body is ExpressionSyntax)
        {
            return returns.All(r => r.Expression is not null);
        }

        // `return task;` becomes `await task;`, which is only the same when nothing follows it.
        var block = (BlockSyntax)body;
        return returns.All(r => r.Parent == block && block.Statements.Last() == r && r.Expression is not null);
    }

    private static bool InLock(SyntaxNode node, SyntaxNode function) =>
        node.AncestorsAndSelf().TakeWhile(a => a != function).Any(a => a is LockStatementSyntax);

    /// <summary>The block whose statements the lease covers: one iteration of the innermost waiting loop, else the body.</summary>
    private BlockSyntax ScopeBlock(SyntaxNode use, SyntaxNode function, BlockSyntax body)
    {
        var start = Anchor(use, function);
        foreach (var ancestor in start.Ancestors())
        {
            if (ancestor == function || ancestor == body)
            {
                break;
            }

            if (SyntaxShapes.LoopBody(ancestor) is BlockSyntax loopBody && loopBody.Span.Contains(start.Span)
                && _waits.IsWaitingLoop((StatementSyntax)ancestor))
            {
                return loopBody;
            }
        }

        return body;
    }

    /// <summary>
    /// Where a use sits for the lease: the outermost lambda inside <paramref name="function"/> around it (loops inside
    /// a lambda that shares the method's lease do not count: the lease is taken in the method), else the use itself.
    /// </summary>
    private static SyntaxNode Anchor(SyntaxNode use, SyntaxNode function)
    {
        var anchor = use;
        foreach (var ancestor in use.Ancestors())
        {
            if (ancestor == function)
            {
                break;
            }

            if (ancestor is AnonymousFunctionExpressionSyntax)
            {
                anchor = ancestor;
            }
        }

        return anchor;
    }

    /// <summary>
    /// Locals declared inside the lease, and locals the connection flows into (<c>command.Connection = connection</c>,
    /// <c>var adapter = new MySqlDataAdapter(sql, connection)</c>), keep the lease open until their last use.
    /// </summary>
    /// <param name="limit">The last statement the lease may reach (the one before a waiting loop that takes its own leases).</param>
    internal static int ExtendForDeclarations(BlockSyntax block, int start, int end, IEnumerable<SyntaxNode> uses, int limit = int.MaxValue)
    {
        var carriers = new HashSet<string>();
        foreach (var use in uses)
        {
            if (SyntaxShapes.CarrierOf(use) is { } carrier)
            {
                carriers.Add(carrier);
            }
        }

        var changed = true;
        while (changed)
        {
            changed = false;
            var declared = new HashSet<string>(carriers);
            for (var i = start; i <= end; i++)
            {
                declared.UnionWith(SyntaxShapes.DeclaredNames(block.Statements[i]));
            }

            // A field kept from them (a reader in `Function.reader`) keeps the connection in use as a local would.
            for (var i = start; i <= end; i++)
            {
                declared.UnionWith(SyntaxShapes.KeptNames(block.Statements[i], declared).ToList());
            }

            if (declared.Count == 0)
            {
                break;
            }

            for (var i = System.Math.Min(limit, block.Statements.Count - 1); i > end; i--)
            {
                if (SyntaxShapes.MentionsAny(block.Statements[i], declared))
                {
                    end = i;
                    changed = true;
                    break;
                }
            }
        }

        return end;
    }

    /// <summary>
    /// The local <paramref name="use"/> initialises is returned (<c>return c;</c>, <c>yield return c;</c>) or stored in a
    /// field or property of the unit's body: the connection leaves the unit of work.
    /// </summary>
    private bool LocalHandedOut(ExpressionSyntax use, SyntaxNode body, SemanticModel model)
    {
        if (use.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
            || model.GetDeclaredSymbol(declarator, _cancellationToken) is not ILocalSymbol local)
        {
            return false;
        }

        return body.DescendantNodes(n => !SyntaxShapes.IsFunction(n) || n == body).OfType<IdentifierNameSyntax>()
            .Where(i => i.Identifier.ValueText == local.Name)
            .Any(i => (i.Parent is ReturnStatementSyntax or YieldStatementSyntax or ArrowExpressionClauseSyntax
                       || i.Parent is AssignmentExpressionSyntax assignment && assignment.Right == i
                          && assignment.Left is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }
                          && model.GetSymbolInfo(assignment.Left, _cancellationToken).Symbol is IFieldSymbol or IPropertySymbol)
                      && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(i, _cancellationToken).Symbol, local));
    }

    /// <summary>A local declaration whose only variable takes the connection from one of <paramref name="uses"/>.</summary>
    private static LocalDeclarationStatementSyntax? OwnDeclaration(StatementSyntax statement, List<ConnectionUse> uses) =>
        statement is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: (int)SyntaxKind.None, Modifiers.Count: 0, Declaration.Variables.Count: 1 } local
        && local.Declaration.Variables[0].Initializer?.Value is { } value && uses.Any(u => u.Connection == value)
            ? local
            : null;

    /// <summary>
    /// Why calling another unit from inside this one's lease is not safe: a guard's lease is exclusive (the nested acquire
    /// would wait for ever); a connection per use is not, but a callee would run outside a transaction this unit began.
    /// </summary>
    private NoFixReason? NestedUnitReason(SyntaxNode range, SyntaxNode calling, IReadOnlyList<SimpleNameSyntax> calls, List<ConnectionUse> uses)
    {
        if (calls.Count == 0)
        {
            return null;
        }

        if (!_perUseMode)
        {
            // The callee joins the lease (AcquireOrJoin) when the call runs in the unit's own flow, while it holds the
            // lease; a lambda or local function may run concurrently (Task.Run, Parallel) or after the lease ends.
            return calls.Any(call => call.Ancestors().TakeWhile(a => a != calling.Parent).Any(SyntaxShapes.IsFunction))
                ? NoFixReason.CallsAnotherUnitWhileLeased
                : null;
        }

        if (uses.Any(u => u.Transaction is not null && range.Span.Contains(u.Connection.Span)))
        {
            return NoFixReason.CallsAnotherUnitInTransaction;
        }

        // `SELECT LAST_INSERT_ID()` in a callee reads what the caller's statements left on their session; a callee whose
        // reads follow its own inserts (magnus-server's `InsertConversation`) reads the same on a session of its own.
        return uses[0].Unit is { } caller && SessionState.KeptWithinCall(caller, CalledUnits(calls))
            ? null
            : _units.Any(u => SessionState.IsReadOrWrittenIn(u)) ? NoFixReason.CallsAnotherUnitSharingSessionState : null;
    }

    /// <summary>
    /// The units <paramref name="calls"/> name, or null when one names a method that only reaches a unit: what that
    /// method's own calls read is not in view here.
    /// </summary>
    private IReadOnlyList<SyntaxNode>? CalledUnits(IReadOnlyList<SimpleNameSyntax> calls)
    {
        var called = new List<SyntaxNode>();
        foreach (var call in calls)
        {
            var symbol = _context.Model(call.SyntaxTree).GetSymbolInfo(call, _cancellationToken).Symbol?.OriginalDefinition;
            var unit = _units.FirstOrDefault(u => SymbolEqualityComparer.Default.Equals(UnitSymbol(u), symbol));
            if (unit is null)
            {
                return null;
            }

            called.Add(unit);
        }

        return called;
    }

    private ISymbol? UnitSymbol(SyntaxNode unit)
    {
        var model = _context.Model(unit.SyntaxTree);
        var symbol = unit is ArrowExpressionClauseSyntax { Parent: { } owner } ? model.GetDeclaredSymbol(owner, _cancellationToken) : model.GetDeclaredSymbol(unit, _cancellationToken);
        return symbol?.OriginalDefinition;
    }

    private bool OnlyRemovedAfter(BlockSyntax block, int end, DocumentPlan plan)
    {
        for (var i = end + 1; i < block.Statements.Count; i++)
        {
            // Close calls in a unit of work are removed too (see PlanCloseCalls).
            if (!plan.RemovedStatements.Contains(block.Statements[i])
                && !_closeCalls.Any(c => c.Statement == block.Statements[i] && c.Name is "Close" or "CloseAsync"))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The calls to units inside <paramref name="range"/> of <paramref name="unit"/>: calling another method that takes a
    /// lease on the same guard while holding one must join that lease.
    /// </summary>
    private IReadOnlyList<SimpleNameSyntax> UnitCallsWithin(SyntaxNode unit, SyntaxNode range) =>
        _unitCalls[unit].Where(call => range.Span.Contains(call.Span)).ToList();

    /// <summary>The names in <paramref name="range"/> that refer to a unit of work (or a method that reaches one).</summary>
    private IEnumerable<SimpleNameSyntax> UnitCallsIn(SyntaxNode range, SemanticModel model)
    {
        if (_unitNames.Count == 0)
        {
            yield break;
        }

        foreach (var node in range.DescendantNodesAndSelf())
        {
            if (node is SimpleNameSyntax name && _unitNames.Contains(name.Identifier.ValueText)
                && model.GetSymbolInfo(name, _cancellationToken).Symbol is { } symbol
                && _unitSymbols.Contains(symbol.OriginalDefinition))
            {
                yield return name;
            }
        }
    }

    private string LeaseName(SyntaxNode function, SyntaxNode position, SemanticModel model)
    {
        // A stored copy the fix removes frees its name: the DAL's `connection` becomes the unit's `connection`; so does the
        // member itself, which the factory replaces (the accessor, `OpenX()` or a string field stand where it was).
        bool IsRemovedCopy(ISymbol? symbol) => _context.Mode == FixMode.ConnectionFactory
            && (_context.Protocol.HelperFor(symbol) is { IsStoredCopy: true } || _context.IsMember(symbol));
        // Only the stem and its numbered forms can clash, so each is asked about alone: binding every name of the
        // function and listing every symbol in scope (each type the usings import) was a quarter of a lightbulb
        // (docs/benchmarks.md, lat30). A lookup of all names keeps only those referable by name; so does this one.
        var identifiers = function.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).ToLookup(t => t.ValueText);
        bool IsTaken(string candidate) =>
            identifiers[candidate].Any(t => !(t.Parent is IdentifierNameSyntax name && IsRemovedCopy(model.GetSymbolInfo(name, _cancellationToken).Symbol)))
            || model.LookupSymbols(position.SpanStart, name: candidate).Any(s => s.CanBeReferencedByName && !IsRemovedCopy(s));
        var stem = _perUseMode ? "connection" : "lease";
        var name = stem;
        for (var i = 2; IsTaken(name); i++)
        {
            name = stem + i;
        }

        return name;
    }

    /// <summary>
    /// A data source's connection declared as the member was (<c>IDbConnection connection = dataSource.OpenConnection()</c>):
    /// its users bind extension methods and overloads as before. (A factory returns that type itself.)
    /// </summary>
    private VariableDeclarationSyntax? DeclaredAsMember(string leaseName, ExpressionSyntax acquire) =>
        _dataSourceMode && _context.DeclaredUseType is { } type
            ? VariableDeclaration(TypeNames.Qualified(type), SingletonSeparatedList(VariableDeclarator(leaseName).WithInitializer(EqualsValueClause(acquire.NormalizeWhitespace()))))
            : null;

    /// <summary><c>await using</c> needs <c>IAsyncDisposable</c>: an <c>IDbConnection</c> local is disposed synchronously, as its users did.</summary>
    private bool DeclaredTypeDisposesAsync =>
        _context.DeclaredUseType is not { } type
        || type.ToDisplayString() == "System.IAsyncDisposable"
        || type.AllInterfaces.Any(i => i.ToDisplayString() == "System.IAsyncDisposable");

    private ExpressionSyntax Acquire(ConnectionUse use, SyntaxNode function, bool canAwait, bool passToken = true)
    {
        if (_factoryMode)
        {
            return FactoryCall(use);
        }

        ExpressionSyntax guard = _member is IParameterSymbol ? IdentifierName(_guardName) : use.Guard.WithoutTrivia();
        var arguments = ArgumentList();
        // DbDataSource.OpenConnection() takes no token (only OpenConnectionAsync does); the guard's Acquire does.
        var token = passToken && (canAwait || !_dataSourceMode) ? CancellationTokenInScope(function) : null;
        if (token is not null)
        {
            arguments = arguments.AddArguments(Argument(IdentifierName(token)));
        }

        var call = InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, guard, IdentifierName(
                _dataSourceMode ? (canAwait ? "OpenConnectionAsync" : "OpenConnection") : GuardAcquireName(canAwait))),
            arguments);
        if (!canAwait)
        {
            return call;
        }

        // Library code that writes ConfigureAwait(false) (CA2007 as an error) gets it on the acquire too.
        var configured = SyntaxShapes.Body(function)?.DescendantNodes(n => !SyntaxShapes.IsFunction(n)).OfType<InvocationExpressionSyntax>()
            .Any(i => SyntaxShapes.InvokedName(i) == "ConfigureAwait" && i.ArgumentList.Arguments.Count == 1
                && i.ArgumentList.Arguments[0].Expression.IsKind(SyntaxKind.FalseLiteralExpression)) == true;
        return AwaitExpression(configured
            ? InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, call, IdentifierName("ConfigureAwait")),
                ArgumentList(SingletonSeparatedList(Argument(LiteralExpression(SyntaxKind.FalseLiteralExpression)))))
            : call);
    }

    /// <summary>
    /// Whether the unit's scope awaits what it takes: a lease or a data source's connection in an async function, a
    /// factory's only through an async accessor (a synchronous factory leaves the function's own awaits to count).
    /// </summary>
    private bool ScopeAwaits(bool canAwait, ExpressionSyntax acquired) =>
        canAwait && (!_factoryMode || acquired.DescendantNodesAndSelf(n => !SyntaxShapes.IsFunction(n)).OfType<AwaitExpressionSyntax>().Any());

    private string GuardAcquireName(bool canAwait) => (_unitsJoin ? "AcquireOrJoin" : "Acquire") + (canAwait ? "Async" : string.Empty);

    /// <summary>
    /// A new pooled connection: the holder's accessor as the caller wrote it (<c>Db.GetConnection()</c>), or the factory
    /// that replaces the member, on the same receiver (<c>Db.conn</c> becomes <c>Db.OpenConn()</c>).
    /// </summary>
    private ExpressionSyntax FactoryCall(ConnectionUse use)
    {
        if (use.ViaAccessor)
        {
            return use.Guard.WithoutTrivia();
        }

        var factory = _context.Factory!;
        ExpressionSyntax target = use.Guard is MemberAccessExpressionSyntax access
            ? access.WithName(IdentifierName(factory.Name)).WithoutTrivia()
            : IdentifierName(factory.Name);
        return factory.IsProperty ? target : InvocationExpression(target);
    }

    private string? CancellationTokenInScope(SyntaxNode function)
    {
        var model = _context.Model(function.SyntaxTree);
        foreach (var candidate in function.AncestorsAndSelf())
        {
            if (!SyntaxShapes.IsFunction(candidate))
            {
                continue;
            }

            var method = FunctionSymbol(candidate, model);
            var token = method?.Parameters.FirstOrDefault(p => p.Type.ToDisplayString() == "System.Threading.CancellationToken");
            if (token is not null)
            {
                return token.Name;
            }
        }

        return null;
    }

    private bool AssignLease(ConnectionUse use, string leaseName, SemanticModel model)
    {
        if (use.Transaction is null || _perUseMode || !PlanTransaction(use, leaseName, model))
        {
            use.Plan.ConnectionUses[use.Connection] = leaseName;
        }

        return true;
    }

    /// <summary><c>conn.BeginTransaction()</c> becomes <c>lease.BeginTransaction()</c>, cast back to the provider's type when the code needs it.</summary>
    private bool PlanTransaction(ConnectionUse use, string leaseName, SemanticModel model)
    {
        var invocation = use.Transaction!;
        if (model.GetSymbolInfo(invocation, _cancellationToken).Symbol is not IMethodSymbol method)
        {
            return false;
        }

        ArgumentSyntax? isolation = null;
        ArgumentSyntax? token = null;
        foreach (var argument in invocation.ArgumentList.Arguments)
        {
            var parameter = argument.NameColon is { } named
                ? method.Parameters.FirstOrDefault(p => p.Name == named.Name.Identifier.ValueText)
                : method.Parameters.ElementAtOrDefault(invocation.ArgumentList.Arguments.IndexOf(argument));
            switch (parameter?.Type.ToDisplayString())
            {
                case "System.Data.IsolationLevel":
                    isolation = Argument(argument.Expression.WithoutTrivia());
                    break;
                case "System.Threading.CancellationToken":
                    token = Argument(NameColon("cancellationToken"), default, argument.Expression.WithoutTrivia());
                    break;
                default:
                    return false;
            }
        }

        var isAsync = method.Name == "BeginTransactionAsync";
        var arguments = new List<ArgumentSyntax>();
        if (isolation is not null)
        {
            arguments.Add(isolation);
        }

        if (token is not null)
        {
            arguments.Add(token);
        }

        var leaseCall = InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName(leaseName), IdentifierName(method.Name)),
            ArgumentList(SeparatedList(arguments)));

        SyntaxNode target = invocation;
        ExpressionSyntax replacement = leaseCall;
        if (isAsync)
        {
            SyntaxNode current = invocation;
            if (current.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Parent: InvocationExpressionSyntax configured })
            {
                current = configured;
            }

            if (current.Parent is not AwaitExpressionSyntax awaitExpression)
            {
                return false;
            }

            target = awaitExpression;
            replacement = AwaitExpression(current == invocation ? leaseCall : ((ExpressionSyntax)current).ReplaceNode(invocation, leaseCall));
        }

        var typeInfo = model.GetTypeInfo(target, _cancellationToken);
        var dbTransaction = _compilation.GetTypeByMetadataName("System.Data.Common.DbTransaction");
        if (typeInfo.Type is { } original && dbTransaction is not null && typeInfo.ConvertedType is { } converted
            && !SymbolEqualityComparer.Default.Equals(original, dbTransaction)
            && !_compilation.ClassifyConversion(dbTransaction, converted).IsImplicit)
        {
            replacement = ParenthesizedExpression(CastExpression(TypeNames.Qualified(original), replacement))
                .WithAdditionalAnnotations(Simplifier.Annotation);
        }

        use.Plan.Replacements[target] = replacement;
        return true;
    }

    private bool PlanCloseCalls(HashSet<SyntaxNode> units)
    {
        foreach (var close in _closeCalls)
        {
            if (InRemovedIf(close.Statement))
            {
                continue;
            }

            var chain = SyntaxShapes.EnclosingFunctions(close.Statement);
            if (chain is null)
            {
                return Fail(NoFixReason.UseOutsideUnitOfWork);
            }

            var unit = chain.LastOrDefault(units.Contains);
            var isClose = close.Name is "Close" or "CloseAsync";
            if (_factoryMode)
            {
                // Each unit of work disposes its own connection; the member it closed or disposed is gone.
                close.Plan.RemovedStatements.Add(close.Statement);
            }
            else if ((unit is not null || _dataSourceMode) && isClose)
            {
                // (A data source has nothing to close: its pooled connections close themselves.)
                // Inside a unit of work the lease hands the connection back; closing it would defeat the guard.
                close.Plan.RemovedStatements.Add(close.Gate ?? (StatementSyntax)close.Statement);
            }
            else if (unit is not null && InAnyRange(close.Statement))
            {
                // Disposing the guard while holding its lease would wait forever.
                return Fail(NoFixReason.DisposedWhileLeased);
            }
            else if (close.Name == "CloseAsync" && _guardType.GetMembers("CloseAsync").IsEmpty)
            {
                ExpressionSyntax guard = _member is IParameterSymbol ? IdentifierName(_guardName) : close.Guard.WithoutTrivia();
                close.Plan.Replacements[close.Gate ?? (StatementSyntax)close.Statement] = ExpressionStatement(InvocationExpression(
                    MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, guard, IdentifierName("Close"))));
                AddGuardCloser(close.Statement);
            }
            else
            {
                _guardLevelReferences.Add((close.Reference, close.Plan));
                if (close.Gate is { } gate)
                {
                    // The guard's close is a no-op on a closed connection: the test goes, the close stays.
                    close.Plan.Replacements[gate] = _guardName == _member.Name
                        ? close.Statement
                        : close.Statement.ReplaceNode(close.Reference, IdentifierName(_guardName).WithTriviaFrom(close.Reference));
                }

                AddGuardCloser(close.Statement);
            }
        }

        return PlanDisposingUsings(units);
    }

    /// <summary>
    /// <c>using (member) { ... }</c> ends a unit of work as a close at its end does: its body takes its place, and the
    /// lease hands the connection back (the per-use connection is disposed) where the member was disposed. A guard is
    /// given only a statement whose body is one unit of work that uses the member: one that only disposes it (at
    /// shutdown), or holds it across a wait (a worker's whole loop), disposed it for good, which the guard would not.
    /// </summary>
    private bool PlanDisposingUsings(HashSet<SyntaxNode> units)
    {
        foreach (var disposing in _references.DisposingUsings)
        {
            if (InRemovedIf(disposing.Statement))
            {
                continue;
            }

            var chain = SyntaxShapes.EnclosingFunctions(disposing.Statement);
            if (chain is null)
            {
                return Fail(NoFixReason.UseOutsideUnitOfWork);
            }

            if (!_perUseMode && !IsOneUnitOfWork(disposing.Statement, chain, units))
            {
                return Fail(NoFixReason.ConnectionDisposedByUsing);
            }

            disposing.Plan.UnwrappedUsings.Add(disposing.Statement);
        }

        return true;
    }

    private bool IsOneUnitOfWork(UsingStatementSyntax disposing, List<SyntaxNode> chain, HashSet<SyntaxNode> units) =>
        chain.Any(units.Contains)
        && _uses.Any(u => u.Connection.SyntaxTree == disposing.SyntaxTree && disposing.Statement.Span.Contains(u.Connection.Span))
        && !disposing.Statement.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(_waits.IsWait)
        && !disposing.Statement.DescendantNodesAndSelf().OfType<StatementSyntax>().Any(s => s is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or ForEachStatementSyntax && _waits.IsWaitingLoop(s));

    /// <summary>The method around a close the guard keeps (outside any unit of work): a caller's lease must not span a call to it.</summary>
    private void AddGuardCloser(StatementSyntax close)
    {
        if (close.Ancestors().OfType<MethodDeclarationSyntax>().FirstOrDefault() is { } method
            && _context.Model(method.SyntaxTree).GetDeclaredSymbol(method, _cancellationToken) is { } symbol)
        {
            _guardClosers.Add(symbol.OriginalDefinition);
        }
    }

    private bool InAnyRange(SyntaxNode node)
    {
        foreach (var (block, start, end) in _ranges)
        {
            if (block.Span.Contains(node.Span))
            {
                var index = SyntaxShapes.ChildIndex(block, node);
                if (index >= start && index <= end)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private bool RenameGuardLevelReferences()
    {
        if (_factoryMode)
        {
            // The member is gone: a null check on it has nothing left to test.
            return _guardLevelReferences.All(r => r.Plan.RemovedStatements.Any(s => s.Span.Contains(r.Node.Span) && s.SyntaxTree == r.Node.SyntaxTree))
                || Fail(NoFixReason.MemberStillNeeded);
        }

        if (_guardName != _member.Name)
        {
            foreach (var (node, plan) in _guardLevelReferences)
            {
                plan.Replacements[node] = IdentifierName(_guardName);
            }
        }

        return true;
    }

    /// <summary>
    /// The blocks that take leases and the uses each covers, or null when a use cannot get a lease of its own. A use
    /// starts at its scope block (the unit's body, or one iteration of a waiting loop) and moves into the inner block
    /// that holds it (a <c>try</c>, an <c>if</c>, a <c>using</c>) for as long as its statement also waits.
    /// </summary>
    private Dictionary<BlockSyntax, List<ConnectionUse>>? LeaseBlocks(SyntaxNode function, BlockSyntax body, List<ConnectionUse> uses, WaitPoints waits)
    {
        var result = new Dictionary<BlockSyntax, List<ConnectionUse>>();
        foreach (var use in uses)
        {
            var anchor = Anchor(use.Connection, function);
            var current = ScopeBlock(use.Connection, function, body);
            while (true)
            {
                var index = SyntaxShapes.ChildIndex(current, anchor);
                if (index < 0)
                {
                    return null;
                }

                var statement = current.Statements[index];
                if (!waits.AreIn(statement))
                {
                    break;
                }

                // Used in a waiting loop's own header (`while (conn.Query(...))`), in a statement without braces beside a
                // wait, or in the same statement as the wait (`using (var command = new MySqlCommand(sql, conn))` around
                // a delay): one lease would be held across the wait.
                var inner = anchor.Ancestors().TakeWhile(a => a != statement).OfType<BlockSyntax>().LastOrDefault();
                if (inner is null)
                {
                    return null;
                }

                current = inner;
            }

            if (!result.TryGetValue(current, out var list))
            {
                result[current] = list = new List<ConnectionUse>();
            }

            list.Add(use);
        }

        return result.GroupBy(pair => Narrowed(pair.Key, pair.Value))
            .ToDictionary(group => group.Key, group => group.SelectMany(pair => pair.Value).ToList());
    }

    private BlockSyntax Narrowed(BlockSyntax block, List<ConnectionUse> uses)
    {
        while (true)
        {
            var next = IntoOnlyBranch(IntoTryAfterCreation(IntoTryBlock(IntoConnectedIf(IntoTryBlock(block, uses), uses), uses), uses), uses);
            if (next == block)
            {
                return block;
            }

            block = next;
        }
    }

    /// <summary>
    /// The body of <c>if (dbCon.IsConnect()) { ... }</c> in <paramref name="block"/> when it holds every use: the call
    /// sets the connection string the factory reads (<see cref="ConnectChecks"/>), so the lease must start after it.
    /// </summary>
    private BlockSyntax IntoConnectedIf(BlockSyntax block, List<ConnectionUse> uses) =>
        block.Statements.OfType<IfStatementSyntax>().FirstOrDefault(i => i.Statement is BlockSyntax && IsConnectCheckCall(i.Condition)
            && uses.All(u => i.Statement.Span.Contains(u.Connection.Span))) is { Statement: BlockSyntax body }
            ? body
            : block;

    /// <summary>
    /// The holder's methods that test the accessor for null and then build the member (<c>IsConnect()</c>), once the
    /// factory fix rewrote that test; for the guard and the data source, every method that builds the member
    /// (<c>if (Connection == null) Connection = new MySqlConnection(cs);</c> in <c>IsConnected()</c>): a lease taken
    /// before the call would come from a guard not built yet (null on the first call) or one the call replaces.
    /// </summary>
    private HashSet<ISymbol> ConnectChecks =>
        _connectChecks ??= new HashSet<ISymbol>(
            _references.AccessorNullChecks.Select(c => (SyntaxNode)c.Checked)
                .Concat(_factoryMode ? Enumerable.Empty<SyntaxNode>() : _references.AssignedSources.Where(a => BuiltWhenNull(a.Source)).Select(a => (SyntaxNode)a.Source))
                .Select(c => c.Ancestors().OfType<MethodDeclarationSyntax>().FirstOrDefault())
                .Where(m => m is not null)
                .Select(m => _context.Model(m!.SyntaxTree).GetDeclaredSymbol(m!, _cancellationToken))
                .Where(m => m is not null)!,
            SymbolEqualityComparer.Default);

    private HashSet<ISymbol>? _connectChecks;

    /// <summary>
    /// A construction assigned only while the member is still null (<c>if (Connection == null) { ...; Connection = new
    /// X(cs); }</c>, <c>Connection ??= new X(cs);</c>): before that call there is no guard to lease from. A member built
    /// at start-up and rebuilt later (a reconnect) has one, and a lease taken before the rebuild stays valid.
    /// </summary>
    private bool BuiltWhenNull(ExpressionSyntax source) =>
        !SyntaxShapes.IsNullValue(source)
        && (source.Parent is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceAssignmentExpression }
            || source.Ancestors().OfType<IfStatementSyntax>().Any(i => i.Statement.Span.Contains(source.Span) && TestsMemberForNull(i.Condition)));

    private bool TestsMemberForNull(ExpressionSyntax condition) =>
        condition.DescendantNodesAndSelf().Any(n =>
            n is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.EqualsExpression } equals
                && (SyntaxShapes.IsNullValue(equals.Right) && NamesMember(equals.Left) || SyntaxShapes.IsNullValue(equals.Left) && NamesMember(equals.Right))
            || n is IsPatternExpressionSyntax { Pattern: ConstantPatternSyntax { Expression: var constant } } pattern
                && SyntaxShapes.IsNullValue(constant) && NamesMember(pattern.Expression));

    private bool NamesMember(ExpressionSyntax expression) =>
        expression is IdentifierNameSyntax { Identifier.ValueText: var name } && name == _member.Name
        || expression is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name.Identifier.ValueText: var accessed } && accessed == _member.Name;

    private bool IsConnectCheckCall(SyntaxNode node) =>
        node is InvocationExpressionSyntax call && ConnectChecks.Count > 0
        && _context.Model(call.SyntaxTree).GetSymbolInfo(call, _cancellationToken).Symbol is { } called
        && ConnectChecks.Contains(called.OriginalDefinition);

    /// <summary>
    /// A lease range that calls <c>IsConnect()</c> would open the connection before the string it needs is set (the
    /// factory), or take its lease before the guard is built (the guard, the data source).
    /// </summary>
    private bool ConnectChecksOutsideScopes() =>
        ConnectChecks.Count == 0
        || !_ranges.Any(r => RangeCalls(r, IsConnectCheckCall) && !(!_factoryMode && BuiltBeforeRange(r)))
        || Fail(_factoryMode ? NoFixReason.AccessorCheckedForNull : NoFixReason.LeaseTakenBeforeBuild);

    /// <summary>The unit built the member before the range, so a builder called inside it finds the guard there.</summary>
    private bool BuiltBeforeRange((BlockSyntax Block, int Start, int End) range) =>
        BuiltBeforeLease.Holds(range.Block.Statements[range.Start], IsConnectCheckCall,
            inline => TestsMemberForNull(inline.Condition) && _references.AssignedSources.Any(a => BuiltWhenNull(a.Source) && inline.Statement.Span.Contains(a.Source.Span)));

    /// <summary>Whether a statement of the range that stays (not a removed reopen gate or statement) makes such a call.</summary>
    private bool RangeCalls((BlockSyntax Block, int Start, int End) range, Func<SyntaxNode, bool> isCall) =>
        range.Block.Statements.Skip(range.Start).Take(range.End - range.Start + 1)
            .Any(s => s.DescendantNodesAndSelf().Any(n => isCall(n) && !n.AncestorsAndSelf().Any(Removed)));

    private bool Removed(SyntaxNode node) =>
        _removedIfs.Contains(node) || node is StatementSyntax statement && _context.Plans.Any(p => p.RemovedStatements.Contains(statement));

    /// <summary>
    /// A lease range that calls a holder method which closes or disposes the guard (<c>dbManager.Close()</c> over
    /// <c>Connection?.Close();</c>): the guard's <c>Close</c> waits for the lease the caller still holds.
    /// </summary>
    private bool GuardClosersOutsideRanges() =>
        _guardClosers.Count == 0
        || !_ranges.Any(r => RangeCalls(r, node => node is InvocationExpressionSyntax call
            && _context.Model(call.SyntaxTree).GetSymbolInfo(call, _cancellationToken).Symbol is { } called
            && _guardClosers.Contains(called.OriginalDefinition)))
        || Fail(NoFixReason.DisposedWhileLeased);

    /// <summary>
    /// The try block of a <c>try</c>/<c>catch</c> in <paramref name="block"/> that holds every one of <paramref name="uses"/>,
    /// to any depth: the lease goes inside it, so that a failing acquire meets the same <c>catch</c> a failing command did
    /// (in a timer callback an escaping exception ends the process).
    /// </summary>
    private static BlockSyntax IntoTryBlock(BlockSyntax block, List<ConnectionUse> uses)
    {
        while (block.Statements.OfType<TryStatementSyntax>().FirstOrDefault(t => t.Catches.Count > 0 && uses.All(u => t.Block.Span.Contains(u.Connection.Span))) is { } tryStatement)
        {
            block = tryStatement.Block;
        }

        return block;
    }

    /// <summary>
    /// The try block of a <c>try</c>/<c>finally</c> in <paramref name="block"/> that holds every use after a call that
    /// builds the member (<c>try { Conectar(); ...use... } finally { Desconectar(); }</c>, where <c>Conectar()</c> builds
    /// the guard when it is null): a lease around the whole <c>try</c> would acquire before the guard exists.
    /// </summary>
    private BlockSyntax IntoTryAfterCreation(BlockSyntax block, List<ConnectionUse> uses)
    {
        foreach (var tryStatement in block.Statements.OfType<TryStatementSyntax>())
        {
            if (!uses.All(u => tryStatement.Block.Span.Contains(u.Connection.Span)))
            {
                continue;
            }

            var first = uses.Min(u => SyntaxShapes.ChildIndex(tryStatement.Block, u.Connection));
            if (first > 0 && tryStatement.Block.Statements.Take(first).Any(CallsCreator))
            {
                return tryStatement.Block;
            }
        }

        return block;
    }

    /// <summary>A call, in <paramref name="statement"/>, of a method that assigns the member (<c>Conectar()</c>'s <c>cn = new ...</c>).</summary>
    private bool CallsCreator(StatementSyntax statement)
    {
        _creators ??= new HashSet<ISymbol>(
            _references.AssignedSources
                .Select(s => s.Source.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax))
                .Where(m => m is not null)
                .Select(m => _context.Model(m!.SyntaxTree).GetDeclaredSymbol(m!, _cancellationToken))
                .Where(m => m is not null)!,
            SymbolEqualityComparer.Default);
        if (_creators.Count == 0)
        {
            return false;
        }

        var model = _context.Model(statement.SyntaxTree);
        return statement.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>()
            .Any(call => model.GetSymbolInfo(call, _cancellationToken).Symbol is { } called && _creators.Contains(called.OriginalDefinition));
    }

    private HashSet<ISymbol>? _creators;

    /// <summary>
    /// The branch of an <c>if</c>/<c>else if</c>/<c>else</c> in <paramref name="block"/> that holds every use, when nothing
    /// the branch computes over the connection is read after the <c>if</c>: the lease is taken on that path only. An
    /// event handler that dispatches on the event's name (<c>if (eventName == "onClientStartLogin") { ... }</c>) touched
    /// the connection for that event alone; a lease before the <c>if</c> would open (or wait for) it on every event.
    /// </summary>
    private static BlockSyntax IntoOnlyBranch(BlockSyntax block, List<ConnectionUse> uses)
    {
        for (var index = 0; index < block.Statements.Count; index++)
        {
            if (block.Statements[index] is not IfStatementSyntax ifStatement
                || ExtendForDeclarations(block, index, index, uses.Select(u => (SyntaxNode)u.Connection)) != index)
            {
                continue;
            }

            for (IfStatementSyntax? current = ifStatement; current is not null; current = current.Else?.Statement as IfStatementSyntax)
            {
                foreach (var branch in new[] { current.Statement, current.Else?.Statement })
                {
                    if (branch is BlockSyntax body && uses.All(u => body.Span.Contains(u.Connection.Span)))
                    {
                        return body;
                    }
                }
            }
        }

        return block;
    }

    /// <summary>Statements of <paramref name="block"/> that wait (a waiting loop, a delay): no lease of this block spans them.</summary>
    private static List<int> Barriers(BlockSyntax block, Func<StatementSyntax, bool> waits)
    {
        var barriers = new List<int>();
        for (var i = 0; i < block.Statements.Count; i++)
        {
            if (waits(block.Statements[i]))
            {
                barriers.Add(i);
            }
        }

        return barriers;
    }

    /// <summary>The uses between two barriers, each with the last statement its lease may reach; null when a use sits in a barrier.</summary>
    private static List<(List<ConnectionUse> Uses, int Limit)>? Segments(BlockSyntax block, List<ConnectionUse> uses, List<int> barriers)
    {
        var segments = new List<(List<ConnectionUse> Uses, int Limit)>();
        foreach (var group in uses.GroupBy(u => SyntaxShapes.ChildIndex(block, u.Connection)).OrderBy(g => g.Key))
        {
            if (group.Key < 0 || barriers.Contains(group.Key))
            {
                return null;
            }

            var limit = barriers.Where(b => b > group.Key).DefaultIfEmpty(block.Statements.Count).Min() - 1;
            if (segments.Count > 0 && segments[segments.Count - 1].Limit == limit)
            {
                segments[segments.Count - 1].Uses.AddRange(group);
            }
            else
            {
                segments.Add((group.ToList(), limit));
            }
        }

        return segments;
    }

    /// <summary>
    /// Clean-up after the unit's waiting loop (not an inner loop's, nor a mere delay), or in a <c>finally</c> or
    /// <c>catch</c>, typically runs because the service is stopping: its token is already cancelled, and acquiring with
    /// it would throw and skip the clean-up the code did before. Such a lease passes the token only when its statements
    /// pass it themselves.
    /// </summary>
    private bool PassesToken(SyntaxNode function, BlockSyntax block, int start, int end, List<int> loopBarriers)
    {
        var enclosing = block.AncestorsAndSelf().TakeWhile(a => a != function).ToList();
        var cleanUp = (loopBarriers.Any(b => b < start) && !enclosing.Any(a => SyntaxShapes.LoopBody(a) is not null))
            || enclosing.Any(a => a is FinallyClauseSyntax or CatchClauseSyntax);
        if (!cleanUp || CancellationTokenInScope(function) is not { } token)
        {
            return true;
        }

        var name = new HashSet<string> { token };
        return block.Statements.Skip(start).Take(end - start + 1).Any(s => SyntaxShapes.MentionsAny(s, name));
    }

    /// <summary>A use inside a lambda that is not handed straight to a call (stored, returned, subscribed) may run later.</summary>
    private static bool InStoredLambda(SyntaxNode use, SyntaxNode function) =>
        use.Ancestors().TakeWhile(a => a != function).OfType<AnonymousFunctionExpressionSyntax>()
            .Any(lambda => lambda.Parent is not ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax });

    /// <summary>
    /// Locals a lease's statements declare and later statements read (<c>var lastId = await conn.ExecuteScalarAsync(...)</c>
    /// before the loop, read in it) are declared before the lease and assigned in it. Anything that still holds the
    /// connection or its work — a command, reader, transaction, pending task or unbuffered query — cannot outlive the
    /// lease: no fix then.
    /// </summary>
    private bool PlanHoisting(BlockSyntax block, LeaseScope scope, List<ConnectionUse> uses, DocumentPlan plan, SemanticModel model) =>
        Hoist(block, scope.Start, scope.End, uses, model, (declaration, hoisted) =>
        {
            scope.HoistedDeclarations.Add(hoisted);
            plan.AssignedDeclarations.Add(declaration);
        });

    /// <summary>Whether a scope over statements <paramref name="start"/>..<paramref name="end"/> could declare what later statements read before it (nothing planned).</summary>
    private bool CanHoist(BlockSyntax block, int start, int end, List<ConnectionUse> uses, SemanticModel model) =>
        Hoist(block, start, end, uses, model, (_, _) => { });

    private bool Hoist(BlockSyntax block, int start, int end, List<ConnectionUse> uses, SemanticModel model, System.Action<LocalDeclarationStatementSyntax, LocalDeclarationStatementSyntax> declare)
    {
        if (end >= block.Statements.Count - 1)
        {
            return true;
        }

        var later = block.Statements.Skip(end + 1).ToList();
        var holders = new HashSet<string>(uses.Where(u => !ComputedFromConnection(u.Connection, model)).Select(u => SyntaxShapes.CarrierOf(u.Connection)).OfType<string>());
        if (holders.Count > 0 && later.Any(s => SyntaxShapes.MentionsAny(s, holders)))
        {
            return false;
        }

        for (var i = start; i <= end; i++)
        {
            var statement = block.Statements[i];
            var declared = DeclaredLocals(statement, model);
            var readLater = declared.Where(local => later.Any(s => References(s, local, model))).ToList();
            if (readLater.Count == 0)
            {
                continue;
            }

            if (statement is not LocalDeclarationStatementSyntax { Modifiers.Count: 0, UsingKeyword.RawKind: (int)SyntaxKind.None } declaration
                || declaration.Declaration.Type is RefTypeSyntax
                || declaration.Declaration.Variables.Any(v => v.Initializer is { } initializer && !CanOutliveLease(initializer.Value))
                || readLater.Any(local => local is not ILocalSymbol { } symbol || !CanOutliveLease(symbol.Type)
                    || !declaration.Declaration.Variables.Any(v => v.Identifier.ValueText == symbol.Name)))
            {
                return false;
            }

            var type = declaration.Declaration.Type.IsVar
                ? TypeNames.Qualified(((ILocalSymbol)readLater[0]).Type, withNullability: true)
                : declaration.Declaration.Type.WithoutTrivia();
            declare(declaration, LocalDeclarationStatement(VariableDeclaration(
                type.WithTrailingTrivia(Space),
                SeparatedList(declaration.Declaration.Variables.Select(v => VariableDeclarator(v.Identifier.WithoutTrivia()))))));
        }

        return true;
    }

    /// <summary>
    /// A local the use flows into that cannot hold the connection: a result of calling the connection
    /// (<c>conn.ExecuteScalarAsync(...)</c>, <c>conn.QueryAsync&lt;T&gt;(...)</c>), or a plain value (a number, string, date).
    /// A command or object built around the connection (<c>new Repository(conn)</c>) does hold it.
    /// </summary>
    private bool ComputedFromConnection(ExpressionSyntax use, SemanticModel model)
    {
        if (use.Parent is MemberAccessExpressionSyntax access && access.Expression == use
            || use.Parent is ConditionalAccessExpressionSyntax conditional && conditional.Expression == use)
        {
            return true;
        }

        var stored = SyntaxShapes.CarrierOf(use) is null ? null : use.Ancestors().FirstOrDefault(a => a is EqualsValueClauseSyntax or AssignmentExpressionSyntax);
        var value = stored switch
        {
            EqualsValueClauseSyntax clause => clause.Value,
            AssignmentExpressionSyntax assignment => assignment.Right,
            _ => null,
        };
        return value is not null && model.GetTypeInfo(value, _cancellationToken).ConvertedType is { } type && IsPlainValue(type);
    }

    private static bool IsPlainValue(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { ConstructedFrom.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            return IsPlainValue(nullable.TypeArguments[0]);
        }

        return type.TypeKind == TypeKind.Enum
            || type.SpecialType is >= SpecialType.System_Boolean and <= SpecialType.System_String or SpecialType.System_DateTime
            || type.ToDisplayString() is "System.Guid" or "System.DateTimeOffset" or "System.TimeSpan";
    }

    /// <summary>Locals, out/pattern variables and local functions a statement declares into its block.</summary>
    private List<ISymbol> DeclaredLocals(StatementSyntax statement, SemanticModel model)
    {
        var declared = new List<ISymbol>();
        if (statement is LocalDeclarationStatementSyntax local)
        {
            declared.AddRange(local.Declaration.Variables.Select(v => model.GetDeclaredSymbol(v, _cancellationToken)).OfType<ISymbol>());
        }
        else if (statement is LocalFunctionStatementSyntax function && model.GetDeclaredSymbol(function, _cancellationToken) is { } symbol)
        {
            declared.Add(symbol);
        }

        foreach (var node in statement.DescendantNodes(n => n == statement || !(n is BlockSyntax || SyntaxShapes.IsFunction(n))))
        {
            if (node is SingleVariableDesignationSyntax designation && model.GetDeclaredSymbol(designation, _cancellationToken) is { } variable)
            {
                declared.Add(variable);
            }
        }

        return declared;
    }

    private bool References(SyntaxNode node, ISymbol local, SemanticModel model) =>
        node.DescendantNodes().OfType<IdentifierNameSyntax>().Any(identifier => identifier.Identifier.ValueText == local.Name
            && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, _cancellationToken).Symbol, local));

    /// <summary>A value that no longer needs the connection once computed: not a command, reader, transaction, task or stream of rows.</summary>
    private bool CanOutliveLease(ITypeSymbol type)
    {
        if (type.TypeKind == TypeKind.Error || type.IsAnonymousType)
        {
            return false;
        }

        if (type is INamedTypeSymbol named && named.TypeArguments.Any(t => !CanOutliveLease(t)))
        {
            return false;
        }

        if (type is IArrayTypeSymbol array)
        {
            return CanOutliveLease(array.ElementType);
        }

        var ownOrInherited = type.AllInterfaces.Select(i => i.OriginalDefinition.ToDisplayString()).ToList();
        ownOrInherited.Add(type.OriginalDefinition.ToDisplayString());
        if (ownOrInherited.Any(name => name is "System.IDisposable" or "System.IAsyncDisposable" or "System.Collections.Generic.IAsyncEnumerable<T>"))
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name is "Task" or "ValueTask" && current.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks")
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Dapper's <c>buffered: false</c> reads its rows from the connection while they are enumerated.</summary>
    private static bool CanOutliveLease(ExpressionSyntax initializer) =>
        !initializer.DescendantNodesAndSelf().OfType<ArgumentSyntax>().Any(a =>
            a.NameColon?.Name.Identifier.ValueText == "buffered" && a.Expression.IsKind(SyntaxKind.FalseLiteralExpression));
}
