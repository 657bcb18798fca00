using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using StaleConn.Analyzers.Internal;

namespace StaleConn.Analyzers.Rules;

/// <summary>
/// SC0007: an instance field or auto-property of a connection type in a plain class whose every instance is kept by
/// a long-lived owner (<see cref="OwnerKeptConnections"/>). Reported on the member, where the fixes act, with the owner as
/// additional location. A class long-lived by its own declaration is SC0002's; one kept directly in a static, SC0001's;
/// one registered as a singleton, SC0005's.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HeldByLongLivedOwnerAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.HeldByLongLivedOwner);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.Flags);
        context.RegisterCompilationStartAction(start =>
        {
            var connectionTypes = ConnectionTypes.Create(start.Compilation, start.Options);
            var longLivedTypes = LongLivedTypes.Create(start.Compilation, start.Options);
            start.RegisterSymbolAction(c => AnalyzeMember(c, connectionTypes, longLivedTypes), SymbolKind.Field, SymbolKind.Property);
        });
    }

    private static void AnalyzeMember(SymbolAnalysisContext context, ConnectionTypes connectionTypes, LongLivedTypes longLivedTypes)
    {
        var member = context.Symbol;
        var location = member.Locations[0];
        // A member in generated code is never reported, so its owners need not be walked: a DataSet designer declares a
        // connection field in every TableAdapter, and the walk searches the whole project for each.
        if (OwnerKeptConnections.Find(member, context.Compilation, connectionTypes, longLivedTypes, context.CancellationToken,
                skipWalk: m => GeneratedCode.IsGenerated(location, m, context.Compilation, context.Options, context.CancellationToken)) is not { } chain)
        {
            return;
        }

        var ownerLocation = chain.OwnerLocation;
        var additional = ownerLocation is not null && ownerLocation.IsInSource && context.Compilation.ContainsSyntaxTree(ownerLocation.SourceTree)
            ? new[] { ownerLocation }
            : System.Array.Empty<Location>();
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.HeldByLongLivedOwner,
            location,
            additional,
            member is IFieldSymbol ? "Field" : "Property",
            member.Name,
            member.ContainingType.Name,
            chain.ToString()));
    }
}
