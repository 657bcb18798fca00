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
/// the static keeps that instance, and so its connection, for the life of the process. Not a static connection opened
/// only for one operation at a time (<see cref="OpenedPerOperation"/>): it is closed between operations.
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
                if (!UsingResourceFields.IsOnlyUsingResource(field, context.Compilation, context.CancellationToken)
                    && !OpenedPerOperation.IsProven(field, context.Compilation, context.CancellationToken))
                {
                    Report(context, field, "field", field.Type, connectionTypes);
                }

                break;
            case IPropertySymbol property when connectionTypes.IsConnectionType(property.Type) && MemberShapes.IsAutoProperty(property):
                // Opened and closed around each operation: closed between them, so the pool hands every Open() a live session.
                if (!OpenedPerOperation.IsProven(property, context.Compilation, context.CancellationToken))
                {
                    Report(context, property, "property", property.Type, connectionTypes);
                }

                break;
            case IFieldSymbol { Type: INamedTypeSymbol holder } field:
                ReportHeldThroughHolder(context, field, "field", holder, connectionTypes, longLivedTypes);
                break;
            case IPropertySymbol { Type: INamedTypeSymbol holder } property when MayHoldThrough(holder, context.Compilation) && MemberShapes.IsAutoProperty(property):
                ReportHeldThroughHolder(context, property, "property", holder, connectionTypes, longLivedTypes);
                break;
        }
    }

    /// <summary>
    /// The cheap half of <see cref="ReportHeldThroughHolder"/>'s test: a class of this project, or an interface or
    /// abstract class followed to the classes created into it. Any other type (string, a library's class) reports nothing.
    /// </summary>
    private static bool MayHoldThrough(INamedTypeSymbol holder, Compilation compilation) =>
        holder.TypeKind is TypeKind.Interface
        || (holder.TypeKind == TypeKind.Class && (holder.IsAbstract || SymbolEqualityComparer.Default.Equals(holder.ContainingAssembly, compilation.Assembly)));

    /// <summary>
    /// Only classes of the project being compiled: their members are all visible, and a static of a library type
    /// (an <c>HttpClient</c>, a command with a settable <c>Connection</c>) says nothing about a kept connection. A class
    /// that is long-lived by its own declaration (a singleton kept in its own static) has its members reported by SC0002.
    /// A member typed as an interface or abstract class is followed to the project's classes its own type creates into it.
    /// </summary>
    private static void ReportHeldThroughHolder(
        SymbolAnalysisContext context,
        ISymbol member,
        string kind,
        INamedTypeSymbol holder,
        ConnectionTypes connectionTypes,
        LongLivedTypes longLivedTypes)
    {
        if (ReportThrough(context, member, kind, holder, connectionTypes, longLivedTypes, createdAs: null)
            || !(holder.TypeKind == TypeKind.Interface || holder is { TypeKind: TypeKind.Class, IsAbstract: true }))
        {
            return;
        }

        // static IDatabaseWrapper Wrapper = new NpgsqlDatabaseWrapper(cs): what it keeps is the class created into it.
        foreach (var created in CreatedImplementations.Find(member, holder, context.Compilation, context.CancellationToken))
        {
            if (ReportThrough(context, member, kind, holder, connectionTypes, longLivedTypes, createdAs: created))
            {
                return;
            }
        }
    }

    /// <summary>
    /// Reports <paramref name="member"/> when the project's class it keeps (<paramref name="createdAs"/>, else its type
    /// <paramref name="memberType"/>) keeps a connection; true when it did. The type's name is spelled only for a report:
    /// a display string per static member of a class type was a quarter of this rule's time on real code (stop 29).
    /// </summary>
    private static bool ReportThrough(
        SymbolAnalysisContext context,
        ISymbol member,
        string kind,
        INamedTypeSymbol memberType,
        ConnectionTypes connectionTypes,
        LongLivedTypes longLivedTypes,
        INamedTypeSymbol? createdAs)
    {
        var holder = createdAs ?? memberType;
        if (holder.TypeKind != TypeKind.Class
            || !SymbolEqualityComparer.Default.Equals(holder.ContainingAssembly, context.Compilation.Assembly)
            || connectionTypes.IsConnectionType(holder)
            || longLivedTypes.GetReason(holder) is not null
            || SingletonInstanceWrites.HoldsMoreThanOneInstance(member, holder))
        {
            return false;
        }

        // Many statics share a few holder types (options, loggers, caches): each is searched once per compilation.
        var held = HeldConnections.FindShared(holder, context.Compilation, connectionTypes, context.CancellationToken);
        if (held.Count == 0)
        {
            return false;
        }

        var additional = new List<Location>();
        foreach (var connection in held)
        {
            var location = connection.Member.Locations.FirstOrDefault();
            if (location is not null && location.IsInSource && context.Compilation.ContainsSyntaxTree(location.SourceTree))
            {
                additional.Add(location);
            }
        }

        var typeText = createdAs is null
            ? memberType.ToDisplayString(DisplayFormats.TypeName)
            : memberType.ToDisplayString(DisplayFormats.TypeName) + ", created as " + createdAs.ToDisplayString(DisplayFormats.TypeName);
        var through = typeText + " (through its " + string.Join(", ", held.Select(h => h.Description)) + ")";
        GeneratedCode.Report(context, member, Diagnostic.Create(Descriptors.StaticConnection, member.Locations[0], additional, kind, member.Name, through));
        return true;
    }

    private static void Report(SymbolAnalysisContext context, ISymbol member, string kind, ITypeSymbol type, ConnectionTypes connectionTypes) =>
        GeneratedCode.Report(context, member, Diagnostic.Create(
            Descriptors.StaticConnection,
            member.Locations[0],
            kind,
            member.Name,
            connectionTypes.DisplayName(type)));
}
