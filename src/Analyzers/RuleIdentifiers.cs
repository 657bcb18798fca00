namespace StaleConn.Analyzers;

/// <summary>The stable identifiers of StaleConn's diagnostics, and where each one is documented.</summary>
public static class RuleIdentifiers
{
    /// <summary>A static field or property holds a database connection.</summary>
    public const string StaticConnection = "SC0001";

    /// <summary>An instance member of a hosted service, Windows service or singleton holds a database connection.</summary>
    public const string LongLivedServiceConnection = "SC0002";

    /// <summary>A database connection is registered as a singleton in dependency injection.</summary>
    public const string SingletonConnectionRegistration = "SC0003";

    /// <summary>A local connection created before a loop that waits is used inside that loop.</summary>
    public const string ConnectionAcrossWaitingLoop = "SC0004";

    /// <summary>A type registered as a singleton holds a database connection in its fields.</summary>
    public const string SingletonServiceHoldsConnection = "SC0005";

    /// <summary>A ConnectionGuard lease is misused: its connection is disposed, or the lease is held across a wait.</summary>
    public const string LeaseMisuse = "SC0006";

    /// <summary>A connection field of a plain class whose every instance is kept by a long-lived owner.</summary>
    public const string HeldByLongLivedOwner = "SC0007";

    /// <summary>Where the rule pages live; <see cref="GetHelpUri"/> appends <c>ID.md</c>.</summary>
    public const string HelpUriBase = "https://github.com/staleconn/staleconn/blob/main/docs/rules/";

    /// <summary>Returns the documentation page of a rule.</summary>
    /// <param name="identifier">A rule identifier such as <c>SC0001</c>.</param>
    public static string GetHelpUri(string identifier) => HelpUriBase + identifier + ".md";
}
