using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using StaleConn.Analyzers.Internal;

namespace StaleConn.Analyzers.Rules;

/// <summary>
/// SC0005: a singleton registration of a type that keeps a connection in its fields, auto-properties or captured
/// primary-constructor parameters. Reported at the registration, with an additional location on each member in source.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SingletonServiceHoldsConnectionAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SingletonServiceHoldsConnection);

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

            var longLivedTypes = LongLivedTypes.Create(start.Compilation, start.Options);
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
                                    Analyze(c, registrations.TryGetSingleton(invocation), connectionTypes, longLivedTypes);
                                }
                            },
                            OperationKind.Invocation);
                    }
                },
                SymbolKind.NamedType);

            if (registrations.ServiceDescriptor is not null)
            {
                start.RegisterOperationAction(
                    c => Analyze(c, registrations.TryGetSingleton((IObjectCreationOperation)c.Operation), connectionTypes, longLivedTypes),
                    OperationKind.ObjectCreation);
            }
        });
    }

    private static void Analyze(OperationAnalysisContext context, SingletonRegistration? registration, ConnectionTypes connectionTypes, LongLivedTypes longLivedTypes)
    {
        if (registration is null)
        {
            return;
        }

        // The implementation type, then each created type not seen before (no set: there are one or two).
        AnalyzeImplementation(context, registration, registration.ImplementationType, connectionTypes, longLivedTypes);
        var created = registration.CreatedTypes;
        for (var i = 0; i < created.Length; i++)
        {
            if (!IsSeen(created[i], registration.ImplementationType, created, i))
            {
                AnalyzeImplementation(context, registration, created[i], connectionTypes, longLivedTypes);
            }
        }
    }

    private static bool IsSeen(ITypeSymbol candidate, ITypeSymbol? implementationType, ImmutableArray<ITypeSymbol> created, int index)
    {
        if (SymbolEqualityComparer.Default.Equals(candidate, implementationType))
        {
            return true;
        }

        for (var i = 0; i < index; i++)
        {
            if (SymbolEqualityComparer.Default.Equals(candidate, created[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static void AnalyzeImplementation(
        OperationAnalysisContext context,
        SingletonRegistration registration,
        ITypeSymbol? candidate,
        ConnectionTypes connectionTypes,
        LongLivedTypes longLivedTypes)
    {
        if (candidate is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } type
            || connectionTypes.IsConnectionType(type)) // a connection itself: SC0003
        {
            return;
        }

        // What the type keeps first (cached for the compilation, shared with SC0001): most registered services keep
        // no connection, and the long-lived test is then not needed for them.
        var held = HeldConnections.FindShared(type, context.Compilation, connectionTypes, context.CancellationToken);
        if (held.Count == 0 || IsReportedBySC0002(type, context.Compilation, longLivedTypes))
        {
            return;
        }

        var additionalLocations = new List<Location>(held.Count);
        foreach (var connection in held)
        {
            var location = connection.Member.Locations.FirstOrDefault();
            if (location is not null && location.IsInSource && context.Compilation.ContainsSyntaxTree(location.SourceTree))
            {
                additionalLocations.Add(location);
            }
        }

        GeneratedCode.Report(context, Diagnostic.Create(
            Descriptors.SingletonServiceHoldsConnection,
            registration.Location,
            additionalLocations,
            registration.MethodName,
            type.ToDisplayString(DisplayFormats.TypeName),
            string.Join(", ", held.Select(h => h.Description))));
    }

    /// <summary>A hosted service or singleton declared in source already has its members reported where they are declared.</summary>
    private static bool IsReportedBySC0002(INamedTypeSymbol type, Compilation compilation, LongLivedTypes longLivedTypes) =>
        SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly) && longLivedTypes.GetReason(type) is not null;
}
