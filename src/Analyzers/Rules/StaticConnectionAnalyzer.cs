using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using StaleConn.Analyzers.Internal;

namespace StaleConn.Analyzers.Rules;

/// <summary>
/// SC0001: a static field or static auto-property whose type is a server connection, or whose type is a class of this
/// project that keeps one in an instance member (<c>static DB db = new DB();</c> around a <c>MySqlConnection</c> field):
/// the static keeps that instance, and so its connection, for the life of the process.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StaticConnectionAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.StaticConnection);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.Flags);
        context.RegisterCompilationStartAction(start =>
        {
            var connectionTypes = ConnectionTypes.Create(start.Compilation, start.Options);
            var longLivedTypes = LongLivedTypes.Create(start.Compilation, start.Options);
            start.RegisterSymbolAction(symbolContext => AnalyzeMember(symbolContext, connectionTypes, longLivedTypes), SymbolKind.Field, SymbolKind.Property);
        });
    }

    private static void AnalyzeMember(
        SymbolAnalysisContext context,
        ConnectionTypes connectionTypes,
        LongLivedTypes longLivedTypes)
    {
        var member = context.Symbol;
        // A constant (every enum member) is never a holder. Settled before the locations are read: each read of them
        // allocates, and enum members were most of this rule's bytes on real code (stop 33).
        if (!member.IsStatic || member is IFieldSymbol { IsConst: true } || member.IsImplicitlyDeclared)
        {
            return;
        }

        var locations = member.Locations;
        if (locations.Length == 0 || !locations[0].IsInSource)
        {
            return;
        }

        // The type tests before IsAutoProperty, which copies the containing type's member list on every call.
        switch (member)
        {
            case IFieldSymbol field when connectionTypes.IsConnectionType(field.Type):
                if (!UnassignedFields.IsNeverAssigned(field, context.CancellationToken)
                    && !UsingResourceFields.IsOnlyUsingResource(field, context.Compilation, context.CancellationToken))
                {
                    Report(context, field, "field", field.Type, connectionTypes);
                }

                break;
            case IPropertySymbol property when connectionTypes.IsConnectionType(property.Type) && MemberShapes.IsAutoProperty(property):
                // As for a field: a bare auto-property nothing assigns is always null (Rekkuzan5/Appointment-App).
                if (!UnassignedFields.IsNeverAssigned(property, context.CancellationToken))
                {
                    Report(context, property, "property", property.Type, connectionTypes);
                }

                break;
            default:
                if (StaticHolders.Find(member, context.Compilation, connectionTypes, longLivedTypes, context.CancellationToken) is { } through)
                {
                    ReportThrough(context, member, through);
                }

                break;
        }
    }

    /// <summary>
    /// Reports <paramref name="member"/> through the project's class it keeps. The type's name is spelled only for a
    /// report: a display string per static member of a class type was a quarter of this rule's time on real code (stop 29).
    /// </summary>
    private static void ReportThrough(SymbolAnalysisContext context, ISymbol member, StaticHolders.HeldThrough through)
    {
        var additional = new List<Location>();
        foreach (var connection in through.Held)
        {
            var location = connection.Member.Locations.FirstOrDefault();
            if (location is not null && location.IsInSource && context.Compilation.ContainsSyntaxTree(location.SourceTree))
            {
                additional.Add(location);
            }
        }

        var typeText = through.CreatedAs is null
            ? through.MemberType.ToDisplayString(DisplayFormats.TypeName)
            : through.MemberType.ToDisplayString(DisplayFormats.TypeName) + ", created as " + through.CreatedAs.ToDisplayString(DisplayFormats.TypeName);
        var heldBy = typeText + " (through its " + string.Join(", ", through.Held.Select(h => h.Description)) + ")";
        var kind = member is IFieldSymbol ? "field" : "property";
        GeneratedCode.Report(context, member, Diagnostic.Create(Descriptors.StaticConnection, member.Locations[0], additional, kind, member.Name, heldBy));
    }

    private static void Report(SymbolAnalysisContext context, ISymbol member, string kind, ITypeSymbol type, ConnectionTypes connectionTypes) =>
        GeneratedCode.Report(context, member, Diagnostic.Create(
            Descriptors.StaticConnection,
            member.Locations[0],
            kind,
            member.Name,
            connectionTypes.DisplayName(type)));
}
