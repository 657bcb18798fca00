namespace StaleConn.Analyzers.Internal;

/// <summary>Keys read from global analyzer options (<c>.globalconfig</c>), once per compilation.</summary>
internal static class AnalyzerOptionNames
{
    /// <summary>Comma- or semicolon-separated fully qualified names of extra long-lived base types or interfaces.</summary>
    public const string LongLivedTypes = "staleconn.long_lived_types";

    /// <summary><c>true</c> treats embedded SQLite connections as connection types too.</summary>
    public const string IncludeSqlite = "staleconn.include_sqlite";
}
