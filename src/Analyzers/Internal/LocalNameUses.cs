using System;
using System.Buffers;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// Whether a local's name occurs as an identifier inside a loop, or inside a lambda or anonymous method, within the
/// scope the local is declared in (loops and functions that contain the declaration itself do not count). Syntax
/// only: a loop or callback that never names the local cannot use it, so the operation walks that look for real uses
/// are skipped. Finds the identifiers by searching the scope's text for the name and looking at the tokens there,
/// which costs a fraction of walking every node of the scope.
/// </summary>
internal readonly struct LocalNameUses
{
    private LocalNameUses(bool inLoop, bool inAnonymousFunction)
    {
        InLoop = inLoop;
        InAnonymousFunction = inAnonymousFunction;
    }

    /// <summary>The name occurs inside a loop that does not contain the declaration.</summary>
    public bool InLoop { get; }

    /// <summary>The name occurs inside a lambda or anonymous method that does not contain the declaration.</summary>
    public bool InAnonymousFunction { get; }

    /// <param name="scope">The block (or other node) the local is declared in.</param>
    /// <param name="declarationSpan">The local's declarator.</param>
    /// <param name="name">The local's name.</param>
    /// <param name="cancellationToken">Cancels reading the syntax tree's text.</param>
    public static LocalNameUses Find(SyntaxNode scope, TextSpan declarationSpan, string name, CancellationToken cancellationToken)
    {
        var inLoop = false;
        var inFunction = false;
        if (name.Length == 0)
        {
            return default; // a half-typed declaration without a name: nothing can refer to it
        }

        // A use comes after the declaration (before it, the name is an error or another symbol), and so does a loop or
        // function that can hold one without holding the declaration: only the scope's text after the declaration is
        // read. It is copied into a pooled buffer: a string of it per connection local was most of what this rule
        // allocated, and allocations in a callback are what makes it pay for the compiler's garbage collections.
        var scopeSpan = scope.Span;
        var from = Math.Min(Math.Max(declarationSpan.End, scopeSpan.Start), scopeSpan.End);
        var length = scopeSpan.End - from;
        if (length == 0)
        {
            return default;
        }

        var buffer = ArrayPool<char>.Shared.Rent(length);
        try
        {
            scope.SyntaxTree.GetText(cancellationToken).CopyTo(from, buffer, 0, length);
            var text = new ReadOnlySpan<char>(buffer, 0, length);

            // An identifier written with Unicode escapes (\u0063onnection) is not spelled like its name in the text: look
            // at every token then. Otherwise every identifier token named `name` (or `@name`) has the name in its text.
            if (text.IndexOf("\\u".AsSpan(), StringComparison.OrdinalIgnoreCase) >= 0)
            {
                foreach (var token in scope.DescendantTokens())
                {
                    Visit(token, scope, declarationSpan, name, ref inLoop, ref inFunction);
                    if (inLoop && inFunction)
                    {
                        break;
                    }
                }

                return new LocalNameUses(inLoop, inFunction);
            }

            // Names before the first loop or function keyword (a lambda's body after its arrow) need no token lookup,
            // and without any such keyword there is nothing to find.
            var firstLoopOrFunction = FirstLoopOrFunctionKeyword(text);
            if (firstLoopOrFunction < 0)
            {
                return default;
            }

            var searched = firstLoopOrFunction;
            while (!(inLoop && inFunction))
            {
                var found = text.Slice(searched).IndexOf(name.AsSpan(), StringComparison.Ordinal);
                if (found < 0)
                {
                    break;
                }

                var at = searched + found;
                Visit(scope.FindToken(from + at), scope, declarationSpan, name, ref inLoop, ref inFunction);
                searched = at + name.Length;
            }

            return new LocalNameUses(inLoop, inFunction);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static readonly string[] LoopAndFunctionKeywords = { "while", "for", "foreach", "do", "delegate" };

    /// <summary>The position of the first loop keyword, <c>delegate</c> or <c>=&gt;</c> in <paramref name="text"/>, or -1.</summary>
    private static int FirstLoopOrFunctionKeyword(ReadOnlySpan<char> text)
    {
        var first = text.IndexOf("=>".AsSpan(), StringComparison.Ordinal);
        foreach (var keyword in LoopAndFunctionKeywords)
        {
            var at = IndexOfWord(text, keyword, first < 0 ? text.Length : first);
            if (at >= 0)
            {
                first = at;
            }
        }

        return first;
    }

    /// <summary>The first occurrence of <paramref name="word"/> before <paramref name="end"/> not inside a longer identifier, or -1.</summary>
    private static int IndexOfWord(ReadOnlySpan<char> text, string word, int end)
    {
        var searched = 0;
        while (searched < end)
        {
            var found = text.Slice(searched, end - searched).IndexOf(word.AsSpan(), StringComparison.Ordinal);
            if (found < 0)
            {
                return -1;
            }

            var at = searched + found;
            var after = at + word.Length;
            if ((at == 0 || !IsIdentifierPart(text[at - 1])) && (after >= text.Length || !IsIdentifierPart(text[after])))
            {
                return at;
            }

            searched = at + 1;
        }

        return -1;
    }

    private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '@';

    private static void Visit(SyntaxToken token, SyntaxNode scope, TextSpan declarationSpan, string name, ref bool inLoop, ref bool inFunction)
    {
        if (!token.IsKind(SyntaxKind.IdentifierToken) || token.ValueText != name)
        {
            return;
        }

        for (var node = token.Parent; node is not null && node != scope; node = node.Parent)
        {
            if (node.Span.Contains(declarationSpan))
            {
                continue;
            }

            if (IsLoop(node))
            {
                inLoop = true;
            }
            else if (IsAnonymousFunction(node))
            {
                inFunction = true;
            }
        }
    }

    private static bool IsLoop(SyntaxNode node) =>
        node.IsKind(SyntaxKind.WhileStatement)
        || node.IsKind(SyntaxKind.DoStatement)
        || node.IsKind(SyntaxKind.ForStatement)
        || node.IsKind(SyntaxKind.ForEachStatement)
        || node.IsKind(SyntaxKind.ForEachVariableStatement);

    private static bool IsAnonymousFunction(SyntaxNode node) =>
        node.IsKind(SyntaxKind.SimpleLambdaExpression)
        || node.IsKind(SyntaxKind.ParenthesizedLambdaExpression)
        || node.IsKind(SyntaxKind.AnonymousMethodExpression);
}
