using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// Where a class of the compilation gets its instances, read from the syntax of the files that spell its name
/// (<c>new Database()</c>, <c>provider.GetRequiredService&lt;Database&gt;()</c>, <c>AddSingleton&lt;Database&gt;()</c>), and
/// what each site does with the instance: keeps it in a member, creates it before a waiting loop that reuses it, or
/// uses it for a while and lets it go (per use). Matched by name, since no member outside the one analyzed is bound:
/// two classes sharing a name make a site count for both, which can only silence the rule.
/// </summary>
internal sealed class CreationSites
{
    private static readonly HashSet<string> ResolveMethods = new() { "GetRequiredService", "GetService", "GetRequiredKeyedService", "GetKeyedService" };

    private static readonly HashSet<string> SingletonMethods = new() { "AddSingleton", "TryAddSingleton", "AddKeyedSingleton", "TryAddKeyedSingleton" };

    private static readonly HashSet<string> CollectionAddMethods = new() { "Add", "TryAdd", "Insert", "Push", "Enqueue", "GetOrAdd", "AddOrUpdate" };

    /// <summary>
    /// Telegram.Bot's update receivers: they call the handlers handed to them until the bot stops, so a local whose
    /// methods (or itself, as the update handler) go there lives as long as the bot.
    /// </summary>
    private static readonly HashSet<string> ReceiverMethods = new() { "StartReceiving", "ReceiveAsync" };

    private static readonly KeptInKeys NoNames = new();

    private readonly SyntaxNode? _perUseSite;

    private CreationSites(bool hasPerUse, bool isSingletonRegistration, List<WaitingLoopSyntax.WaitingLoop> loops, ReceiverCalls receivers, SyntaxNode? perUseSite, KeptInKeys keptIn)
    {
        Subscriptions = receivers.Subscriptions;
        MainFormRuns = receivers.MainFormRuns;
        Hosted = receivers.Hosted;
        HasPerUse = hasPerUse;
        KeptIn = keptIn;
        IsSingletonRegistration = isSingletonRegistration;
        Loops = loops;
        Receivers = receivers.Found;
        _perUseSite = perUseSite;
    }

    /// <summary>Some site creates or resolves an instance for one use or one scope.</summary>
    public bool HasPerUse { get; }

    /// <summary>For tests and debugging: the first per-use site's text (spelled only when asked: a string per holder settled).</summary>
    public string? PerUseExample => _perUseSite?.ToString();

    /// <summary>Registered as a singleton in dependency injection (<c>AddSingleton&lt;T&gt;</c>, a factory or instance creating one).</summary>
    public bool IsSingletonRegistration { get; }

    /// <summary>
    /// Where some site put an instance, by name: <c>Owner.member</c> when the owner is the class the site is in,
    /// <c>member</c> when it is reached through another object, <c>new Owner</c> for an owner's constructor argument.
    /// </summary>
    private KeptInKeys KeptIn { get; }

    /// <summary>
    /// Every site that keeps an instance named the member or owner it put it in (a member assignment, an owner's
    /// constructor argument, an add to a keeping collection), and at least one did: no registration, lambda or
    /// collection initializer hands instances to members unseen. Then a member that no site fills only borrows an
    /// instance from the member that was filled (<c>wrapper.Db = this.db</c>), and its owner's life says nothing
    /// about the instance's.
    /// </summary>
    public bool KeptOnlyInNamedMembers => KeptIn.Recorded > 0 && !KeptIn.HasUnnamedSite;

    /// <summary>True when some site put an instance in <paramref name="member"/> or handed one to its owner's constructor.</summary>
    public bool PutsInstancesIn(ISymbol member) =>
        KeptIn.Contains(member.ContainingType.Name + "." + member.Name)
        || KeptIn.Contains(member.Name)
        || (!member.IsStatic && KeptIn.Contains("new " + member.ContainingType.Name))
        || IsInjectedContract(member);

    /// <summary>
    /// <c>AddScoped&lt;IPlayerRepository, PlayerRepository&gt;()</c>: the container hands the class to every constructor
    /// that asks for the contract, so a member of that type whose owner's constructor takes one keeps it.
    /// </summary>
    private bool IsInjectedContract(ISymbol member)
    {
        var type = member switch
        {
            IFieldSymbol field => field.Type,
            IPropertySymbol property => property.Type,
            _ => null,
        };
        return type is not null
            && !member.IsStatic
            && KeptIn.Contains(ContractKey(type.Name))
            && member.ContainingType.InstanceConstructors.Any(c => c.Parameters.Any(p => SymbolEqualityComparer.Default.Equals(p.Type, type)));
    }

    /// <summary>Locals created once and reused on every turn of an endless loop that waits.</summary>
    public List<WaitingLoopSyntax.WaitingLoop> Loops { get; }

    /// <summary>Receiver calls (<c>bot.StartReceiving(handlers.HandleUpdateAsync, ...)</c>) handed a local created once, or its methods.</summary>
    public List<InvocationExpressionSyntax> Receivers { get; }

    /// <summary>Event subscriptions (<c>client.MessageReceived += handler.OnMessage</c>) of a local created once, in a function that then blocks for good.</summary>
    public List<EventHandlerSubscriptions.Subscription> Subscriptions { get; }

    /// <summary><c>Application.Run(new MainForm())</c> in a static <c>Main</c>: the message loop keeps the instance for the life of the process.</summary>
    public List<InvocationExpressionSyntax> MainFormRuns { get; }

    /// <summary>Instances the application's host keeps until it exits (<see cref="ApplicationHosts"/>).</summary>
    public List<ApplicationHosts.HostedInstance> Hosted { get; }

    /// <param name="type">The class whose sites are wanted.</param>
    /// <param name="keepers">
    /// Names of the members that keep instances of the class (assigning to one keeps it) and of the classes that have
    /// such members (handing the instance to their constructor keeps it); read only when a site asks.
    /// </param>
    /// <param name="cancellationToken">Cancels the syntax reads.</param>
    /// <param name="occurrences">Which files spell which type names (read once per compilation).</param>
    /// <param name="callees">The compilation's methods that wait on every call, for a loop whose wait is one call down.</param>
    public static CreationSites Find(INamedTypeSymbol type, TypeNameOccurrences occurrences, KeeperNames keepers, WaitingCallees callees, CancellationToken cancellationToken)
    {
        var name = type.Name;
        var isSingleton = false;
        var loops = new List<WaitingLoopSyntax.WaitingLoop>();
        var receivers = new ReceiverCalls(type);
        var keptIn = new KeptInKeys();
        SyntaxNode? perUseSite = null;
        foreach (var node in TypeNameSyntax.CreationCandidates(name, occurrences, cancellationToken))
        {
            if (perUseSite is not null)
            {
                // Settled for every keeper; only a waiting loop's own instance is still looked for, without the keepers.
                if (LoopKeeping(node, name, callees, cancellationToken) is { } kept)
                {
                    loops.Add(kept);
                }

                continue;
            }

            Use use;
            keptIn.StartSite();
            switch (node)
            {
                case ObjectCreationExpressionSyntax creation when TypeName(creation.Type) == name:
                    use = Classify(creation, keepers, keptIn, receivers, callees, cancellationToken, out var loop);
                    if (use == Use.Loop)
                    {
                        loops.Add(loop);
                    }

                    break;
                case ImplicitObjectCreationExpressionSyntax implicitCreation when TargetTypeName(implicitCreation) == name:
                    use = Classify(implicitCreation, keepers, keptIn, receivers, callees, cancellationToken, out var implicitLoop);
                    if (use == Use.Loop)
                    {
                        loops.Add(implicitLoop);
                    }

                    break;
                case InvocationExpressionSyntax invocation when MethodName(invocation) is { } method && TypeArgumentNames(invocation.Expression).Contains(name):
                    if (SingletonMethods.Contains(method) || IsAutofacSingleInstance(invocation, method))
                    {
                        isSingleton = true;
                        use = Use.Kept;
                    }
                    else if (ResolveMethods.Contains(method))
                    {
                            use = Classify(invocation, keepers, keptIn, receivers, callees, cancellationToken, out var resolvedLoop);
                        if (use == Use.Loop)
                        {
                            loops.Add(resolvedLoop);
                        }
                    }
                    else
                    {
                        use = Use.Kept; // AddScoped<T>() and the like: what is done with the instances is seen where they are kept
                        keptIn.HasUnnamedSite = true; // the container hands them to whichever constructor asks
                        if (IsRegistrationMethod(method) && ContractName(invocation.Expression, name) is { } contract)
                        {
                            keptIn.Add(ContractKey(contract));
                        }
                    }

                    break;
                default:
                    continue;
            }

            if (use == Use.Kept && !keptIn.SiteNamedItsKeeper)
            {
                keptIn.HasUnnamedSite = true;
            }

            if (use == Use.Singleton)
            {
                isSingleton = true;
            }
            else if (use == Use.PerUse && !TestCode.Contains(node))
            {
                // One instance made per use settles every keeper's case, whatever the other sites are.
                perUseSite = node;
            }
        }

        return perUseSite is null
            ? new CreationSites(hasPerUse: false, isSingleton, loops, receivers, perUseSite: null, keptIn)
            : new CreationSites(hasPerUse: true, isSingleton, loops, receivers, perUseSite, NoNames);
    }

    /// <summary>
    /// The waiting loop that reuses the local a creation site fills (<c>var dao = new Dao(); while (true) { dao.Select();
    /// Thread.Sleep(30000); }</c>), read without the keepers: what <see cref="ClassifyLocal"/> finds last, for the sites
    /// after a per-use one.
    /// </summary>
    private static WaitingLoopSyntax.WaitingLoop? LoopKeeping(SyntaxNode node, string name, WaitingCallees callees, CancellationToken cancellationToken)
    {
        var created = node switch
        {
            ObjectCreationExpressionSyntax creation when TypeName(creation.Type) == name => creation,
            ImplicitObjectCreationExpressionSyntax creation when TargetTypeName(creation) == name => creation,
            InvocationExpressionSyntax invocation when MethodName(invocation) is { } method && ResolveMethods.Contains(method) && TypeArgumentNames(invocation.Expression).Contains(name) => invocation,
            _ => (ExpressionSyntax?)null,
        };
        if (created is null || Outermost(created) is not { } value || IsInLambda(value, out _))
        {
            return null;
        }

        var (local, site, scope) = value.Parent switch
        {
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax declaration } } declarator }
                when declaration.UsingKeyword.IsKind(SyntaxKind.None) && declaration.AwaitKeyword.IsKind(SyntaxKind.None) =>
                (declarator.Identifier.ValueText, (SyntaxNode)declarator, declarator.Ancestors().FirstOrDefault(a => a is BlockSyntax or CompilationUnitSyntax or ArrowExpressionClauseSyntax)),
            AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } assignment when assignment.Right == value =>
                (target.Identifier.ValueText, assignment, FunctionBody(assignment)),
            _ => (string.Empty, value, null),
        };
        if (scope is null)
        {
            return null;
        }

        if (WaitingLoopSyntax.Find(scope, local, site.Span.End, callees, cancellationToken) is { } found)
        {
            return found;
        }

        return RenewedAfterFailure(local, site, scope, out var renewing) ? renewing : null;
    }

    /// <summary>
    /// Where a factory's member hands its instance on, when every site creating the factory reads that member at once
    /// and stores it (<c>Database = new DatabaseFactory(config, this).Database;</c>, oscar-wos/Sessions): the keys of the
    /// members filled (as <see cref="PutsInstancesIn"/> spells them), or null when some site does anything else with
    /// the factory, or none creates it. The member is read by its name or through a property that returns it
    /// (<c>public IDatabase Database =&gt; _database;</c>).
    /// </summary>
    public static List<string>? HandedOnKeys(INamedTypeSymbol factory, string member, TypeNameOccurrences occurrences, CancellationToken cancellationToken)
    {
        var name = factory.Name;
        HashSet<string>? readers = null; // read on the first creation: most owners asked about (controllers) have none
        var keys = new List<string>();
        foreach (var node in TypeNameSyntax.CreationCandidates(name, occurrences, cancellationToken))
        {
            ExpressionSyntax? created = node switch
            {
                ObjectCreationExpressionSyntax creation when TypeName(creation.Type) == name => creation,
                ImplicitObjectCreationExpressionSyntax creation when TargetTypeName(creation) == name => creation,
                InvocationExpressionSyntax invocation when MethodName(invocation) is { } method && !ResolveMethods.Contains(method) && !SingletonMethods.Contains(method) && !IsRegistrationMethod(method) => null,
                InvocationExpressionSyntax invocation when TypeArgumentNames(invocation.Expression).Contains(name) => invocation,
                _ => null,
            };
            if (created is null || TestCode.Contains(created))
            {
                continue; // not a creation of the factory (a logger's category, a target-typed new of another type)
            }

            readers ??= ReadersOf(factory, member, cancellationToken);
            var key = created.Parent is MemberAccessExpressionSyntax access && access.Expression == created && readers.Contains(access.Name.Identifier.ValueText) && !IsInLambda(access, out _)
                ? HandedOnKey(Outermost(access))
                : null;
            if (key is null)
            {
                return null; // the factory is used some other way: its member's instance may go anywhere
            }

            keys.Add(key);
        }

        return keys.Count > 0 ? keys : null;
    }

    /// <summary>The member's name and those of the type's properties that only return it (<c>=&gt; _database</c>, <c>get { return _database; }</c>).</summary>
    private static HashSet<string> ReadersOf(INamedTypeSymbol type, string member, CancellationToken cancellationToken)
    {
        var readers = new HashSet<string>(System.StringComparer.Ordinal) { member };
        foreach (var property in type.GetMembers().OfType<IPropertySymbol>())
        {
            foreach (var reference in property.DeclaringSyntaxReferences)
            {
                var returned = reference.GetSyntax(cancellationToken) switch
                {
                    PropertyDeclarationSyntax { ExpressionBody.Expression: var body } => body,
                    PropertyDeclarationSyntax { AccessorList: { } accessors } => ReturnedByGetter(accessors),
                    _ => null,
                };
                if (returned is IdentifierNameSyntax { Identifier.ValueText: var returnedName } && returnedName == member
                    || returned is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name.Identifier.ValueText: var thisName } && thisName == member)
                {
                    readers.Add(property.Name);
                }
            }
        }

        return readers;
    }

    /// <summary><c>get =&gt; x;</c> or <c>get { return x; }</c>: <c>x</c>; otherwise null.</summary>
    private static ExpressionSyntax? ReturnedByGetter(AccessorListSyntax accessors)
    {
        var getter = accessors.Accessors.FirstOrDefault(a => a.Keyword.IsKind(SyntaxKind.GetKeyword));
        return getter?.ExpressionBody?.Expression
            ?? (getter?.Body is { Statements.Count: 1 } body && body.Statements[0] is ReturnStatementSyntax { Expression: { } value } ? value : null);
    }

    /// <summary>The member a value is stored in: an assignment's target, a field's or property's initializer; otherwise null.</summary>
    private static string? HandedOnKey(ExpressionSyntax value) => value.Parent switch
    {
        AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment when assignment.Right == value && AssignedName(assignment.Left).Length > 0 => KeptInKey(assignment.Left),
        EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: FieldDeclarationSyntax } } field } => InEnclosingType(field, field.Identifier.ValueText),
        EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax property } => InEnclosingType(property, property.Identifier.ValueText),
        _ => null,
    };

    /// <summary>Whether <paramref name="key"/>, from <see cref="HandedOnKeys"/>, names <paramref name="member"/>.</summary>
    public static bool NamesMember(string key, ISymbol member) =>
        key == member.Name || key == member.ContainingType.Name + "." + member.Name;

    private enum Use
    {
        Kept,
        Singleton,
        Loop,
        PerUse,
    }

    private static Use Classify(ExpressionSyntax expression, KeeperNames keepers, KeptInKeys keptIn, ReceiverCalls receivers, WaitingCallees callees, CancellationToken cancellationToken, out WaitingLoopSyntax.WaitingLoop loop)
    {
        loop = default;
        var node = Outermost(expression);
        if (IsInLambda(node, out var lambda))
        {
            if (lambda is not null && ApplicationHosts.TopshelfService(node, lambda, receivers.TypeName) is { } service)
            {
                receivers.Hosted.Add(service);
                keptIn.AddKeptByHost();
                return Use.Kept;
            }

            // services.AddSingleton(sp => new Database(...)) creates one; AddTransient(sp => new Database(...)) is the
            // registration, judged where its instances are kept; any other lambda may run many times.
            var registrationMethod = lambda?.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax registration } }
                ? MethodName(registration)
                : null;
            return registrationMethod switch
            {
                not null when SingletonMethods.Contains(registrationMethod) => Use.Singleton,
                not null when IsRegistrationMethod(registrationMethod) => Use.Kept,
                _ => Use.PerUse,
            };
        }

        if (ApplicationHosts.StartupWindow(node, receivers.TypeName) is { } window)
        {
            receivers.Hosted.Add(window);
            keptIn.AddKeptByHost();
            return Use.Kept;
        }

        switch (node.Parent)
        {
            case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: FieldDeclarationSyntax } } field }:
                keptIn.Add(InEnclosingType(field, field.Identifier.ValueText));
                return Use.Kept;
            case EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax property }:
                keptIn.Add(InEnclosingType(property, property.Identifier.ValueText));
                return Use.Kept;
            case AssignmentExpressionSyntax assignment when assignment.Right == node && keepers.IsMember(AssignedName(assignment.Left)):
                AddAssignedKeys(assignment, keptIn);
                return Use.Kept;
            case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax local } } declarator }
                when local.UsingKeyword.IsKind(SyntaxKind.None) && local.AwaitKeyword.IsKind(SyntaxKind.None):
                return ClassifyLocal(declarator.Identifier.ValueText, declarator, keepers, keptIn, receivers, callees, cancellationToken, out loop);
            case AssignmentExpressionSyntax { Left: IdentifierNameSyntax local } assignment when assignment.Right == node:
                return ClassifyLocal(local.Identifier.ValueText, assignment, keepers, keptIn, receivers, callees, cancellationToken, out loop);
            case AssignmentExpressionSyntax { Left: ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax local } } assignment when assignment.Right == node:
                // clients[i] = new Client(): a local array filled, then kept whole (Clients = clients) or let go.
                return ClassifyLocal(local.Identifier.ValueText, assignment, keepers, keptIn, receivers, callees, cancellationToken, out loop);
            case ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax local } } invocation } argument
                when MethodName(invocation) is { } add && CollectionAddMethods.Contains(add) && !keepers.IsMember(local.Identifier.ValueText):
                // list.Add(new Client()) into a local list, judged by what becomes of the list.
                return ClassifyLocal(local.Identifier.ValueText, argument, keepers, keptIn, receivers, callees, cancellationToken, out loop);
            case ArgumentSyntax argument when MainFormRunCalls.CallOf(argument) is { } mainFormRun:
                receivers.MainFormRuns.Add(mainFormRun);
                keptIn.AddKeptByHost();
                return Use.Kept;
            case ArgumentSyntax argument:
                return IsKeptArgument(argument, keepers, keptIn, out var singleton) ? (singleton ? Use.Singleton : Use.Kept) : Use.PerUse;
            case InitializerExpressionSyntax initializer when initializer.Ancestors().Any(a => a is FieldDeclarationSyntax or PropertyDeclarationSyntax):
                return Use.Kept;
            default:
                return Use.PerUse;
        }
    }

    /// <summary>
    /// <c>var db = new Database();</c>, then <c>_db = db</c>, <c>new Bot(db)</c> or <c>Sessions.Add(id, db)</c> keep it;
    /// a waiting loop that reuses it, or a bot's update receiver handed its methods, keeps it as long as that runs;
    /// anything else is one use.
    /// </summary>
    private static Use ClassifyLocal(string name, SyntaxNode declaration, KeeperNames keepers, KeptInKeys keptIn, ReceiverCalls receivers, WaitingCallees callees, CancellationToken cancellationToken, out WaitingLoopSyntax.WaitingLoop loop)
    {
        loop = default;
        var scope = declaration is VariableDeclaratorSyntax
            ? declaration.Ancestors().FirstOrDefault(a => a is BlockSyntax or CompilationUnitSyntax or ArrowExpressionClauseSyntax)
            : FunctionBody(declaration); // a local assigned here may be declared further out: clients[i] = new() inside the loop
        if (scope is null)
        {
            return Use.PerUse;
        }

        // The local's names after the site, found from the scope's text: a walk of every node of the function for each
        // creation site was a large part of SC0007's cost on small real folders (stop 40).
        foreach (var token in SpelledIdentifiers.In(scope, name, declaration.Span.End, CancellationToken.None))
        {
            if (token.Parent is not IdentifierNameSyntax identifier)
            {
                continue;
            }

            switch (identifier.Parent)
            {
                case AssignmentExpressionSyntax assignment when assignment.Right == identifier && keepers.IsMember(AssignedName(assignment.Left)):
                    AddAssignedKeys(assignment, keptIn);
                    return Use.Kept;
                case ArgumentSyntax argument when IsKeptArgument(argument, keepers, keptIn, out var singleton):
                    return singleton ? Use.Singleton : Use.Kept;
            }

            if (identifier.Parent is ArgumentSyntax runArgument && MainFormRunCalls.CallOf(runArgument) is { } mainFormRun)
            {
                receivers.MainFormRuns.Add(mainFormRun);
                keptIn.AddKeptByHost();
                return Use.Kept;
            }

            if (receivers.CallHanded(identifier) is { } receiver)
            {
                receivers.Found.Add(receiver);
                return Use.Kept;
            }

            if (receivers.SubscriptionOf(identifier) is { } subscription)
            {
                receivers.Subscriptions.Add(subscription);
                return Use.Kept;
            }
        }

        if (WaitingLoopSyntax.Find(scope, name, declaration.Span.End, callees, cancellationToken) is { } found)
        {
            loop = found;
            return Use.Loop;
        }

        return RenewedAfterFailure(name, declaration, scope, out loop) ? Use.Loop : Use.PerUse;
    }

    /// <summary>
    /// <c>db = new Dao();</c> in a <c>catch</c> of the waiting loop that reuses <c>db</c>: the loop's own instance, made
    /// again after a failed turn, not one per use.
    /// </summary>
    private static bool RenewedAfterFailure(string name, SyntaxNode site, SyntaxNode scope, out WaitingLoopSyntax.WaitingLoop loop)
    {
        loop = default;
        if (site is not AssignmentExpressionSyntax || WaitingLoopSyntax.Find(scope, name, 0) is not { } found
            || !found.Loop.Span.Contains(site.Span) || !WaitingLoopSyntax.IsRenewedAfterFailure(site, found.Loop))
        {
            return false;
        }

        loop = found;
        return true;
    }

    /// <summary>The outermost block (or expression body, or the file's top-level statements) of the function around <paramref name="node"/>.</summary>
    private static SyntaxNode? FunctionBody(SyntaxNode node)
    {
        SyntaxNode? body = null;
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case BlockSyntax or ArrowExpressionClauseSyntax:
                    body = ancestor;
                    break;
                case CompilationUnitSyntax:
                    return ancestor;
                case GlobalStatementSyntax:
                    break;
                case MemberDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                    return body;
            }
        }

        return body;
    }

    /// <summary><c>new Bot(db)</c> for a class that keeps one, <c>Sessions.Add(id, db)</c> into a keeping collection, <c>AddSingleton(db)</c>.</summary>
    private static bool IsKeptArgument(ArgumentSyntax argument, KeeperNames keepers, KeptInKeys keptIn, out bool singleton)
    {
        singleton = false;
        switch (argument.Parent?.Parent)
        {
            case ObjectCreationExpressionSyntax creation:
                return KeptBy(keepers.IsOwner(TypeName(creation.Type)), "new " + TypeName(creation.Type), keptIn);
            case ImplicitObjectCreationExpressionSyntax creation:
                return KeptBy(keepers.IsOwner(TargetTypeName(creation)), "new " + TargetTypeName(creation), keptIn);
            case InvocationExpressionSyntax invocation when MethodName(invocation) is { } method:
                if (SingletonMethods.Contains(method))
                {
                    singleton = true;
                    return true;
                }

                return CollectionAddMethods.Contains(method)
                    && invocation.Expression is MemberAccessExpressionSyntax { Expression: var receiver }
                    && KeptBy(keepers.IsMember(AssignedName(receiver)), KeptInKey(receiver), keptIn);
            default:
                return false;
        }
    }

    private static bool KeptBy(bool kept, string key, KeptInKeys keptIn)
    {
        if (kept)
        {
            keptIn.Add(key);
        }

        return kept;
    }

    /// <summary>
    /// The member an assignment fills; in an object initializer (<c>new Wrapper { Db = db }</c>) also the created owner,
    /// whose members the enclosing type's name does not reach.
    /// </summary>
    private static void AddAssignedKeys(AssignmentExpressionSyntax assignment, KeptInKeys keptIn)
    {
        keptIn.Add(KeptInKey(assignment.Left));
        switch (assignment.Parent)
        {
            case InitializerExpressionSyntax { Parent: ObjectCreationExpressionSyntax created }:
                keptIn.Add("new " + TypeName(created.Type));
                break;
            case InitializerExpressionSyntax { Parent: ImplicitObjectCreationExpressionSyntax created }:
                keptIn.Add("new " + TargetTypeName(created));
                break;
        }
    }

    /// <summary><c>_db</c> and <c>this._db</c> in class <c>Bot</c>: "Bot._db"; <c>owner.Db</c>: "Db" (whose member is not known from syntax).</summary>
    private static string KeptInKey(ExpressionSyntax target) => target switch
    {
        IdentifierNameSyntax identifier => InEnclosingType(target, identifier.Identifier.ValueText),
        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } memberAccess => InEnclosingType(target, memberAccess.Name.Identifier.ValueText),
        ElementAccessExpressionSyntax elementAccess => KeptInKey(elementAccess.Expression),
        _ => AssignedName(target),
    };

    private static string InEnclosingType(SyntaxNode node, string memberName) =>
        node.Ancestors().OfType<TypeDeclarationSyntax>().FirstOrDefault() is { } type ? type.Identifier.ValueText + "." + memberName : memberName;

    private static string ContractKey(string contract) => "contract " + contract;

    /// <summary><c>AddScoped&lt;IRepository, Repository&gt;()</c> registering <paramref name="name"/>: the contract's name; otherwise null.</summary>
    private static string? ContractName(ExpressionSyntax expression, string name)
    {
        var arguments = expression switch
        {
            MemberAccessExpressionSyntax { Name: GenericNameSyntax generic } => generic.TypeArgumentList.Arguments,
            GenericNameSyntax generic => generic.TypeArgumentList.Arguments,
            _ => default,
        };
        return arguments.Count == 2 && TypeName(arguments[1]) == name && TypeName(arguments[0]) is { Length: > 0 } contract && contract != name ? contract : null;
    }

    /// <summary>
    /// Autofac's <c>builder.RegisterType&lt;WorldCluster&gt;().As&lt;IWorld&gt;().SingleInstance()</c>: the container builds
    /// one and keeps it for the life of the application, as <c>AddSingleton</c> does. Read up the call chain from
    /// <c>RegisterType</c>, a few calls at most; any other lifetime (<c>InstancePerLifetimeScope()</c>) is not one.
    /// </summary>
    private static bool IsAutofacSingleInstance(InvocationExpressionSyntax registration, string method)
    {
        if (method != "RegisterType")
        {
            return false;
        }

        SyntaxNode call = registration;
        for (var link = 0; link < MaxRegistrationChain && call.Parent is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax next } access && access.Expression == call; link++)
        {
            if (access.Name.Identifier.ValueText == "SingleInstance")
            {
                return true;
            }

            call = next;
        }

        return false;
    }

    /// <summary>How many calls after <c>RegisterType</c> are read for its lifetime (<c>.As&lt;I&gt;().WithParameter(..).SingleInstance()</c>).</summary>
    private const int MaxRegistrationChain = 8;

    /// <summary><c>AddTransient</c>, <c>TryAddScoped</c>, <c>AddKeyedScoped</c>...: a scoped or transient registration.</summary>
    private static bool IsRegistrationMethod(string method) =>
        (method.StartsWith("Add", System.StringComparison.Ordinal) || method.StartsWith("TryAdd", System.StringComparison.Ordinal))
        && (method.EndsWith("Transient", System.StringComparison.Ordinal) || method.EndsWith("Scoped", System.StringComparison.Ordinal));

    /// <summary>Up through parentheses, casts, <c>await</c>, <c>!</c>, <c>??</c>, <c>?:</c> and a switch expression's arms to the expression whose parent uses the value.</summary>
    private static ExpressionSyntax Outermost(ExpressionSyntax expression)
    {
        while (true)
        {
            if (expression.Parent is ParenthesizedExpressionSyntax or CastExpressionSyntax or AwaitExpressionSyntax or PostfixUnaryExpressionSyntax
                or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceExpression } or ConditionalExpressionSyntax)
            {
                expression = (ExpressionSyntax)expression.Parent;
            }
            else if (expression.Parent is SwitchExpressionArmSyntax { Parent: SwitchExpressionSyntax choice } arm && arm.Expression == expression)
            {
                expression = choice; // Database = type switch { "postgres" => new PostgresService(), ... }
            }
            else
            {
                return expression;
            }
        }
    }

    private static bool IsInLambda(SyntaxNode node, out AnonymousFunctionExpressionSyntax? lambda)
    {
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case AnonymousFunctionExpressionSyntax function:
                    lambda = function;
                    return true;
                case MemberDeclarationSyntax or LocalFunctionStatementSyntax:
                    lambda = null;
                    return ancestor is LocalFunctionStatementSyntax;
            }
        }

        lambda = null;
        return false;
    }

    /// <summary><c>_db</c>, <c>this._db</c>, <c>Owner.Db</c>, <c>Sessions[id]</c>: the member's name; otherwise empty.</summary>
    private static string AssignedName(ExpressionSyntax target) => target switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax memberAccess => memberAccess.Name.Identifier.ValueText,
        ElementAccessExpressionSyntax elementAccess => AssignedName(elementAccess.Expression),
        _ => string.Empty,
    };

    /// <summary><c>Database db = new();</c>, <c>Database Create() =&gt; new();</c>: the type spelled where the value goes; empty when it is not spelled.</summary>
    private static string TargetTypeName(ImplicitObjectCreationExpressionSyntax creation)
    {
        var node = Outermost(creation);
        return node.Parent switch
        {
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } } => TypeName(declaration.Type),
            EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax property } => TypeName(property.Type),
            ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax method } => TypeName(method.ReturnType),
            ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax property } => TypeName(property.Type),
            ReturnStatementSyntax => node.Ancestors().OfType<MethodDeclarationSyntax>().FirstOrDefault() is { } method ? TypeName(method.ReturnType) : string.Empty,
            _ => string.Empty,
        };
    }

    internal static string TypeName(TypeSyntax type) => type switch
    {
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax aliasQualified => aliasQualified.Name.Identifier.ValueText,
        NullableTypeSyntax nullable => TypeName(nullable.ElementType),
        _ => string.Empty,
    };

    private static string? MethodName(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax memberAccess => memberAccess.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => null,
    };

    private static IEnumerable<string> TypeArgumentNames(ExpressionSyntax expression)
    {
        var generic = expression switch
        {
            MemberAccessExpressionSyntax { Name: GenericNameSyntax name } => name,
            GenericNameSyntax name => name,
            _ => null,
        };

        return generic is null ? Enumerable.Empty<string>() : generic.TypeArgumentList.Arguments.Select(TypeName);
    }

    /// <summary>
    /// Where a local of the class goes to a bot's update receiver. A member handed on (<c>handlers.HandleUpdateAsync</c>)
    /// counts only when it names a method of the class: <c>socket.ReceiveAsync(packet.Buffer)</c> hands over a value.
    /// </summary>
    private sealed class ReceiverCalls
    {
        private readonly INamedTypeSymbol _type;

        public ReceiverCalls(INamedTypeSymbol type) => _type = type;

        public List<InvocationExpressionSyntax> Found { get; } = new();

        /// <summary>Event subscriptions of a local in a function that then blocks for good (a Discord or IRC bot's Main).</summary>
        public List<EventHandlerSubscriptions.Subscription> Subscriptions { get; } = new();

        /// <summary><c>Application.Run(...)</c> calls in a static <c>Main</c> handed an instance, created there or in a local.</summary>
        public List<InvocationExpressionSyntax> MainFormRuns { get; } = new();

        /// <summary>Instances the application's host keeps until it exits: a Topshelf service, a WPF start-up window.</summary>
        public List<ApplicationHosts.HostedInstance> Hosted { get; } = new();

        public string TypeName => _type.Name;

        public EventHandlerSubscriptions.Subscription? SubscriptionOf(IdentifierNameSyntax identifier) => EventHandlerSubscriptions.Find(identifier, IsMethod);

        /// <summary>
        /// <c>bot.StartReceiving(handlers.HandleUpdateAsync, ...)</c>, <c>StartReceiving(handler)</c> or a lambda calling
        /// <c>handlers</c> handed to one, or <c>bot.OnMessage += handlers.OnMessage</c> where the same function then calls
        /// <c>bot.StartReceiving()</c>: the receiver call; otherwise null.
        /// </summary>
        public InvocationExpressionSyntax? CallHanded(IdentifierNameSyntax identifier)
        {
            SyntaxNode handed = identifier.Parent is MemberAccessExpressionSyntax methodGroup && methodGroup.Expression == identifier ? methodGroup : identifier;
            if (handed is MemberAccessExpressionSyntax && handed.Parent is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.AddAssignmentExpression, Left: MemberAccessExpressionSyntax { Expression: var source } } subscription
                && subscription.Right == handed)
            {
                return IsMethod(((MemberAccessExpressionSyntax)handed).Name.Identifier.ValueText) ? ReceiverStartedOn(source, subscription) : null;
            }

            if (handed.Parent is not ArgumentSyntax)
            {
                handed = identifier.Ancestors().TakeWhile(a => a is not (MemberDeclarationSyntax or LocalFunctionStatementSyntax)).OfType<AnonymousFunctionExpressionSyntax>().FirstOrDefault() ?? handed;
            }

            return handed.Parent is ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax call } && MethodName(call) is { } method && ReceiverMethods.Contains(method)
                && (handed is not MemberAccessExpressionSyntax access || IsMethod(access.Name.Identifier.ValueText))
                ? call
                : null;
        }

        /// <summary>Old Telegram.Bot: events subscribed, then <c>bot.StartReceiving()</c> on the same client in the same function.</summary>
        private static InvocationExpressionSyntax? ReceiverStartedOn(ExpressionSyntax source, SyntaxNode subscription)
        {
            var client = source.ToString();
            return FunctionBody(subscription)?.DescendantNodes().OfType<InvocationExpressionSyntax>().FirstOrDefault(call =>
                call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var method, Expression: var receiver }
                && ReceiverMethods.Contains(method)
                && receiver.ToString() == client);
        }

        private bool IsMethod(string name)
        {
            for (var current = _type; current is not null; current = current.BaseType)
            {
                if (current.GetMembers(name).Any(m => m is IMethodSymbol))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Where the sites put instances, by name, and whether some site kept one without naming where.</summary>
    private sealed class KeptInKeys
    {
        /// <summary>Not a member's key: no member is named with parentheses.</summary>
        private const string KeptByHostKey = "(the host)";

        private readonly HashSet<string> _keys = new(System.StringComparer.Ordinal);
        private int _recordedAtSiteStart;

        /// <summary>Keys added, counting a key added again by another site.</summary>
        public int Recorded { get; private set; }

        public bool HasUnnamedSite { get; set; }

        /// <summary>Whether the site started last added a key.</summary>
        public bool SiteNamedItsKeeper => Recorded > _recordedAtSiteStart;

        public void StartSite() => _recordedAtSiteStart = Recorded;

        /// <summary>
        /// The application's host keeps the instance (the message loop, Topshelf, WPF's start-up): the site says where it
        /// went, and no member holds it there, so a member no site fills refers back to the host's own instance.
        /// </summary>
        public void AddKeptByHost() => Add(KeptByHostKey);

        public void Add(string key)
        {
            _keys.Add(key);
            Recorded++;
        }

        public bool Contains(string key) => _keys.Contains(key);
    }
}
