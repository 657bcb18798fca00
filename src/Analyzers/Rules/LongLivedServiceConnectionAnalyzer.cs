using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using StaleConn.Analyzers.Internal;

namespace StaleConn.Analyzers.Rules;

/// <summary>
/// SC0002: an instance field, auto-property or captured primary-constructor parameter of a connection type, in a type
/// that lives as long as the process by its own declaration (hosted service, Windows service, singleton, or a base
/// listed in <c>staleconn.long_lived_types</c>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LongLivedServiceConnectionAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.LongLivedServiceConnection);

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
            // One callback per type for both type-level checks (a second per-type action cost as much as either check).
            start.RegisterSymbolStartAction(
                c =>
                {
                    AnalyzePrimaryConstructor(c, connectionTypes, longLivedTypes);
                    AnalyzeInheritedMembers(c, connectionTypes, longLivedTypes);
                },
                SymbolKind.NamedType);
        });
    }

    private static void AnalyzeMember(SymbolAnalysisContext context, ConnectionTypes connectionTypes, LongLivedTypes longLivedTypes)
    {
        var member = context.Symbol;
        if (member.IsStatic)
        {
            return;
        }

        // A collection of connections (an add-in's id -> connection dictionary) keeps each one as long as the owner.
        var single = MemberShapes.StoresConnection(member, connectionTypes, out var kind, out var type);
        if (!single && !ConnectionCollections.StoresConnections(member, connectionTypes, context.CancellationToken, out kind, out type))
        {
            return;
        }

        var owner = member.ContainingType;
        var reason = longLivedTypes.GetReason(owner);
        // Opened and closed around each operation: closed between them, so the pool hands every Open() a live session.
        if (reason is not null && !(single && OpenedPerOperation.IsProven(member, context.Compilation, context.CancellationToken)))
        {
            GeneratedCode.Report(context, member, CreateDiagnostic(member, kind == "field" ? "Field" : "Property", connectionTypes.DisplayName(type), owner, reason));
        }
    }

    /// <summary>
    /// A long-lived type also keeps what its bases keep. A base that is long-lived itself has its members reported
    /// there; members of other bases are reported on the derived type's name, with the member as additional location
    /// (from the type's end action, registered only for a type that has some).
    /// </summary>
    private static void AnalyzeInheritedMembers(SymbolStartAnalysisContext context, ConnectionTypes connectionTypes, LongLivedTypes longLivedTypes)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.BaseType is not { SpecialType: not SpecialType.System_Object } baseType || type.Locations.Length == 0)
        {
            return;
        }

        // What the bases keep first: cached per base type for the compilation (every controller shares ControllerBase's
        // answer, every worker BackgroundService's), and almost always nothing, which settles the type without working
        // out whether it is long-lived. Not for a generic base: its constructions share one hash in the cache.
        if (!baseType.IsGenericType
            && HeldConnections.FindShared(baseType, context.Compilation, connectionTypes, context.CancellationToken).Count == 0)
        {
            return;
        }

        var reason = longLivedTypes.GetReason(type);
        if (reason is null)
        {
            return;
        }

        var inherited = HeldConnections.Find(baseType, context.Compilation, connectionTypes, stopAt: b => longLivedTypes.GetReason(b) is not null, context.CancellationToken);
        if (inherited.Count > 0)
        {
            context.RegisterSymbolEndAction(end => ReportInherited(end, type, reason, inherited, connectionTypes));
        }
    }

    private static void ReportInherited(SymbolAnalysisContext context, INamedTypeSymbol type, string reason, List<HeldConnections.HeldConnection> inherited, ConnectionTypes connectionTypes)
    {
        foreach (var held in inherited)
        {
            var memberLocation = held.Member.Locations.FirstOrDefault();
            var additional = memberLocation is not null && memberLocation.IsInSource && context.Compilation.ContainsSyntaxTree(memberLocation.SourceTree)
                ? new[] { memberLocation }
                : Array.Empty<Location>();
            GeneratedCode.Report(context, type, Diagnostic.Create(
                Descriptors.LongLivedServiceConnection,
                type.Locations[0],
                additional,
                "Inherited " + held.Kind,
                held.Member.Name,
                connectionTypes.DisplayName(held.Type),
                type.Name,
                reason));
        }
    }

    private static void AnalyzePrimaryConstructor(SymbolStartAnalysisContext context, ConnectionTypes connectionTypes, LongLivedTypes longLivedTypes)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var constructor = PrimaryConstructors.Find(type, context.CancellationToken);
        if (constructor is null)
        {
            return;
        }

        var connectionParameters = constructor.Parameters.Where(p => connectionTypes.IsConnectionType(p.Type)).ToImmutableArray();
        if (connectionParameters.IsEmpty)
        {
            return;
        }

        var reason = longLivedTypes.GetReason(type);
        if (reason is null)
        {
            return;
        }

        var captured = new ConcurrentDictionary<IParameterSymbol, bool>(SymbolEqualityComparer.Default);
        context.RegisterOperationAction(
            operationContext =>
            {
                var reference = (IParameterReferenceOperation)operationContext.Operation;
                var parameter = reference.Parameter;
                if (connectionParameters.Contains(parameter, SymbolEqualityComparer.Default)
                    && (IsCapturingMember(operationContext.ContainingSymbol, constructor) || IsInLambda(reference))
                    && !IsInGeneratedCode(operationContext, reference))
                {
                    captured.TryAdd(parameter, true);
                }
            },
            OperationKind.ParameterReference);

        context.RegisterSymbolEndAction(endContext =>
        {
            foreach (var parameter in connectionParameters)
            {
                if (captured.ContainsKey(parameter))
                {
                    GeneratedCode.Report(endContext, parameter, CreateDiagnostic(parameter, "Captured parameter", connectionTypes.DisplayName(parameter.Type), type, reason));
                }
            }
        });
    }

    /// <summary>
    /// Roslyn would not run this callback in generated code for a rule that skips it, so a use only there does not
    /// count (the rules analyze generated code and filter it themselves, see <see cref="GeneratedCode"/>).
    /// </summary>
    private static bool IsInGeneratedCode(OperationAnalysisContext context, IOperation reference) =>
        GeneratedCode.IsGenerated(reference.Syntax.GetLocation(), context.ContainingSymbol, context.Compilation, context.Options, context.CancellationToken);

    /// <summary>
    /// A reference from the constructor itself (base-call arguments) or from a field or property initializer runs once
    /// at construction; a reference from any other member makes the compiler store the parameter for the object's life.
    /// </summary>
    private static bool IsCapturingMember(ISymbol containingSymbol, IMethodSymbol constructor) =>
        containingSymbol is not (IFieldSymbol or IPropertySymbol)
        && !SymbolEqualityComparer.Default.Equals(containingSymbol, constructor);

    /// <summary>A lambda stored by an initializer (<c>Func&lt;int&gt; _count = () =&gt; db.Execute(...)</c>) keeps the parameter too.</summary>
    private static bool IsInLambda(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    private static Diagnostic CreateDiagnostic(ISymbol member, string kind, string typeName, INamedTypeSymbol owner, string reason) =>
        Diagnostic.Create(
            Descriptors.LongLivedServiceConnection,
            member.Locations[0],
            kind,
            member.Name,
            typeName,
            owner.Name,
            reason);
}
