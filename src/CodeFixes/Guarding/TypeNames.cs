using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleConn.CodeFixes.Guarding;

/// <summary>
/// Type names the guard fix writes: fully qualified (<c>global::StaleConn.ConnectionGuard&lt;global::MySqlConnector.MySqlConnection&gt;</c>),
/// for the simplifier to shorten once the imports are in place, and shortened here when it leaves them.
/// </summary>
internal static class TypeNames
{
    /// <summary>Marks the type names <see cref="Qualified"/> wrote.</summary>
    public static readonly SyntaxAnnotation Annotation = new("StaleConn.QualifiedTypeName");

    private static readonly SymbolDisplayFormat QualifiedWithNullability =
        SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private static readonly SymbolDisplayFormat MinimalWithNullability =
        SymbolDisplayFormat.MinimallyQualifiedFormat.AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>
    /// The type's fully qualified name, to be simplified and imported; <paramref name="withNullability"/> keeps
    /// <c>?</c> on nullable reference types (a local declared from a <c>var</c>).
    /// </summary>
    public static TypeSyntax Qualified(ITypeSymbol type, bool withNullability = false) =>
        ParseTypeName(type.ToDisplayString(withNullability ? QualifiedWithNullability : SymbolDisplayFormat.FullyQualifiedFormat))
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation, Annotation);

    /// <summary>
    /// Shortens the names the simplifier left qualified. Roslyn's simplifier binds a shortened name speculatively and
    /// keeps the long one when the types differ. In a field or property initializer (Roslyn 4.8) that binding takes the
    /// project's nullable context instead of a <c>#nullable</c> directive of the file, so in a file whose directive
    /// differs from the project (<c>#nullable enable</c> in a project without <c>&lt;Nullable&gt;</c>) a generic name's type
    /// arguments come back with other nullability, and <c>new global::StaleConn.ConnectionGuard&lt;global::...&gt;(...)</c>
    /// stays as written. Here the shortest name that binds to the same type at that position replaces it.
    /// </summary>
    public static async Task<Document> ShortenRemainingAsync(Document document, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var left = root?.GetAnnotatedNodes(Annotation).OfType<TypeSyntax>()
            .Where(name => name.DescendantNodesAndSelf().OfType<AliasQualifiedNameSyntax>().Any()
                && !name.Ancestors().Any(a => a.HasAnnotation(Annotation)))
            .ToList();
        if (root is null || left is null || left.Count == 0)
        {
            return document;
        }

        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            return document;
        }

        var shortened = new Dictionary<SyntaxNode, SyntaxNode>();
        foreach (var name in left)
        {
            var type = model.GetSymbolInfo(name, cancellationToken).Symbol as ITypeSymbol ?? model.GetTypeInfo(name, cancellationToken).Type;
            if (type is null || type.TypeKind == TypeKind.Error)
            {
                continue;
            }

            var shorter = ParseTypeName(type.ToMinimalDisplayString(model, name.SpanStart, MinimalWithNullability));
            var bound = model.GetSpeculativeTypeInfo(name.SpanStart, shorter, SpeculativeBindingOption.BindAsTypeOrNamespace).Type;
            if (SymbolEqualityComparer.Default.Equals(bound, type))
            {
                shortened[name] = shorter.WithTriviaFrom(name);
            }
        }

        return shortened.Count == 0 ? document : document.WithSyntaxRoot(root.ReplaceNodes(shortened.Keys, (original, _) => shortened[original]));
    }
}
