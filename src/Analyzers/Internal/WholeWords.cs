namespace StaleConn.Analyzers.Internal;

/// <summary>
/// Whether a name found in a file's text stands as a whole word there (<c>Db</c> not inside <c>DbConnection</c>): the
/// text searches that skip files before their syntax is read ask this of each hit. A verbatim <c>@name</c> counts as
/// the name, as its token's value does.
/// </summary>
internal static class WholeWords
{
    public static bool IsWordAt(string text, int at, int length) =>
        (at == 0 || !IsIdentifierPart(text[at - 1])) && (at + length == text.Length || !IsIdentifierPart(text[at + length]));

    private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_';
}
