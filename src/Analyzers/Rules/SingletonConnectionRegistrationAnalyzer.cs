using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using StaleConn.Analyzers.Internal;

namespace StaleConn.Analyzers.Rules;

/// <summary>SC0003: a connection registered as a singleton in dependency injection (service type, implementation type, instance or factory result).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SingletonConnectionRegistrationAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SingletonConnectionRegistration);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.Flags);
        context.RegisterCompilationStartAction(start =>
        {
            var connectionTypes = ConnectionTypes.Create(start.Compilation, start.Options);
            var registrations = ServiceRegistrations.Create(start.Compilation);
            if (connectionTypes is null || registrations is null)
            {
                return;
            }

            // Per type, so the per-call callback runs only in types whose files name a registration method: calls are
            // the most common operation, and registrations sit in a few composition classes.
            start.RegisterSymbolStartAction(
                typeStart =>
                {
                    if (registrations.MayRegisterIn((INamedTypeSymbol)typeStart.Symbol, typeStart.CancellationToken))
                    {
                        typeStart.RegisterOperationAction(
                            c =>
                            {
                                var invocation = (IInvocationOperation)c.Operation;
                                if (ServiceRegistrations.IsSingletonMethodName(invocation.TargetMethod.Name))
                                {
                                    Analyze(c, registrations.TryGetSingleton(invocation), connectionTypes);
                                }
                            },
                            OperationKind.Invocation);
                    }
                },
                SymbolKind.NamedType);

            if (registrations.ServiceDescriptor is not null)
            {
                start.RegisterOperationAction(
                    c => Analyze(c, registrations.TryGetSingleton((IObjectCreationOperation)c.Operation), connectionTypes),
                    OperationKind.ObjectCreation);
            }
        });
    }

    private static void Analyze(OperationAnalysisContext context, SingletonRegistration? registration, ConnectionTypes connectionTypes)
    {
        if (registration is null)
        {
            return;
        }

        var connectionType = FirstConnectionType(registration, connectionTypes);
        if (connectionType is not null)
        {
            GeneratedCode.Report(context, Diagnostic.Create(
                Descriptors.SingletonConnectionRegistration,
                registration.Location,
                registration.MethodName,
                connectionType.ToDisplayString(DisplayFormats.TypeName)));
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
