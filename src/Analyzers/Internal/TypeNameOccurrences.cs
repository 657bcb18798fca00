using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// Which files spell the name of each type declared in the compilation, read in one pass over every file's text: a rule
/// that asks where many classes are created would otherwise search every file once per class (482 holder classes in
/// the 200,000-line benchmark solution made that 80 % of all analyzer time). Identifiers are hashed as spans, so the
/// pass allocates nothing per identifier; it keeps where each name is spelled, so a search can start from those tokens
/// instead of walking every node of the file. A file with a Unicode escape (<c>\u0044atabase</c>) may spell any name.
/// </summary>
internal sealed class TypeNameOccurrences
{
    private static readonly IReadOnlyList<Spelling> NoSpellings = Array.Empty<Spelling>();

    private readonly Dictionary<string, List<Spelling>> _spellings = new(StringComparer.Ordinal);
    private readonly List<SyntaxTree> _escaped = new();

    private TypeNameOccurrences()
    {
    }

    /// <summary>Where one file spells a name: the start of each identifier that is the name.</summary>
    internal sealed class Spelling
    {
        public Spelling(SyntaxTree tree)
        {
            Tree = tree;
        }

        public SyntaxTree Tree { get; }

        public List<int> Positions { get; } = new(2);
    }

    /// <summary>Where files spell <paramref name="name"/> as an identifier, file by file in compilation order.</summary>
    public IReadOnlyList<Spelling> SpellingsOf(string name) => _spellings.TryGetValue(name, out var spellings) ? spellings : NoSpellings;

    /// <summary>Files with a Unicode escape, which may spell any name where the scan cannot see it: read them whole.</summary>
    public IReadOnlyList<SyntaxTree> Escaped => _escaped;

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

        // One buffer for every file: the text is copied, not turned into a string per file.
        var buffer = Array.Empty<char>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var text = tree.GetText(cancellationToken);
            if (buffer.Length < text.Length)
            {
                buffer = new char[Math.Max(text.Length, buffer.Length * 2)];
            }

            text.CopyTo(0, buffer, 0, text.Length);
            occurrences.Read(tree, new ReadOnlySpan<char>(buffer, 0, text.Length), byHash);
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
                    if (!_spellings.TryGetValue(name, out var spellings))
                    {
                        _spellings[name] = spellings = new List<Spelling>();
                    }

                    if (spellings.Count == 0 || spellings[spellings.Count - 1].Tree != tree)
                    {
                        spellings.Add(new Spelling(tree));
                    }

                    spellings[spellings.Count - 1].Positions.Add(start);
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
