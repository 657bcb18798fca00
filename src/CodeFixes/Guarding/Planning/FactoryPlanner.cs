using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// The per-use fix without a data source: the member stops holding a connection and a factory opens a new pooled one per
/// call — the holder's own accessor (<c>GetConnection()</c> keeps its name and signature, its body now creates and opens),
/// or a new <c>OpenX()</c> method where the member stood. Openers and closers go (each unit of work opens and disposes its
/// own connection). The connection string comes from the member's construction; one built from a constructor's
/// parameters is kept in a string field.
/// </summary>
internal sealed class FactoryPlanner
{
    private readonly PlanContext _context;
    private readonly MemberReferences _references;
    private readonly ConnectionTarget _target;
    private readonly ConnectionProtocol _protocol;
    private readonly bool _threadStatic;

    private FactoryPlanner(PlanContext context, MemberReferences references, ConnectionTarget target, bool threadStatic)
    {
        _context = context;
        _references = references;
        _target = target;
        _protocol = context.Protocol;
        _threadStatic = threadStatic;
    }

    public static NoFixReason? Plan(PlanContext context, MemberShape shape, MemberReferences references, ConnectionTarget target)
    {
        if (shape.IsLazy || context.Member is IParameterSymbol)
        {
            return NoFixReason.PerUseUnsupportedMember;
        }

        return new FactoryPlanner(context, references, target, shape.IsThreadStatic).Plan();
    }

    private ISymbol Member => _context.Member;

    private NoFixReason? Plan()
    {
        if (Member.DeclaringSyntaxReferences.Length != 1)
        {
            return NoFixReason.SeveralDeclarations;
        }

        var declarator = Member.DeclaringSyntaxReferences[0].GetSyntax(_context.CancellationToken);
        MemberDeclarationSyntax? declaration = declarator switch
        {
            VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: FieldDeclarationSyntax field } } => field,
            PropertyDeclarationSyntax { AccessorList: { } accessorList } property when accessorList.Accessors.All(a => a.Body is null && a.ExpressionBody is null) => property,
            PropertyDeclarationSyntax => null,
            _ => null,
        };
        if (declaration is null)
        {
            return declarator is PropertyDeclarationSyntax ? NoFixReason.UnsupportedMemberKind : NoFixReason.SeveralDeclarations;
        }

        var plan = _context.PlanFor(declaration.SyntaxTree);
        if (plan is null || declaration.Parent is not TypeDeclarationSyntax holder)
        {
            return NoFixReason.UnsupportedMemberKind;
        }

        var creation = ConnectionStringSource(out var source, out var disagree);
        if (creation is null || source is null)
        {
            return disagree ? NoFixReason.ConstructionsDisagreeOnConnectionString
                : NeverGivenAString() ? NoFixReason.NeverGivenConnectionString
                : UncompiledValues.InitializerDoesNotCompile(declarator, _context.Model(declarator.SyntaxTree), _context.CancellationToken) ? NoFixReason.ConstructionDoesNotCompile
                : StringSetApart() ? NoFixReason.ConnectionStringSetApart
                : NoFixReason.NoConnectionStringInView;
        }

        // Arguments the factory cannot see (a constructor's parameter, a local) are kept in a string field.
        var model = _context.Model(source.SyntaxTree);
        ExpressionSyntax connectionString = source.WithoutTrivia();
        string? storage = null;
        if (!VisibleFromFactory(source, model, PreambleOf(creation)))
        {
            if (!creation.Span.Contains(source.Span))
            {
                // A helper's string setting is read where it stands; no field is set from it (only constructions are).
                return NoFixReason.NoConnectionStringInView;
            }

            if (_threadStatic)
            {
                // Each thread may build its connection from its own string; one string field would be shared by all.
                return NoFixReason.ThreadStaticConnection;
            }

            storage = FactoryNames.FirstFree(Member.ContainingType, StorageName(), RemovedHelperNames());
            connectionString = IdentifierName(storage);
        }

        if (PlanAssignments(storage) is { } assignmentReason)
        {
            return assignmentReason;
        }

        if (PlanAccessorNullChecks(storage, declarator) is { } nullCheckReason)
        {
            return nullCheckReason;
        }

        var connectionType = TypeNames.Qualified(_target.ConnectionType);
        var opens = _protocol.FactoryOpens || _references.OpenedDirectly;
        if (opens && !_protocol.FactoryOpens && _references.Uses.Any(u => u.ViaAccessor && OpensWhatItGets(u.Connection)))
        {
            // Callers open what the accessor hands out (`var c = Db.Get(); c.Open();`), others use the member opened for
            // them: one factory cannot serve both.
            return NoFixReason.OpenedBothWays;
        }

        if (opens && _references.AliasedReads.Count > 0)
        {
            // A read taken as the unit's copy of the accessor's value would open what an opening factory handed out.
            return NoFixReason.OpenedBothWays;
        }

        if (OpenFailureHandling(out var openFailure) is { } openFailureReason)
        {
            return openFailureReason;
        }

        var newConnection = ObjectCreationExpression(connectionType).WithArgumentList(ArgumentList(SingletonSeparatedList(Argument(connectionString))));
        // The fields that kept the accessor's value (or the member) go: their units of work call the factory instead.
        foreach (var copy in _protocol.Accessors.Where(a => a.IsStoredCopy))
        {
            _context.PlanFor(copy.Declaration.SyntaxTree)!.RemovedMembers.Add(copy.Declaration);
        }

        var accessors = _protocol.Accessors.Where(a => !a.CopiesMember).ToList();
        if (accessors.Count > 0)
        {
            foreach (var accessor in accessors.Where(a => !a.Forwards))
            {
                var accessorPlan = _context.PlanFor(accessor.Declaration.SyntaxTree)!;
                accessorPlan.Replacements[accessor.Declaration] = WithFactoryBody(accessor, newConnection, opens, openFailure);
            }

            var factory = accessors.First(a => !a.IsStoredCopy);
            if (factory.IsAsync && _references.Uses.Any(u => !u.ViaAccessor))
            {
                // A direct use would become a call of the async factory: awaited only where its method can.
                return NoFixReason.AsyncAccessorNotAwaited;
            }

            _context.Factory = new FactoryMethod(factory.Symbol.Name, factory.Symbol is IPropertySymbol, opens);
            if (storage is null)
            {
                plan.RemovedMembers.Add(declaration);
            }
            else
            {
                plan.Replacements[declaration] = StorageField(declaration, storage);
            }
        }
        else
        {
            // A name the holder already uses (Arma2NET's `override OpenConnection(string)`, a kept helper) gets the next
            // free one: the factory is a new member, so no caller depends on its name.
            var name = FactoryNames.FirstFree(Member.ContainingType, "Open" + Stem(Member.Name), RemovedHelperNames());

            // Callers get what the member was declared as: `var c = Db.OpenX();` then binds `c.Query(...)` as before.
            var returnType = _target.DeclaredType is { } declared ? TypeNames.Qualified(declared) : connectionType;
            var method = MethodDeclaration(returnType, Identifier(name))
                .WithModifiers(FactoryModifiers(declaration))
                .WithBody(FactoryBody(newConnection, opens: true, openFailure: openFailure))
                .WithAdditionalAnnotations(Formatter.Annotation);
            plan.Replacements[declaration] = method;
            if (storage is not null)
            {
                plan.InsertedFields[holder] = StorageField(declaration, storage);
            }

            _context.Factory = new FactoryMethod(name, isProperty: false, opens: true);
        }

        foreach (var helper in _protocol.Helpers.Where(h => h.Role != HelperRole.Accessor).Except(ForgettingCloserHelpers()))
        {
            var helperPlan = _context.PlanFor(helper.Declaration.SyntaxTree)!;
            if (!IsContract(helper.Symbol))
            {
                helperPlan.RemovedMembers.Add(helper.Declaration);
            }
            else if (helper.Role == HelperRole.Closer && helper.Declaration is MethodDeclarationSyntax closer && EmptiedCloser(closer) is { } emptied)
            {
                helperPlan.Replacements[helper.Declaration] = emptied;
            }
            else
            {
                return NoFixReason.HelperIsContract;
            }
        }

        return null;
    }

    /// <summary>The holder's openers and closers this fix removes: their names are free for the factory.</summary>
    private ISet<ISymbol> RemovedHelperNames() =>
        new HashSet<ISymbol>(_protocol.Helpers.Where(h => h.Role != HelperRole.Accessor && !IsContract(h.Symbol)).Except(ForgettingCloserHelpers()).Select(h => h.Symbol), SymbolEqualityComparer.Default);

    /// <summary>
    /// A helper others reach through a contract (<c>IDisposable.Dispose</c>, an override): it stays, since the container or
    /// a base class still calls it.
    /// </summary>
    private static bool IsContract(ISymbol helper) =>
        helper is IMethodSymbol method
        && (method.IsOverride || method.IsVirtual || method.IsAbstract || method.ExplicitInterfaceImplementations.Length > 0
            || method.ContainingType.AllInterfaces.SelectMany(i => i.GetMembers()).Any(m =>
                SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(m), method)));

    /// <summary>
    /// <c>Dispose()</c> that only closed the held connection: nothing is held any more, so it does nothing (a
    /// <c>ValueTask</c>/<c>Task</c> one returns a completed task).
    /// </summary>
    private static MethodDeclarationSyntax? EmptiedCloser(MethodDeclarationSyntax closer)
    {
        BlockSyntax? body = closer.ReturnType switch
        {
            PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword } => Block(),
            { } type when type.ToString() is "ValueTask" or "System.Threading.Tasks.ValueTask" => Block(ReturnStatement(LiteralExpression(SyntaxKind.DefaultLiteralExpression))),
            { } type when type.ToString() is "Task" or "System.Threading.Tasks.Task" =>
                Block(ReturnStatement(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, ParseTypeName("System.Threading.Tasks.Task"), IdentifierName("CompletedTask"))
                    .WithAdditionalAnnotations(Microsoft.CodeAnalysis.Simplification.Simplifier.Annotation))),
            _ => null,
        };
        return body is null
            ? null
            : closer.WithExpressionBody(null).WithSemicolonToken(default).WithBody(body)
                .WithModifiers(TokenList(closer.Modifiers.Where(m => !m.IsKind(SyntaxKind.AsyncKeyword))))
                .WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>
    /// The one construction every assignment agrees on (the same connection string), with the expression of its
    /// connection string: the constructor's one argument, or the only property an object initializer sets
    /// (<c>new MySqlConnection { ConnectionString = "..." }</c>, which is the same connection).
    /// </summary>
    private BaseObjectCreationExpressionSyntax? ConnectionStringSource(out ExpressionSyntax? connectionString, out bool disagree)
    {
        connectionString = null;
        disagree = false;
        BaseObjectCreationExpressionSyntax? first = null;
        var sources = _protocol.Constructions.Concat(_references.Sources).Distinct()
            .Where(s => !SyntaxShapes.IsNullValue(s) && !IsAccessorCall(s));
        var helperString = HelperStringSetting();
        foreach (var source in sources)
        {
            if (_protocol.HelperStringSettings.Count > 0 && !DeclarationPlanner.IsEmptyConstruction(source))
            {
                // A helper sets a string on a member built with one (`else con.ConnectionString = reportStr;`): the
                // factory would build every connection with the construction's string and lose the helper's.
                disagree = true;
                return null;
            }

            if (source is not BaseObjectCreationExpressionSyntax creation
                || (helperString is not null && DeclarationPlanner.IsEmptyConstruction(creation) ? helperString : ConnectionStringOf(creation)) is not { } value
                || !ConnectionTarget.DerivesFrom(_context.Model(source.SyntaxTree).GetTypeInfo(source, _context.CancellationToken).Type ?? _target.ConnectionType, _target.ConnectionType))
            {
                // Injected, awaited, or built by a call: no connection string in view.
                connectionString = null;
                return null;
            }

            if (first is null)
            {
                first = creation;
                connectionString = value;
            }
            else if (!value.IsEquivalentTo(connectionString!, topLevel: false))
            {
                disagree = true;
                return null;
            }
        }

        return first;
    }

    /// <summary>
    /// Mahen65/DreamIT.Invoicing's <c>conn = new SqlConnection(); conn.Open();</c>: every construction is empty and the
    /// member is only opened, closed or used, never given a string nor handed anywhere that could set one.
    /// </summary>
    private bool NeverGivenAString()
    {
        var sources = _protocol.Constructions.Concat(_references.Sources).Where(s => !SyntaxShapes.IsNullValue(s)).ToList();
        return sources.Count > 0
            && sources.All(s => s is BaseObjectCreationExpressionSyntax { Initializer: null } creation && creation.ArgumentList is null or { Arguments.Count: 0 })
            && _references.Uses.All(u => u.Connection.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: not "ConnectionString" } access
                && access.Expression == u.Connection && !ReferenceCollector.IsWritten(access)
                || u.Connection.Parent is ArgumentSyntax { Parent.Parent: BaseObjectCreationExpressionSyntax command } && IsCommand(command));
    }

    /// <summary>
    /// A use writes the member's string (<c>con.ConnectionString = conStr;</c> in KraS27/Parser's <c>connectTo()</c>): the
    /// string is in view, but set apart from any construction the factory could repeat on every call.
    /// </summary>
    private bool StringSetApart() =>
        _references.Uses.Any(u => u.Connection.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConnectionString" } access
            && access.Expression == u.Connection && ReferenceCollector.IsWritten(access));

    private bool IsCommand(BaseObjectCreationExpressionSyntax creation) =>
        _context.Model(creation.SyntaxTree).GetTypeInfo(creation, _context.CancellationToken).Type is { } type
        && type.AllInterfaces.Any(i => i.ToDisplayString() == "System.Data.IDbCommand");

    /// <summary>
    /// The one string the holder's accessors and openers give the member before they open it (all alike), for an empty
    /// construction (<c>new SqlConnection()</c>): each open read it there, each call of the factory reads it instead.
    /// </summary>
    private ExpressionSyntax? HelperStringSetting()
    {
        var settings = _protocol.HelperStringSettings;
        return settings.Count > 0 && settings.All(s => s.IsEquivalentTo(settings[0], topLevel: false)) ? settings[0] : null;
    }

    /// <summary><c>new C(cs)</c> or <c>new C { ConnectionString = cs }</c> (nothing else set): <c>cs</c>; null for any other construction.</summary>
    internal static ExpressionSyntax? ConnectionStringOf(BaseObjectCreationExpressionSyntax creation) => creation switch
    {
        { ArgumentList.Arguments: { Count: 1 } arguments, Initializer: null } when arguments[0].NameColon is null && arguments[0].RefKindKeyword.IsKind(SyntaxKind.None) => arguments[0].Expression,
        { ArgumentList: null or { Arguments.Count: 0 }, Initializer: { RawKind: (int)SyntaxKind.ObjectInitializerExpression, Expressions: { Count: 1 } set } }
            when set[0] is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Left: IdentifierNameSyntax { Identifier.ValueText: "ConnectionString" }, Right: var value } => value,
        _ => null,
    };

    /// <summary>The caller opens the connection it got: <c>Db.Get().Open()</c>, or <c>var c = Db.Get();</c> then <c>c.Open()</c> in the same block.</summary>
    private static bool OpensWhatItGets(ExpressionSyntax connection)
    {
        static bool IsOpen(SyntaxNode node) => node is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Open" or "OpenAsync" };
        if (connection.Parent is MemberAccessExpressionSyntax access && access.Expression == connection && IsOpen(access))
        {
            return true;
        }

        return connection.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax local }
            && local.FirstAncestorOrSelf<BlockSyntax>() is { } block
            && block.DescendantNodes().OfType<MemberAccessExpressionSyntax>().Any(a => IsOpen(a) && a.Expression is IdentifierNameSyntax name && name.Identifier.ValueText == local.Identifier.ValueText);
    }

    /// <summary><c>_conn = CreateConnection();</c>: the accessor's own construction is the source.</summary>
    private bool IsAccessorCall(ExpressionSyntax source) =>
        source is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0 } call
        && _protocol.HelperFor(_context.Model(source.SyntaxTree).GetSymbolInfo(call, _context.CancellationToken).Symbol) is { Role: HelperRole.Accessor };

    /// <summary>
    /// The preamble of the accessor that builds <paramref name="creation"/> when it is the only accessor the factory
    /// rewrites: the factory keeps it, so the locals it declares stay in view of the construction.
    /// </summary>
    private IReadOnlyList<StatementSyntax> PreambleOf(BaseObjectCreationExpressionSyntax creation)
    {
        var rewritten = _protocol.Accessors.Where(a => !a.Forwards).ToList();
        // The construction sits in the accessor, or in the builder whose settings locals the accessor's preamble took.
        var builtIn = creation.FirstAncestorOrSelf<MemberDeclarationSyntax>();
        return rewritten.Count == 1 && rewritten[0].Declaration.SyntaxTree == creation.SyntaxTree
            && (rewritten[0].Declaration.Span.Contains(creation.Span) || rewritten[0].Preamble.Any(s => s.SyntaxTree == creation.SyntaxTree && s.FirstAncestorOrSelf<MemberDeclarationSyntax>() == builtIn)
                || builtIn is not null && rewritten[0].Preamble.Any(s => BoundArguments.IsBindingOf(s, builtIn)))
            ? rewritten[0].Preamble
            : System.Array.Empty<StatementSyntax>();
    }

    /// <summary>The arguments bind to constants, literals, members the factory (in the member's type) can read, and the locals of the kept preamble.</summary>
    private bool VisibleFromFactory(ExpressionSyntax connectionString, SemanticModel model, IReadOnlyList<StatementSyntax> preamble)
    {
        foreach (var name in connectionString.DescendantNodesAndSelf().OfType<SimpleNameSyntax>())
        {
            switch (model.GetSymbolInfo(name, _context.CancellationToken).Symbol)
            {
                case ILocalSymbol local when local.DeclaringSyntaxReferences.Any(r => preamble.Any(s => s.Span.Contains(r.Span) && s.SyntaxTree == r.SyntaxTree)):
                    continue;
                case IParameterSymbol parameter when preamble.Any(s => BoundArguments.Binds(s, parameter)):
                    // A creator's parameter whose argument the factory binds first (`string server = "localhost";`).
                    continue;
                case ILocalSymbol or IParameterSymbol or IRangeVariableSymbol:
                    return false;
                case IFieldSymbol or IPropertySymbol or IMethodSymbol when !name.Ancestors().Any(a => a is MemberAccessExpressionSyntax access && access.Name == name)
                    && !model.GetSymbolInfo(name, _context.CancellationToken).Symbol!.IsStatic && Member.IsStatic:
                    return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Assignments of the member outside its helpers (a constructor's <c>_conn = new MySqlConnection(cs)</c>, a
    /// start-up method's) go; with a string field they assign the connection string to it instead.
    /// </summary>
    private NoFixReason? PlanAssignments(string? storage)
    {
        foreach (var (source, plan) in _references.AssignedSources)
        {
            if (source.Parent is not AssignmentExpressionSyntax { Parent: ExpressionStatementSyntax statement } assignment)
            {
                return NoFixReason.UnsupportedAssignment;
            }

            if (storage is not null && StoredString(source) is { } written)
            {
                if (StorageAccess(storage, assignment.Left) is not { } storageAccess)
                {
                    return NoFixReason.UnsupportedAssignment;
                }

                plan.Replacements[assignment] = AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, storageAccess, written.WithoutTrivia())
                    .WithTriviaFrom(assignment);
            }
            else
            {
                plan.RemovedStatements.Add(statement);
            }
        }

        return null;
    }

    /// <summary>
    /// What a write of the member writes to the string field instead: the string the connection was built with, or the
    /// null of <c>Connection = null;</c> (a Close() that lets the next IsConnected() build again: the null check reads the
    /// string field now, so the next check builds the string again). Null for a write that only goes.
    /// </summary>
    private ExpressionSyntax? StoredString(ExpressionSyntax source) => source switch
    {
        BaseObjectCreationExpressionSyntax creation when ConnectionStringOf(creation) is { } value => value,
        _ when ForgetsBuiltMember(source) => source,
        _ => null,
    };

    /// <summary>
    /// <c>if (Connection == null) { ...; connection = new MySqlConnection(connstring); connection.Open(); }</c> (the
    /// StackOverflow <c>DBConnection.IsConnect()</c>): the accessor's value was null exactly until the member was first
    /// built, and the string field is set where it was built, so the check reads the string field. Only when every write
    /// of the member is such a construction (a <c>connection = null;</c> would no longer be mirrored), the member starts
    /// null, and the check is the holder's own (the string field is private).
    /// </summary>
    private NoFixReason? PlanAccessorNullChecks(string? storage, SyntaxNode declarator)
    {
        if (_references.AccessorNullChecks.Count == 0)
        {
            return null;
        }

        var initializer = (declarator as VariableDeclaratorSyntax)?.Initializer?.Value ?? (declarator as PropertyDeclarationSyntax)?.Initializer?.Value;
        if (storage is null
            || initializer is not null && !SyntaxShapes.IsNullValue(initializer)
            || _references.AssignedSources.Any(a => a.Source is not BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 1 } && !ForgetsBuiltMember(a.Source))
            // Built inside an accessor (`get { if (connection == null) connection = new(...); ... }`): the accessor was
            // never null, and the string field is not set there.
            || _protocol.Constructions.Any(c => !SyntaxShapes.IsNullValue(c) && c != initializer && !_references.AssignedSources.Any(a => a.Source == c))
            || _references.AccessorNullChecks.Any(c => !InHolder(c.Checked) || !ReadsOwnAccessor(c.Checked))
            // A closer that also forgets the member (`Connection?.Close(); Connection = null;`) stays, forgetting the
            // string (ForgettingClosers); one that does more would go with the fix, and the string it let the next
            // check build again would be built once: a changed configuration would not be read.
            || ForgettingCloserHelpers().Any(h => MirroredCloser(h, storage) is null))
        {
            return NoFixReason.AccessorCheckedForNull;
        }

        foreach (var (checkedValue, plan) in _references.AccessorNullChecks)
        {
            if (StorageAccess(storage, checkedValue) is not { } storageAccess)
            {
                return NoFixReason.AccessorCheckedForNull;
            }

            plan.Replacements[checkedValue] = storageAccess.WithTriviaFrom(checkedValue);
        }

        foreach (var closer in ForgettingCloserHelpers())
        {
            _context.PlanFor(closer.Declaration.SyntaxTree)!.Replacements[closer.Declaration] = MirroredCloser(closer, storage)!;
            ForgettingClosers.KeepCalls(_context, _references, closer);
        }

        return null;
    }

    /// <summary>The closers that forget the member in a holder whose null checks move to the string field: they stay.</summary>
    private IEnumerable<ConnectionHelper> ForgettingCloserHelpers() =>
        _references.AccessorNullChecks.Count == 0
            ? Enumerable.Empty<ConnectionHelper>()
            : _protocol.Helpers.Where(h => h.Role == HelperRole.Closer && ForgetsMember(h.Declaration));

    private MethodDeclarationSyntax? MirroredCloser(ConnectionHelper closer, string? storage) =>
        storage is null || closer.Declaration is not MethodDeclarationSyntax method
            ? null
            : ForgettingClosers.Mirrored(method, ReadsMember, written => StorageAccess(storage, written));

    /// <summary>The member itself, read as its holder reads it (<see cref="ReadsOwnAccessor"/>) and bound to it.</summary>
    private bool ReadsMember(ExpressionSyntax expression) =>
        ReadsOwnAccessor(expression) && _context.IsMember(_context.Model(expression.SyntaxTree).GetSymbolInfo(expression, _context.CancellationToken).Symbol);

    /// <summary>
    /// <c>Connection = null;</c> in the holder, when the member's null checks are rewritten to the string field's: the
    /// string field mirrors it (set where the member was built, null where it was set to null).
    /// </summary>
    private bool ForgetsBuiltMember(ExpressionSyntax source) =>
        SyntaxShapes.IsNullValue(source) && _references.AccessorNullChecks.Count > 0 && InHolder(source)
        && source.Parent is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Left: var written } && ReadsOwnAccessor(written);

    private bool ForgetsMember(SyntaxNode declaration) =>
        declaration.DescendantNodes().OfType<AssignmentExpressionSyntax>().Any(a => SyntaxShapes.IsNullValue(a.Right)
            && _context.IsMember(_context.Model(a.SyntaxTree).GetSymbolInfo(a.Left, _context.CancellationToken).Symbol));

    /// <summary>
    /// The string field where <paramref name="memberAccess"/> (a write or a null check of the member or its accessor)
    /// stood, reached as the member was: through the same receiver (<c>Store&lt;Order&gt;.Connection</c>,
    /// <c>db.Connection</c>), else through <c>this</c> or the holder's type as bound there (<c>Store&lt;TEntity&gt;</c> in a
    /// generic holder, whose every constructed type has its own static). Always qualified: a constructor's parameter is
    /// often called what the field is (<c>connectionString</c>). Null when the access binds to no member.
    /// </summary>
    private ExpressionSyntax? StorageAccess(string storage, ExpressionSyntax memberAccess)
    {
        var model = _context.Model(memberAccess.SyntaxTree);
        ExpressionSyntax? owner = memberAccess switch
        {
            MemberAccessExpressionSyntax { Expression: var receiver } when receiver is not (ThisExpressionSyntax or BaseExpressionSyntax) => receiver.WithoutTrivia(),
            _ when !Member.IsStatic => ThisExpression(),
            _ => model.GetSymbolInfo(memberAccess, _context.CancellationToken).Symbol?.ContainingType is { } boundHolder
                ? ParseTypeName(boundHolder.ToMinimalDisplayString(model, memberAccess.SpanStart))
                : null,
        };
        return owner is null ? null : MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, owner, IdentifierName(storage));
    }

    /// <summary><c>Connection</c>, <c>this.Connection</c>, <c>Db.Connection</c> (static): not another instance's accessor.</summary>
    private bool ReadsOwnAccessor(ExpressionSyntax checkedValue) => checkedValue switch
    {
        IdentifierNameSyntax => true,
        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } => !Member.IsStatic,
        MemberAccessExpressionSyntax { Expression: var receiver } => Member.IsStatic
            && SymbolEqualityComparer.Default.Equals(_context.Model(receiver.SyntaxTree).GetSymbolInfo(receiver, _context.CancellationToken).Symbol, Member.ContainingType),
        _ => false,
    };

    private bool InHolder(SyntaxNode node) =>
        node.Ancestors().OfType<TypeDeclarationSyntax>().FirstOrDefault() is { } type
        && SymbolEqualityComparer.Default.Equals(_context.Model(type.SyntaxTree).GetDeclaredSymbol(type, _context.CancellationToken), Member.ContainingType);

    /// <summary>
    /// The one helper that opens and reported a failed open instead of throwing (Prof-Enildo's <c>abrirConexao()</c>,
    /// a WinForms accessor's <c>catch (Exception ex) { MessageBox.Show(ex.Message); }</c>): the factory keeps its catch
    /// clauses. When another path opens too (a second opener, a caller's own <c>Open</c>) and failed differently, one
    /// factory cannot do both: <see cref="NoFixReason.OpenFailureHandledDifferently"/>.
    /// </summary>
    private NoFixReason? OpenFailureHandling(out CarriedOpenFailure? openFailure)
    {
        openFailure = null;
        var opening = _protocol.Helpers.Where(h => h.Opens && !h.Forwards && !h.IsStoredCopy).ToList();
        // An opener an accessor calls first opens for that accessor: one opening, handled as the opener handled it.
        opening.RemoveAll(h => opening.Any(a => a.OpensThrough == h));
        var swallowing = opening.Where(h => h.OpenFailure is not null).ToList();
        if (swallowing.Count == 0)
        {
            return null;
        }

        if (opening.Count > 1 || _references.OpenedDirectly || _references.OpenedThroughAccessor)
        {
            return NoFixReason.OpenFailureHandledDifferently;
        }

        openFailure = swallowing[0].OpenFailure;
        return null;
    }

    private static BlockSyntax FactoryBody(ExpressionSyntax newConnection, bool opens, string local = "connection", CarriedOpenFailure? openFailure = null)
    {
        if (!opens)
        {
            return Block(ReturnStatement(newConnection));
        }

        if (openFailure is not null)
        {
            // Reported and carried on, as the holder did: the caller gets the connection unopened.
            return Block(new StatementSyntax[]
            {
                LocalDeclarationStatement(VariableDeclaration(IdentifierName("var"))
                    .AddVariables(VariableDeclarator(local).WithInitializer(EqualsValueClause(newConnection)))),
            }.Concat(openFailure.FactoryStatements(local)));
        }

        // As DbDataSource.OpenConnection does: a connection that failed to open is disposed before the error goes up.
        return Block(
            LocalDeclarationStatement(VariableDeclaration(IdentifierName("var"))
                .AddVariables(VariableDeclarator(local).WithInitializer(EqualsValueClause(newConnection)))),
            TryStatement(
                Block(
                    ExpressionStatement(InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName(local), IdentifierName("Open")))),
                    ReturnStatement(IdentifierName(local))),
                SingletonList(CatchClause().WithBlock(Block(
                    ExpressionStatement(InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName(local), IdentifierName("Dispose")))),
                    ThrowStatement()))),
                null));
    }

    /// <summary>
    /// The factory's own local: <c>connection</c>, unless the kept preamble declares that name (finalLab's <c>var
    /// connection = ConfigurationManager.ConnectionStrings["connect"].ConnectionString;</c>, which the construction reads).
    /// </summary>
    private static string FactoryLocalName(IReadOnlyList<StatementSyntax> preamble)
    {
        var declared = new HashSet<string>(preamble.OfType<LocalDeclarationStatementSyntax>().SelectMany(l => l.Declaration.Variables).Select(v => v.Identifier.ValueText));
        return new[] { "connection", "newConnection" }.Concat(Enumerable.Range(2, declared.Count + 1).Select(i => "connection" + i)).First(n => !declared.Contains(n));
    }

    /// <summary>
    /// The accessor keeps its name, signature, modifiers and preamble (what it set or read before it built the
    /// connection); its body opens a new connection per call.
    /// </summary>
    private static MemberDeclarationSyntax WithFactoryBody(ConnectionHelper helper, ExpressionSyntax newConnection, bool opens, CarriedOpenFailure? openFailure)
    {
        var local = FactoryLocalName(helper.Preamble);
        var factory = FactoryBody(newConnection, opens, local, openFailure);
        if (helper.IsAsync)
        {
            factory = AsyncHelpers.AwaitOpens(factory, local, AsyncHelpers.TokenParameter(helper));
        }

        // Elastic: the formatter puts each kept statement on its own line (hoisted ones came from other lines or none).
        var body = factory.WithStatements(List(helper.Preamble.Select(s => s.WithoutTrivia().WithLeadingTrivia(ElasticMarker).WithTrailingTrivia(ElasticMarker)).Concat(factory.Statements)));
        MemberDeclarationSyntax result = helper.Declaration switch
        {
            MethodDeclarationSyntax method => method.WithExpressionBody(null).WithSemicolonToken(default).WithBody(body),
            PropertyDeclarationSyntax property => property.WithExpressionBody(null).WithSemicolonToken(default).WithInitializer(null)
                .WithAccessorList(AccessorList(SingletonList(AccessorDeclaration(SyntaxKind.GetAccessorDeclaration, body)))),
            _ => helper.Declaration,
        };
        return result.WithAdditionalAnnotations(Formatter.Annotation);
    }

    private SyntaxTokenList FactoryModifiers(MemberDeclarationSyntax declaration) =>
        TokenList(declaration.Modifiers.Where(m => m.IsKind(SyntaxKind.PublicKeyword) || m.IsKind(SyntaxKind.InternalKeyword)
            || m.IsKind(SyntaxKind.ProtectedKeyword) || m.IsKind(SyntaxKind.PrivateKeyword) || m.IsKind(SyntaxKind.StaticKeyword))
            .Select(m => Token(m.Kind())));

    /// <summary>
    /// The connection string the factory reads: private when only the holder assigns it (its old public connection is no
    /// string for others to read or set), readonly when the member was (a readonly field, a get-only property).
    /// </summary>
    private MemberDeclarationSyntax StorageField(MemberDeclarationSyntax declaration, string storage)
    {
        var assignedInHolder = _references.AssignedSources.All(a => a.Source.Ancestors().OfType<TypeDeclarationSyntax>().FirstOrDefault() is { } owner
            && SymbolEqualityComparer.Default.Equals(_context.Model(owner.SyntaxTree).GetDeclaredSymbol(owner, _context.CancellationToken), Member.ContainingType));
        var readOnly = declaration.Modifiers.Any(SyntaxKind.ReadOnlyKeyword)
            || declaration is PropertyDeclarationSyntax { AccessorList.Accessors: { Count: 1 } accessors } && accessors[0].IsKind(SyntaxKind.GetAccessorDeclaration);
        var modifiers = assignedInHolder
            ? new[] { SyntaxKind.PrivateKeyword }.Concat(Member.IsStatic ? new[] { SyntaxKind.StaticKeyword } : new SyntaxKind[0]).Concat(readOnly ? new[] { SyntaxKind.ReadOnlyKeyword } : new SyntaxKind[0])
            : declaration.Modifiers.Where(m => !m.IsKind(SyntaxKind.VolatileKeyword)).Select(m => m.Kind());
        // Set where the connection was created, never where it is declared: under nullable annotations a `string?`
        // (providers take a null connection string and say so when it is opened).
        TypeSyntax stringType = PredefinedType(Token(SyntaxKind.StringKeyword));
        if (DeclaredType(declaration) is NullableTypeSyntax
            || _context.Model(declaration.SyntaxTree).GetNullableContext(declaration.SpanStart).AnnotationsEnabled())
        {
            stringType = NullableType(stringType);
        }

        return FieldDeclaration(VariableDeclaration(stringType)
                .AddVariables(VariableDeclarator(storage)))
            .WithModifiers(TokenList(modifiers.Select(Token)))
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    private static TypeSyntax? DeclaredType(MemberDeclarationSyntax declaration) => declaration switch
    {
        FieldDeclarationSyntax field => field.Declaration.Type,
        PropertyDeclarationSyntax property => property.Type,
        _ => null,
    };

    /// <summary>
    /// <c>_connection</c> → <c>_connectionString</c>, <c>s_connection</c> → <c>s_connectionString</c>, <c>conn</c> →
    /// <c>connectionString</c>, <c>db</c> → <c>dbConnectionString</c>.
    /// </summary>
    private string StorageName()
    {
        var name = Member.Name;
        var prefix = NamingPrefix(name);
        var core = name.Substring(prefix.Length);
        foreach (var suffix in new[] { "Connection", "connection", "Conn", "conn", "Con", "con", "Cnn", "cnn", "Cn", "cn" })
        {
            if (core.EndsWith(suffix, System.StringComparison.Ordinal))
            {
                var stem = core.Substring(0, core.Length - suffix.Length);
                return prefix + stem + (stem.Length == 0 && char.IsLower(suffix[0]) ? "connectionString" : "ConnectionString");
            }
        }

        return prefix + core + "ConnectionString";
    }

    /// <summary>The naming convention's prefix: leading underscores, or <c>m_</c>, <c>s_</c>, <c>t_</c> (and underscores after it).</summary>
    private static string NamingPrefix(string name)
    {
        var length = name.Length > 2 && name[1] == '_' && name[0] is 'm' or 's' or 't' ? 2 : 0;
        while (length < name.Length && name[length] == '_')
        {
            length++;
        }

        return name.Substring(0, length);
    }

    /// <summary><c>_conn</c> → <c>Conn</c>, <c>s_connection</c> → <c>Connection</c>, <c>dbc</c> → <c>Dbc</c>.</summary>
    private static string Stem(string name)
    {
        var core = name.Substring(NamingPrefix(name).Length);

        return core.Length == 0 ? "Connection" : char.ToUpperInvariant(core[0]) + core.Substring(1);
    }
}
