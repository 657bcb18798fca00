using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A value assigned to the member that does not compile (rameen-ihtasham/SchoolManagementSystem's forms call a
/// <c>Configuration</c> class of a namespace they do not import): what it builds is unknown, so no fix can rebuild it —
/// <see cref="NoFixReason.ConstructionDoesNotCompile"/>, for every fix that would have to.
/// </summary>
internal static class UncompiledValues
{
    /// <summary>The value's type does not bind, or the compiler reports an error inside it.</summary>
    public static bool DoesNotCompile(ExpressionSyntax value, SemanticModel model, CancellationToken cancellationToken) =>
        model.GetTypeInfo(value, cancellationToken).Type is null or { TypeKind: TypeKind.Error }
        || model.GetDiagnostics(value.Span, cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>The member's initializer (a field's or a property's) does not compile.</summary>
    public static bool InitializerDoesNotCompile(SyntaxNode declarator, SemanticModel model, CancellationToken cancellationToken) =>
        declarator switch
        {
            VariableDeclaratorSyntax { Initializer.Value: { } value } => DoesNotCompile(value, model, cancellationToken),
            PropertyDeclarationSyntax { Initializer.Value: { } value } => DoesNotCompile(value, model, cancellationToken),
            _ => false,
        };
}
