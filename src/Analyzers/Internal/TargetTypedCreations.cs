using System;
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
    /// <summary>Characters read past a chunk's end: a keyword near the end is judged on what follows it.</summary>
    private const int Overlap = 64;

    private const string Keyword = "new";

    // A keyword that starts in a chunk's overlap is the next chunk's; one before it is judged in its own chunk.
    public static bool MayOccurIn(SourceText text, CancellationToken cancellationToken) =>
        SourceTextSearch.AnyPiece(text, Overlap, 0, static (piece, ownLength, _) => MayOccurIn(piece, ownLength), cancellationToken);

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
