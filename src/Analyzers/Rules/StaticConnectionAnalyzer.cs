using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using StaleConn.Analyzers.Internal;

namespace StaleConn.Analyzers.Rules;

/// <summary>SC0001: a static field or static auto-property whose type is a server connection.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StaticConnectionAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.StaticConnection);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var connectionTypes = ConnectionTypes.Create(start.Compilation, start.Options);
            if (connectionTypes is null)
            {
                return;
            }

            start.RegisterSymbolAction(symbolContext => AnalyzeMember(symbolContext, connectionTypes), SymbolKind.Field, SymbolKind.Property);
        });
    }

    private static void AnalyzeMember(SymbolAnalysisContext context, ConnectionTypes connectionTypes)
    {
        var member = context.Symbol;
        if (!member.IsStatic || member.IsImplicitlyDeclared || member.Locations.Length == 0 || !member.Locations[0].IsInSource)
        {
            return;
        }

        switch (member)
        {
            case IFieldSymbol { IsConst: false } field when connectionTypes.IsConnectionType(field.Type):
                Report(context, field, "field", field.Type);
                break;
            case IPropertySymbol property when MemberShapes.IsAutoProperty(property) && connectionTypes.IsConnectionType(property.Type):
                Report(context, property, "property", property.Type);
                break;
        }
    }

    private static void Report(SymbolAnalysisContext context, ISymbol member, string kind, ITypeSymbol type) =>
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.StaticConnection,
            member.Locations[0],
            kind,
            member.Name,
            type.ToDisplayString(DisplayFormats.TypeName)));
}
