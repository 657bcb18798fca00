using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StaleConn.CodeFixes.Guarding.Planning;

namespace StaleConn.CodeFixes.Lifetime;

/// <summary>
/// Whether a source type that no registration names can be built at all: a repository left out of the registrations
/// (its interface never registered) or a class no code uses takes the connection through its constructor, but nothing can
/// ever call that constructor, so it does not hold the connection's lifetime back. Anything that could build it unseen
/// keeps it a consumer: its name anywhere else (<c>new</c>, <c>typeof</c>, a type argument, <c>nameof</c>, a string),
/// reflection or assembly scanning anywhere in the compilation (Autofac, MediatR, MassTransit, a loop over <c>GetTypes()</c>;
/// a Scrutor scan only for the classes its selections can register, see <see cref="ScrutorScans"/>), a framework interface or base type (handlers and jobs discovered by interface), or an attribute.
/// </summary>
internal sealed class UnbuiltTypes
{
    private static readonly string[] ScanningNames =
    {
        "GetTypes", "GetExportedTypes", "DefinedTypes", "ExportedTypes", "CreateInstance", "RegisterAssemblyTypes", "RegisterServicesFromAssembly",
        "RegisterServicesFromAssemblies", "RegisterServicesFromAssemblyContaining", "AddMediatR", "AddConsumers",
        "AddConsumersFromNamespaceContaining", "RegisterAssemblyModules", "AddApplicationPart",
    };

    private static readonly ConditionalWeakTable<Compilation, UnbuiltTypes> Cache = new();

    private readonly Compilation _compilation;
    private readonly bool _scansTypes;
    private readonly ScrutorScans _scrutor;

    private UnbuiltTypes(Compilation compilation, CancellationToken cancellationToken)
    {
        _compilation = compilation;
        _scansTypes = compilation.SyntaxTrees.Any(t => NameIndex.MentionsAny(t, ScanningNames, cancellationToken));
        // Scrutor's scans are read: a selection only registers the classes it selects (azadmt/EA-Course-1402).
        _scrutor = ScrutorScans.Read(compilation, compilation.SyntaxTrees.Where(t => NameIndex.MentionsAny(t, ScrutorScans.Names, cancellationToken)), cancellationToken);
    }

    public static UnbuiltTypes For(Compilation compilation, CancellationToken cancellationToken) =>
        Cache.GetValue(compilation, c => new UnbuiltTypes(c, cancellationToken));

    /// <summary>True when nothing in the compilation can construct <paramref name="type"/> (the caller knows no registration names it).</summary>
    public bool NeverBuilt(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        !_scansTypes
        && !_scrutor.MayRegister(type)
        && !type.GetAttributes().Any()
        && !type.GetMembers().Any(m => m.GetAttributes().Any())
        && type.AllInterfaces.All(FromSourceOrSystem)
        && BaseTypesFromSource(type)
        && !NamedAnywhere(type, cancellationToken);

    // System's own interfaces (IDisposable, IEquatable<T>) discover nothing; a library's (IConsumer<T>, IJob) may.
    private static bool FromSourceOrSystem(INamedTypeSymbol type) =>
        type.Locations.Any(l => l.IsInSource)
        || type.ContainingNamespace?.ToDisplayString() is { } ns && (ns == "System" || ns.StartsWith("System.", System.StringComparison.Ordinal));

    private static bool BaseTypesFromSource(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            if (!current.Locations.Any(l => l.IsInSource))
            {
                return false;
            }
        }

        return true;
    }

    private bool NamedAnywhere(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (var tree in _compilation.SyntaxTrees)
        {
            if (NameIndex.HasLiteral(tree, type.Name, cancellationToken) || NameIndex.HasLiteral(tree, type.ToDisplayString(), cancellationToken))
            {
                return true;
            }

            // The declaration's own identifier is a token, not a name: any name node spelling it may build it.
            if (NameIndex.Mentions(tree, type.Name, cancellationToken)
                && tree.GetRoot(cancellationToken).DescendantNodes().OfType<SimpleNameSyntax>().Any(n => n.Identifier.ValueText == type.Name))
            {
                return true;
            }
        }

        return false;
    }
}
