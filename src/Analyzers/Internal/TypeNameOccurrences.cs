using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// Where the files of a compilation spell the names of its types. A rule that asks where a few classes are created
/// searches every file's text for each name (a vectorized <c>IndexOf</c>); once it has asked for
/// <see cref="NamesSearchedOneByOne"/> names, every file is read once into an index of all the compilation's type names
/// (482 holder classes in the 200,000-line benchmark solution made one search per class 80 % of all analyzer time,
/// while a real repository with a handful of holders paid more for the index than for the searches). Identifiers are
/// hashed as spans, so the index allocates nothing per identifier. Each spelling keeps its position, so a search can
/// start from those tokens instead of walking every node of the file. A file with a Unicode escape
/// (<c>\u0044atabase</c>) may spell any name and is read whole (<see cref="Escaped"/>).
/// </summary>
internal sealed class TypeNameOccurrences
{
    /// <summary>
    /// How many names are searched file by file before the whole index is built. Both scale with the text: a search
    /// reads 0.13–0.19 ns a character, the index 4–6 ns (25–45 searches' worth, on real repositories and generated code
    /// alike), so the index pays only past about that many names. At 12, LinksKeeper's 13 names built a 0.5 ms index
    /// to save one 0.01 ms search (docs/benchmarks.md, stop 25); the generated solution's 482 holders pay 12 searches more.
    /// </summary>
    internal const int NamesSearchedOneByOne = 24;

    private static readonly IReadOnlyList<Spelling> NoSpellings = Array.Empty<Spelling>();

    private static readonly bool[] AsciiWordStart = AsciiTable(c => char.IsLetter(c) || c == '_');

    private static readonly bool[] AsciiWordPart = AsciiTable(c => char.IsLetterOrDigit(c) || c == '_');

    private readonly Compilation _compilation;
    private readonly SyntaxTree[] _trees;
    private readonly string?[] _texts;
    private readonly Dictionary<string, List<Spelling>> _spellings = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private List<SyntaxTree>? _escaped;
    private bool _indexed;

    private TypeNameOccurrences(Compilation compilation)
    {
        _compilation = compilation;
        _trees = System.Linq.Enumerable.ToArray(compilation.SyntaxTrees);
        _texts = new string?[_trees.Length];
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

    /// <summary>True once the whole index was built (for tests).</summary>
    internal bool IsIndexed => _indexed;

    /// <summary>Where files spell <paramref name="name"/> as an identifier, file by file in compilation order.</summary>
    public IReadOnlyList<Spelling> SpellingsOf(string name)
    {
        if (name.Length == 0)
        {
            return NoSpellings; // a type left unnamed in half-typed code (`record R(...) :`): the search would never end
        }

        lock (_gate)
        {
            if (_spellings.TryGetValue(name, out var known))
            {
                return known;
            }

            if (_indexed)
            {
                return NoSpellings;
            }

            if (_spellings.Count >= NamesSearchedOneByOne)
            {
                BuildIndex();
                return _spellings.TryGetValue(name, out var indexed) ? indexed : NoSpellings;
            }

            var found = Search(name);
            _spellings[name] = found;
            return found;
        }
    }

    /// <summary>Files with a Unicode escape, which may spell any name where the scan cannot see it: read them whole.</summary>
    public IReadOnlyList<SyntaxTree> Escaped
    {
        get
        {
            lock (_gate)
            {
                return EscapedTrees();
            }
        }
    }

    private List<SyntaxTree> EscapedTrees()
    {
        if (_escaped is null)
        {
            var escaped = new List<SyntaxTree>();
            for (var i = 0; i < _trees.Length; i++)
            {
                var text = TextOf(i);
                if (text.IndexOf("\\u", StringComparison.Ordinal) >= 0 || text.IndexOf("\\U", StringComparison.Ordinal) >= 0)
                {
                    escaped.Add(_trees[i]);
                }
            }

            _escaped = escaped;
        }

        return _escaped;
    }

    /// <summary>The files a name search reads: not those with an escape, which are read whole anyway.</summary>
    private IEnumerable<int> ScannedTrees()
    {
        var escaped = EscapedTrees();
        for (var i = 0; i < _trees.Length; i++)
        {
            if (escaped.Count == 0 || !escaped.Contains(_trees[i]))
            {
                yield return i;
            }
        }
    }

    /// <summary>Nothing is read until a name is asked for.</summary>
    public static TypeNameOccurrences Create(Compilation compilation) => new(compilation);

    /// <summary>
    /// A file's text as a string: free for the usual file (its source text keeps one), copied once and kept for a large
    /// one (read in chunks), so repeated searches do not copy it again.
    /// </summary>
    private string TextOf(int index) => _texts[index] ??= _trees[index].GetText().ToString();

    private List<Spelling> Search(string name)
    {
        var spellings = new List<Spelling>();
        foreach (var i in ScannedTrees())
        {
            var text = TextOf(i);
            Spelling? spelling = null;
            for (var at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + name.Length, StringComparison.Ordinal))
            {
                if (!WholeWords.IsWordAt(text, at, name.Length))
                {
                    continue; // part of a longer word: DatabaseManager, MyDatabase
                }

                spelling ??= new Spelling(_trees[i]);
                spelling.Positions.Add(at);
            }

            if (spelling is not null)
            {
                spellings.Add(spelling);
            }
        }

        return spellings;
    }

    /// <summary>Every type name of the compilation, in one pass over every file.</summary>
    private void BuildIndex()
    {
        var byHash = new Dictionary<int, List<string>>();
        var typeNames = _compilation.Assembly.TypeNames;
        var nameLengths = new bool[typeNames.Count == 0 ? 1 : typeNames.Max(n => n.Length) + 1];
        foreach (var name in typeNames)
        {
            nameLengths[name.Length] = true;
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

        _spellings.Clear();
        foreach (var i in ScannedTrees())
        {
            Read(_trees[i], TextOf(i).AsSpan(), byHash, nameLengths);
        }

        _indexed = true;
    }

    /// <summary>
    /// Every identifier of <paramref name="text"/> that is a type name. Only words as long as some type name are hashed:
    /// most words of a file (keywords, locals, members) are not, and hashing each was most of the index's cost.
    /// </summary>
    private void Read(SyntaxTree tree, ReadOnlySpan<char> text, Dictionary<int, List<string>> byHash, bool[] nameLengths)
    {
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (!IsWordStart(c))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && IsWordPart(text[i]))
            {
                i++;
            }

            var length = i - start;
            if (length >= nameLengths.Length || !nameLengths[length])
            {
                continue;
            }

            var word = text.Slice(start, length);
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

    /// <summary>A letter or underscore: the characters that start a word (<see cref="char.IsLetter(char)"/> past ASCII).</summary>
    private static bool IsWordStart(char c) => c < 128 ? AsciiWordStart[c] : char.IsLetter(c);

    /// <summary>A letter, digit or underscore (<see cref="char.IsLetterOrDigit(char)"/> past ASCII).</summary>
    private static bool IsWordPart(char c) => c < 128 ? AsciiWordPart[c] : char.IsLetterOrDigit(c);

    private static bool[] AsciiTable(Func<char, bool> test)
    {
        var table = new bool[128];
        for (var c = 0; c < table.Length; c++)
        {
            table[c] = test((char)c);
        }

        return table;
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
