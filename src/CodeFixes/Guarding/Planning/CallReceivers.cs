using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// Whether a name called through a receiver (<c>store.Save()</c>, <c>Db.Get()</c>) or without one (<c>Save()</c>) can
/// bind to a unit of work, judged from the receiver's type or the types around the call alone. <see cref="UnitCallers"/>
/// binds every name that spells a unit; binding one name binds its whole member (with nullable analysis), most of the
/// first lightbulb on vcap-dotnet (docs/benchmarks.md lat30), while
/// most such names (<c>command.Dispose()</c>, <c>reader.Read()</c>) are called on a type that has no unit. The
/// receiver's type is read from the symbols its names look up (a local's declaration, not the member around it).
/// </summary>
internal static class CallReceivers
{
    /// <summary>
    /// True when member lookup from <paramref name="name"/> cannot find any of <paramref name="units"/> of that name:
    /// in <c>receiver.name</c> whose receiver is a plain name or chain of names (from <c>this</c> too), its type neither
    /// is nor derives from a unit's type; in a call <c>name(...)</c> without a receiver, no type around it is or derives from one, and no
    /// <c>using static</c> imports members. False (bind the name) for anything less certain: a unit that is an
    /// extension method or an interface's, a receiver that is not a plain name, or whose type is a type parameter,
    /// dynamic, or is not certain from lookups (<see cref="TypeOf(ExpressionSyntax, SemanticModel, CancellationToken)"/>),
    /// a name in a query, a call outside any type.
    /// </summary>
    /// <param name="receiverLineages">The receivers' types looked up so far in this search (each round asks again).</param>
    public static bool CannotReach(
        SimpleNameSyntax name, SemanticModel model, IEnumerable<ISymbol> units, Dictionary<ExpressionSyntax, TypeLineage?> receiverLineages, CancellationToken cancellationToken)
    {
        var named = units.Where(u => u.Name == name.Identifier.ValueText).ToList();
        // A query's clauses are lambdas over range variables that a lookup does not type: those names are bound in full.
        if (named.Count == 0
            || named.Any(u => u is IMethodSymbol { IsExtensionMethod: true } || u.ContainingType is not { TypeKind: TypeKind.Class or TypeKind.Struct })
            || name.Ancestors().Any(a => a is QueryExpressionSyntax))
        {
            return false;
        }

        if (name.Parent is InvocationExpressionSyntax invocation && invocation.Expression == name)
        {
            return !HasStaticImports(model.Compilation, cancellationToken) && TypesAround(name, model, cancellationToken) is { Count: > 0 } around
                && !around.Any(type => named.Any(u => IsOrDerivesFrom(type, u.ContainingType)));
        }

        if (name.Parent is not MemberAccessExpressionSyntax access || access.Name != name || !IsPlainName(access.Expression))
        {
            return false;
        }

        if (!receiverLineages.TryGetValue(access.Expression, out var lineage))
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Kept across edits that leave every declaration as it was: most names a search meets stop here, each a lookup.
            receiverLineages[access.Expression] = lineage = KeptBindings.ReceiverLineageOf(
                access.Expression, model, receiver => TypeLineage.Of(TypeOf(receiver, model, cancellationToken)), cancellationToken);
        }

        return lineage is not null && !named.Any(u => lineage.Includes(u.ContainingType));
    }

    /// <summary>The types whose members a name without a receiver can find: its type and the types around that one.</summary>
    private static List<INamedTypeSymbol> TypesAround(SyntaxNode name, SemanticModel model, CancellationToken cancellationToken)
    {
        var types = new List<INamedTypeSymbol>();
        foreach (var declaration in name.Ancestors().OfType<BaseTypeDeclarationSyntax>())
        {
            if (model.GetDeclaredSymbol(declaration, cancellationToken) is not { } type)
            {
                return new List<INamedTypeSymbol>();
            }

            types.Add(type);
        }

        return types;
    }

    private static readonly ConditionalWeakTable<Compilation, StrongBox<bool>> StaticImports = new();

    /// <summary>Whether any tree of the compilation has a <c>using static</c> (global or not): its members are then found by bare names too.</summary>
    private static bool HasStaticImports(Compilation compilation, CancellationToken cancellationToken) =>
        StaticImports.GetValue(compilation, c => new StrongBox<bool>(c.SyntaxTrees.Any(tree =>
            tree.GetRoot(cancellationToken).DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
                .OfType<UsingDirectiveSyntax>().Any(u => u.StaticKeyword.IsKind(SyntaxKind.StaticKeyword))))).Value;

    private static bool IsPlainName(ExpressionSyntax receiver) => receiver switch
    {
        IdentifierNameSyntax or ThisExpressionSyntax => true,
        MemberAccessExpressionSyntax { Name: IdentifierNameSyntax } inner => IsPlainName(inner.Expression),
        _ => false,
    };

    /// <summary>
    /// The type of a plain receiver, from looking its names up (what each name declares), not from binding the member
    /// around it: a speculative binding, like a full one, binds the member with nullable analysis. Null where a lookup
    /// is not as certain as the binding: in a lambda (its parameters are typed by the call around it) or a query, a
    /// name that finds several symbols or an alias.
    /// </summary>
    private static ITypeSymbol? TypeOf(ExpressionSyntax receiver, SemanticModel model, CancellationToken cancellationToken)
    {
        if (receiver.Ancestors().Any(a => a is AnonymousFunctionExpressionSyntax or QueryExpressionSyntax))
        {
            return null;
        }

        switch (receiver)
        {
            case ThisExpressionSyntax:
                return TypesAround(receiver, model, cancellationToken).FirstOrDefault();
            case IdentifierNameSyntax identifier:
                return TypeOf(model.LookupSymbols(identifier.SpanStart, name: identifier.Identifier.ValueText));
            case MemberAccessExpressionSyntax { Name: IdentifierNameSyntax member } access
                when TypeOf(access.Expression, model, cancellationToken) is INamedTypeSymbol { TypeKind: not TypeKind.Error } container:
                return TypeOf(model.LookupSymbols(member.SpanStart, container, member.Identifier.ValueText));
            default:
                return null;
        }
    }

    private static ITypeSymbol? TypeOf(IReadOnlyList<ISymbol> found) => found.Count != 1 ? null : found[0] switch
    {
        ILocalSymbol local => local.Type,
        IParameterSymbol parameter => parameter.Type,
        IFieldSymbol field => field.Type,
        IPropertySymbol property => property.Type,
        INamedTypeSymbol type => type,
        _ => null,
    };

    private static bool IsOrDerivesFrom(INamedTypeSymbol type, INamedTypeSymbol owner)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, owner.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }
}
