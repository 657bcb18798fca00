using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// Decides whether a type is a server connection that can go stale while idle. Created once per compilation and
/// shared by every StaleConn rule (each would otherwise answer the same type questions again); answers are cached per
/// type definition because the same few types are asked about again and again. <c>DbConnection</c>,
/// <c>IDbConnection</c> and <c>Lazy&lt;T&gt;</c> are recognized by their full names, not resolved up front:
/// <c>GetTypeByMetadataName</c> searches every referenced assembly, a fixed cost every compilation paid at its start
/// whether or not its code touches a database.
/// </summary>
/// <remarks>
/// Roslyn hashes a constructed generic type by its definition (every <c>Task&lt;T&gt;</c> has one hash), so a cache
/// keyed by constructed types degrades into a linear search through every <c>Task&lt;…&gt;</c> seen so far. A
/// constructed type is a <c>DbConnection</c> or <c>IDbConnection</c> exactly when its definition is (neither is
/// generic), so it is answered from its definition's entry, and only computed in full when that entry says it is one.
/// </remarks>
internal sealed class ConnectionTypes
{
    /// <summary>Definitions a rule meets in a large project: every type of its fields, properties and locals.</summary>
    private const int MostExpectedDefinitions = 4096;

    /// <summary>Definitions met per source file, about: a small project's table is sized to it, not to a large one's.</summary>
    private const int ExpectedDefinitionsPerFile = 32;

    /// <summary>Deeper than any real base-type and interface hierarchy; only reached in code the compiler rejects.</summary>
    private const int MaxHierarchyDepth = 64;

    private static readonly (string[] Namespace, string Name)[] SqliteConnectionTypes =
    {
        (new[] { "Microsoft", "Data", "Sqlite" }, "SqliteConnection"),
        (new[] { "System", "Data", "SQLite" }, "SQLiteConnection"),
    };

    private static readonly FullTypeName DbConnectionName = new("System.Data.Common.DbConnection");

    private static readonly FullTypeName IDbConnectionName = new("System.Data.IDbConnection");

    private static readonly FullTypeName LazyOfT = new("System.Lazy`1");

    /// <summary>
    /// The assemblies a compiled reference to <c>IDbConnection</c> names: where it is defined (System.Data on .NET
    /// Framework, System.Data.Common on .NET) or forwarded from (netstandard).
    /// </summary>
    private static readonly string[] ConnectionInterfaceAssemblies = { "System.Data", "System.Data.Common", "netstandard" };

    private readonly bool _includeSqlite;
    private readonly ConcurrentDictionary<ITypeSymbol, bool> _cache = new(SymbolEqualityComparer.Default);

    // Sized up front to the compilation: filled with thousands of definitions by the first rule to run in a large
    // project, where growing it (which takes every lock of the table) cost more than the lookups.
    private readonly ConcurrentDictionary<ITypeSymbol, DefinitionKind> _definitionByReference;
    private readonly Func<ITypeSymbol, bool> _compute;

    /// <summary>Per referenced assembly: whether its types' interface lists can name <c>IDbConnection</c>.</summary>
    private readonly ConcurrentDictionary<IAssemblySymbol, bool> _assemblyMayListConnection = new(ReferenceComparer<IAssemblySymbol>.Instance);

    private int _interfaceListsRead;

    /// <summary>Message names of connection types: every report names one of the same few (MySqlConnection, IDbConnection).</summary>
    private readonly ConcurrentDictionary<ITypeSymbol, string> _displayNames = new(SymbolEqualityComparer.Default);

    private ConnectionTypes(bool includeSqlite, int expectedDefinitions)
    {
        _includeSqlite = includeSqlite;
        StartingTableSize = expectedDefinitions;
        _definitionByReference = new(concurrencyLevel: 4, capacity: expectedDefinitions, ReferenceComparer<ITypeSymbol>.Instance);
        _compute = Compute; // one delegate, not one per lookup
    }

    /// <summary>
    /// One instance per compilation and SQLite setting, shared by all rules. The table holds its compilations weakly,
    /// so nothing outlives them (as roslyn-analyzers' <c>WellKnownTypeProvider</c> does).
    /// </summary>
    private static readonly ConditionalWeakTable<Compilation, PerCompilation> Shared = new();

    /// <summary>The instance for <paramref name="compilation"/> and its <c>staleconn.include_sqlite</c> setting.</summary>
    public static ConnectionTypes Create(Compilation compilation, AnalyzerOptions options)
    {
        var includeSqlite = options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(AnalyzerOptionNames.IncludeSqlite, out var value)
            && bool.TryParse(value?.Trim(), out var parsed) && parsed;
        return Shared.GetValue(compilation, static c => new PerCompilation(ExpectedDefinitions(c))).Get(includeSqlite);
    }

    /// <summary>How many type definitions the classification's table was sized for: for tests of a small project's table.</summary>
    internal int StartingTableSize { get; }

    /// <summary>The table's starting size: a few hundred entries for a project of a few files (a 4,096 table was 41.8 KB).</summary>
    private static int ExpectedDefinitions(Compilation compilation) =>
        (int)Math.Min(MostExpectedDefinitions, (long)ExpectedDefinitionsPerFile * Math.Max(1, compilation.SyntaxTrees.Count()));

    /// <summary>
    /// The name messages show for <paramref name="type"/> (<see cref="DisplayFormats.TypeName"/>), built once per type
    /// rather than once per report: the reports of a project name the same few connection types.
    /// </summary>
    public string DisplayName(ITypeSymbol type) => _displayNames.GetOrAdd(type, static t => t.ToDisplayString(DisplayFormats.TypeName));

    /// <summary>True for DbConnection subclasses, IDbConnection implementations and interfaces, type parameters constrained to them, and <c>Lazy&lt;T&gt;</c> of one.</summary>
    public bool IsConnectionType(ITypeSymbol? type)
    {
        // string, int, object, IEnumerable<T>...: the compiler's special types are never connections, and are the most
        // common member and local types, so they are answered without a lookup.
        if (type is null || type.SpecialType != SpecialType.None || type.TypeKind == TypeKind.Error)
        {
            return false;
        }

        switch (type)
        {
            case INamedTypeSymbol named:
                return IsNamedConnectionType(named);
            case ITypeParameterSymbol:
                return _cache.GetOrAdd(type, _compute);
            default:
                return false; // arrays, pointers, dynamic: neither derive from DbConnection nor implement IDbConnection
        }
    }

    /// <summary>
    /// <c>Lazy&lt;T&gt;</c> by its argument; any other type by its definition first, which rules out almost every type.
    /// </summary>
    private bool IsNamedConnectionType(INamedTypeSymbol named)
    {
        // The definition's symbol object is the same on every call, so this first answer is a lookup by reference: it
        // runs for every local, field and property the rules see, and comparing symbols by value costs several times more.
        var definition = named.OriginalDefinition;
        switch (Classify(definition, depth: 0))
        {
            case DefinitionKind.Other:
                return false;
            case DefinitionKind.Lazy:
                return IsConnectionType(named.TypeArguments[0]);
        }

        // A connection type (rare): a constructed one is answered in full, a definition from the cache.
        return SymbolEqualityComparer.Default.Equals(named, definition) ? _cache.GetOrAdd(named, _compute) : Compute(named);
    }

    /// <summary>What <paramref name="definition"/> says about the types built from it, computed once per definition.</summary>
    private DefinitionKind Classify(INamedTypeSymbol definition, int depth)
    {
        if (_definitionByReference.TryGetValue(definition, out var kind))
        {
            return kind;
        }

        kind = LazyOfT.Matches(definition) ? DefinitionKind.Lazy
            : IsOrInheritsConnection(definition, depth) ? DefinitionKind.Connection
            : DefinitionKind.Other;
        _definitionByReference.TryAdd(definition, kind);
        return kind;
    }

    /// <summary>
    /// Whether <paramref name="definition"/> is <c>IDbConnection</c> or <c>DbConnection</c>, or its base type or one of
    /// the interfaces it lists is: each of those is a definition classified (once) in turn, so a type costs a look at its
    /// direct bases, not a walk of all its interfaces and base types.
    /// </summary>
    private bool IsOrInheritsConnection(INamedTypeSymbol definition, int depth)
    {
        if (IDbConnectionName.Matches(definition) || DbConnectionName.Matches(definition))
        {
            return true;
        }

        if (depth >= MaxHierarchyDepth || definition.TypeKind is not (TypeKind.Class or TypeKind.Interface or TypeKind.Struct))
        {
            return false;
        }

        if (definition.BaseType is { SpecialType: SpecialType.None, TypeKind: not TypeKind.Error } baseType
            && Classify(baseType.OriginalDefinition, depth + 1) == DefinitionKind.Connection)
        {
            return true;
        }

        if (!MayListConnectionInterface(definition))
        {
            return false;
        }

        Interlocked.Increment(ref _interfaceListsRead);
        foreach (var implemented in definition.Interfaces)
        {
            if (implemented.TypeKind != TypeKind.Error && Classify(implemented.OriginalDefinition, depth + 1) == DefinitionKind.Connection)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>How many type definitions had their interface lists read: for tests of what the classification skips.</summary>
    internal int InterfaceListsRead => Volatile.Read(ref _interfaceListsRead);

    /// <summary>
    /// Whether <paramref name="definition"/>'s own interface list can hold <c>IDbConnection</c> or an interface
    /// extending it. Compilers write a type's whole interface closure into its metadata, so a referenced type lists
    /// <c>IDbConnection</c> itself wherever it implements it other than through its base class, and its assembly then
    /// references one of <see cref="ConnectionInterfaceAssemblies"/>. Most member and local types come from assemblies
    /// that reference none (List, Dictionary, Task, the hosting and logging abstractions), and decoding their interface
    /// lists, new in each compilation, was the largest part of classifying them. Source types are always read.
    /// </summary>
    private bool MayListConnectionInterface(INamedTypeSymbol definition) =>
        definition.ContainingAssembly is not { } assembly
        || assembly is ISourceAssemblySymbol
        || _assemblyMayListConnection.GetOrAdd(assembly, static a => NamesConnectionInterfaceAssembly(a));

    private static bool NamesConnectionInterfaceAssembly(IAssemblySymbol assembly)
    {
        if (Array.IndexOf(ConnectionInterfaceAssemblies, assembly.Identity.Name) >= 0)
        {
            return true;
        }

        foreach (var module in assembly.Modules)
        {
            foreach (var reference in module.ReferencedAssemblies)
            {
                if (Array.IndexOf(ConnectionInterfaceAssemblies, reference.Name) >= 0)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private bool Compute(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { IsGenericType: true } named && LazyOfT.Matches(named.ConstructedFrom))
        {
            return IsConnectionType(named.TypeArguments[0]);
        }

        if (type is ITypeParameterSymbol typeParameter)
        {
            foreach (var constraint in typeParameter.ConstraintTypes)
            {
                if (IsConnectionType(constraint))
                {
                    return true;
                }
            }

            return false;
        }

        if (!IsDbConnectionOrIDbConnection(type))
        {
            return false;
        }

        return _includeSqlite || !(IsSqlite(type) || IsSqliteWrapper(type));
    }

    /// <summary>
    /// True for an embedded SQLite connection, or a class of one's own wrapping one, while SQLite is not turned on: such
    /// a value can be the service behind an <c>IDbConnection</c> registration without being a server connection.
    /// </summary>
    public bool IsEmbeddedConnection(ITypeSymbol? type) =>
        !_includeSqlite && type is not null && type.TypeKind != TypeKind.Error && IsDbConnectionOrIDbConnection(type)
        && (IsSqlite(type) || IsSqliteWrapper(type));

    /// <summary>
    /// A class that implements IDbConnection itself (not a DbConnection subclass) by delegating to a SQLite connection
    /// field, with no field of any other connection type in it or its base classes: the wrapper is as embedded as what it wraps.
    /// </summary>
    private bool IsSqliteWrapper(ITypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Class || InheritsDbConnection(type))
        {
            return false;
        }

        var wrapsSqlite = false;
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is not IFieldSymbol { IsStatic: false } field || !IsDbConnectionOrIDbConnection(field.Type))
                {
                    continue;
                }

                if (!IsSqlite(field.Type))
                {
                    return false;
                }

                wrapsSqlite = true;
            }
        }

        return wrapsSqlite;
    }

    private static bool InheritsDbConnection(ITypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (DbConnectionName.Matches(current))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsDbConnectionOrIDbConnection(ITypeSymbol type)
    {
        // A named type has its definition's answer (neither connection type is generic): one classification serves both.
        if (type is INamedTypeSymbol { TypeKind: not TypeKind.Error } named)
        {
            return Classify(named.OriginalDefinition, depth: 0) == DefinitionKind.Connection;
        }

        // A type parameter: through the interfaces and base class of its constraints.
        if (IDbConnectionName.Matches(type))
        {
            return true;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (IDbConnectionName.Matches(implemented))
            {
                return true;
            }
        }

        return InheritsDbConnection(type);
    }

    private static bool IsSqlite(ITypeSymbol type)
    {
        // Compared part by part rather than through a display string: this runs for every connection type registered
        // or created (SC0003, SC0005), and a display string per base type cost more than the rest of those checks.
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var (namespaceParts, name) in SqliteConnectionTypes)
            {
                if (current.Name == name && current.ContainingType is null && IsInNamespace(current.ContainingNamespace, namespaceParts))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="ns"/> is exactly <paramref name="parts"/> (outermost first) below the global namespace.</summary>
    private static bool IsInNamespace(INamespaceSymbol? ns, string[] parts)
    {
        for (var i = parts.Length - 1; i >= 0; i--)
        {
            if (ns is null || ns.IsGlobalNamespace || ns.Name != parts[i])
            {
                return false;
            }

            ns = ns.ContainingNamespace;
        }

        return ns is { IsGlobalNamespace: true };
    }

    /// <summary>What a type definition says about the types built from it.</summary>
    private enum DefinitionKind
    {
        /// <summary>Neither a connection nor <c>Lazy&lt;T&gt;</c>: no type built from it is a connection.</summary>
        Other,

        /// <summary>A <c>DbConnection</c> or <c>IDbConnection</c> type: the type is examined in full.</summary>
        Connection,

        /// <summary><c>Lazy&lt;T&gt;</c>: answered by its argument.</summary>
        Lazy,
    }

    /// <summary>Symbols by object identity: a definition's symbol object is stable, so no value comparison is needed.</summary>
    private sealed class ReferenceComparer<TSymbol> : IEqualityComparer<TSymbol>
        where TSymbol : class, ISymbol
    {
        public static readonly ReferenceComparer<TSymbol> Instance = new();

        public bool Equals(TSymbol? x, TSymbol? y) => ReferenceEquals(x, y);

        public int GetHashCode(TSymbol obj) => RuntimeHelpers.GetHashCode(obj);
    }

    /// <summary>The lazily built instances for one compilation, one per value of <c>staleconn.include_sqlite</c>.</summary>
    private sealed class PerCompilation
    {
        private readonly Lazy<ConnectionTypes> _withoutSqlite;
        private readonly Lazy<ConnectionTypes> _withSqlite;

        public PerCompilation(int expectedDefinitions)
        {
            _withoutSqlite = new(() => new ConnectionTypes(includeSqlite: false, expectedDefinitions), LazyThreadSafetyMode.ExecutionAndPublication);
            _withSqlite = new(() => new ConnectionTypes(includeSqlite: true, expectedDefinitions), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public ConnectionTypes Get(bool includeSqlite) => (includeSqlite ? _withSqlite : _withoutSqlite).Value;
    }
}
