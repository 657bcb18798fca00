using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// What a metadata reference lets a compilation's names bind to, in a form that holds no compilation: a project
/// reference by the referenced compilation's own <see cref="DeclarationWorld"/> (a body edit there makes a new
/// reference, not a new world; a declaration edit does), a file by its path and its modules' version ids, anything else
/// by the very instance, held weakly. An old compilation kept by a reference would live as long as the editor's trees.
/// </summary>
internal sealed class ReferenceWorld : IEquatable<ReferenceWorld>
{
    private static readonly ConditionalWeakTable<MetadataReference, ReferenceWorld> Known = new();

    private readonly MetadataReferenceProperties _properties;
    private readonly DeclarationWorld? _project;
    private readonly string? _path;
    private readonly ImmutableArray<Guid> _modules;
    private readonly WeakReference<MetadataReference>? _instance;
    private readonly int _hash;

    private ReferenceWorld(MetadataReferenceProperties properties, DeclarationWorld? project, string? path, ImmutableArray<Guid> modules, MetadataReference? instance, int identityHash)
    {
        _properties = properties;
        _project = project;
        _path = path;
        _modules = modules;
        _instance = instance is null ? null : new WeakReference<MetadataReference>(instance);
        _hash = unchecked(properties.GetHashCode() * 31 + identityHash);
    }

    /// <summary>The world <paramref name="reference"/> brings, read once per reference.</summary>
    public static ReferenceWorld Of(MetadataReference reference, CancellationToken cancellationToken)
    {
        if (Known.TryGetValue(reference, out var known))
        {
            return known;
        }

        var world = reference switch
        {
            CompilationReference project => FromProject(project, cancellationToken),
            PortableExecutableReference file => FromFile(file) ?? FromInstance(reference),
            _ => FromInstance(reference),
        };
        return Known.GetValue(reference, _ => world);
    }

    private static ReferenceWorld FromProject(CompilationReference reference, CancellationToken cancellationToken)
    {
        var project = DeclarationWorld.Of(reference.Compilation, cancellationToken);
        return new ReferenceWorld(reference.Properties, project, null, default, null, project.GetHashCode());
    }

    /// <summary>A file's path and version ids, or null when its metadata cannot be read (the compilation reports that).</summary>
    private static ReferenceWorld? FromFile(PortableExecutableReference reference)
    {
        ImmutableArray<Guid> modules;
        try
        {
            modules = reference.GetMetadata() switch
            {
                AssemblyMetadata assembly => assembly.GetModules().Select(module => module.GetModuleVersionId()).ToImmutableArray(),
                ModuleMetadata module => ImmutableArray.Create(module.GetModuleVersionId()),
                _ => default,
            };
        }
        catch (Exception exception) when (exception is BadImageFormatException or IOException or InvalidOperationException or NotSupportedException)
        {
            return null;
        }

        return modules.IsDefaultOrEmpty
            ? null
            : new ReferenceWorld(reference.Properties, null, reference.FilePath, modules, null,
                unchecked((reference.FilePath?.GetHashCode() ?? 0) * 31 + modules[0].GetHashCode()));
    }

    private static ReferenceWorld FromInstance(MetadataReference reference) =>
        new(reference.Properties, null, null, default, reference, RuntimeHelpers.GetHashCode(reference));

    public bool Equals(ReferenceWorld? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (_hash == other._hash
                && _properties.Equals(other._properties)
                && (_project, other._project, _instance, other._instance) switch
                {
                    ({ } project, { } otherProject, null, null) => project.Equals(otherProject),
                    (null, null, null, null) => _path == other._path && _modules.SequenceEqual(other._modules),
                    (null, null, { } instance, { } otherInstance) => instance.TryGetTarget(out var target) && otherInstance.TryGetTarget(out var otherTarget)
                        && ReferenceEquals(target, otherTarget),
                    _ => false,
                }));

    public override bool Equals(object? obj) => Equals(obj as ReferenceWorld);

    public override int GetHashCode() => _hash;
}
