using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace StaleConn.CodeFixes.Guarding;

/// <summary>
/// The diagnostics of several spans of one tree, each span given what <c>SemanticModel.GetDiagnostics(span)</c> gives it
/// alone — a location or additional location in the tree intersecting the span, the compiler's own filter — but asked
/// for once per run of neighbouring spans. Each ask compiles every member its span touches and binds the field
/// initializers of the types around it and the declarations it touches again; asked span by span, vladzvx/test's
/// DBWorker (47 members touched, 41 bindings inserted) bound its type's initializers once per member. Spans join one ask
/// only while no member lies between them (a field's initializer is bound by every ask anyway), so the joined ask
/// compiles the very members the spans would have compiled one by one.
/// </summary>
internal static class SpanDiagnostics
{
    private static readonly ConditionalWeakTable<SyntaxTree, StrongBox<int>> Asks = new();

    /// <summary>How many times the compiler was asked for diagnostics of spans of <paramref name="tree"/> (for tests).</summary>
    public static int AsksOf(SyntaxTree tree) => Asks.TryGetValue(tree, out var asks) ? asks.Value : 0;

    /// <summary>For each of <paramref name="spans"/>, in their order, the diagnostics the model reports in it.</summary>
    public static IReadOnlyList<IReadOnlyList<Diagnostic>> Of(SemanticModel model, IReadOnlyList<TextSpan> spans, CancellationToken cancellationToken)
    {
        var results = new IReadOnlyList<Diagnostic>[spans.Count];
        var between = CompiledMembers(model.SyntaxTree, cancellationToken);
        var run = new List<int>();
        var hull = default(TextSpan);
        foreach (var index in Enumerable.Range(0, spans.Count).OrderBy(i => spans[i].Start).ThenBy(i => spans[i].End))
        {
            var span = spans[index];
            if (run.Count > 0 && !Joins(hull, span, between))
            {
                Ask(model, spans, run, hull, results, cancellationToken);
                run.Clear();
            }

            hull = run.Count == 0 ? span : TextSpan.FromBounds(hull.Start, System.Math.Max(hull.End, span.End));
            run.Add(index);
        }

        if (run.Count > 0)
        {
            Ask(model, spans, run, hull, results, cancellationToken);
        }

        return results;
    }

    /// <summary>
    /// Whether <paramref name="next"/> can join the ask over <paramref name="hull"/>: no member the compiler would compile
    /// lies in the text between them, touching neither.
    /// </summary>
    private static bool Joins(TextSpan hull, TextSpan next, IReadOnlyList<TextSpan> members)
    {
        var joined = TextSpan.FromBounds(hull.Start, System.Math.Max(hull.End, next.End));
        return !members.Any(m => joined.IntersectsWith(m) && !hull.IntersectsWith(m) && !next.IntersectsWith(m));
    }

    /// <summary>One ask over <paramref name="hull"/>, its diagnostics shared out to the spans of the run they intersect.</summary>
    private static void Ask(SemanticModel model, IReadOnlyList<TextSpan> spans, List<int> run, TextSpan hull, IReadOnlyList<Diagnostic>[] results, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Asks.GetValue(model.SyntaxTree, _ => new StrongBox<int>()).Value);
        var diagnostics = model.GetDiagnostics(hull, cancellationToken);
        foreach (var index in run)
        {
            var span = spans[index];
            results[index] = run.Count == 1 ? diagnostics : diagnostics.Where(d => Intersects(d, model.SyntaxTree, span)).ToList();
        }
    }

    /// <summary>The compiler's location filter: the diagnostic's location or an additional one, in the tree, intersects the span.</summary>
    private static bool Intersects(Diagnostic diagnostic, SyntaxTree tree, TextSpan span) =>
        diagnostic.Location.SourceTree == tree && span.IntersectsWith(diagnostic.Location.SourceSpan)
        || diagnostic.AdditionalLocations.Any(l => l.SourceTree == tree && span.IntersectsWith(l.SourceSpan));

    /// <summary>
    /// The spans of the tree's members and types, nested ones included, but fields: what an ask compiles when its span
    /// touches it. A field's initializer is bound with its type by every ask that touches the type.
    /// </summary>
    private static List<TextSpan> CompiledMembers(SyntaxTree tree, CancellationToken cancellationToken) =>
        tree.GetRoot(cancellationToken)
            .DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax)
            .OfType<MemberDeclarationSyntax>()
            .Where(m => m is not (BaseFieldDeclarationSyntax or BaseNamespaceDeclarationSyntax))
            .Select(m => m.Span)
            .ToList();
}
