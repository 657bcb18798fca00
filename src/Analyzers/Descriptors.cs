using Microsoft.CodeAnalysis;

namespace StaleConn.Analyzers;

/// <summary>The catalogue of every diagnostic StaleConn reports.</summary>
public static class Descriptors
{
    /// <summary>SC0001: a static field or property holds a database connection.</summary>
    public static readonly DiagnosticDescriptor StaticConnection = Create(
        RuleIdentifiers.StaticConnection,
        title: "Static database connection",
        messageFormat: "Static {0} '{1}' of type {2} holds a database connection for the life of the process; once it sits idle longer than the server's wait_timeout the next command fails",
        description: "A connection kept in a static member outlives every unit of work. The server closes it after wait_timeout seconds idle (8 hours by default, often minutes in production) and the next command fails with 'Connection reset by peer' or 'MySQL server has gone away'. Wrap it in StaleConn's ConnectionGuard or open a pooled connection per use.");

    /// <summary>SC0002: an instance member of a long-lived service holds a database connection.</summary>
    public static readonly DiagnosticDescriptor LongLivedServiceConnection = Create(
        RuleIdentifiers.LongLivedServiceConnection,
        title: "Database connection held by a long-lived service",
        messageFormat: "{0} '{1}' of type {2} holds a database connection for as long as '{3}' lives, and '{3}' {4}; once the connection sits idle longer than the server's wait_timeout the next command fails",
        description: "A hosted service, Windows service, singleton, game-server plugin or add-in lives as long as the process, and so does every connection it keeps in a field, auto-property, captured primary-constructor parameter or collection it fills. The server closes the connection after wait_timeout seconds idle and the next command fails with 'Connection reset by peer' or 'MySQL server has gone away'. Wrap it in StaleConn's ConnectionGuard or open a pooled connection per unit of work.");

    /// <summary>SC0003: a database connection is registered as a singleton.</summary>
    public static readonly DiagnosticDescriptor SingletonConnectionRegistration = Create(
        RuleIdentifiers.SingletonConnectionRegistration,
        title: "Database connection registered as a singleton",
        messageFormat: "'{0}' registers {1} as a singleton: one connection is shared by the whole application for its lifetime and fails once it sits idle longer than the server's wait_timeout",
        description: "A singleton connection is created once and handed to every consumer for the life of the application; it is not safe to use concurrently and the server closes it after wait_timeout seconds idle. Register the connection as scoped or transient, register a DbDataSource (AddMySqlDataSource, AddNpgsqlDataSource) instead, or register a ConnectionGuard.");

    /// <summary>SC0004: a local connection created before a waiting loop is used inside it.</summary>
    public static readonly DiagnosticDescriptor ConnectionAcrossWaitingLoop = Create(
        RuleIdentifiers.ConnectionAcrossWaitingLoop,
        title: "Database connection reused across a waiting loop",
        messageFormat: "Connection '{0}' is created before a loop that waits ({1}) and is used on every iteration; when a wait lasts longer than the server's wait_timeout the next command fails",
        description: "A worker loop that waits for a timer, a queue or the console can sit idle for longer than the server's wait_timeout; a connection opened before the loop is then closed by the server and the next command fails with 'Connection reset by peer' or 'MySQL server has gone away'. Open a pooled connection inside the loop body (using/await using), or acquire a lease from StaleConn's ConnectionGuard on each iteration.");

    /// <summary>SC0005: a type registered as a singleton holds a database connection.</summary>
    public static readonly DiagnosticDescriptor SingletonServiceHoldsConnection = Create(
        RuleIdentifiers.SingletonServiceHoldsConnection,
        title: "Singleton service holds a database connection",
        messageFormat: "'{0}' registers '{1}' as a singleton, so the connection held by its {2} lives as long as the application and fails once it sits idle longer than the server's wait_timeout",
        description: "A service registered as a singleton is created once; every connection it keeps in a field, auto-property or captured primary-constructor parameter lives as long as the application and is closed by the server after wait_timeout seconds idle. Register the service as scoped or transient, hold a DbDataSource instead of a connection, or wrap the connection in StaleConn's ConnectionGuard.");

    /// <summary>SC0006: the connection a ConnectionGuard lease hands out is disposed, or the lease is held across a wait.</summary>
    public static readonly DiagnosticDescriptor LeaseMisuse = Create(
        RuleIdentifiers.LeaseMisuse,
        title: "Misuse of a ConnectionGuard lease",
        messageFormat: "{0}",
        description: "A lease lends the guard's connection for one unit of work. Disposing or closing lease.Connection throws away the session the guard keeps (the next lease reconnects, and an open transaction is lost). Holding a lease across Task.Delay, Thread.Sleep, a timer tick or a queue read keeps every other unit of work waiting and lets the connection idle past wait_timeout while leased, where the guard cannot check it. Dispose the lease when the unit of work ends.");

    /// <summary>SC0007: a connection field of a plain class whose every instance is kept by a long-lived owner.</summary>
    public static readonly DiagnosticDescriptor HeldByLongLivedOwner = Create(
        RuleIdentifiers.HeldByLongLivedOwner,
        title: "Database connection held by an object a long-lived owner keeps",
        messageFormat: "{0} '{1}' of '{2}' lives as long as {3}; once the connection sits idle longer than the server's wait_timeout the next command fails",
        description: "A plain class (Database, DbManager, UnitOfWork) that keeps a connection in a field lives as long as whatever keeps it. When every instance is created once and kept by a hosted or Windows service, a bot, a plugin, a singleton, a static collection, a loop that waits or an event it handles in a function that never returns, the connection lives for the process too; the server closes it after wait_timeout seconds idle and the next command fails with 'Connection reset by peer' or 'MySQL server has gone away'. Wrap the field in StaleConn's ConnectionGuard or open a pooled connection per use.");

    private static DiagnosticDescriptor Create(string id, string title, string messageFormat, string description) =>
        new(id, title, messageFormat, RuleCategories.Reliability, DiagnosticSeverity.Warning, isEnabledByDefault: true,
            description: description, helpLinkUri: RuleIdentifiers.GetHelpUri(id));
}
