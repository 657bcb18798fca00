using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// What a name in a tree can bind to: every declaration of the compilation with the insides of its bodies left out,
/// its name, options and references (<see cref="ReferenceWorld"/>, which holds no compilation). Two compilations with equal worlds bind each name of an unchanged tree to the same
/// declaration, since a method's body declares nothing another tree can see; an edit inside a body (what typing
/// mostly is) keeps the world, a changed signature, member, type, using or reference makes a new one.
/// </summary>
internal sealed class DeclarationWorld : IEquatable<DeclarationWorld>
{
    private static readonly ConditionalWeakTable<Compilation, DeclarationWorld> Worlds = new();
    private static readonly ConditionalWeakTable<SyntaxTree, byte[]> Shapes = new();

    private readonly object[] _parts;
    private readonly int _hash;
    private int _comparedInFull;

    private DeclarationWorld(object[] parts)
    {
        _parts = parts;
        _hash = parts.Aggregate(parts.Length, (hash, part) => unchecked(hash * 31 + PartHash(part)));
    }

    /// <summary>The world of <paramref name="compilation"/>, read once per compilation (each tree's shape once per tree).</summary>
    public static DeclarationWorld Of(Compilation compilation, CancellationToken cancellationToken)
    {
        if (Worlds.TryGetValue(compilation, out var world))
        {
            return world;
        }

        // The assembly's name decides which InternalsVisibleTo of a reference lets it see internals.
        var parts = new List<object> { compilation.AssemblyName ?? "", OptionsThatBind(compilation.Options) };
        parts.AddRange(compilation.References.Select(reference => ReferenceWorld.Of(reference, cancellationToken)));
        foreach (var tree in compilation.SyntaxTrees)
        {
            var shape = ShapeOf(tree, cancellationToken);
            // A tree that declares nothing (an empty file added) changes no binding elsewhere.
            if (shape.Length > 0)
            {
                parts.Add(tree.Options);
                parts.Add(shape);
            }
        }

        return Worlds.GetValue(compilation, _ => new DeclarationWorld(parts.ToArray()));
    }

    /// <summary>
    /// The options without their per-tree provider: a tree's severities and generated-code mark change no binding, and
    /// the compiler's provider keys every tree of its compilation and compares by instance, so kept it would hold old
    /// trees for as long as the world lives and make every compilation a new world.
    /// </summary>
    private static CompilationOptions OptionsThatBind(CompilationOptions options) =>
        options.SyntaxTreeOptionsProvider is null ? options : options.WithSyntaxTreeOptionsProvider(null);

    /// <summary>How often this world was compared part by part with another instance (for tests: what an equal world costs).</summary>
    public int ComparedInFull => Volatile.Read(ref _comparedInFull);

    public bool Equals(DeclarationWorld? other)
    {
        if (other is null || ReferenceEquals(this, other))
        {
            return other is not null;
        }

        if (_hash != other._hash || _parts.Length != other._parts.Length)
        {
            return false;
        }

        Interlocked.Increment(ref _comparedInFull);
        Interlocked.Increment(ref other._comparedInFull);
        return _parts.Zip(other._parts, PartsEqual).All(equal => equal);
    }

    public override bool Equals(object? obj) => Equals(obj as DeclarationWorld);

    public override int GetHashCode() => _hash;

    /// <summary>
    /// A digest of the tree's tokens outside function bodies, or empty when it has none (nothing but trivia). Bodies
    /// keep a mark of their presence (<c>M();</c> against <c>M() { }</c> is a declaration change).
    /// </summary>
    private static byte[] ShapeOf(SyntaxTree tree, CancellationToken cancellationToken)
    {
        if (Shapes.TryGetValue(tree, out var known))
        {
            return known;
        }

        var text = new StringBuilder();
        foreach (var element in tree.GetRoot(cancellationToken).DescendantNodesAndTokens(node => !IsBody(node)))
        {
            if (element.IsNode)
            {
                if (IsBody(element.AsNode()!))
                {
                    // What lies inside is not a declaration; that there is a body is.
                    text.Append("\u0001body ");
                }

                continue;
            }

            if (element.AsToken() is { Span.Length: > 0 } token)
            {
                text.Append(token.Text).Append(' ');
            }
        }

        byte[] shape;
        if (text.Length == 0)
        {
            shape = Array.Empty<byte>();
        }
        else
        {
            using var sha = SHA256.Create();
            shape = sha.ComputeHash(Encoding.UTF8.GetBytes(text.ToString()));
        }

        return Shapes.GetValue(tree, _ => shape);
    }

    /// <summary>A function's body (block or arrow) inside a member or accessor: what it binds is visible to nothing outside.</summary>
    private static bool IsBody(SyntaxNode node) =>
        node is BlockSyntax { Parent: BaseMethodDeclarationSyntax or AccessorDeclarationSyntax }
            or ArrowExpressionClauseSyntax { Parent: BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or PropertyDeclarationSyntax or IndexerDeclarationSyntax };

    private static bool PartsEqual(object left, object right) =>
        (left, right) switch
        {
            (byte[] a, byte[] b) => a.SequenceEqual(b),
            _ => Equals(left, right),
        };

    private static int PartHash(object part) =>
        part switch
        {
            byte[] bytes => BitConverter.ToInt32(bytes, 0),
            _ => part.GetHashCode(),
        };
}
