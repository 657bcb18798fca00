namespace StaleConn.Analyzers;

internal static class RuleCategories
{
    public const string Reliability = "Reliability";
}
