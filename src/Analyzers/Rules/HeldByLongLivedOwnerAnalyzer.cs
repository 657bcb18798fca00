using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using StaleConn.Analyzers.Internal;

namespace StaleConn.Analyzers.Rules;

/// <summary>
/// SC0007: an instance field or auto-property of a connection type in a plain class whose every instance is kept by
/// a long-lived owner (<see cref="LongLivedOwners"/>). Reported on the member, where the fixes act, with the owner as
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
            var owners = LongLivedOwners.Create(start.Compilation, longLivedTypes);
            start.RegisterSymbolAction(c => AnalyzeMember(c, connectionTypes, longLivedTypes, owners), SymbolKind.Field, SymbolKind.Property);
        });
    }

    private static void AnalyzeMember(SymbolAnalysisContext context, ConnectionTypes connectionTypes, LongLivedTypes longLivedTypes, LongLivedOwners owners)
    {
        var member = context.Symbol;
        var holder = member.ContainingType;
        // The holder's kind first: a struct's, interface's or record struct's members are never this rule's, and their
        // types need not be classified.
        if (member.IsStatic || holder.TypeKind != TypeKind.Class || !MemberShapes.StoresConnection(member, connectionTypes, out var kind, out _))
        {
            return;
        }

        if (connectionTypes.IsConnectionType(holder) || longLivedTypes.GetReason(holder) is not null)
        {
            return;
        }

        // A member in generated code is never reported, so its owners need not be walked: a DataSet designer declares a
        // connection field in every TableAdapter, and the walk searches the whole project for each.
        var location = member.Locations[0];
        if (GeneratedCode.IsGenerated(location, member, context.Compilation, context.Options, context.CancellationToken))
        {
            return;
        }

        var chain = owners.Find(holder, context.CancellationToken);
        // Opened and closed around each operation, as SC0002 reads a long-lived type's own member: closed between
        // operations whoever keeps the holder (a service's DAO, a loop's wrapper, a main form's per-click opening).
        if (chain is null
            || OpenedPerOperation.IsProven(member, context.Compilation, context.CancellationToken, unguardedBrackets: chain.CountsUnguardedBrackets))
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
            kind == "field" ? "Field" : "Property",
            member.Name,
            holder.Name,
            chain.ToString()));
    }
}
