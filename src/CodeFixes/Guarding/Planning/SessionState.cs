using System.Collections.Generic;
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

    /// <summary>State a unit sets for later units: user variables, session settings, temporary tables, the current database.</summary>
    private static readonly Regex LeftForLater = new(
        @"\bSET\s+(@|SESSION\b|LOCAL\b|search_path\b|ROLE\b|NAMES\b|TIME\s+ZONE\b)|\bTEMP(ORARY)?\s+TABLE\b|\b(INTO|TABLE)\s+#|^\s*USE\s",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Multiline);

    /// <summary>Reads of the session's last generated id: right only after an insert of the same unit.</summary>
    private static readonly Regex LastInsert = new(@"LAST_INSERT_ID|@@IDENTITY|SCOPE_IDENTITY|\bLASTVAL\b|\bCURRVAL\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>
    /// What sets the last generated id. An <c>UPDATE</c> does not: HeyBus's <c>Update Cliente ... where last_insert_id()</c>
    /// reads the id another request's insert left on the shared session.
    /// </summary>
    private static readonly Regex Insert = new(@"\b(INSERT|REPLACE)\b|\bnextval\s*\(", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>Reads of the last statement's row counts: right only after a write or counted select of the same unit.</summary>
    private static readonly Regex RowCounts = new(@"FOUND_ROWS|ROW_COUNT\s*\(", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static readonly Regex Write = new(@"\b(INSERT|UPDATE|REPLACE|DELETE|SQL_CALC_FOUND_ROWS)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public static bool IsReadOrWrittenIn(SyntaxNode unit) => Sql(unit).Any(Markers.IsMatch);

    /// <summary>
    /// The unit leaves state on the session for another unit, or reads state (the last insert id) it did not write
    /// itself: with a connection of its own per unit, the other would not see it.
    /// </summary>
    public static bool IsSharedBeyond(SyntaxNode unit)
    {
        return LeavesStateForLater(unit) || ReadsWhatAnotherUnitWrote(unit);
    }

    /// <summary>The unit leaves state on the session for later units: user variables, session settings, temporary tables, <c>USE</c>.</summary>
    public static bool LeavesStateForLater(SyntaxNode unit) => Sql(unit).Any(LeftForLater.IsMatch);

    /// <summary>
    /// The unit reads the last generated id (or row count) without writing anything itself: what another unit left on
    /// the session (HeyBus's <c>Update Cliente ... where last_insert_id()</c> after the sign-up's insert).
    /// </summary>
    public static bool ReadsWhatAnotherUnitWrote(SyntaxNode unit)
    {
        var sql = Sql(unit).ToList();
        return (sql.Any(LastInsert.IsMatch) && !sql.Any(Insert.IsMatch)) || (sql.Any(RowCounts.IsMatch) && !sql.Any(Write.IsMatch));
    }

    /// <summary>
    /// Whether each side of a call between units keeps its session state to itself, so that each can run on a session of
    /// its own: the caller reads and sets none, and each callee sets none for later and reads an id (row count) only
    /// after an insert (write) of its own, earlier in its text. Null callees (a call not resolved to a unit) keep nothing.
    /// </summary>
    public static bool KeptWithinCall(SyntaxNode caller, IReadOnlyList<SyntaxNode>? callees) =>
        callees is not null && !IsReadOrWrittenIn(caller) && callees.All(callee => !LeavesStateForLater(callee) && ReadsOnlyItsOwnWrites(callee));

    /// <summary>
    /// Each read of the last generated id (row count) follows, in an earlier statement, an insert (write) of the same unit:
    /// <c>INSERT INTO in_conversation ... VALUES (LAST_INSERT_ID(), ...)</c> after <c>INSERT INTO conversation ...</c>, or
    /// <c>INSERT ...; SELECT LAST_INSERT_ID()</c> in one string. Within one statement the read sees the previous insert.
    /// </summary>
    private static bool ReadsOnlyItsOwnWrites(SyntaxNode unit)
    {
        bool inserted = false, written = false;
        foreach (var sql in Sql(unit).SelectMany(text => text.Split(';')))
        {
            if ((LastInsert.IsMatch(sql) && !inserted) || (RowCounts.IsMatch(sql) && !written))
            {
                return false;
            }

            inserted |= Insert.IsMatch(sql);
            written |= Write.IsMatch(sql);
        }

        return true;
    }

    /// <summary>
    /// The unit switches the held connection's database (<c>connection.ChangeDatabase(name)</c>) for the statements after
    /// it. Only a call on one of <paramref name="uses"/> counts: vcap-dotnet's Node switches a local connection of its own.
    /// </summary>
    public static bool ChangesDatabase(SyntaxNode unit, IEnumerable<ExpressionSyntax> uses) =>
        unit.DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Any(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ChangeDatabase" or "ChangeDatabaseAsync" } call
                && uses.Any(use => call.Expression.Span.Contains(use.Span)));

    private static IEnumerable<string> Sql(SyntaxNode unit) =>
        unit.DescendantTokens()
            .Where(t => t.IsKind(SyntaxKind.StringLiteralToken) || t.IsKind(SyntaxKind.InterpolatedStringTextToken)
                        || t.IsKind(SyntaxKind.MultiLineRawStringLiteralToken) || t.IsKind(SyntaxKind.SingleLineRawStringLiteralToken))
            .Select(t => t.ValueText);
}
