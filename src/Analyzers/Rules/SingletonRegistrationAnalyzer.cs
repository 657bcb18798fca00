using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using StaleConn.Analyzers.Internal;

namespace StaleConn.Analyzers.Rules;

/// <summary>
/// SC0003 and SC0005, the two rules about what a singleton registration in dependency injection keeps: a connection
/// itself (<see cref="SingletonConnectionRegistration"/>), or a service that keeps one (<see cref="SingletonServiceHoldsConnection"/>).
/// One analyzer for both, because both start from the same registrations: each registration is found and read once,
/// and the per-call callback (calls are the most common operation in any project) runs once rather than twice.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SingletonRegistrationAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.SingletonConnectionRegistration, Descriptors.SingletonServiceHoldsConnection);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.Flags);
        context.RegisterCompilationStartAction(start =>
        {
            var connectionTypes = ConnectionTypes.Create(start.Compilation, start.Options);
            var registrations = ServiceRegistrations.Create(start.Compilation);
            if (registrations is null)
            {
                return;
            }

            var longLivedTypes = LongLivedTypes.Create(start.Compilation, start.Options);
            void Analyze(OperationAnalysisContext c, SingletonRegistration? registration)
            {
                if (registration is not null)
                {
                    SingletonConnectionRegistration.Analyze(c, registration, connectionTypes);
                    SingletonServiceHoldsConnection.Analyze(c, registration, connectionTypes, longLivedTypes);
                }
            }

            // Per type, so the per-call callback runs only in types whose files name a registration method:
            // registrations sit in a few composition classes. Likewise the per-creation callback, only where a file
            // can spell a descriptor's creation (`services.Add(new(typeof(IDbConnection), connection))` names neither
            // the descriptor nor a lifetime, hence the test for target-typed `new`).
            start.RegisterSymbolStartAction(
                typeStart =>
                {
                    var type = (INamedTypeSymbol)typeStart.Symbol;
                    if (registrations.MayRegisterIn(type, typeStart.CancellationToken))
                    {
                        typeStart.RegisterOperationAction(c => Analyze(c, registrations.TryGetSingleton((IInvocationOperation)c.Operation)), OperationKind.Invocation);
                    }

                    if (registrations.MayCreateDescriptorIn(type, typeStart.CancellationToken))
                    {
                        typeStart.RegisterOperationAction(c => Analyze(c, registrations.TryGetSingleton((IObjectCreationOperation)c.Operation)), OperationKind.ObjectCreation);
                    }
                },
                SymbolKind.NamedType);
        });
    }
}
