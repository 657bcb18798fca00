using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>What a helper member of the holder does with the held connection.</summary>
internal enum HelperRole
{
    /// <summary>Hands the connection out (<c>GetConnection()</c>, <c>Shared =&gt; _shared</c>), creating or opening it first if needed.</summary>
    Accessor,

    /// <summary>Only opens (or creates and opens) the connection: <c>OpenConnection()</c>.</summary>
    Opener,

    /// <summary>Only closes or disposes the connection: <c>CloseConnection()</c>.</summary>
    Closer,
}

/// <summary>One helper of the holder: a parameterless method or property whose body only manages the held connection.</summary>
internal sealed class ConnectionHelper
{
    public ConnectionHelper(ISymbol symbol, MemberDeclarationSyntax declaration, HelperRole role, bool opens, bool forwards = false, IReadOnlyList<StatementSyntax>? preamble = null,
        ISymbol? copiedAccessor = null, bool copiesMember = false, IReadOnlyList<ExpressionStatementSyntax>? copyAssignments = null, bool dropsSetter = false,
        CarriedOpenFailure? openFailure = null, ISymbol? copiedReceiver = null, ConnectionHelper? opensThrough = null)
    {
        OpenFailure = openFailure;
        OpensThrough = opensThrough;
        CopiedReceiver = copiedReceiver;
        Symbol = symbol;
        DropsSetter = dropsSetter;
        Declaration = declaration;
        Role = role;
        Opens = opens;
        Forwards = forwards;
        Preamble = preamble ?? System.Array.Empty<StatementSyntax>();
        CopiedAccessor = copiedAccessor;
        CopiesMember = copiesMember;
        CopyAssignments = copyAssignments ?? System.Array.Empty<ExpressionStatementSyntax>();
    }

    /// <summary>
    /// A stored copy of the held member itself (<c>sqlConnection = DbConnection.connection;</c>), not of an accessor's
    /// value: its reads become reads of the member, which the factory fix turns into the factory's call.
    /// </summary>
    public bool CopiesMember { get; }

    /// <summary>
    /// The constructor statements that set a stored copy (<c>sqlConnection = DbConnection.connection;</c>, one per
    /// constructor); they go with the copy. Empty for a copy set by its initializer.
    /// </summary>
    public IReadOnlyList<ExpressionStatementSyntax> CopyAssignments { get; }

    /// <summary>
    /// For a field that keeps what a static accessor handed out when it was built (a DAL's <c>private MySqlConnection
    /// connection = DbConfig.GetConnection();</c>): that accessor. The field goes with the fix and each unit of work
    /// that read it calls the accessor once instead.
    /// </summary>
    public ISymbol? CopiedAccessor { get; }

    public bool IsStoredCopy => CopiedAccessor is not null;

    /// <summary>
    /// For a copy of an instance accessor's value (<c>conn = mdb.getConnection();</c>): what the accessor was reached
    /// through — the holder's singleton or the copy's own field that keeps the holder (see <see cref="StableReceivers"/>).
    /// Null for a static accessor.
    /// </summary>
    public ISymbol? CopiedReceiver { get; }

    /// <summary>
    /// The statements an accessor runs before it touches the connection and that do not touch it (<c>StrCon = "...";</c>,
    /// <c>var settings = Plugin.Instance.Configuration;</c>), and the side-effect-free locals it declares further in
    /// (<c>string cs = ...;</c> inside its null check): the factory keeps them, since the construction may read them.
    /// </summary>
    public IReadOnlyList<StatementSyntax> Preamble { get; }

    public ISymbol Symbol { get; }

    /// <summary>The method or property declaration.</summary>
    public MemberDeclarationSyntax Declaration { get; }

    public HelperRole Role { get; }

    /// <summary>
    /// An <c>async</c> helper (<c>async Task&lt;NpgsqlConnection&gt; GetConnectionAsync()</c>): its callers await it, and
    /// the factory awaits <c>OpenAsync</c> (see <see cref="AsyncHelpers"/>).
    /// </summary>
    public bool IsAsync => Declaration is MethodDeclarationSyntax method && method.Modifiers.Any(SyntaxKind.AsyncKeyword);

    /// <summary>An accessor that hands the connection out open (callers never open it themselves).</summary>
    public bool Opens { get; }

    /// <summary>
    /// An accessor that only calls another (<c>Shared =&gt; GetConnection()</c>): once the other is a factory it hands
    /// out a new connection too, so it stays as it is.
    /// </summary>
    public bool Forwards { get; }

    /// <summary>
    /// A lazy property whose setter only stores into the member (<c>set { baglanti = value; }</c>): the factory has no
    /// member to store into, so the setter goes with the rewrite — only when nothing in the solution sets the property
    /// (<see cref="NoFixReason.AccessorSetByCaller"/> otherwise).
    /// </summary>
    public bool DropsSetter { get; }

    /// <summary>
    /// How the helper carried on when the connection failed to open (reported it and handed the connection out unopened,
    /// or retried until it opened); null when the failure went up to its caller.
    /// </summary>
    public CarriedOpenFailure? OpenFailure { get; }

    /// <summary>
    /// For an accessor that first calls the holder's opener (<c>get { KeepConnection(); return m_conn; }</c>): that opener,
    /// whose open (and its failure handling) the accessor's factory takes over.
    /// </summary>
    public ConnectionHelper? OpensThrough { get; }
}

/// <summary>
/// The holder's own protocol around a connection field: accessors that hand it out, openers and closers, and the one
/// construction that builds it (in the initializer, the constructor, or lazily in an accessor). Real code wraps its
/// connection like this far more often than it uses the field directly (<c>Database.GetConnection()</c>,
/// <c>db.openConnection(); ... db.getConnection() ...; db.closeConnection();</c>), so the per-use fix rewrites the
/// accessor into a factory of pooled connections and each caller's unit of work into a scope that disposes one.
/// </summary>
internal sealed class ConnectionProtocol
{
    private readonly ISymbol _member;
    private readonly SemanticModel? _model;
    private readonly List<ExpressionSyntax> _constructions = new();
    private readonly List<ExpressionSyntax> _helperStringSettings = new();
    private readonly HashSet<string> _constructionLocals = new();

    private ConnectionProtocol(ISymbol member, SemanticModel? model, bool readsAsyncHelpers = false)
    {
        _member = member;
        _model = model;
        _readsAsyncHelpers = readsAsyncHelpers;
    }

    /// <summary>Only the factory fix reads async helpers: a guard's lease or a data source has no awaited accessor form.</summary>
    private readonly bool _readsAsyncHelpers;

    /// <summary>No helpers: the member is used directly.</summary>
    public static ConnectionProtocol Empty { get; } = new(null!, null);

    public List<ConnectionHelper> Helpers { get; } = new();

    /// <summary>Every <c>new T(...)</c> that builds the member: its initializer, and assignments in constructors and helpers.</summary>
    public IReadOnlyList<ExpressionSyntax> Constructions => _constructions;

    /// <summary>
    /// The strings an accessor or opener gives the member just before it opens it (<c>ObjCon.ConnectionString =
    /// ConfigurationManager.ConnectionStrings["OTTOPro"].ToString(); ObjCon.Open();</c>): settled values (constants,
    /// cached configuration), read where each open was; the factory builds its connections with them when every
    /// construction of the member is empty.
    /// </summary>
    public IReadOnlyList<ExpressionSyntax> HelperStringSettings => _helperStringSettings;

    public bool IsEmpty => Helpers.Count == 0;

    public IEnumerable<ConnectionHelper> Accessors => Helpers.Where(h => h.Role == HelperRole.Accessor);

    /// <summary>
    /// Whether callers got an open connection from the holder: an accessor opened it, or an opener did (then the factory
    /// opens, and the callers' own Open calls through the holder go away); without helpers the member is opened by its
    /// users, whose Open calls go away too.
    /// </summary>
    public bool FactoryOpens => !Accessors.Any(a => !a.CopiesMember) || Accessors.Any(a => a.Opens) || Helpers.Any(h => h.Role == HelperRole.Opener && h.Opens);

    /// <summary>The stored-copy constructor statement <paramref name="node"/> sits in, if any (it goes with the copy).</summary>
    public ExpressionStatementSyntax? CopyAssignmentAround(SyntaxNode node) =>
        Helpers.SelectMany(h => h.CopyAssignments).FirstOrDefault(s => s.SyntaxTree == node.SyntaxTree && s.Span.Contains(node.Span));

    /// <summary>True when <paramref name="node"/> sits in a helper's declaration (its references to the member are the helper's own).</summary>
    public bool InHelper(SyntaxNode node) => Helpers.Any(h => h.Declaration.Span.Contains(node.Span) && h.Declaration.SyntaxTree == node.SyntaxTree);

    public ConnectionHelper? HelperFor(ISymbol? symbol) =>
        symbol is null ? null : Helpers.FirstOrDefault(h => SymbolEqualityComparer.Default.Equals(h.Symbol.OriginalDefinition, symbol.OriginalDefinition));

    /// <summary>Finds the helpers of the member's containing type (only fields and auto-properties have any).</summary>
    public static ConnectionProtocol Find(PlanContext context)
    {
        var member = context.Member;
        var declaration = member.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(context.CancellationToken);
        var protocol = new ConnectionProtocol(member, declaration is null ? null : context.Model(declaration.SyntaxTree), context.Mode == FixMode.ConnectionFactory);
        if (member is not (IFieldSymbol or IPropertySymbol) || member.ContainingType is null)
        {
            return protocol;
        }

        var initializer = (declaration as VariableDeclaratorSyntax)?.Initializer?.Value ?? (declaration as PropertyDeclarationSyntax)?.Initializer?.Value;
        if (initializer is not null)
        {
            protocol._constructions.Add(initializer);
        }

        foreach (var (candidate, model) in MembersOfHolder(context, member))
        {
            if (candidate is ConstructorDeclarationSyntax constructor)
            {
                protocol.AddConstructorAssignments(constructor, model);
                continue;
            }

            if (!protocol.Helpers.Any(h => h.Declaration == candidate) && protocol.Classify(candidate, model) is { } helper)
            {
                protocol.Helpers.Add(helper);
            }
        }

        protocol.AddHelpersThroughLazyProperties(context);
        protocol.AddForwardingAccessors(context);
        protocol.AddStoredCopies(context);
        return protocol;
    }

    // The lazy properties whose reads count as reads of the member while AddHelpersThroughLazyProperties classifies.
    private readonly HashSet<ISymbol> _lazyPropertiesReadAsMember = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// Openers and closers that reach the member through the holder's lazy property (<c>Open() { if (Connection.State !=
    /// Open) Connection.Open(); }</c> beside <c>Connection { get { if (connection == null) connection = new(...); return
    /// connection; } }</c>; fresh40's Anwar101293/Projet_magasin_sport): they manage the one connection the property hands
    /// out, as a helper reading the field does. Read as a unit of work instead, <c>Open()</c> opened a connection of its
    /// own under the factory and the caller's command ran on one never opened.
    /// </summary>
    private void AddHelpersThroughLazyProperties(PlanContext context)
    {
        foreach (var accessor in Accessors.Where(a => !a.Opens && !a.IsStoredCopy && !a.Forwards && !a.IsAsync && a.Symbol is IPropertySymbol).ToList())
        {
            _lazyPropertiesReadAsMember.Add(accessor.Symbol.OriginalDefinition);
        }

        if (_lazyPropertiesReadAsMember.Count == 0)
        {
            return;
        }

        foreach (var (candidate, model) in MembersOfHolder(context, _member))
        {
            if (candidate is not MethodDeclarationSyntax || Helpers.Any(h => h.Declaration == candidate))
            {
                continue;
            }

            var constructionsBefore = _constructions.Count;
            var settingsBefore = _helperStringSettings.Count;
            if (Classify(candidate, model) is { Role: HelperRole.Opener or HelperRole.Closer } helper)
            {
                Helpers.Add(helper);
            }
            else
            {
                // A method this pass does not take stays a use: what classifying it recorded must not reach the fix.
                Forget(constructionsBefore, settingsBefore);
            }
        }

        _lazyPropertiesReadAsMember.Clear();
    }

    /// <summary>The members of every declaration of the member's type, each with its tree's semantic model.</summary>
    private static IEnumerable<(MemberDeclarationSyntax Candidate, SemanticModel Model)> MembersOfHolder(PlanContext context, ISymbol member)
    {
        foreach (var reference in member.ContainingType.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(context.CancellationToken) is not TypeDeclarationSyntax type)
            {
                continue;
            }

            var model = context.Model(type.SyntaxTree);
            foreach (var candidate in type.Members)
            {
                yield return (candidate, model);
            }
        }
    }

    /// <summary>
    /// Fields whose initializer keeps what a static accessor hands out (<c>private MySqlConnection connection =
    /// DbConfig.GetConnection();</c> in each DAL class): once the accessor is a factory, each of their units of work
    /// calls it instead, so every DAL method opens and disposes its own connection as it opened and closed the copy.
    /// </summary>
    private void AddStoredCopies(PlanContext context)
    {
        // A public static member read by other types' fields (`sqlConnection = DbConnection.connection;`) is copied as
        // an accessor's value is; only the factory fix rewrites copies (the others decline on the copy's store).
        var memberCanBeCopied = context.Mode == FixMode.ConnectionFactory && _member.IsStatic && _member is IFieldSymbol or IPropertySymbol;
        if (!Accessors.Any() && !memberCanBeCopied)
        {
            return;
        }

        foreach (var type in TypesThatCanForward(context, memberCanBeCopied))
        {
            var model = context.Model(type.SyntaxTree);
            foreach (var field in type.Members.OfType<FieldDeclarationSyntax>())
            {
                if (StoredCopy(field, type, model, context, memberCanBeCopied) is { } copy)
                {
                    Helpers.Add(copy);
                }
            }
        }
    }

    /// <summary>
    /// A field of one declarator, not const, set to a static accessor's value (or to the static member itself) by its
    /// initializer or by each of its type's constructors; null otherwise.
    /// </summary>
    private ConnectionHelper? StoredCopy(FieldDeclarationSyntax field, TypeDeclarationSyntax type, SemanticModel model, PlanContext context, bool memberCanBeCopied)
    {
        if (field.Declaration.Variables is not { Count: 1 } variables || field.Modifiers.Any(SyntaxKind.ConstKeyword) || field.AttributeLists.Count > 0
            || model.GetDeclaredSymbol(variables[0], context.CancellationToken) is not IFieldSymbol symbol || !IsConnectionType(symbol.Type)
            || SymbolEqualityComparer.Default.Equals(symbol.OriginalDefinition, _member.OriginalDefinition))
        {
            return null;
        }

        var copyAssignments = new List<ExpressionStatementSyntax>();
        // `= null!;` (or `= null`) only says the field is set later: the copy is what the constructor or the methods set.
        var initializer = variables[0].Initializer?.Value is { } initial && !SyntaxShapes.IsNullValue(initial) ? initial : null;
        var value = initializer ?? ConstructorCopies.Of(symbol, type, model, copyAssignments, context.CancellationToken)
            ?? AssignedCopies.Of(symbol, model, copyAssignments, context.CancellationToken);
        if (value is null)
        {
            return null;
        }

        var accessed = value is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0 } call ? call.Expression : value;
        if (accessed is not (IdentifierNameSyntax or MemberAccessExpressionSyntax)
            || value is not InvocationExpressionSyntax && model.GetSymbolInfo(accessed, context.CancellationToken).Symbol is IMethodSymbol)
        {
            return null;
        }

        var source = model.GetSymbolInfo(accessed, context.CancellationToken).Symbol?.OriginalDefinition;
        var accessor = Accessors.FirstOrDefault(a => !a.IsStoredCopy && SymbolEqualityComparer.Default.Equals(source, a.Symbol.OriginalDefinition));
        if (accessor is { Symbol.IsStatic: true })
        {
            return new ConnectionHelper(symbol, field, HelperRole.Accessor, accessor.Opens, forwards: true, copiedAccessor: accessor.Symbol, copyAssignments: copyAssignments);
        }

        // An instance accessor reached through the holder's singleton or a field that keeps the holder: read through it at each use.
        if (accessor is not null && accessed is MemberAccessExpressionSyntax { Expression: var receiver }
            && StableReceivers.Of(receiver, accessor.Symbol.ContainingType, symbol, model, context.CancellationToken) is { } stable)
        {
            return new ConnectionHelper(symbol, field, HelperRole.Accessor, accessor.Opens, forwards: true, copiedAccessor: accessor.Symbol, copyAssignments: copyAssignments, copiedReceiver: stable);
        }

        // The member's own type is left out: its static initializers run before its static constructor builds the member.
        return memberCanBeCopied && value is not InvocationExpressionSyntax && SymbolEqualityComparer.Default.Equals(source, _member.OriginalDefinition)
            && !SymbolEqualityComparer.Default.Equals(symbol.ContainingType, _member.ContainingType)
            ? new ConnectionHelper(symbol, field, HelperRole.Accessor, opens: false, forwards: true, copiedAccessor: _member, copiesMember: true, copyAssignments: copyAssignments)
            : null;
    }

    /// <summary>
    /// Accessors that hand out what another accessor returns, to any depth (<c>Shared =&gt; Get()</c>, <c>Get() =&gt;
    /// GetConnection()</c>) — in the holder, or in another type that reaches the holder through its own accessor (a
    /// repository's <c>private MySqlConnection GetConnection() =&gt; Db.Connection;</c>): their callers are the holder's.
    /// </summary>
    private void AddForwardingAccessors(PlanContext context)
    {
        for (var found = Accessors.Any(); found;)
        {
            found = false;
            foreach (var type in TypesThatCanForward(context))
            {
                var model = context.Model(type.SyntaxTree);
                foreach (var candidate in type.Members.Where(m => m is not FieldDeclarationSyntax && !Helpers.Any(h => h.Declaration == m)))
                {
                    if (ForwardedAccessor(candidate, model) is { } target && model.GetDeclaredSymbol(candidate, context.CancellationToken) is { } symbol)
                    {
                        Helpers.Add(new ConnectionHelper(symbol, candidate, HelperRole.Accessor, target.Opens, forwards: true));
                        found = true;
                    }
                }
            }
        }
    }

    /// <summary>The holder's declarations, and the types of other trees that name one of its accessors.</summary>
    private IEnumerable<TypeDeclarationSyntax> TypesThatCanForward(PlanContext context, bool orNameTheMember = false)
    {
        var holder = _member.ContainingType.DeclaringSyntaxReferences.Select(r => r.GetSyntax(context.CancellationToken)).OfType<TypeDeclarationSyntax>();
        var names = Accessors.Select(a => a.Symbol.Name).ToList();
        if (orNameTheMember)
        {
            names.Add(_member.Name);
        }

        // Other types of the holder's own files too: a one-file program keeps its DAL beside the holder.
        var holderDeclarations = new HashSet<SyntaxNode>(holder);
        var elsewhere = context.Compilation.SyntaxTrees
            .Where(tree => NameIndex.MentionsAny(tree, names, context.CancellationToken))
            .SelectMany(tree => tree.GetRoot(context.CancellationToken).DescendantNodes().OfType<TypeDeclarationSyntax>())
            .Where(type => !holderDeclarations.Contains(type) && !holderDeclarations.Any(h => h.Span.Contains(type.Span) && h.SyntaxTree == type.SyntaxTree));
        return holder.Concat(elsewhere).ToList();
    }

    /// <summary>The accessor <paramref name="candidate"/> only returns, called without arguments; null for anything else.</summary>
    private ConnectionHelper? ForwardedAccessor(MemberDeclarationSyntax candidate, SemanticModel model)
    {
        var returned = candidate switch
        {
            MethodDeclarationSyntax { ParameterList.Parameters.Count: 0, TypeParameterList: null } method when !method.Modifiers.Any(SyntaxKind.AsyncKeyword) =>
                method.ExpressionBody?.Expression ?? SingleReturned(method.Body),
            PropertyDeclarationSyntax { ExpressionBody: { } body } => body.Expression,
            PropertyDeclarationSyntax { AccessorList.Accessors: { Count: 1 } accessors } when accessors[0].IsKind(SyntaxKind.GetAccessorDeclaration) =>
                accessors[0].ExpressionBody?.Expression ?? SingleReturned(accessors[0].Body),
            _ => null,
        };
        var called = returned switch
        {
            InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0 } call => call.Expression,
            // A method group (`Func<SqlConnection> Factory => Db.GetConnection;`) hands out no connection.
            IdentifierNameSyntax or MemberAccessExpressionSyntax when model.GetSymbolInfo(returned).Symbol is not IMethodSymbol => returned,
            _ => null,
        };
        // An async accessor hands out a task: forwarding it is not handing out a connection.
        return called is null ? null : Accessors.FirstOrDefault(a => !a.IsAsync && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(called).Symbol?.OriginalDefinition, a.Symbol.OriginalDefinition));
    }

    /// <summary>
    /// The getter of a property with a getter and a setter that only stores the value into the member
    /// (<c>set { baglanti = value; }</c>, <c>set =&gt; _conn = value;</c>) and is no contract (an override or an interface's
    /// property must keep its setter); null otherwise.
    /// </summary>
    private AccessorDeclarationSyntax? StoringSetter(PropertyDeclarationSyntax property, SemanticModel model)
    {
        if (property.AccessorList is not { Accessors: { Count: 2 } accessors } || property.ExplicitInterfaceSpecifier is not null
            || property.Modifiers.Any(m => m.IsKind(SyntaxKind.OverrideKeyword) || m.IsKind(SyntaxKind.VirtualKeyword) || m.IsKind(SyntaxKind.AbstractKeyword)))
        {
            return null;
        }

        var getter = accessors.FirstOrDefault(a => a.IsKind(SyntaxKind.GetAccessorDeclaration));
        var setter = accessors.FirstOrDefault(a => a.IsKind(SyntaxKind.SetAccessorDeclaration));
        var stored = setter?.ExpressionBody?.Expression
            ?? (setter?.Body is { Statements: { Count: 1 } statements } && statements[0] is ExpressionStatementSyntax statement ? statement.Expression : null);
        if (getter is null || stored is not AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Right: IdentifierNameSyntax { Identifier.ValueText: "value" } } assignment
            || !IsMember(assignment.Left, model)
            || model.GetDeclaredSymbol(property) is not { } symbol || ImplementsInterface(symbol))
        {
            return null;
        }

        return getter;
    }

    private static bool ImplementsInterface(IPropertySymbol property) =>
        property.ContainingType.AllInterfaces.SelectMany(i => i.GetMembers(property.Name))
            .Any(m => SymbolEqualityComparer.Default.Equals(property.ContainingType.FindImplementationForInterfaceMember(m), property));

    private static ExpressionSyntax? SingleReturned(BlockSyntax? body) =>
        body is { Statements: { Count: 1 } statements } && statements[0] is ReturnStatementSyntax { Expression: { } returned } ? returned : null;

    private void AddConstructorAssignments(ConstructorDeclarationSyntax constructor, SemanticModel model)
    {
        foreach (var assignment in constructor.DescendantNodes().OfType<AssignmentExpressionSyntax>())
        {
            if (IsMember(assignment.Left, model))
            {
                _constructions.Add(assignment.Right);
            }
        }
    }

    private ConnectionHelper? Classify(MemberDeclarationSyntax candidate, SemanticModel model)
    {
        SyntaxNode? body;
        var dropsSetter = false;
        switch (candidate)
        {
            case MethodDeclarationSyntax { ParameterList.Parameters.Count: 0, TypeParameterList: null } method
                when !method.Modifiers.Any(SyntaxKind.AsyncKeyword):
                body = (SyntaxNode?)method.Body ?? method.ExpressionBody?.Expression;
                break;
            case MethodDeclarationSyntax { TypeParameterList: null, Body: { } asyncBody } method when _readsAsyncHelpers && AsyncHelpers.IsReadable(method, model):
                // `async Task<NpgsqlConnection> GetSharedConnectionAsync()` (Cole-Graham/WabbitBot): read as its sync twin.
                body = asyncBody;
                break;
            case PropertyDeclarationSyntax property when property.ExpressionBody is not null:
                body = property.ExpressionBody.Expression;
                break;
            case PropertyDeclarationSyntax { AccessorList: { } accessors }
                when accessors.Accessors.Count == 1 && accessors.Accessors[0].IsKind(SyntaxKind.GetAccessorDeclaration):
                body = (SyntaxNode?)accessors.Accessors[0].Body ?? accessors.Accessors[0].ExpressionBody?.Expression;
                break;
            case PropertyDeclarationSyntax property when StoringSetter(property, model) is { } getter:
                body = (SyntaxNode?)getter.Body ?? getter.ExpressionBody?.Expression;
                dropsSetter = true;
                break;
            default:
                return null;
        }

        if (body is null || !body.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(i => IsMember(i, model)))
        {
            return null;
        }

        var scan = new BodyScan(body);
        var constructionsBefore = _constructions.Count;
        var settingsBefore = _helperStringSettings.Count;
        var preamble = body is BlockSyntax block ? block.Statements.TakeWhile(s => IsPreamble(s, model)).ToList() : new List<StatementSyntax>();
        // `void Dispose() => _conn.Dispose();` is a statement; a property's or a non-void method's expression body is a value.
        var understood = body switch
        {
            ExpressionSyntax expression when candidate is MethodDeclarationSyntax { ReturnType: PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword } } =>
                ScanExpression(expression, model, scan),
            ExpressionSyntax expression => ScanReturned(expression, model, scan),
            BlockSyntax rest => ScanStatements(rest.Statements.Skip(preamble.Count), model, scan, inCatch: false),
            _ => ScanStatement((StatementSyntax)body, model, scan, inCatch: false),
        };
        if (!understood || model.GetDeclaredSymbol(candidate) is not { } symbol)
        {
            Forget(constructionsBefore, settingsBefore);
            return null;
        }

        if (scan.Returns && scan.Closes && _constructions.Count > constructionsBefore)
        {
            // `if (conn == null) { conn = new(cs); conn.Open(); } else { conn.Close(); } return conn;` (Mahen65/
            // DreamIT.Invoicing's Connect()) builds the connection and hands it out closed on later calls: not a closer
            // (its settings and construction would go with it, the factory reading a string nothing sets any more), nor
            // an accessor; it stays a use that returns the connection (ConnectionReturned).
            Forget(constructionsBefore, settingsBefore);
            return null;
        }

        preamble.AddRange(scan.Hoisted);
        CarriedOpenFailure? openFailure = scan.Retry is not null ? scan.Retry : scan.Opens
            ? SwallowedOpenFailure.Find(body, e => IsMember(e, model) || e is IdentifierNameSyntax local && _constructionLocals.Contains(local.Identifier.ValueText), s => IsReportStatement(s, model) || IsFailureRecord(s, model))
            : null;
        var names = preamble.OfType<LocalDeclarationStatementSyntax>().Select(l => l.Declaration.Variables[0].Identifier.ValueText).ToList();
        if (scan.Returns && names.Distinct().Count() == names.Count && !(dropsSetter && scan.Closes))
        {
            if (scan.Closes)
            {
                // Only an accessor or an opener sets the string the factory builds with.
                _helperStringSettings.RemoveRange(settingsBefore, _helperStringSettings.Count - settingsBefore);
            }

            return new ConnectionHelper(symbol, candidate, scan.Closes ? HelperRole.Closer : HelperRole.Accessor, scan.Opens, preamble: preamble, dropsSetter: dropsSetter,
                openFailure: openFailure ?? scan.Opener?.OpenFailure, opensThrough: scan.Opener);
        }

        if (dropsSetter)
        {
            // Only a lazy getter makes the setter's property an accessor; anything else keeps the property as it was.
            Forget(constructionsBefore, settingsBefore);
            return null;
        }

        if (preamble.Count > 0 || scan.Returns)
        {
            // An opener or closer goes with the fix: what it set first would go with it.
            Forget(constructionsBefore, settingsBefore);
            return null;
        }

        if (scan.Opens && candidate is MethodDeclarationSyntax opener && opener.Modifiers.Any(SyntaxKind.AsyncKeyword))
        {
            // An async opener stays a use: its callers' awaits would go with it (AsyncMethodLosesItsOnlyAwait).
            Forget(constructionsBefore, settingsBefore);
            return null;
        }

        if (scan.Opens)
        {
            // An opener that closes again (a connection test) leaves the connection closed for its callers.
            return new ConnectionHelper(symbol, candidate, HelperRole.Opener, opens: !scan.Order.EndsClosed, openFailure: openFailure);
        }

        // A string set by a helper that does not open (a closer, or nothing the fix reads) is no string the factory may take.
        _helperStringSettings.RemoveRange(settingsBefore, _helperStringSettings.Count - settingsBefore);
        return scan.Closes ? new ConnectionHelper(symbol, candidate, HelperRole.Closer, opens: false) : null;
    }

    /// <summary>Forgets what a helper that turned out not to be one added (its constructions and string settings).</summary>
    private void Forget(int constructionsBefore, int settingsBefore)
    {
        _constructions.RemoveRange(constructionsBefore, _constructions.Count - constructionsBefore);
        _helperStringSettings.RemoveRange(settingsBefore, _helperStringSettings.Count - settingsBefore);
    }

    /// <summary>
    /// A statement that only reads and sets other state (a connection string field, a local of settings) without a call
    /// (but a read of the cached configuration), a construction or the member: running it once per call of the factory
    /// does what the accessor did.
    /// </summary>
    private bool IsPreamble(StatementSyntax statement, SemanticModel model)
    {
        if (EnsuresOwnSingleton(statement, model) || IsSettingsCheck(statement, model))
        {
            return true;
        }

        ExpressionSyntax? value = statement switch
        {
            // The factory names its own local after the preamble's (FactoryPlanner.FactoryLocalName).
            LocalDeclarationStatementSyntax { UsingKeyword.RawKind: (int)SyntaxKind.None, Declaration.Variables: { Count: 1 } variables } => variables[0].Initializer?.Value,
            ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment }
                when !IsMember(assignment.Left, model) && model.GetSymbolInfo(assignment.Left).Symbol is IFieldSymbol or IPropertySymbol
                    && !IsConnectionType(model.GetTypeInfo(assignment.Left).Type) => assignment.Right,
            _ => null,
        };
        return value is not null && !MentionsMember(value, model)
            && !value.DescendantNodesAndSelf().Any(n => n is InvocationExpressionSyntax call && !ConfigurationReads.IsCachedRead(call, model)
                || n is BaseObjectCreationExpressionSyntax creation && !IsConnectionStringBuilder(creation, model)
                || n is AwaitExpressionSyntax or AnonymousFunctionExpressionSyntax);
    }

    /// <summary>
    /// <c>if (_connectionString is null) { throw new InvalidOperationException("..."); }</c> (WabbitBot's accessor): a check
    /// of the settings that throws before anything is built; the factory runs it on each call as the accessor did.
    /// </summary>
    private bool IsSettingsCheck(StatementSyntax statement, SemanticModel model) =>
        statement is IfStatementSyntax { Else: null } check
        && (check.Statement is BlockSyntax { Statements.Count: 1 } block ? block.Statements[0] : check.Statement) is ThrowStatementSyntax { Expression: ObjectCreationExpressionSyntax thrown }
        && !MentionsMember(check.Condition, model) && !MentionsMember(thrown, model)
        && !check.Condition.DescendantNodesAndSelf().Any(n => n is InvocationExpressionSyntax or AwaitExpressionSyntax or AssignmentExpressionSyntax or BaseObjectCreationExpressionSyntax)
        && !thrown.DescendantNodes().Any(n => n is InvocationExpressionSyntax or AwaitExpressionSyntax or AssignmentExpressionSyntax);

    /// <summary>
    /// <c>new SqlConnectionStringBuilder()</c> (Phuong203a/Cong-nghe-phan-mem's accessor fills one, then builds the
    /// connection from its <c>ConnectionString</c>): a builder only holds the settings, so making one per call is the same.
    /// </summary>
    private static bool IsConnectionStringBuilder(BaseObjectCreationExpressionSyntax creation, SemanticModel model)
    {
        for (var type = model.GetTypeInfo(creation).Type; type is not null; type = type.BaseType)
        {
            if (type is { Name: "DbConnectionStringBuilder", ContainingNamespace: { Name: "Common", ContainingNamespace: { Name: "Data", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>if (_connector == null) { _connector = new DbConnector(); }</c> (or <c>_connector ??= new DbConnector();</c>) in a
    /// static accessor that then returns <c>_connector._connection</c> (M3list/FoodTgBot): it makes the holder's one
    /// instance, whose private constructor built the member. The factory keeps the statement as it was (the instance is
    /// still made once, its constructor no longer builds a connection) and hands out a new connection per call.
    /// </summary>
    private bool EnsuresOwnSingleton(StatementSyntax statement, SemanticModel model)
    {
        var assignment = statement switch
        {
            IfStatementSyntax { Else: null, Condition: BinaryExpressionSyntax { RawKind: (int)SyntaxKind.EqualsExpression, Right.RawKind: (int)SyntaxKind.NullLiteralExpression } condition } ifStatement
                when (ifStatement.Statement is BlockSyntax { Statements.Count: 1 } block ? block.Statements[0] : ifStatement.Statement) is ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assigned }
                    && SameSymbol(condition.Left, assigned.Left, model) => assigned,
            ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceAssignmentExpression } lazy } => lazy,
            _ => null,
        };
        var holder = _member.ContainingType;
        return assignment is { Right: ObjectCreationExpressionSyntax { Initializer: null } creation }
            && !_member.IsStatic
            && model.GetSymbolInfo(assignment.Left).Symbol is IFieldSymbol { IsStatic: true } singleton
            && SymbolEqualityComparer.Default.Equals(singleton.Type, holder)
            && SymbolEqualityComparer.Default.Equals(singleton.ContainingType, holder)
            && SymbolEqualityComparer.Default.Equals(model.GetTypeInfo(creation).Type, holder)
            && holder.InstanceConstructors.All(c => c.DeclaredAccessibility == Accessibility.Private && !c.IsImplicitlyDeclared);
    }

    private static bool SameSymbol(ExpressionSyntax left, ExpressionSyntax right, SemanticModel model) =>
        model.GetSymbolInfo(left).Symbol is { } symbol && SymbolEqualityComparer.Default.Equals(symbol, model.GetSymbolInfo(right).Symbol);

    private sealed class BodyScan
    {
        public BodyScan(SyntaxNode body) => Order = new OpenCloseOrder(body);

        public bool Returns;
        public bool Opens;
        public bool Closes;

        /// <summary>Whether the helper ends with the member closed (a connection test) or open (a reopen).</summary>
        public readonly OpenCloseOrder Order;

        /// <summary>The open retried until it succeeds (<c>while (c.State != Open) { try { c.Open(); } catch { ...; Thread.Sleep(n); } }</c>).</summary>
        public RetriedOpen? Retry;

        /// <summary>Settings locals declared further in (<c>if (conn == null) { string cs = ...; conn = new(cs); }</c>).</summary>
        public readonly List<StatementSyntax> Hoisted = new();

        /// <summary>The holder's opener the body calls before it hands the member out (<c>KeepConnection();</c>).</summary>
        public ConnectionHelper? Opener;
    }

    private bool ScanStatement(StatementSyntax statement, SemanticModel model, BodyScan scan, bool inCatch)
    {
        switch (statement)
        {
            case BlockSyntax block:
                return ScanStatements(block.Statements, model, scan, inCatch);
            case LockStatementSyntax { Expression: IdentifierNameSyntax or MemberAccessExpressionSyntax } locked when !MentionsMember(locked.Expression, model):
                // A lazy singleton's lock (`lock (syncRoot) { if (_conn == null) _conn = new(...); }`) guards the one shared
                // instance; a factory shares nothing, so the lock goes with the body.
                return ScanStatement(locked.Statement, model, scan, inCatch);
            case IfStatementSyntax ifStatement:
                return IsConditionOnMember(ifStatement.Condition, model)
                    && ScanStatement(ifStatement.Statement, model, scan, inCatch)
                    && (ifStatement.Else is null || ScanStatement(ifStatement.Else.Statement, model, scan, inCatch));
            case TryStatementSyntax tryStatement:
                return ScanStatement(tryStatement.Block, model, scan, inCatch)
                    && tryStatement.Catches.All(c => ScanStatement(c.Block, model, scan, inCatch: true))
                    && (tryStatement.Finally is null || ScanStatement(tryStatement.Finally.Block, model, scan, inCatch));
            case WhileStatementSyntax or DoStatementSyntax when !inCatch && scan.Retry is null && !scan.Opens
                && RetriedOpen.Find(statement, e => IsMember(e, model), s => IsReportStatement(s, model)) is { } retry:
                // Waits for the server as each caller did: the factory carries the loop over its new connection.
                scan.Retry = retry;
                scan.Opens = true;
                scan.Order.Opened(statement);
                scan.Returns |= retry.ReturnsInside;
                return true;
            case ReturnStatementSyntax { Expression: null }:
                return true;
            case ReturnStatementSyntax { Expression: LiteralExpressionSyntax literal }:
                // `return null;` after a failure, `return true/false;` from an opener.
                return literal.IsKind(SyntaxKind.NullLiteralExpression) ? inCatch : literal.IsKind(SyntaxKind.TrueLiteralExpression) || literal.IsKind(SyntaxKind.FalseLiteralExpression);
            case ReturnStatementSyntax { Expression: { } returned }:
                return ScanReturned(returned, model, scan);
            case ThrowStatementSyntax:
                return inCatch;
            case LocalDeclarationStatementSyntax local when local.Declaration.Variables.Count == 1
                && local.Declaration.Variables[0].Initializer?.Value is BaseObjectCreationExpressionSyntax creation
                && IsConnectionType(model.GetTypeInfo(creation).Type):
                // `var conn = new MySqlConnection(cs); conn.Open(); _shared = conn;`
                _constructionLocals.Add(local.Declaration.Variables[0].Identifier.ValueText);
                _constructions.Add(creation);
                return true;
            case LocalDeclarationStatementSyntax local when IsPreamble(local, model):
                // `string cs = @"server=...";` inside the null check: side-effect free, so the factory may run it first.
                scan.Hoisted.Add(local);
                return true;
            case ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax setting } when SetsHoistedLocal(setting.Left, scan) && IsPreamble(statement, model):
                // `builder["Data Source"] = "...";` on a settings local declared further in (Phuong203a): part of the settings.
                scan.Hoisted.Add(statement);
                return true;
            case ExpressionStatementSyntax record when inCatch && IsFailureRecord(record, model):
                // `catch (Exception e) { error = e.Message; return null; }`: the factory's catch keeps the note.
                return true;
            case ExpressionStatementSyntax { Expression: var expression }:
                // Closing after a failure (`catch { con.Close(); return con; }`) does not make the helper a closer.
                var closes = scan.Closes;
                var understood = ScanExpression(expression, model, scan);
                scan.Closes = inCatch ? closes : scan.Closes;
                return understood;
            default:
                return false;
        }
    }

    /// <summary>
    /// The statements of one block in order. A close of the old instance before the block rebuilds the member
    /// unconditionally (<c>conn?.Dispose(); conn = new SqlConnection(cs); conn.Open(); return conn;</c>) hands out the new
    /// one: the helper is an accessor that builds (and opens) a connection per call, not a closer.
    /// </summary>
    private bool ScanStatements(IEnumerable<StatementSyntax> statements, SemanticModel model, BodyScan scan, bool inCatch)
    {
        var closedBefore = scan.Closes;
        foreach (var statement in statements)
        {
            if (!ScanStatement(statement, model, scan, inCatch))
            {
                return false;
            }

            if (!closedBefore && scan.Closes && RebuildsMember(statement, model))
            {
                scan.Closes = false;
            }
        }

        return true;
    }

    /// <summary><c>conn = new SqlConnection(cs);</c> or <c>conn = newConnection;</c> (a construction local), a statement of its own.</summary>
    private bool RebuildsMember(StatementSyntax statement, SemanticModel model) =>
        statement is ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment }
        && IsMember(assignment.Left, model)
        && (assignment.Right is BaseObjectCreationExpressionSyntax || assignment.Right is IdentifierNameSyntax local && _constructionLocals.Contains(local.Identifier.ValueText));

    /// <summary>The assignment sets a property or an indexer of a settings local the scan has hoisted already.</summary>
    private static bool SetsHoistedLocal(ExpressionSyntax left, BodyScan scan) =>
        (left switch { ElementAccessExpressionSyntax element => element.Expression, MemberAccessExpressionSyntax access => access.Expression, _ => null })
            is IdentifierNameSyntax local
        && scan.Hoisted.OfType<LocalDeclarationStatementSyntax>().Any(l => l.Declaration.Variables[0].Identifier.ValueText == local.Identifier.ValueText);

    private bool ScanExpression(ExpressionSyntax expression, SemanticModel model, BodyScan scan)
    {
        if (expression is AwaitExpressionSyntax awaited)
        {
            expression = awaited.Expression;
        }

        switch (expression)
        {
            case AssignmentExpressionSyntax assignment when IsMember(assignment.Left, model):
                if (assignment.Right is IdentifierNameSyntax local && _constructionLocals.Contains(local.Identifier.ValueText))
                {
                    return true;
                }

                if (assignment.Right is InvocationExpressionSyntax { Expression: IdentifierNameSyntax } creatorCall
                    && model.GetSymbolInfo(creatorCall).Symbol is IMethodSymbol creator
                    && CreatorConstruction(creator, out var createdOpen, out var creatorSettings) is { } created
                    && BoundArguments.Bind(creatorCall, creator, model, ModelOf(created, model), creatorSettings.Append<SyntaxNode>(created)) is { } bindings
                    && ReadsOnlySettings(created, creator, creatorSettings, model))
                {
                    // `connection = constructor();` where the holder's method only builds it (foroxer/campo), or builds it from
                    // its parameters (`connect("localhost", "world", ...)`): its settings, then its construction.
                    _constructions.Add(created);
                    scan.Opens |= createdOpen;
                    scan.Hoisted.AddRange(bindings);
                    scan.Hoisted.AddRange(creatorSettings);
                    return true;
                }

                if (SelfCoalescingAssignments.ValueOf(assignment, model) is BaseObjectCreationExpressionSyntax coalesced)
                {
                    // `_c = _c ?? new SqlConnection(cs);` builds the member as `_c ??= new SqlConnection(cs);` does.
                    _constructions.Add(coalesced);
                    return true;
                }

                if (assignment.Right is BaseObjectCreationExpressionSyntax || assignment.Right.IsKind(SyntaxKind.NullLiteralExpression))
                {
                    if (assignment.Right is BaseObjectCreationExpressionSyntax)
                    {
                        _constructions.Add(assignment.Right);
                    }

                    return true;
                }

                return false;
            case AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Left: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConnectionString" } setString } resetting
                when IsMember(setString.Expression, model) && IsOwnConnectionString(resetting.Right, model):
                // `else con.ConnectionString = conStr;` (ku718/NorthWind): the string the member was built with, set again;
                // the factory's new connection always gets it.
                return true;
            case AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Left: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConnectionString" } setString } setting
                when IsMember(setString.Expression, model) && IsSettledSetting(setting.Right, model):
                // `static SqlConnection ObjCon = new SqlConnection();` given its string by the accessor before each open
                // (SolutionToGo/OTTOPro's SQLCon.Sqlconn()): read where each open was, it is what the factory builds with.
                _helperStringSettings.Add(setting.Right);
                return true;
            case InvocationExpressionSyntax lazyInitialization when EnsureInitializedConstruction(lazyInitialization, model, out var creatorOpens) is { } lazyCreation:
                // `LazyInitializer.EnsureInitialized(ref db, CreateConnection)` sets the member as `db ??= CreateConnection()` would.
                _constructions.Add(lazyCreation);
                scan.Opens |= creatorOpens;
                return true;
            case InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: IdentifierNameSyntax or MemberAccessExpressionSyntax } ensure
                when HelperFor(model.GetSymbolInfo(ensure).Symbol) is { Role: HelperRole.Accessor, IsStoredCopy: false }:
                // `if (connection == null) { GetConnection(); }` in an opener only makes the holder build the connection:
                // the factory builds one per call.
                return true;
            case InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: IdentifierNameSyntax } openerCall
                when expression.Parent is ExpressionStatementSyntax && scan.Opener is null && !scan.Opens && HolderOpener(openerCall, model) is { } opener:
                // `get { KeepConnection(); return m_MySqlConn; }` (WorksAhead/ArkCrossEngine's DBConn): the accessor hands
                // out what the holder's opener built and opened; the factory builds and opens instead, and the opener goes.
                scan.Opener = opener;
                scan.Opens = true;
                scan.Order.Opened(openerCall);
                return true;
            case InvocationExpressionSyntax { Expression: IdentifierNameSyntax } build
                when expression.Parent is ExpressionStatementSyntax && Builder(model.GetSymbolInfo(build).Symbol as IMethodSymbol, build, model) is { } builder:
                // `if (conn == null) { ConnectDb(); }` (rumosky/addressbook): the builder's settings locals come first in the
                // factory, its construction is the factory's, and the builder goes with the member.
                scan.Hoisted.AddRange(builder.Preamble);
                if (!Helpers.Any(h => h.Declaration == builder.Declaration))
                {
                    Helpers.Add(builder);
                }

                return true;
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation:
                var name = access.Name.Identifier.ValueText;
                if (IsMember(access.Expression, model) || access.Expression is IdentifierNameSyntax local2 && _constructionLocals.Contains(local2.Identifier.ValueText))
                {
                    switch (name)
                    {
                        case "Open" or "OpenAsync":
                            // A second open after a retried one is not the loop the factory carries.
                            scan.Opens = true;
                            scan.Order.Opened(invocation);
                            return scan.Retry is null;
                        case "Close" or "CloseAsync" or "Dispose" or "DisposeAsync":
                            scan.Closes = true;
                            scan.Order.Closed(invocation);
                            return true;
                        default:
                            return false;
                    }
                }

                return IsReport(invocation, model);
            case ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax binding } } conditional
                when IsMember(conditional.Expression, model):
                if (binding.Name.Identifier.ValueText is "Close" or "CloseAsync" or "Dispose" or "DisposeAsync")
                {
                    scan.Closes = true;
                    scan.Order.Closed(conditional);
                    return true;
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>
    /// A value that reads the same wherever and whenever it is read: a constant, a cached configuration setting, a
    /// static readonly field, or a string joined from them.
    /// </summary>
    private static bool IsSettledSetting(ExpressionSyntax value, SemanticModel model) => value switch
    {
        _ when model.GetConstantValue(value).HasValue => true,
        ParenthesizedExpressionSyntax parenthesized => IsSettledSetting(parenthesized.Expression, model),
        BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } joined =>
            IsSettledSetting(joined.Left, model) && IsSettledSetting(joined.Right, model),
        IdentifierNameSyntax or MemberAccessExpressionSyntax when model.GetSymbolInfo(value).Symbol is IFieldSymbol { IsStatic: true } field =>
            field.IsReadOnly || IsSetOnlyByInitializer(field, model.Compilation),
        _ => ConfigurationReads.IsCachedSetting(value, model),
    };

    /// <summary>
    /// A private static field that only its initializer sets (<c>static private string connectionstring = "...";</c>,
    /// huetran1611/CSLT2_ki1_2021's DAO): read anywhere, it is that value.
    /// </summary>
    private static bool IsSetOnlyByInitializer(IFieldSymbol field, Compilation compilation) =>
        field.DeclaringSyntaxReferences.Length == 1
        && field.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax { Initializer: not null }
        && DeclaredValueFields.KeepsDeclaredValue(field, compilation, CancellationToken.None);

    /// <summary>
    /// <paramref name="value"/> is the connection string of a construction of the member already read (the same
    /// expression, its names bound to the same symbols) and sets nothing: setting it again on the member is what the
    /// factory's <c>new T(value)</c> does anyway.
    /// </summary>
    private bool IsOwnConnectionString(ExpressionSyntax value, SemanticModel model)
    {
        if (value.DescendantNodesAndSelf().Any(n => n is InvocationExpressionSyntax call && !ConfigurationReads.IsCachedRead(call, model)
            || n is BaseObjectCreationExpressionSyntax or AssignmentExpressionSyntax or AwaitExpressionSyntax or AnonymousFunctionExpressionSyntax
            || n is PostfixUnaryExpressionSyntax or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression }))
        {
            return false;
        }

        var names = value.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Select(n => model.GetSymbolInfo(n).Symbol).ToList();
        return _constructions.OfType<BaseObjectCreationExpressionSyntax>().Any(creation =>
            FactoryPlanner.ConnectionStringOf(creation) is { } built && built.IsEquivalentTo(value, topLevel: false)
            && built.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Select(n => ModelOf(n, model).GetSymbolInfo(n).Symbol)
                .SequenceEqual(names, SymbolEqualityComparer.Default));
    }

    /// <summary>
    /// The holder's own parameterless, synchronous void method that <paramref name="call"/> runs, when it is an opener of
    /// the member that leaves it open (classified on the spot if the scan has not reached it yet); null otherwise.
    /// </summary>
    private ConnectionHelper? HolderOpener(InvocationExpressionSyntax call, SemanticModel model)
    {
        if (model.GetSymbolInfo(call).Symbol is not IMethodSymbol { IsAsync: false, IsGenericMethod: false, ReturnsVoid: true, Parameters.Length: 0, DeclaringSyntaxReferences.Length: 1 } method
            || !SymbolEqualityComparer.Default.Equals(method.ContainingType, _member.ContainingType)
            || method.DeclaringSyntaxReferences[0].GetSyntax() is not MethodDeclarationSyntax declaration
            || !_classifying.Add(declaration))
        {
            return null;
        }

        var helper = HelperFor(method) ?? Classify(declaration, ModelOf(declaration, model));
        _classifying.Remove(declaration);
        if (helper is not null && !Helpers.Contains(helper))
        {
            // Kept as the scan of the holder's members would keep it (its construction is read already).
            Helpers.Add(helper);
        }

        return helper is { Role: HelperRole.Opener, Opens: true } ? helper : null;
    }

    /// <summary>The methods being classified while a body that calls them is scanned (an opener calling itself is no opener).</summary>
    private readonly HashSet<SyntaxNode> _classifying = new();

    /// <summary>
    /// A private, parameterless, void method of the holder that only builds the member: side-effect-free settings locals,
    /// then <c>member = new T(...);</c>, possibly in a <c>try</c> whose catches only set the member to null (the settings are
    /// constants or cached configuration, so the construction fails on every call or on none). Null otherwise.
    /// </summary>
    private ConnectionHelper? Builder(IMethodSymbol? method, InvocationExpressionSyntax call, SemanticModel callModel)
    {
        if (method is not { IsAsync: false, IsGenericMethod: false, ReturnsVoid: true, DeclaredAccessibility: Accessibility.Private, DeclaringSyntaxReferences.Length: 1 }
            || !SymbolEqualityComparer.Default.Equals(method.ContainingType, _member.ContainingType)
            || method.DeclaringSyntaxReferences[0].GetSyntax() is not MethodDeclarationSyntax { Body: { } body } declaration)
        {
            return null;
        }

        var model = ModelOf(declaration, _model!);
        var preamble = body.Statements.TakeWhile(s => s is LocalDeclarationStatementSyntax && IsPreamble(s, model)).ToList();
        var rest = body.Statements.Skip(preamble.Count).ToList();
        if (rest.Count == 2 && rest[1] is ReturnStatementSyntax { Expression: null })
        {
            // A last bare `return;` does nothing (a creator made void keeps one where a comment stood before it).
            rest.RemoveAt(1);
        }

        var only = rest.Count == 1 ? rest[0] : null;
        var built = only switch
        {
            ExpressionStatementSyntax single => single,
            TryStatementSyntax { Finally: null, Block.Statements: { Count: 1 } tried } tryStatement
                when tryStatement.Catches.All(c => c.Filter is null && c.Block.Statements.All(IsSetToNull)) => tried[0] as ExpressionStatementSyntax,
            _ => null,
        };
        bool IsSetToNull(StatementSyntax statement) =>
            statement is ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Right.RawKind: (int)SyntaxKind.NullLiteralExpression } cleared }
            && IsMember(cleared.Left, model);
        if (built is not { Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Right: BaseObjectCreationExpressionSyntax creation } assignment }
            || !IsMember(assignment.Left, model) || !IsConnectionType(model.GetTypeInfo(creation).Type)
            || !ReadsOnlySettings(creation, method, preamble, model)
            || BoundArguments.Bind(call, method, callModel, model, preamble.Append<SyntaxNode>(creation)) is not { } bindings
            || method.Parameters.Length > 0 && !OnlyCalledFrom(method, call))
        {
            return null;
        }

        _constructions.Add(creation);
        return new ConnectionHelper(method, declaration, HelperRole.Opener, opens: false, preamble: bindings.Concat(preamble).ToList());
    }

    /// <summary>
    /// The construction reads no local but the creator's settings <paramref name="settings"/>, and no parameter but the
    /// creator's own (which <see cref="BoundArguments"/> binds).
    /// </summary>
    private bool ReadsOnlySettings(BaseObjectCreationExpressionSyntax creation, IMethodSymbol creator, IReadOnlyList<StatementSyntax> settings, SemanticModel model) =>
        !creation.DescendantNodes().OfType<IdentifierNameSyntax>().Any(n => ModelOf(creation, model).GetSymbolInfo(n).Symbol switch
        {
            IParameterSymbol parameter => !SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, creator),
            ILocalSymbol local => !settings.Any(p => p.SyntaxTree == local.DeclaringSyntaxReferences[0].SyntaxTree && p.Span.Contains(local.DeclaringSyntaxReferences[0].Span)),
            _ => false,
        });

    /// <summary>
    /// Every reference to <paramref name="method"/> in the holder sits in the member making <paramref name="call"/>: the
    /// builder goes with the member, so no other caller may be left.
    /// </summary>
    private bool OnlyCalledFrom(IMethodSymbol method, InvocationExpressionSyntax call)
    {
        var caller = call.FirstAncestorOrSelf<MemberDeclarationSyntax>();
        return caller is not null && _member.ContainingType.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).All(type =>
            type.DescendantNodes().OfType<IdentifierNameSyntax>().Where(n => n.Identifier.ValueText == method.Name)
                .All(n => n.SyntaxTree == caller.SyntaxTree && caller.Span.Contains(n.Span)
                    || !SymbolEqualityComparer.Default.Equals(ModelOf(n, _model!).GetSymbolInfo(n).Symbol?.OriginalDefinition, method)));
    }

    /// <summary>
    /// <c>LazyInitializer.EnsureInitialized(ref member, Create)</c> (or <c>() =&gt; new T(cs)</c>), a statement: the one
    /// construction it runs when the member is null — the lambda's, or that of a parameterless method of the holder that
    /// only builds and returns it (<c>var db = new MySqlConnection(conf); return db;</c>). Null for anything else, and when
    /// the connection string reads a local or parameter of that method (the factory could not read it).
    /// </summary>
    private BaseObjectCreationExpressionSyntax? EnsureInitializedConstruction(InvocationExpressionSyntax invocation, SemanticModel model, out bool opens)
    {
        opens = false;
        if (invocation.Parent is not ExpressionStatementSyntax
            || invocation.ArgumentList.Arguments is not { Count: 2 } arguments
            || !arguments[0].RefKindKeyword.IsKind(SyntaxKind.RefKeyword) || !IsMember(arguments[0].Expression, model)
            || model.GetSymbolInfo(invocation).Symbol is not IMethodSymbol { Name: "EnsureInitialized" } ensure
            || ensure.ContainingType.ToDisplayString() != "System.Threading.LazyInitializer")
        {
            return null;
        }

        var creation = arguments[1].Expression switch
        {
            ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 0, ExpressionBody: BaseObjectCreationExpressionSyntax built } => built,
            IdentifierNameSyntax or MemberAccessExpressionSyntax when model.GetSymbolInfo(arguments[1].Expression).Symbol is IMethodSymbol { Parameters.Length: 0 } creator
                && CreatorConstruction(creator, out opens, out var settings) is { } created && settings.Count == 0 => created,
            _ => null,
        };
        return creation is not null && IsConnectionType(ModelOf(creation, model).GetTypeInfo(creation).Type)
            && !creation.DescendantNodes().OfType<IdentifierNameSyntax>().Any(n => ModelOf(creation, model).GetSymbolInfo(n).Symbol is ILocalSymbol or IParameterSymbol)
            ? creation
            : null;
    }

    /// <summary>
    /// The construction a synchronous method of the holder only builds (and opens: <paramref name="opens"/>) and returns,
    /// after side-effect-free settings locals (<paramref name="settings"/>, which may read its parameters):
    /// <c>string cs = $"Server={server};"; var db = new MySqlConnection(cs); db.Open(); return db;</c>; null otherwise.
    /// </summary>
    private BaseObjectCreationExpressionSyntax? CreatorConstruction(IMethodSymbol? creator, out bool opens, out List<StatementSyntax> settings)
    {
        opens = false;
        settings = new List<StatementSyntax>();
        if (creator is not { IsAsync: false, IsGenericMethod: false, DeclaringSyntaxReferences.Length: 1 }
            || !SymbolEqualityComparer.Default.Equals(creator.ContainingType, _member.ContainingType)
            || creator.DeclaringSyntaxReferences[0].GetSyntax() is not MethodDeclarationSyntax method)
        {
            return null;
        }

        if (method.ExpressionBody?.Expression is BaseObjectCreationExpressionSyntax returnedAtOnce)
        {
            return returnedAtOnce;
        }

        var creatorModel = ModelOf(method, _model!);
        settings = (method.Body?.Statements ?? default).TakeWhile(s => s is LocalDeclarationStatementSyntax && IsPreamble(s, creatorModel)).ToList();
        var statements = (method.Body?.Statements ?? default).Skip(settings.Count).ToList();
        if (statements.Count == 1 && statements[0] is ReturnStatementSyntax { Expression: BaseObjectCreationExpressionSyntax returned })
        {
            return returned;
        }

        if (statements.Count is not (2 or 3)
            || statements[0] is not LocalDeclarationStatementSyntax { Declaration.Variables: { Count: 1 } variables }
            || variables[0].Initializer?.Value is not BaseObjectCreationExpressionSyntax built
            || statements[statements.Count - 1] is not ReturnStatementSyntax { Expression: IdentifierNameSyntax returnedLocal }
            || returnedLocal.Identifier.ValueText != variables[0].Identifier.ValueText)
        {
            return null;
        }

        // `db.Open();` between them: the accessor hands the connection out open.
        opens = statements.Count == 3;
        return !opens || statements[1] is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Open", Expression: IdentifierNameSyntax opened } } }
            && opened.Identifier.ValueText == returnedLocal.Identifier.ValueText
                ? built
                : null;
    }

    /// <summary>Logging around the connection: <c>Console.WriteLine</c>, <c>MessageBox.Show</c>, <c>_logger.LogError</c> (not passed the member).</summary>
    private bool IsReport(InvocationExpressionSyntax invocation, SemanticModel model) =>
        invocation.Expression is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver }
        && (LogLines.IsReportReceiverName(receiver.Identifier.ValueText) || ConsoleWriters.Writes(invocation, model) || IsLoggingType(receiver, model))
        && !invocation.ArgumentList.Arguments.Any(a => MentionsMember(a, model));

    /// <summary>
    /// A static logging class of the code base (<c>LogSys.Log(...)</c>, <c>LogHelper.Error(...)</c>), named as
    /// <see cref="LogLines"/> names loggers — also one the build cannot bind at all: a class of an assembly referenced by
    /// file (ArkCrossEngine's <c>LogSys.dll</c>) that a name of the code would have bound to.
    /// </summary>
    private static bool IsLoggingType(IdentifierNameSyntax receiver, SemanticModel model) =>
        LogLines.IsLoggingTypeName(receiver.Identifier.ValueText) && model.GetSymbolInfo(receiver) is var bound
        && (bound.Symbol is INamedTypeSymbol || bound.Symbol is null && bound.CandidateSymbols.IsEmpty);

    /// <summary>A report call that is a statement of its own, as a catch that only reports holds.</summary>
    private bool IsReportStatement(StatementSyntax statement, SemanticModel model) =>
        statement is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax report } && IsReport(report, model);

    /// <summary>A catch's note of the failed open in a field (<c>error = e.Message;</c>) that does not touch the held member.</summary>
    private bool IsFailureRecord(StatementSyntax statement, SemanticModel model) =>
        FailureRecords.IsRecord(statement, model) && !MentionsMember(statement, model);

    private SemanticModel ModelOf(SyntaxNode node, SemanticModel model) =>
        node.SyntaxTree == model.SyntaxTree ? model : model.Compilation.GetSemanticModel(node.SyntaxTree);

    /// <summary><c>return _shared;</c>, <c>=&gt; _shared</c>, <c>=&gt; _shared ??= new(...)</c>, <c>=&gt; _shared = _shared ?? new(...)</c>.</summary>
    private bool ScanReturned(ExpressionSyntax returned, SemanticModel model, BodyScan scan)
    {
        if (IsMember(returned, model))
        {
            scan.Returns = true;
            return true;
        }

        if (returned is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceAssignmentExpression } lazy && IsMember(lazy.Left, model)
            && lazy.Right is BaseObjectCreationExpressionSyntax creation)
        {
            _constructions.Add(creation);
            scan.Returns = true;
            return true;
        }

        if (returned is AssignmentExpressionSyntax selfCoalescing && IsMember(selfCoalescing.Left, model)
            && SelfCoalescingAssignments.CoalescedValue(selfCoalescing, model) is BaseObjectCreationExpressionSyntax coalesced)
        {
            // `=> _c = _c ?? new SqlConnection(cs)`: the pre-C# 8 spelling of `=> _c ??= new SqlConnection(cs)`.
            _constructions.Add(coalesced);
            scan.Returns = true;
            return true;
        }

        return false;
    }

    /// <summary><c>_conn == null || _conn.State != ConnectionState.Open</c> and the like: a condition only on the member's state.</summary>
    private bool IsConditionOnMember(ExpressionSyntax condition, SemanticModel model)
    {
        var names = condition.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().ToList();
        return names.Any(n => IsMember(n, model))
            && names.All(n => IsMember(n, model) || n.Identifier.ValueText is "State" or "ConnectionState" or "Open" or "Closed" or "Broken" or "Connecting" or "Executing" or "Fetching" or "System" or "Data"
                || n.Parent is MemberAccessExpressionSyntax { Name: var member } && member == n && model.GetSymbolInfo(n).Symbol is IFieldSymbol { ContainingType.TypeKind: TypeKind.Enum }
                || model.GetSymbolInfo(n).Symbol is INamedTypeSymbol or INamespaceSymbol);
    }

    private bool MentionsMember(SyntaxNode node, SemanticModel model) =>
        node.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(i => IsMember(i, model));

    private bool IsMember(ExpressionSyntax expression, SemanticModel model)
    {
        if (expression is PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression, Operand: var operand })
        {
            // `connection!.Open();` after the holder's own null check.
            expression = operand;
        }

        var name = expression switch
        {
            IdentifierNameSyntax identifier => identifier,
            MemberAccessExpressionSyntax { Name: IdentifierNameSyntax member } => member,
            _ => null,
        };
        if (name is null)
        {
            return false;
        }

        if (name.Identifier.ValueText == _member.Name)
        {
            return SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name).Symbol?.OriginalDefinition, _member.OriginalDefinition);
        }

        return _lazyPropertiesReadAsMember.Count > 0 && model.GetSymbolInfo(name).Symbol?.OriginalDefinition is { } read && _lazyPropertiesReadAsMember.Contains(read);
    }

    private static bool IsConnectionType(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.ToDisplayString() == "System.Data.Common.DbConnection")
            {
                return true;
            }
        }

        return false;
    }
}
