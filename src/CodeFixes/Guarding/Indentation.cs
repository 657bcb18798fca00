using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleConn.CodeFixes.Guarding;

/// <summary>
/// Moves user statements one level in or out without reformatting them: only the whitespace that starts a line
/// changes (never text inside string literals), so <c>for (;;)</c> stays <c>for (;;)</c>.
/// </summary>
internal static class Indentation
{
    /// <summary>The whitespace before <paramref name="token"/> when it starts a line, else empty.</summary>
    public static string Of(SyntaxToken token)
    {
        var leading = token.LeadingTrivia;
        return leading.Count > 0 && leading.Last().IsKind(SyntaxKind.WhitespaceTrivia) ? leading.Last().ToString() : string.Empty;
    }

    /// <summary>One level of indentation as the block uses it (its statements' indentation beyond its closing brace's).</summary>
    public static string UnitOf(Microsoft.CodeAnalysis.CSharp.Syntax.BlockSyntax block)
    {
        var inner = block.Statements.Count > 0 ? Of(block.Statements[0].GetFirstToken()) : string.Empty;
        var outer = Of(block.CloseBraceToken);
        return inner.Length > outer.Length && inner.StartsWith(outer, System.StringComparison.Ordinal) ? inner.Substring(outer.Length) : "    ";
    }

    public static TNode Shift<TNode>(TNode node, string add, string remove)
        where TNode : SyntaxNode
    {
        var first = node.GetFirstToken();
        return node.ReplaceTokens(node.DescendantTokens(), (original, current) =>
        {
            var atLineStart = original == first || original.GetPreviousToken().TrailingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            var result = new List<SyntaxTrivia>();
            foreach (var trivia in current.LeadingTrivia)
            {
                if (atLineStart && trivia.IsKind(SyntaxKind.WhitespaceTrivia))
                {
                    var text = trivia.ToString();
                    text = remove.Length > 0 && text.StartsWith(remove, System.StringComparison.Ordinal) ? text.Substring(remove.Length) : text;
                    result.Add(Whitespace(add + text));
                }
                else
                {
                    if (atLineStart && add.Length > 0 && !trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                    {
                        result.Add(Whitespace(add));
                    }

                    result.Add(trivia);
                }

                atLineStart = trivia.IsKind(SyntaxKind.EndOfLineTrivia);
            }

            if (atLineStart && add.Length > 0 && (current.LeadingTrivia.Count == 0 || current.LeadingTrivia.Last().IsKind(SyntaxKind.EndOfLineTrivia)))
            {
                result.Add(Whitespace(add));
            }

            return current.WithLeadingTrivia(result);
        });
    }
}
