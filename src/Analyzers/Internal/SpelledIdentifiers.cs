using System;
using System.Buffers;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// The identifier tokens inside a node whose value is a name, in document order, found from where the node's text
/// spells the name (a vectorized search, then one token looked up per hit) instead of visiting every token: SC0007 asks
/// this of each local around a creation site, and of each waiting loop after it, and walking every node of those
/// scopes was most of its cost on small real folders (stop 40's profile). A text where an identifier may be spelled
/// otherwise (<see cref="IdentifierText.MaySpellOtherwise"/>) and an empty name (half-typed code) have every token read.
/// </summary>
internal static class SpelledIdentifiers
{
    /// <summary>How many scopes this thread read token by token: for tests of the text search that spares it.</summary>
    [ThreadStatic]
    internal static int ScopesReadWhole;

    /// <summary>
    /// Identifier tokens (and a <c>global</c> keyword standing as an identifier name) in <paramref name="node"/> that start
    /// at or after <paramref name="from"/> and whose value is <paramref name="name"/>, in document order.
    /// </summary>
    public static IEnumerable<SyntaxToken> In(SyntaxNode node, string name, int from, CancellationToken cancellationToken)
    {
        var text = node.SyntaxTree.GetText(cancellationToken);
        if (name.Length == 0 || IdentifierText.MaySpellOtherwise(text, cancellationToken))
        {
            ScopesReadWhole++;
            foreach (var token in node.DescendantTokens())
            {
                if (token.SpanStart >= from && IsIdentifierNamed(token, name))
                {
                    yield return token;
                }
            }

            yield break;
        }

        var start = Math.Max(from, node.SpanStart);
        var end = node.Span.End;
        if (end - start < name.Length)
        {
            yield break;
        }

        // The scope's text copied to a pooled buffer: an editor's text (changed, or read in chunks) would copy the whole
        // file for a string of it, and a string per scope is what a callback's allocations make the compiler pay for.
        var buffer = ArrayPool<char>.Shared.Rent(end - start);
        try
        {
            text.CopyTo(start, buffer, 0, end - start);
            var searched = buffer.AsMemory(0, end - start);
            for (var at = 0; (at = IndexOf(searched, name, at)) >= 0; at++)
            {
                var position = start + at;
                var token = node.FindToken(position);
                // A hit in a comment finds the token the comment is trivia of, which does not contain it; a hit in a longer
                // word or a string, a token of another value. A token whose value is the name spells it once.
                if (token.Span.Contains(position) && token.SpanStart >= from && IsIdentifierNamed(token, name))
                {
                    yield return token;
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static int IndexOf(ReadOnlyMemory<char> text, string name, int from)
    {
        var found = text.Span.Slice(from).IndexOf(name.AsSpan(), StringComparison.Ordinal);
        return found < 0 ? -1 : from + found;
    }

    private static bool IsIdentifierNamed(SyntaxToken token, string name) =>
        (token.IsKind(SyntaxKind.IdentifierToken) || token.Parent is IdentifierNameSyntax) && token.ValueText == name;
}
