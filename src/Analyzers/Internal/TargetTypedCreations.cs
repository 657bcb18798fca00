using System;
using System.Buffers;
using System.Threading;
using Microsoft.CodeAnalysis.Text;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// Whether a file's text may hold a target-typed <c>new(…)</c>, whose created type no text names: the keyword <c>new</c>
/// followed by <c>(</c>. Conservative: anything but a name, <c>[</c> or <c>{</c> after the keyword (a comment, a
/// directive, the end of a chunk) counts as a maybe, and so do <c>new</c> in strings and comments and <c>new()</c>
/// constraints. Lets a rule skip the per-creation callback in files (typed-DataSet designers) that cannot need it.
/// </summary>
internal static class TargetTypedCreations
{
    /// <summary>Texts up to this length are searched as one string (free for the compiler's own <c>StringText</c>).</summary>
    private const int WholeStringLimit = 64 * 1024;

    private const int ChunkLength = 16 * 1024;

    /// <summary>Characters read past a chunk's end: a keyword near the end is judged on what follows it.</summary>
    private const int Overlap = 64;

    private const string Keyword = "new";

    public static bool MayOccurIn(SourceText text, CancellationToken cancellationToken)
    {
        if (text.Length <= WholeStringLimit)
        {
            return MayOccurIn(text.ToString().AsSpan(), text.Length);
        }

        var buffer = ArrayPool<char>.Shared.Rent(ChunkLength + Overlap);
        try
        {
            for (var start = 0; start < text.Length; start += ChunkLength)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var length = Math.Min(ChunkLength + Overlap, text.Length - start);
                text.CopyTo(start, buffer, 0, length);
                // A keyword that starts in the overlap is the next chunk's; one before it is judged here.
                if (MayOccurIn(new ReadOnlySpan<char>(buffer, 0, length), Math.Min(ChunkLength, length)))
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

    /// <summary>Whether some <c>new</c> starting before <paramref name="startsBefore"/> may be followed by <c>(</c>.</summary>
    private static bool MayOccurIn(ReadOnlySpan<char> text, int startsBefore)
    {
        // A keyword may end past startsBefore, as long as it starts before it.
        var searched = Math.Min(text.Length, startsBefore + Keyword.Length - 1);
        var from = 0;
        while (from < startsBefore)
        {
            var found = text.Slice(from, searched - from).IndexOf(Keyword.AsSpan(), StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            var at = from + found;
            from = at + Keyword.Length;
            if (at > 0 && IsNamePart(text[at - 1]))
            {
                continue; // part of a longer name (renew, @new)
            }

            var next = from;
            while (next < text.Length && char.IsWhiteSpace(text[next]))
            {
                next++;
            }

            if (next == text.Length)
            {
                return true; // cut off by the chunk's end: what follows is unseen
            }

            if (IsNamePart(text[next]) || text[next] is '[' or '{')
            {
                continue; // newValue, new Foo(…), new[] {…}, new {…}
            }

            return true;
        }

        return false;
    }

    private static bool IsNamePart(char c) => char.IsLetterOrDigit(c) || c is '_' or '@';
}
