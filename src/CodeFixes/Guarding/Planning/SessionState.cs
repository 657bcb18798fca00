using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// SQL that reads or leaves state on the server session — the last insert id, temporary tables, user variables — read
/// from the string literals of a unit of work. Units that share such state cannot each take a pooled connection of their
/// own when one calls another.
/// </summary>
internal static class SessionState
{
    private static readonly Regex Markers = new(
        @"LAST_INSERT_ID|@@IDENTITY|SCOPE_IDENTITY|\bLASTVAL\b|\bCURRVAL\b|FOUND_ROWS|ROW_COUNT\s*\(|\bTEMPORARY\b|\b(INTO|FROM|JOIN|TABLE)\s+#|\bSET\s+@",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public static bool IsReadOrWrittenIn(SyntaxNode unit) =>
        unit.DescendantTokens().Any(t =>
            (t.IsKind(SyntaxKind.StringLiteralToken) || t.IsKind(SyntaxKind.InterpolatedStringTextToken)
             || t.IsKind(SyntaxKind.MultiLineRawStringLiteralToken) || t.IsKind(SyntaxKind.SingleLineRawStringLiteralToken))
            && Markers.IsMatch(t.ValueText));
}
