using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// Decides whether the instances of a plain class (<c>Database</c>, <c>DbManager</c>) live as long as the process
/// because every one of them is kept by something that does: a hosted or Windows service, a bot, a plugin, a singleton,
/// a static collection, or a waiting loop that reuses it; up to <see cref="MaxDepth"/> owners up. Silent as soon as
/// one instance is created per use or kept by a short-lived owner. Facts come from the whole compilation, gathered
/// on first need and cached for it (keyed by its <see cref="LongLivedTypes"/>), so the rule stays a symbol action.
/// </summary>
internal sealed class LongLivedOwners
{
    /// <summary>
    /// Owners above the holder: real bots keep their database six classes down (handlers, router, services manager,
    /// menu service, manager, table). Each owner's facts are cached, so the bound is on the walk, not the reads.
    /// </summary>
    private const int MaxDepth = 6;

    /// <summary>Owners one holder's walk may visit; past it the rule stays silent rather than search a wide graph.</summary>
    private const int MaxOwnersVisited = 48;

    private static readonly string[] BotNamespaces = { "Discord", "DSharpPlus", "Disqord", "Remora", "Telegram", "IrcDotNet", "Meebey", "ChatSharp", "TwitchLib", "NetIrc2", "VkNet" };

    private static readonly ConditionalWeakTable<LongLivedTypes, LongLivedOwners> Shared = new();

    private static readonly List<KeeperMembers.Keeper> NoKeepers = new();

    private readonly Compilation _compilation;
    private readonly LongLivedTypes _longLivedTypes;
    private readonly Lazy<KeeperMembers> _keepers;
    private readonly Lazy<TypeNameOccurrences> _occurrences;
    private readonly Lazy<StartupUriWindows> _startupUriWindows;
    private readonly WaitingCallees _callees;
    private readonly ConcurrentDictionary<INamedTypeSymbol, KeptInstances> _kept = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<INamedTypeSymbol, ComputedOnce<OwnerChain?>> _verdicts = new(SymbolEqualityComparer.Default);

    private int _holderWalks;

    /// <summary>An owner's own reason, per keeping member: every holder below the owner asks again, once per path.</summary>
    private readonly ConcurrentDictionary<(INamedTypeSymbol Owner, string Member), StrongBox<string?>> _declaredReasons = new(OwnerAndMemberComparer.Instance);

    /// <summary>An owner's bot reason, once per owner: it reads every member of the owner, whichever member keeps the holder.</summary>
    private readonly ConcurrentDictionary<INamedTypeSymbol, StrongBox<string?>> _botReasons = new(SymbolEqualityComparer.Default);

    private LongLivedOwners(Compilation compilation, LongLivedTypes longLivedTypes)
    {
        _compilation = compilation;
        _longLivedTypes = longLivedTypes;
        _callees = new WaitingCallees(compilation);
        // Not cancellable and published once: a cancelled build must not leave a half index behind.
        _occurrences = new Lazy<TypeNameOccurrences>(() => TypeNameOccurrences.Create(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
        _keepers = new Lazy<KeeperMembers>(() => KeeperMembers.Create(compilation, _occurrences.Value), LazyThreadSafetyMode.ExecutionAndPublication);
        _startupUriWindows = new Lazy<StartupUriWindows>(() => StartupUriWindows.Read(compilation, CancellationToken.None), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public static LongLivedOwners Create(Compilation compilation, LongLivedTypes longLivedTypes) =>
        Shared.GetValue(longLivedTypes, t => new LongLivedOwners(compilation, t));

    /// <summary>Whether any keeping member was looked for yet: for tests of what a per-use creation site spares.</summary>
    internal bool KeepersRead => _keepers.IsValueCreated;

    /// <summary>How many holders' walks ran: for tests that concurrent members of one holder share one walk.</summary>
    internal int HolderWalks => Volatile.Read(ref _holderWalks);

    /// <summary>
    /// Why every instance of <paramref name="holder"/> lives as long as the process, or null when one may not. Walked
    /// once per holder: the driver analyses a holder's members concurrently, and each would otherwise walk in full.
    /// </summary>
    public OwnerChain? Find(INamedTypeSymbol holder, CancellationToken cancellationToken)
    {
        holder = holder.OriginalDefinition;
        var verdict = _verdicts.GetOrAdd(holder, static _ => new ComputedOnce<OwnerChain?>());
        return verdict.Get((Owners: this, Holder: holder, CancellationToken: cancellationToken), static state => state.Owners.WalkFrom(state.Holder, state.CancellationToken));
    }

    private OwnerChain? WalkFrom(INamedTypeSymbol holder, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _holderWalks);
        return Find(holder, depth: 0, new Walk(), cancellationToken);
    }

    private OwnerChain? Find(INamedTypeSymbol type, int depth, Walk walk, CancellationToken cancellationToken)
    {
        if (walk.OwnersLeft-- <= 0 || !walk.Visiting.Add(type))
        {
            return null; // a cycle (a node that keeps its parent) proves nothing; nor does a walk cut short
        }

        try
        {
            return FindUnvisited(type, depth, walk, cancellationToken);
        }
        finally
        {
            walk.Visiting.Remove(type);
        }
    }

    private OwnerChain? FindUnvisited(INamedTypeSymbol type, int depth, Walk walk, CancellationToken cancellationToken)
    {
        var (keepers, sites) = KeptInstancesOf(type, cancellationToken);
        if (sites.HasPerUse)
        {
            // Other instances come and go, but the one a waiting loop reuses is the loop's for good (Github2Telegram's
            // DAOs, used per update in `using` and kept across the poll in Run): the holder's own connection says whether
            // it idles there, so only at the holder, not higher up.
            return depth == 0 && sites.Loops.Count > 0 ? LoopChain(type, sites.Loops[0]) : null;
        }

        // A singleton registration of the holder itself is SC0005's.
        if (depth == 0 && sites.IsSingletonRegistration)
        {
            return null;
        }

        // Run on a class of the program's own named Application is just a call: the instance handed to it is one use.
        if (sites.MainFormRuns.Count > 0 && !sites.MainFormRuns.TrueForAll(run => MainFormRunCalls.IsWindowsForms(run, _compilation, cancellationToken)))
        {
            return null;
        }

        OwnerChain? first = null;
        OwnerChain? borrowed = null;
        foreach (var keeper in keepers)
        {
            var chain = ChainThrough(keeper, type, depth, walk, cancellationToken, out var shortLived);
            var borrowsOnly = BorrowsOnly(keeper, sites);
            if (shortLived && !borrowsOnly)
            {
                return null;
            }

            // The message names the member a site filled, not a copy of it, when there is one.
            if (borrowsOnly)
            {
                borrowed ??= chain;
            }
            else
            {
                first ??= chain;
            }
        }

        first ??= borrowed;

        if (first is null && sites.Loops.Count > 0)
        {
            first = LoopChain(type, sites.Loops[0]);
        }

        if (first is null && sites.Receivers.Count > 0)
        {
            var receiver = sites.Receivers[0];
            var method = receiver.Ancestors().OfType<MemberDeclarationSyntax>().FirstOrDefault() is BaseMethodDeclarationSyntax declaration ? MemberName(declaration) : "the program's top-level statements";
            var call = receiver.Expression is MemberAccessExpressionSyntax access ? access.Name.Identifier.ValueText : receiver.Expression.ToString();
            first = new OwnerChain(
                $"the bot's update receiver started in {method}",
                $"'{type.Name}' is created there and handed to '{call}'",
                "the receiver calls it for every update until the bot stops, for the life of the process",
                receiver.GetLocation());
        }

        if (first is null && sites.Subscriptions.Count > 0)
        {
            first = SubscribedHandlerChain(type, sites.Subscriptions[0]);
        }

        if (first is null && sites.MainFormRuns.Count > 0)
        {
            first = MainFormChain(type, sites.MainFormRuns[0]);
        }

        if (first is null && sites.Hosted.Count > 0)
        {
            var hosted = sites.Hosted[0];
            first = new OwnerChain(hosted.Owner, hosted.Hop, hosted.Reason, hosted.Site.GetLocation(), countsUnguardedBrackets: true);
        }

        // No C# creates a StartupUri window: WPF does, once, when the application starts.
        if (first is null && keepers.Count == 0 && _startupUriWindows.Value.Contains(type))
        {
            first = new OwnerChain(
                "the application's main window",
                $"'{type.Name}' is opened by the application's StartupUri",
                "WPF keeps it until the application exits",
                type.Locations.FirstOrDefault(),
                countsUnguardedBrackets: true);
        }

        return first;
    }

    private static OwnerChain LoopChain(INamedTypeSymbol type, WaitingLoopSyntax.WaitingLoop loop)
    {
        var method = loop.Loop.Ancestors().OfType<MemberDeclarationSyntax>().FirstOrDefault() is BaseMethodDeclarationSyntax declaration ? MemberName(declaration) : "the program's top-level statements";
        return new OwnerChain(
            $"the loop in {method}",
            $"'{type.Name}' is created before the loop and used on every turn",
            $"the loop waits ({loop.Wait})",
            loop.Loop.GetFirstToken().GetLocation());
    }

    /// <summary>
    /// The form the message loop runs. Its connection may be opened and closed around each click, one at a time, so
    /// this chain also counts a close without a <c>finally</c>.
    /// </summary>
    private static OwnerChain MainFormChain(INamedTypeSymbol type, InvocationExpressionSyntax run) => new(
        "the application's main form",
        $"'{type.Name}' is handed to '{run.Expression}' in 'Main'",
        "the message loop runs it until the application exits",
        run.GetLocation(),
        countsUnguardedBrackets: true);

    /// <summary>
    /// A member that no site puts an instance in, where every site names the member it fills: it holds a copy of one
    /// kept elsewhere (a per-message wrapper handed the bot's <c>DBWorker</c>), so its short-lived owner does not end
    /// the instance's life.
    /// </summary>
    private static bool BorrowsOnly(KeeperMembers.Keeper keeper, CreationSites sites) =>
        sites.KeptOnlyInNamedMembers && !sites.PutsInstancesIn(keeper.Member);

    private static OwnerChain SubscribedHandlerChain(INamedTypeSymbol type, EventHandlerSubscriptions.Subscription subscription)
    {
        var method = subscription.Assignment.Ancestors().OfType<BaseMethodDeclarationSyntax>().FirstOrDefault() is { } declaration ? MemberName(declaration) : "the program's top-level statements";
        return new OwnerChain(
            $"the event handlers subscribed in {method}",
            $"'{type.Name}' is created there and handles '{subscription.EventName}'",
            $"the function then blocks for the life of the process ({subscription.Wait}), and the event's source calls the handler every time it fires",
            subscription.Assignment.GetLocation());
    }

    /// <summary>The chain through one keeping member, or null when it is covered elsewhere; <paramref name="shortLived"/> when its owner may not live long.</summary>
    private OwnerChain? ChainThrough(KeeperMembers.Keeper keeper, INamedTypeSymbol kept, int depth, Walk walk, CancellationToken cancellationToken, out bool shortLived)
    {
        shortLived = false;
        var owner = keeper.Owner.OriginalDefinition;
        if (keeper.Member.IsStatic)
        {
            if (!keeper.InCollection && depth == 0)
            {
                return null; // static Database Db = new(): SC0001 reports the static, with the connection as additional location
            }

            var holds = keeper.InCollection ? $"it keeps every '{kept.Name}' put in it" : $"it keeps the '{kept.Name}'";
            return new OwnerChain($"static {keeper.Description} of '{owner.Name}'", holds, "a static lives as long as the process", keeper.Member.Locations[0]);
        }

        if (SymbolEqualityComparer.Default.Equals(owner, kept) || walk.Visiting.Contains(owner))
        {
            return null; // a node linking to another of its kind, or a pooled client keeping the pool that keeps it
        }

        if (CachedDeclaredReason(owner, keeper.Member.Name, cancellationToken) is { } reason)
        {
            return new OwnerChain($"'{owner.Name}'", Hop(keeper, kept), $"'{owner.Name}' {reason}", owner.Locations.FirstOrDefault());
        }

        if (depth < MaxDepth && Find(owner, depth + 1, walk, cancellationToken) is { } outer)
        {
            return outer.Then(Hop(keeper, kept));
        }

        if (depth < MaxDepth && HandedOnChain(keeper, kept, depth, walk, cancellationToken) is { } handedOver)
        {
            return handedOver;
        }

        shortLived = true;
        return null;
    }

    /// <summary>
    /// A factory created only to hand its member's instance over (<c>Database = new DatabaseFactory(config, this).Database</c>):
    /// the instance lives as long as the members it is handed to, each of which must then be long-lived; null otherwise.
    /// </summary>
    private OwnerChain? HandedOnChain(KeeperMembers.Keeper factoryMember, INamedTypeSymbol kept, int depth, Walk walk, CancellationToken cancellationToken)
    {
        // A hand-over is a visit like an owner's: it counts against the walk's budget, so many keepers cannot multiply it.
        var factory = factoryMember.Owner.OriginalDefinition;
        if (walk.OwnersLeft-- <= 0 || factoryMember.Member.IsStatic || factoryMember.InCollection
            || CreationSites.HandedOnKeys(factory, factoryMember.Member.Name, _occurrences.Value, cancellationToken) is not { } keys)
        {
            return null;
        }

        var candidates = _keepers.Value.Of(kept).Concat(InheritedKeepers(kept)).Where(k => !SymbolEqualityComparer.Default.Equals(k.Owner.OriginalDefinition, factory)).ToList();
        OwnerChain? first = null;
        foreach (var key in keys)
        {
            var filled = candidates.Where(k => CreationSites.NamesMember(key, k.Member)).ToList();
            if (filled.Count == 0)
            {
                return null; // handed to something no member of the compilation keeps
            }

            foreach (var keeper in filled)
            {
                var chain = ChainThrough(keeper, kept, depth + 1, walk, cancellationToken, out var shortLived);
                if (shortLived)
                {
                    return null;
                }

                first ??= chain;
            }
        }

        return first?.Then($"'{factory.Name}' creates it in {factoryMember.Description} and hands it over");
    }

    /// <summary>"'Bot' keeps the 'Database' in field '_db'": spelled only for a chain found, not for every keeper walked.</summary>
    private static string Hop(KeeperMembers.Keeper keeper, INamedTypeSymbol kept) =>
        $"'{keeper.Owner.OriginalDefinition.Name}' keeps " + (keeper.InCollection ? $"every '{kept.Name}' in {keeper.Description}" : $"the '{kept.Name}' in {keeper.Description}");

    private string? CachedDeclaredReason(INamedTypeSymbol owner, string memberName, CancellationToken cancellationToken)
    {
        if (_declaredReasons.TryGetValue((owner, memberName), out var known))
        {
            return known.Value;
        }

        var reason = DeclaredReason(owner, memberName, cancellationToken);
        return _declaredReasons.GetOrAdd((owner, memberName), new StrongBox<string?>(reason)).Value;
    }

    private string? DeclaredReason(INamedTypeSymbol owner, string memberName, CancellationToken cancellationToken)
    {
        if (_longLivedTypes.GetReason(owner) is { } reason)
        {
            return reason;
        }

        if (_botReasons.GetOrAdd(owner, static o => new StrongBox<string?>(BotReason(o))).Value is { } bot)
        {
            return bot;
        }

        if (KeptInstancesOf(owner, cancellationToken).Sites.IsSingletonRegistration)
        {
            return "is registered as a singleton (created once, kept for the life of the application)";
        }

        foreach (var reference in owner.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration && WaitingLoopSyntax.Find(declaration, memberName, 0, _callees, cancellationToken) is { } loop)
            {
                var method = loop.Loop.Ancestors().OfType<BaseMethodDeclarationSyntax>().FirstOrDefault();
                return $"runs an endless loop that waits ({loop.Wait})" + (method is null ? string.Empty : " in " + MemberName(method));
            }
        }

        return null;
    }

    /// <summary>A class named like a bot, or holding a chat client (Discord, Telegram, IRC, Twitch); not a command module, which the client creates per command.</summary>
    private static string? BotReason(INamedTypeSymbol owner)
    {
        for (var current = owner.BaseType; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            if (IsInBotNamespace(current))
            {
                return null;
            }
        }

        foreach (var member in owner.GetMembers())
        {
            var type = member switch
            {
                IFieldSymbol { IsStatic: false } field => field.Type,
                IPropertySymbol { IsStatic: false } property => property.Type,
                _ => null,
            };
            if (type is INamedTypeSymbol named && IsInBotNamespace(named) && named.Name.EndsWith("Client", StringComparison.Ordinal))
            {
                return $"is a bot (it holds a {named.Name}, and a bot runs for the life of the process)";
            }
        }

        return owner.Name.EndsWith("Bot", StringComparison.Ordinal) ? "is a bot (a bot runs for the life of the process)" : null;
    }

    private static bool IsInBotNamespace(INamedTypeSymbol type)
    {
        var outermost = type.ContainingNamespace;
        while (outermost is { ContainingNamespace.IsGlobalNamespace: false })
        {
            outermost = outermost.ContainingNamespace;
        }

        return outermost is { IsGlobalNamespace: false } && Array.IndexOf(BotNamespaces, outermost.Name) >= 0;
    }

    /// <summary>
    /// The members that keep instances of <paramref name="type"/>, and where its instances come from. A member typed as
    /// one of the type's own base classes or interfaces (<c>SQL sql = new MySQL()</c>) counts only where a creation site
    /// of the type puts an instance in it (or in its owner's constructor): it may hold other classes everywhere else.
    /// </summary>
    private KeptInstances KeptInstancesOf(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        if (_kept.TryGetValue(type, out var known))
        {
            return known;
        }

        // The keepers are found only when a creation site asks about them or the walk needs them: a per-use site
        // settles the type, and most holders have one.
        List<KeeperMembers.Keeper>? direct = null;
        List<KeeperMembers.Keeper>? inherited = null;
        var keeperNames = new KeeperNames(() =>
        {
            direct = _keepers.Value.Of(type);
            inherited = InheritedKeepers(type);
            return inherited.Count == 0 ? direct : direct.Concat(inherited).ToList();
        });
        var sites = CreationSites.Find(type, _occurrences.Value, keeperNames, _callees, cancellationToken);
        if (sites.HasPerUse)
        {
            return _kept.GetOrAdd(type, new KeptInstances(NoKeepers, sites)); // every reader stops at HasPerUse
        }

        direct ??= _keepers.Value.Of(type);
        inherited ??= InheritedKeepers(type);
        var keepers = direct;
        if (inherited.Count > 0)
        {
            keepers = new List<KeeperMembers.Keeper>(direct);
            keepers.AddRange(inherited.Where(k => sites.PutsInstancesIn(k.Member)));
        }

        return _kept.GetOrAdd(type, new KeptInstances(keepers, sites));
    }

    /// <summary>The keepers of the type's own (source-declared) base classes and interfaces.</summary>
    private List<KeeperMembers.Keeper> InheritedKeepers(INamedTypeSymbol type)
    {
        var inherited = new List<KeeperMembers.Keeper>();
        for (var current = type.BaseType; current is not null && IsOwn(current); current = current.BaseType)
        {
            inherited.AddRange(_keepers.Value.Of(current));
        }

        foreach (var contract in type.AllInterfaces)
        {
            if (IsOwn(contract))
            {
                inherited.AddRange(_keepers.Value.Of(contract));
            }
        }

        return inherited;
    }

    private bool IsOwn(INamedTypeSymbol type) => SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, _compilation.Assembly);

    /// <summary>One holder's walk up its owners: the owners on the current path, and how many more it may visit.</summary>
    private sealed class Walk
    {
        public HashSet<INamedTypeSymbol> Visiting { get; } = new(SymbolEqualityComparer.Default);

        public int OwnersLeft { get; set; } = MaxOwnersVisited;
    }

    private sealed class OwnerAndMemberComparer : IEqualityComparer<(INamedTypeSymbol Owner, string Member)>
    {
        public static readonly OwnerAndMemberComparer Instance = new();

        public bool Equals((INamedTypeSymbol Owner, string Member) x, (INamedTypeSymbol Owner, string Member) y) =>
            SymbolEqualityComparer.Default.Equals(x.Owner, y.Owner) && string.Equals(x.Member, y.Member, StringComparison.Ordinal);

        public int GetHashCode((INamedTypeSymbol Owner, string Member) key) =>
            (SymbolEqualityComparer.Default.GetHashCode(key.Owner) * 397) ^ StringComparer.Ordinal.GetHashCode(key.Member);
    }

    private readonly struct KeptInstances
    {
        public KeptInstances(List<KeeperMembers.Keeper> keepers, CreationSites sites)
        {
            Keepers = keepers;
            Sites = sites;
        }

        public List<KeeperMembers.Keeper> Keepers { get; }

        public CreationSites Sites { get; }

        public void Deconstruct(out List<KeeperMembers.Keeper> keepers, out CreationSites sites)
        {
            keepers = Keepers;
            sites = Sites;
        }
    }

    private static string MemberName(BaseMethodDeclarationSyntax method) => method switch
    {
        MethodDeclarationSyntax named => $"'{named.Identifier.ValueText}'",
        ConstructorDeclarationSyntax constructor => $"the constructor of '{constructor.Identifier.ValueText}'",
        _ => "a member",
    };
}

/// <summary>
/// Why a holder lives as long as the process: the owner at the top ("'IrcBot'"), each step down to the holder
/// ("'IrcBot' keeps the 'Database' in field '_db'"), the owner's reason, and where the owner is.
/// </summary>
internal sealed class OwnerChain
{
    private readonly List<string> _hops;

    public OwnerChain(string owner, string hop, string reason, Location? ownerLocation, bool countsUnguardedBrackets = false)
        : this(owner, new List<string> { hop }, reason, ownerLocation, countsUnguardedBrackets)
    {
    }

    private OwnerChain(string owner, List<string> hops, string reason, Location? ownerLocation, bool countsUnguardedBrackets)
    {
        Owner = owner;
        _hops = hops;
        Reason = reason;
        OwnerLocation = ownerLocation;
        CountsUnguardedBrackets = countsUnguardedBrackets;
    }

    /// <summary>
    /// The owner runs one operation at a time on a UI thread (a main form's click), so a connection closed by a later
    /// statement of the same handler, without a <c>finally</c>, counts as opened per operation.
    /// </summary>
    public bool CountsUnguardedBrackets { get; }

    public string Owner { get; }

    public string Reason { get; }

    public Location? OwnerLocation { get; }

    /// <summary>This chain, one step further down.</summary>
    public OwnerChain Then(string hop) => new(Owner, new List<string>(_hops) { hop }, Reason, OwnerLocation, CountsUnguardedBrackets);

    /// <summary>"'IrcBot' ('IrcBot' keeps the 'Database' in field '_db'); 'IrcBot' is a bot (...)".</summary>
    public override string ToString() => $"{Owner} ({string.Join(", then ", _hops)}); {Reason}";
}
