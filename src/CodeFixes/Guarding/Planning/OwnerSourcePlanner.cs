using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// What "read the owner's connection where it is used" changes for one member: its declaration (which becomes an
/// expression-bodied property reading <see cref="Source"/>) and the statements that copied the source into it.
/// </summary>
internal sealed class OwnerSourcePlan
{
    public OwnerSourcePlan(SyntaxReference declaration, ExpressionSyntax source, IReadOnlyList<ExpressionStatementSyntax> copies)
    {
        Declaration = declaration;
        Source = source;
        Copies = copies;
    }

    /// <summary>The field's variable declarator or the auto-property's declaration.</summary>
    public SyntaxReference Declaration { get; }

    /// <summary>The owner's static member every write of the member copies (<c>TShock.DB</c>).</summary>
    public ExpressionSyntax Source { get; }

    /// <summary>The <c>member = Owner.Connection;</c> statements, removed by the fix.</summary>
    public IReadOnlyList<ExpressionStatementSyntax> Copies { get; }

    /// <summary>How the source is written, for the fix's title.</summary>
    public string SourceText => Source.WithoutTrivia().ToString();
}

/// <summary>
/// Plans "Read 'Owner.Connection' where it is used instead of keeping a copy": an interface-typed member that only ever
/// copies one static member of a type outside the solution (a plugin keeping its host's <c>TShock.DB</c>). The host
/// builds and owns that connection, so no guard or per-use rewrite of the member can rebuild it (the other planners
/// decline with <see cref="NoFixReason.InterfaceWithoutConstruction"/>); reading the source at each use keeps no
/// connection of the member's own and follows the host when it replaces its connection.
/// </summary>
internal static class OwnerSourcePlanner
{
    private static readonly HashSet<string> OwnershipCalls = new(System.StringComparer.Ordinal)
    {
        "Open", "OpenAsync", "Close", "CloseAsync", "Dispose", "DisposeAsync", "ChangeDatabase", "ChangeDatabaseAsync",
    };

    public static async Task<Planned<OwnerSourcePlan>> PlanAsync(Solution solution, ISymbol member, CancellationToken cancellationToken)
    {
        if (Declaration(member) is not { } declaration)
        {
            return NoFixReason.UnsupportedMemberKind;
        }

        var memberType = member is IFieldSymbol field ? field.Type : ((IPropertySymbol)member).Type;
        if (memberType.TypeKind != TypeKind.Interface)
        {
            return NoFixReason.NotADbConnection;
        }

        var sources = new List<(ExpressionSyntax Source, SemanticModel Model)>();
        var copies = new List<ExpressionStatementSyntax>();
        var initializer = Initializer(declaration.GetSyntax(cancellationToken));
        if (initializer is not null)
        {
            var model = await ModelAsync(solution, initializer.SyntaxTree, cancellationToken).ConfigureAwait(false);
            if (model is null)
            {
                return NoFixReason.AnalysisFailed;
            }

            sources.Add((initializer, model));
        }

        var found = await NamedReferences.FindAsync(solution, member, cancellationToken).ConfigureAwait(false);
        if (found.Value is not { } references)
        {
            return found.Reason!.Value;
        }

        foreach (var reference in references)
        {
            var (name, model) = (reference.Name, reference.Model);
            var use = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? (ExpressionSyntax)access : name;
            if (Classify(use) is { } reason)
            {
                return reason;
            }

            if (use.Parent is AssignmentExpressionSyntax { Parent: ExpressionStatementSyntax copy } assignment && assignment.Left == use)
            {
                sources.Add((assignment.Right, model));
                copies.Add(copy);
            }
        }

        if (sources.Count == 0)
        {
            return NoFixReason.InterfaceWithoutConstruction;
        }

        var (first, firstModel) = sources[0];
        if (SourceReason(first, firstModel, memberType, cancellationToken) is { } notASource)
        {
            return notASource;
        }

        var symbol = firstModel.GetSymbolInfo(first, cancellationToken).Symbol;
        foreach (var (other, otherModel) in sources.Skip(1))
        {
            if (!SyntaxFactory.AreEquivalent(first, other)
                || !SymbolEqualityComparer.Default.Equals(symbol, otherModel.GetSymbolInfo(other, cancellationToken).Symbol)
                || SourceReason(other, otherModel, memberType, cancellationToken) is not null)
            {
                return NoFixReason.ConstructionsDisagree;
            }
        }

        return new OwnerSourcePlan(declaration, first, copies);
    }

    /// <summary>The one declaration of a field or an auto-property without accessor bodies, declared in source; else null.</summary>
    private static SyntaxReference? Declaration(ISymbol member)
    {
        if (member.DeclaringSyntaxReferences.Length != 1 || member.IsImplicitlyDeclared)
        {
            return null;
        }

        var reference = member.DeclaringSyntaxReferences[0];
        return reference.GetSyntax() switch
        {
            VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: FieldDeclarationSyntax { AttributeLists.Count: 0 } field } }
                when !field.Modifiers.Any(SyntaxKind.ConstKeyword) && !field.Modifiers.Any(SyntaxKind.FixedKeyword) => reference,
            PropertyDeclarationSyntax { AccessorList: { } accessors, ExpressionBody: null } property
                when accessors.Accessors.All(a => a.Body is null && a.ExpressionBody is null)
                     && !property.Modifiers.Any(m => m.IsKind(SyntaxKind.AbstractKeyword) || m.IsKind(SyntaxKind.ExternKeyword) || m.IsKind(SyntaxKind.PartialKeyword))
                     && member is IPropertySymbol { IsIndexer: false, ExplicitInterfaceImplementations.Length: 0, ContainingType.TypeKind: TypeKind.Class or TypeKind.Struct } => reference,
            _ => null,
        };
    }

    private static ExpressionSyntax? Initializer(SyntaxNode declaration) => declaration switch
    {
        VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,
        PropertyDeclarationSyntax property => property.Initializer?.Value,
        _ => null,
    };

    /// <summary>Why a use of the member means this code owns or replaces what it holds; null when it only reads it or copies the source.</summary>
    private static NoFixReason? Classify(ExpressionSyntax use)
    {
        switch (use.Parent)
        {
            case AssignmentExpressionSyntax assignment when assignment.Left == use:
                return assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && assignment.Parent is ExpressionStatementSyntax { Parent: BlockSyntax }
                    ? null
                    : NoFixReason.UnsupportedAssignment;
            case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None):
                return NoFixReason.PassedByReference;
            case RefExpressionSyntax or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.AddressOfExpression }:
                return NoFixReason.PassedByReference;
            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.CoalesceExpression)
                || ((binary.IsKind(SyntaxKind.EqualsExpression) || binary.IsKind(SyntaxKind.NotEqualsExpression))
                    && (binary.Left.IsKind(SyntaxKind.NullLiteralExpression) || binary.Right.IsKind(SyntaxKind.NullLiteralExpression))):
            case IsPatternExpressionSyntax or ConditionalAccessExpressionSyntax:
            case AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceAssignmentExpression }:
                // A null check means the member's life is managed here (set once, reset, rebuilt).
                return NoFixReason.MemberStillNeeded;
            case MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax } access when access.Expression == use && OwnershipCalls.Contains(access.Name.Identifier.ValueText):
                return NoFixReason.CloseInsideExpression;
            case UsingStatementSyntax:
            case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax { UsingKeyword.RawKind: (int)SyntaxKind.UsingKeyword } or UsingStatementSyntax } } }:
                return NoFixReason.ConnectionDisposedByUsing;
        }

        // Handed to a method that closes it cannot be told apart from a plain use; that code would close the owner's
        // connection before and after the fix alike.
        return null;
    }

    /// <summary>
    /// Why <paramref name="source"/> is not a static member of a type outside the solution (a host's connection) that a
    /// property of the member's type can read; null when it is.
    /// </summary>
    private static NoFixReason? SourceReason(ExpressionSyntax source, SemanticModel model, ITypeSymbol memberType, CancellationToken cancellationToken)
    {
        if (source is not MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } access || !IsDottedName(access.Expression))
        {
            return NoFixReason.InterfaceWithoutConstruction;
        }

        var symbol = model.GetSymbolInfo(source, cancellationToken).Symbol;
        if (symbol is not null)
        {
            // Declared in the solution, the source is a holder of its own: the rules report it and its fix applies there.
            if (!symbol.IsStatic || symbol is not (IFieldSymbol or IPropertySymbol) || symbol.Locations.Any(l => l.IsInSource))
            {
                return NoFixReason.InterfaceWithoutConstruction;
            }

            var sourceType = symbol is IFieldSymbol f ? f.Type : ((IPropertySymbol)symbol).Type;
            if (!model.Compilation.ClassifyConversion(sourceType, memberType).IsImplicit || sourceType.TypeKind == TypeKind.Class)
            {
                // A concrete connection class is one the guard and per-use fixes can rebuild themselves.
                return NoFixReason.ConstructionNotAConnection;
            }

            return null;
        }

        // The host's assembly is not referenced (common when a plugin is read without its game's references): the name
        // stays unresolved. It must not be a local or parameter, which the property could not see.
        var leftmost = Leftmost(access);
        return model.GetSymbolInfo(leftmost, cancellationToken).Symbol is null or INamespaceOrTypeSymbol
            && model.GetSymbolInfo(access.Expression, cancellationToken).Symbol is null or INamespaceOrTypeSymbol
            ? null
            : NoFixReason.InterfaceWithoutConstruction;
    }

    private static bool IsDottedName(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax => true,
        AliasQualifiedNameSyntax => true,
        MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression, Name: IdentifierNameSyntax } inner => IsDottedName(inner.Expression),
        _ => false,
    };

    private static ExpressionSyntax Leftmost(MemberAccessExpressionSyntax access)
    {
        ExpressionSyntax current = access;
        while (current is MemberAccessExpressionSyntax inner)
        {
            current = inner.Expression;
        }

        return current;
    }

    private static async Task<SemanticModel?> ModelAsync(Solution solution, SyntaxTree tree, CancellationToken cancellationToken) =>
        solution.GetDocument(tree) is { } document ? await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) : null;
}
