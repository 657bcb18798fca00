using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// Which files spell the name of each type declared in the compilation, read in one pass over every file's text: a rule
/// that asks where many classes are created would otherwise search every file once per class (482 holder classes in
/// the 200,000-line benchmark solution made that 80 % of all analyzer time). Identifiers are hashed as spans, so the
/// pass allocates nothing per identifier. A file with a Unicode escape (<c>\u0044atabase</c>) may spell any name.
/// </summary>
internal sealed class TypeNameOccurrences
{
    private static readonly IReadOnlyList<SyntaxTree> None = Array.Empty<SyntaxTree>();

    private readonly Dictionary<string, List<SyntaxTree>> _trees = new(StringComparer.Ordinal);
    private readonly List<SyntaxTree> _escaped = new();

    private TypeNameOccurrences()
    {
    }

    /// <summary>The files that may create or name a type called <paramref name="name"/>, in compilation order.</summary>
    public IEnumerable<SyntaxTree> TreesNaming(string name)
    {
        var named = _trees.TryGetValue(name, out var trees) ? trees : None;
        if (_escaped.Count == 0)
        {
            return named;
        }

        var all = new List<SyntaxTree>(named);
        foreach (var tree in _escaped)
        {
            if (!all.Contains(tree))
            {
                all.Add(tree);
            }
        }

        return all;
    }

    public static TypeNameOccurrences Create(Compilation compilation, CancellationToken cancellationToken)
    {
        var occurrences = new TypeNameOccurrences();
        var byHash = new Dictionary<int, List<string>>();
        foreach (var name in compilation.Assembly.TypeNames)
        {
            var hash = Hash(name.AsSpan());
            if (!byHash.TryGetValue(hash, out var names))
            {
                byHash[hash] = names = new List<string>(1);
            }

            if (!names.Contains(name))
            {
                names.Add(name);
            }
        }

        foreach (var tree in compilation.SyntaxTrees)
        {
            cancellationToken.ThrowIfCancellationRequested();
            occurrences.Read(tree, tree.GetText(cancellationToken).ToString().AsSpan(), byHash);
        }

        return occurrences;
    }

    private void Read(SyntaxTree tree, ReadOnlySpan<char> text, Dictionary<int, List<string>> byHash)
    {
        if (text.IndexOf("\\u".AsSpan(), StringComparison.Ordinal) >= 0 || text.IndexOf("\\U".AsSpan(), StringComparison.Ordinal) >= 0)
        {
            _escaped.Add(tree);
            return;
        }

        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (!char.IsLetter(c) && c != '_')
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
            {
                i++;
            }

            var word = text.Slice(start, i - start);
            if (!byHash.TryGetValue(Hash(word), out var names))
            {
                continue;
            }

            foreach (var name in names)
            {
                if (word.SequenceEqual(name.AsSpan()))
                {
                    if (!_trees.TryGetValue(name, out var trees))
                    {
                        _trees[name] = trees = new List<SyntaxTree>();
                    }

                    if (trees.Count == 0 || trees[trees.Count - 1] != tree)
                    {
                        trees.Add(tree);
                    }
                }
            }
        }
    }

    private static int Hash(ReadOnlySpan<char> word)
    {
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var c in word)
            {
                hash = (hash ^ c) * 16777619;
            }

            return hash;
        }
    }
}
