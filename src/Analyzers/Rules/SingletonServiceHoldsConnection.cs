using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using StaleConn.Analyzers.Internal;

namespace StaleConn.Analyzers.Rules;

/// <summary>
/// SC0005: a singleton registration of a type that keeps a connection in its fields, auto-properties or captured
/// primary-constructor parameters. Reported at the registration, with an additional location on each member in source.
/// Run by <see cref="SingletonRegistrationAnalyzer"/> for each singleton registration.
/// </summary>
internal static class SingletonServiceHoldsConnection
{
    /// <summary>Reports <paramref name="registration"/> when the type it registers keeps a connection.</summary>
    public static void Analyze(OperationAnalysisContext context, SingletonRegistration registration, ConnectionTypes connectionTypes, LongLivedTypes longLivedTypes)
    {
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
