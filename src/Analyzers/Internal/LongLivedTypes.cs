using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// Decides whether a type lives as long as the process by its own declaration (hosted service, Windows service,
/// classic singleton or one through a generic <c>Singleton&lt;T&gt;</c> base, a plugin or add-in its host keeps loaded, or a base listed in <c>staleconn.long_lived_types</c>),
/// and says why. Resolved once per compilation
/// (and option value) and shared by every StaleConn rule, so each type is examined once.
/// </summary>
internal sealed class LongLivedTypes
{
    private static readonly FullTypeName[] WcfServiceBehaviorAttributes = { new("System.ServiceModel.ServiceBehaviorAttribute"), new("CoreWCF.ServiceBehaviorAttribute") };

    private static readonly FullTypeName RequestDelegate = new("Microsoft.AspNetCore.Http.RequestDelegate");

    /// <summary>BackgroundService before IHostedService, so the reason names what the user wrote.</summary>
    private static readonly (FullTypeName Type, string Reason)[] WellKnownBaseClasses =
    {
        (new("Microsoft.Extensions.Hosting.BackgroundService"), "derives from BackgroundService (a hosted service lives as long as the host)"),
        (new("System.ServiceProcess.ServiceBase"), "derives from ServiceBase (a Windows service lives as long as the process)"),
    };

    private static readonly (FullTypeName Type, string Reason)[] WellKnownInterfaces =
    {
        (new("Microsoft.Extensions.Hosting.IHostedLifecycleService"), "implements IHostedLifecycleService (a hosted service lives as long as the host)"),
        (new("Microsoft.Extensions.Hosting.IHostedService"), "implements IHostedService (a hosted service lives as long as the host)"),
        (new("Topshelf.ServiceControl"), "implements Topshelf's ServiceControl (a Windows service lives as long as the process)"),
    };

    private const int InstanceContextModeSingle = 2; // InstanceContextMode.Single

    private static readonly char[] OptionSeparators = { ',', ';', ' ', '\t', '\r', '\n' };

    private readonly ImmutableArray<(INamedTypeSymbol Type, string Reason)> _baseClasses;
    private readonly ImmutableArray<(INamedTypeSymbol Type, string Reason)> _interfaces;
    private readonly bool _referencesWcf;
    private readonly ConcurrentDictionary<INamedTypeSymbol, string> _cache = new(SymbolEqualityComparer.Default);
    private readonly Func<INamedTypeSymbol, string> _compute;

    /// <param name="baseClasses">The classes named in <c>staleconn.long_lived_types</c>.</param>
    /// <param name="interfaces">The interfaces named there.</param>
    /// <param name="referencesWcf">The compilation references WCF or CoreWCF, so a service behaviour attribute can be read.</param>
    private LongLivedTypes(ImmutableArray<(INamedTypeSymbol Type, string Reason)> baseClasses, ImmutableArray<(INamedTypeSymbol Type, string Reason)> interfaces, bool referencesWcf)
    {
        _baseClasses = baseClasses;
        _interfaces = interfaces;
        _referencesWcf = referencesWcf;
        _compute = Compute; // one delegate, not one per lookup
    }

    /// <summary>Held weakly by compilation, so nothing outlives it; keyed within by the option's raw value.</summary>
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<string, Lazy<LongLivedTypes>>> Shared = new();

    /// <summary>Resolves the well-known long-lived bases and the ones named in the global options.</summary>
    public static LongLivedTypes Create(Compilation compilation, AnalyzerOptions options)
    {
        var configured = options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(AnalyzerOptionNames.LongLivedTypes, out var value) && value is not null
            ? value
            : null;
        var perCompilation = Shared.GetValue(compilation, static _ => new ConcurrentDictionary<string, Lazy<LongLivedTypes>>(StringComparer.Ordinal));

        // "\0" cannot be an option value read from a config file, so it stands for "not set".
        var created = perCompilation.GetOrAdd(
            configured ?? "\0",
            _ => new Lazy<LongLivedTypes>(() => CreateUncached(compilation, configured), System.Threading.LazyThreadSafetyMode.ExecutionAndPublication));
        return created.Value;
    }

    private static LongLivedTypes CreateUncached(Compilation compilation, string? configured)
    {
        var baseClasses = ImmutableArray.CreateBuilder<(INamedTypeSymbol, string)>();
        var interfaces = ImmutableArray.CreateBuilder<(INamedTypeSymbol, string)>();

        void Add(INamedTypeSymbol? type, string reason)
        {
            if (type is null)
            {
                return;
            }

            (type.TypeKind == TypeKind.Interface ? interfaces : baseClasses).Add((type, reason));
        }

        if (configured is not null)
        {
            foreach (var rawName in configured.Split(OptionSeparators, StringSplitOptions.RemoveEmptyEntries))
            {
                var name = rawName.StartsWith("global::", StringComparison.Ordinal) ? rawName.Substring("global::".Length) : rawName;
                foreach (var type in compilation.GetTypesByMetadataName(name))
                {
                    Add(type, $"derives from {type.Name} (listed in {AnalyzerOptionNames.LongLivedTypes})");
                }
            }
        }

        // Reading a type's attributes binds them: only worth it where the service behaviour attribute can exist. The
        // declarations are asked for the one name: the assembly's TypeNames builds a set of every type name it declares.
        var referencesWcf = compilation.ReferencedAssemblyNames.Any(a => a.Name.StartsWith("System.ServiceModel", StringComparison.Ordinal) || a.Name.StartsWith("CoreWCF", StringComparison.Ordinal))
            || compilation.ContainsSymbolsWithName("ServiceBehaviorAttribute", SymbolFilter.Type);
        return new LongLivedTypes(baseClasses.ToImmutable(), interfaces.ToImmutable(), referencesWcf);
    }

    /// <summary>Why <paramref name="type"/> lives as long as the process, or null when it does not by its own declaration.</summary>
    public string? GetReason(INamedTypeSymbol type)
    {
        var reason = _cache.GetOrAdd(type, _compute);
        return reason.Length == 0 ? null : reason;
    }

    private string Compute(INamedTypeSymbol type)
    {
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct))
        {
            return string.Empty;
        }

        foreach (var (candidate, reason) in WellKnownBaseClasses)
        {
            for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
            {
                if (candidate.Matches(current))
                {
                    return reason;
                }
            }
        }

        foreach (var (candidate, reason) in _baseClasses)
        {
            for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, candidate))
                {
                    return reason;
                }
            }
        }

        foreach (var (candidate, reason) in WellKnownInterfaces)
        {
            foreach (var implemented in type.AllInterfaces)
            {
                if (candidate.Matches(implemented))
                {
                    return reason;
                }
            }
        }

        foreach (var (candidate, reason) in _interfaces)
        {
            foreach (var implemented in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, candidate))
                {
                    return reason;
                }
            }
        }

        // The member-based reasons read the type's members, which builds every member symbol of the type (charged to
        // the rule that asks first): only where its declaration has a member they look for.
        var members = DeclaredMembers.Of(type);
        return (members.HasStaticField ? SingletonReason(type) : null)
            ?? GenericSingletonBases.Reason(type)
            ?? WcfSingletonReason(type)
            ?? (members.HasInvoke ? MiddlewareReason(type) : null)
            ?? (members.HasMain ? EntryPointReason(type) : null)
            ?? HostLoadedTypes.Reason(type)
            ?? string.Empty;
    }

    /// <summary>
    /// What a type's declarations (every part of a partial type) hold that a member-based reason looks for, read from
    /// syntax: a static field or property (a singleton's instance), a member named <c>Invoke</c> or <c>InvokeAsync</c>
    /// (middleware), one named <c>Main</c> (the entry point). A type not declared in C# source may hold any of them.
    /// </summary>
    private readonly struct DeclaredMembers
    {
        private static readonly DeclaredMembers Any = new(hasStaticField: true, hasInvoke: true, hasMain: true);

        private DeclaredMembers(bool hasStaticField, bool hasInvoke, bool hasMain)
        {
            HasStaticField = hasStaticField;
            HasInvoke = hasInvoke;
            HasMain = hasMain;
        }

        public bool HasStaticField { get; }

        public bool HasInvoke { get; }

        public bool HasMain { get; }

        public static DeclaredMembers Of(INamedTypeSymbol type)
        {
            var references = type.DeclaringSyntaxReferences;
            if (references.IsEmpty)
            {
                return Any;
            }

            bool hasStaticField = false, hasInvoke = false, hasMain = false;
            foreach (var reference in references)
            {
                if (reference.GetSyntax() is not TypeDeclarationSyntax declaration)
                {
                    return Any;
                }

                foreach (var member in declaration.Members)
                {
                    switch (member)
                    {
                        case BaseFieldDeclarationSyntax field:
                            hasStaticField |= IsStatic(field.Modifiers);
                            foreach (var variable in field.Declaration.Variables)
                            {
                                Note(variable.Identifier.ValueText, ref hasInvoke, ref hasMain);
                            }

                            break;
                        case PropertyDeclarationSyntax property:
                            hasStaticField |= IsStatic(property.Modifiers);
                            Note(property.Identifier.ValueText, ref hasInvoke, ref hasMain);
                            break;
                        case MethodDeclarationSyntax method:
                            Note(method.Identifier.ValueText, ref hasInvoke, ref hasMain);
                            break;
                        case EventDeclarationSyntax @event:
                            Note(@event.Identifier.ValueText, ref hasInvoke, ref hasMain);
                            break;
                        case BaseTypeDeclarationSyntax nested:
                            Note(nested.Identifier.ValueText, ref hasInvoke, ref hasMain);
                            break;
                        case DelegateDeclarationSyntax @delegate:
                            Note(@delegate.Identifier.ValueText, ref hasInvoke, ref hasMain);
                            break;
                    }
                }
            }

            return new DeclaredMembers(hasStaticField, hasInvoke, hasMain);
        }

        private static bool IsStatic(SyntaxTokenList modifiers) => modifiers.Any(SyntaxKind.StaticKeyword) && !modifiers.Any(SyntaxKind.ConstKeyword);

        private static void Note(string name, ref bool hasInvoke, ref bool hasMain)
        {
            hasInvoke |= name is "Invoke" or "InvokeAsync";
            hasMain |= name == "Main";
        }
    }

    /// <summary>
    /// <c>static void Main() =&gt; new Program().MainAsync().GetAwaiter().GetResult();</c>: the type declaring the entry
    /// point keeps its instance state for the life of the process (the usual shape of a chat bot).
    /// </summary>
    private static string? EntryPointReason(INamedTypeSymbol type)
    {
        foreach (var member in type.GetMembers("Main"))
        {
            if (member is IMethodSymbol { IsStatic: true, Parameters.Length: <= 1, TypeParameters.Length: 0 })
            {
                return "declares the program's Main method (its instance lives as long as the process)";
            }
        }

        return null;
    }

    /// <summary>
    /// Convention-based ASP.NET Core middleware (a constructor taking <c>RequestDelegate</c>, an <c>Invoke</c> or
    /// <c>InvokeAsync</c> method) is created once, when the pipeline is built, and serves every request.
    /// </summary>
    private string? MiddlewareReason(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Class || (type.GetMembers("Invoke").IsEmpty && type.GetMembers("InvokeAsync").IsEmpty))
        {
            return null;
        }

        foreach (var constructor in type.InstanceConstructors)
        {
            foreach (var parameter in constructor.Parameters)
            {
                if (RequestDelegate.Matches(parameter.Type))
                {
                    return "is ASP.NET Core middleware (created once and shared by every request)";
                }
            }
        }

        return null;
    }

    /// <summary><c>[ServiceBehavior(InstanceContextMode = InstanceContextMode.Single)]</c>: WCF creates one instance for the host's life.</summary>
    private string? WcfSingletonReason(INamedTypeSymbol type)
    {
        if (!_referencesWcf)
        {
            return null;
        }

        foreach (var attribute in type.GetAttributes())
        {
            if (!Array.Exists(WcfServiceBehaviorAttributes, name => name.Matches(attribute.AttributeClass)))
            {
                continue;
            }

            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == "InstanceContextMode" && argument.Value.Value is int mode && mode == InstanceContextModeSingle)
                {
                    return "is a WCF singleton service (InstanceContextMode.Single)";
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The classic singleton: a static field (or auto-property) holding an instance of the type itself, or a <c>Lazy</c> of
    /// it, written so that it keeps one (not per thread, not replaced by its accessor on every call).
    /// </summary>
    private string? SingletonReason(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Class)
        {
            return null;
        }

        foreach (var member in type.GetMembers())
        {
            if (member is not IFieldSymbol { IsStatic: true, IsConst: false } field || !SingletonInstanceWrites.HoldsInstanceOf(field.Type, type))
            {
                continue;
            }

            if (SingletonInstanceWrites.HoldsMoreThanOneInstance(field, type))
            {
                continue;
            }

            return $"is a singleton ({SingletonInstanceWrites.Describe(field)} holds its only instance)";
        }

        return null;
    }
}
