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
        // A word across a chunk boundary is found in the chunk it starts in.
        var overlap = 1;
        foreach (var word in words)
        {
            overlap = Math.Max(overlap, word.Length - 1);
        }

        return AnyPiece(text, overlap, words, static (piece, _, words) => ContainsAnyOrEscape(piece, words), cancellationToken);
    }

    /// <summary>
    /// A test of one piece of a text: the piece, the length of its own part (what follows is overlap, the next piece's
    /// start, read so that something starting near the end is judged whole), and the caller's state.
    /// </summary>
    internal delegate bool PieceTest<TState>(ReadOnlySpan<char> piece, int ownLength, TState state);

    /// <summary>
    /// True when <paramref name="test"/> holds for the whole text (up to 64 KiB: one string, free for the compiler's own
    /// <c>StringText</c>) or for one of its chunks, each read with <paramref name="overlap"/> characters past its end
    /// (longer texts: <c>LargeText</c>, an editor's changed text).
    /// </summary>
    internal static bool AnyPiece<TState>(SourceText text, int overlap, TState state, PieceTest<TState> test, CancellationToken cancellationToken)
    {
        if (text.Length <= WholeStringLimit)
        {
            return test(text.ToString().AsSpan(), text.Length, state);
        }

        var buffer = ArrayPool<char>.Shared.Rent(ChunkLength + overlap);
        try
        {
            for (var start = 0; start < text.Length; start += ChunkLength)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var length = Math.Min(ChunkLength + overlap, text.Length - start);
                text.CopyTo(start, buffer, 0, length);
                if (test(new ReadOnlySpan<char>(buffer, 0, length), Math.Min(ChunkLength, length), state))
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
