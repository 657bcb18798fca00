using Microsoft.CodeAnalysis;

namespace StaleConn.Analyzers;

/// <summary>The catalogue of every diagnostic StaleConn reports.</summary>
public static class Descriptors
{
    /// <summary>SC0001: a static field or property holds a database connection.</summary>
    public static readonly DiagnosticDescriptor StaticConnection = Create(
        RuleIdentifiers.StaticConnection,
        title: "Static database connection",
        messageFormat: "Static {0} '{1}' holds a {2} for the life of the process; once it sits idle longer than the server's wait_timeout the next command fails",
        description: "A connection kept in a static member outlives every unit of work. The server closes it after wait_timeout seconds idle (8 hours by default, often minutes in production) and the next command fails with 'Connection reset by peer' or 'MySQL server has gone away'. Wrap it in StaleConn's ConnectionGuard or open a pooled connection per use.");

    private static DiagnosticDescriptor Create(string id, string title, string messageFormat, string description) =>
        new(id, title, messageFormat, RuleCategories.Reliability, DiagnosticSeverity.Warning, isEnabledByDefault: true,
            description: description, helpLinkUri: RuleIdentifiers.GetHelpUri(id));
}
