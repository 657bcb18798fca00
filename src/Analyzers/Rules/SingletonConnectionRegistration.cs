using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using StaleConn.Analyzers.Internal;

namespace StaleConn.Analyzers.Rules;

/// <summary>
/// SC0003: a connection registered as a singleton in dependency injection (service type, implementation type, instance
/// or factory result). Run by <see cref="SingletonRegistrationAnalyzer"/> for each singleton registration.
/// </summary>
internal static class SingletonConnectionRegistration
{
    /// <summary>Reports <paramref name="registration"/> when it registers a connection.</summary>
    public static void Analyze(OperationAnalysisContext context, SingletonRegistration registration, ConnectionTypes connectionTypes)
    {
        var connectionType = FirstConnectionType(registration, connectionTypes);
        if (connectionType is not null)
        {
            GeneratedCode.Report(context, Diagnostic.Create(
                Descriptors.SingletonConnectionRegistration,
                registration.Location,
                registration.MethodName,
                connectionTypes.DisplayName(connectionType)));
        }
    }

    private static ITypeSymbol? FirstConnectionType(SingletonRegistration registration, ConnectionTypes connectionTypes)
    {
        // The cached type tests first: most registrations register no connection, and the embedded test is not cached.
        var connectionType = FirstRegisteredConnectionType(registration, connectionTypes);
        if (connectionType is null || OnlyCreatesEmbeddedConnections(registration, connectionTypes))
        {
            return null; // AddSingleton<IDbConnection>(_ => new SqliteConnection(...)): a file, no server to time it out
        }

        return connectionType;
    }

    private static ITypeSymbol? FirstRegisteredConnectionType(SingletonRegistration registration, ConnectionTypes connectionTypes)
    {
        if (connectionTypes.IsConnectionType(registration.ServiceType))
        {
            return registration.ServiceType;
        }

        if (connectionTypes.IsConnectionType(registration.ImplementationType))
        {
            return registration.ImplementationType;
        }

        foreach (var created in registration.CreatedTypes)
        {
            if (connectionTypes.IsConnectionType(created))
            {
                return created;
            }
        }

        return null;
    }

    private static bool OnlyCreatesEmbeddedConnections(SingletonRegistration registration, ConnectionTypes connectionTypes)
    {
        if (registration.CreatedTypes.IsDefaultOrEmpty)
        {
            return false;
        }

        foreach (var created in registration.CreatedTypes)
        {
            if (!connectionTypes.IsEmbeddedConnection(created))
            {
                return false;
            }
        }

        return true;
    }
}
