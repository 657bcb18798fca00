using System;
using Microsoft.CodeAnalysis;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// A well-known top-level type by its full metadata name (<c>System.Threading.Tasks.Task</c>,
/// <c>System.Lazy`1</c>), matched against a symbol by comparing names, without building strings.
/// <c>Compilation.GetTypeByMetadataName</c> searches every referenced assembly for each name; a compilation start that
/// resolved a dozen names that way cost StaleConn's rules more on small real repositories than their analysis.
/// </summary>
internal sealed class FullTypeName
{
    private readonly string _namespace;
    private readonly string _metadataName;
    private readonly string _name;

    public FullTypeName(string fullMetadataName)
    {
        var dot = fullMetadataName.LastIndexOf('.');
        _namespace = dot < 0 ? string.Empty : fullMetadataName.Substring(0, dot);
        _metadataName = fullMetadataName.Substring(dot + 1);
        var arity = _metadataName.IndexOf('`');
        _name = arity < 0 ? _metadataName : _metadataName.Substring(0, arity);
    }

    /// <summary>The name without namespace and arity: "Task", "Lazy".</summary>
    public string Name => _name;

    /// <summary>
    /// True when <paramref name="type"/> (or its definition, for a constructed generic type) is this type. The plain
    /// name first: a source type builds its <c>MetadataName</c> anew on each call when it is generic.
    /// </summary>
    public bool Matches(ITypeSymbol? type) =>
        type is INamedTypeSymbol { ContainingType: null } named
        && named.Name == _name
        && named.MetadataName == _metadataName
        && IsNamespace(named.ContainingNamespace, _namespace.Length);

    /// <summary>Compares <paramref name="ns"/> with the first <paramref name="length"/> characters of the namespace, from the right.</summary>
    private bool IsNamespace(INamespaceSymbol? ns, int length)
    {
        if (ns is null || ns.IsGlobalNamespace)
        {
            return length == 0;
        }

        var segment = ns.Name;
        var start = length - segment.Length;
        if (start < 0 || string.CompareOrdinal(_namespace, start, segment, 0, segment.Length) != 0)
        {
            return false;
        }

        return start == 0
            ? ns.ContainingNamespace is null || ns.ContainingNamespace.IsGlobalNamespace
            : _namespace[start - 1] == '.' && IsNamespace(ns.ContainingNamespace, start - 1);
    }

    public override string ToString() => _namespace.Length == 0 ? _metadataName : _namespace + "." + _metadataName;
}
