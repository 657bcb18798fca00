using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis.Text;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// Where a file's text spells an identifier, read from its characters: each place the name stands as a whole word.
/// Every identifier token whose value is the name is such a place, unless its text spells the name otherwise — with a
/// Unicode escape (<c>\u0063on</c>) or with a formatting character the compiler leaves out of the value
/// (<c>c&#x200B;on</c>); <see cref="MaySpellOtherwise"/> finds the texts where that can happen.
/// </summary>
internal static class IdentifierText
{
    /// <summary>
    /// Longer files are read by the compiler into chunks, whose <c>ToString</c> copies the text; a shorter one is kept as
    /// one string, which <c>ToString</c> returns as it is.
    /// </summary>
    internal const int WholeStringLimit = 40 * 1024;

    /// <summary>The start of each whole-word <paramref name="name"/> in <c>text[start..end)</c>, in order; none for an empty name.</summary>
    public static IEnumerable<int> WholeWordsAt(string text, string name, int start, int end)
    {
        if (name.Length == 0)
        {
            yield break; // found at every position, it would never end
        }

        for (var at = IndexIn(text, name, start, end); at >= 0; at = IndexIn(text, name, at + name.Length, end))
        {
            if (WholeWords.IsWordAt(text, at, name.Length))
            {
                yield return at;
            }
        }
    }

    /// <summary>
    /// True when <paramref name="text"/> has a Unicode escape or a formatting character, either of which can hide an
    /// identifier from a text search; read once per text (a field's writes may be looked for in every file of its assembly).
    /// </summary>
    public static bool MaySpellOtherwise(SourceText text, CancellationToken cancellationToken)
    {
        if (TextsThatMaySpellOtherwise.TryGetValue(text, out var known))
        {
            return known.Value;
        }

        var found = SourceTextSearch.AnyPiece(text, 1, 0, static (piece, _, _) => MaySpellOtherwise(piece), cancellationToken);
        return TextsThatMaySpellOtherwise.GetValue(text, _ => new StrongBox<bool>(found)).Value;
    }

    private static readonly ConditionalWeakTable<SourceText, StrongBox<bool>> TextsThatMaySpellOtherwise = new();

    private static bool MaySpellOtherwise(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((c == '\\' && i + 1 < text.Length && text[i + 1] is 'u' or 'U')
                || (c >= 128 && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format))
            {
                return true;
            }
        }

        return false;
    }

    private static int IndexIn(string text, string name, int from, int end) =>
        end - from < name.Length ? -1 : text.IndexOf(name, from, end - from, StringComparison.Ordinal);
}
