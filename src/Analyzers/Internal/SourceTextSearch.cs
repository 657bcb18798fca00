using System;
using System.Buffers;
using System.Threading;
using Microsoft.CodeAnalysis.Text;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// Whether a file's text contains a word, without walking its syntax: a vectorized search over the text costs a small
/// fraction of visiting each node, so rules use it to rule out whole files before registering per-operation callbacks.
/// </summary>
internal static class SourceTextSearch
{
    /// <summary>Texts up to this length are searched as one string (free for the compiler's own <c>StringText</c>).</summary>
    private const int WholeStringLimit = 64 * 1024;

    private const int ChunkLength = 16 * 1024;

    /// <summary>
    /// True when <paramref name="text"/> contains one of <paramref name="words"/> (ordinal), or contains a Unicode
    /// escape (<c>\u0053ingleton</c> spells a name without its letters, so such a file is never ruled out).
    /// </summary>
    public static bool ContainsAnyOrEscape(SourceText text, string[] words, CancellationToken cancellationToken)
    {
        if (text.Length <= WholeStringLimit)
        {
            return ContainsAnyOrEscape(text.ToString().AsSpan(), words);
        }

        // Longer texts (LargeText, an editor's changed text) in overlapping chunks, so a word across a boundary is found.
        var overlap = 1;
        foreach (var word in words)
        {
            overlap = Math.Max(overlap, word.Length - 1);
        }

        var buffer = ArrayPool<char>.Shared.Rent(ChunkLength + overlap);
        try
        {
            for (var start = 0; start < text.Length; start += ChunkLength)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var length = Math.Min(ChunkLength + overlap, text.Length - start);
                text.CopyTo(start, buffer, 0, length);
                if (ContainsAnyOrEscape(new ReadOnlySpan<char>(buffer, 0, length), words))
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static bool ContainsAnyOrEscape(ReadOnlySpan<char> text, string[] words)
    {
        foreach (var word in words)
        {
            if (text.IndexOf(word.AsSpan(), StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return ContainsUnicodeEscape(text);
    }

    /// <summary><c>\u</c> or <c>\U</c>; backslashes are rare outside string literals, so each is looked at.</summary>
    private static bool ContainsUnicodeEscape(ReadOnlySpan<char> text)
    {
        for (var at = text.IndexOf('\\'); at >= 0 && at + 1 < text.Length; )
        {
            if (text[at + 1] is 'u' or 'U')
            {
                return true;
            }

            var next = text.Slice(at + 1).IndexOf('\\');
            at = next < 0 ? -1 : at + 1 + next;
        }

        return false;
    }
}
