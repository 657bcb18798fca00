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
    public OwnerSourcePlan(SyntaxReference declaration, ExpressionSyntax source, IReadOnlyList<SyntaxNode> copies, IReadOnlyList<ParameterCopy> parameters)
    {
        Declaration = declaration;
        Source = source;
        Copies = copies;
        Parameters = parameters;
    }

    /// <summary>The field's variable declarator or the auto-property's declaration.</summary>
    public SyntaxReference Declaration { get; }

    /// <summary>The owner's static member every write of the member copies (<c>TShock.DB</c>).</summary>
    public ExpressionSyntax Source { get; }

    /// <summary>
    /// The <c>member = Owner.Connection;</c> statements, removed by the fix, and the arrow bodies of constructors that
    /// only copy (<c>=&gt; this.database = database;</c>), which become empty bodies.
    /// </summary>
    public IReadOnlyList<SyntaxNode> Copies { get; }

    /// <summary>Constructor parameters the copies took, whose callers all pass the source: removed with their arguments.</summary>
    public IReadOnlyList<ParameterCopy> Parameters { get; }

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

        var sources = new List<OwnerSource>();
        var copies = new List<SyntaxNode>();
        var parameters = new List<ParameterCopy>();
        var initializer = Initializer(declaration.GetSyntax(cancellationToken));
        // `= null!;` only quiets the nullable warning (the author asserts the member is set before it is read, as
        // PermaBuff's `Init()` does): no value of its own, and the rewritten property drops it.
        if (initializer is not null && !IsSuppressedNull(initializer))
        {
            var model = await ModelAsync(solution, initializer.SyntaxTree, cancellationToken).ConfigureAwait(false);
            if (model is null)
            {
                return NoFixReason.AnalysisFailed;
            }

            sources.Add(new OwnerSource(initializer, model, fromCaller: false));
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

            if (use.Parent is AssignmentExpressionSyntax { Parent: ExpressionStatementSyntax or ArrowExpressionClauseSyntax { Parent: ConstructorDeclarationSyntax } } assignment
                && assignment.Left == use
                && assignment.Parent is { } copy)
            {
                copies.Add(copy);
                if (ParameterCopies.CopiedParameter(assignment.Right, model, member, cancellationToken) is not { } parameter)
                {
                    sources.Add(new OwnerSource(assignment.Right, model, fromCaller: false));
                    continue;
                }

                var followed = await ParameterCopies.FollowAsync(solution, parameter, (IdentifierNameSyntax)assignment.Right, member, cancellationToken).ConfigureAwait(false);
                if (followed.Value is not { } parameterCopy)
                {
                    return followed.Reason!.Value;
                }

                parameters.Add(parameterCopy);
                sources.AddRange(parameterCopy.Passed.Select(p => new OwnerSource(p.Value, p.Model, fromCaller: true)));
            }
        }

        if (sources.Count == 0)
        {
            return NoFixReason.InterfaceWithoutConstruction;
        }

        var declarationModel = await ModelAsync(solution, declaration.SyntaxTree, cancellationToken).ConfigureAwait(false);
        if (declarationModel is null)
        {
            return NoFixReason.AnalysisFailed;
        }

        var first = sources[0];
        if (SourceReason(first, memberType, member.ContainingType, declarationModel, declaration.Span.Start, cancellationToken) is { } notASource)
        {
            return notASource;
        }

        var symbol = first.Model.GetSymbolInfo(first.Value, cancellationToken).Symbol;
        foreach (var other in sources.Skip(1))
        {
            var otherSymbol = other.Model.GetSymbolInfo(other.Value, cancellationToken).Symbol;
            var same = symbol is null
                ? otherSymbol is null && SyntaxFactory.AreEquivalent(first.Value, other.Value)
                : SymbolEqualityComparer.Default.Equals(symbol, otherSymbol) && (first.FromCaller || other.FromCaller || SyntaxFactory.AreEquivalent(first.Value, other.Value));
            if (!same)
            {
                return sources.Any(s => s.FromCaller) ? NoFixReason.CallersPassDifferentConnections : NoFixReason.ConstructionsDisagree;
            }

            if (SourceReason(other, memberType, member.ContainingType, declarationModel, declaration.Span.Start, cancellationToken) is { } otherReason)
            {
                return other.FromCaller ? otherReason : NoFixReason.ConstructionsDisagree;
            }
        }

        var written = sources.FirstOrDefault(s => !s.FromCaller)?.Value ?? SourceAtDeclaration(first, symbol, declaration, declarationModel);
        return new OwnerSourcePlan(declaration, written, copies, parameters);
    }

    /// <summary>
    /// Whether <see cref="PlanAsync"/> is sure to decline, judged from the member's own file alone: it is no interface-typed
    /// field or auto-property, or its initializer or a write in its own type stores a value no owner-source plan reads
    /// instead (a construction, a call: neither a dotted name nor a name that may be a copied parameter), which the plan
    /// rejects once it has bound every use in the solution. The lightbulb asks this first; it binds only those writes
    /// (History's <c>Database = new SqliteConnection(...)</c> cost 0.4 s of binding every use, docs/benchmarks.md lat28).
    /// </summary>
    public static bool SurelyDeclines(Compilation compilation, ISymbol member, CancellationToken cancellationToken)
    {
        if (Declaration(member) is not { } declaration
            || (member is IFieldSymbol field ? field.Type : ((IPropertySymbol)member).Type).TypeKind != TypeKind.Interface)
        {
            return true;
        }

        var declarationSyntax = declaration.GetSyntax(cancellationToken);
        if (Initializer(declarationSyntax) is { } initializer && !IsSuppressedNull(initializer) && !MaySource(initializer))
        {
            return true;
        }

        // Only writes inside the member's own type: there a name alone is found by the plan's reference search too.
        if (declarationSyntax.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } ownType
            || !compilation.ContainsSyntaxTree(declaration.SyntaxTree))
        {
            return false;
        }

        var model = SemanticModels.Of(compilation, declaration.SyntaxTree);
        foreach (var assignment in ownType.DescendantNodes().OfType<AssignmentExpressionSyntax>())
        {
            var name = assignment.Left switch
            {
                IdentifierNameSyntax alone => alone,
                MemberAccessExpressionSyntax { Name: IdentifierNameSyntax qualified } => qualified,
                _ => null,
            };
            if (name is not null && name.Identifier.ValueText == member.Name && !MaySource(assignment.Right)
                && model.GetSymbolInfo(name, cancellationToken).Symbol is { } written
                && SymbolEqualityComparer.Default.Equals(written.OriginalDefinition, member))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A value a plan may read as the owner's member: a dotted name, or a name (a copied parameter is followed).</summary>
    private static bool MaySource(ExpressionSyntax value) =>
        value is IdentifierNameSyntax
        || (value is MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } dotted && IsDottedName(dotted.Expression));

    /// <summary>
    /// A caller's source written where the member is declared: a resolved member with as much of its type's name as that
    /// place needs (<c>Db</c> passed inside <c>EssentialsPlus</c> becomes <c>EssentialsPlus.Db</c>); an unresolved one as written.
    /// </summary>
    private static ExpressionSyntax SourceAtDeclaration(OwnerSource source, ISymbol? symbol, SyntaxReference declaration, SemanticModel declarationModel)
    {
        if (symbol is null)
        {
            return source.Value;
        }

        var type = symbol.ContainingType.ToMinimalDisplayString(declarationModel, declaration.Span.Start);
        return SyntaxFactory.ParseExpression(type + "." + symbol.Name);
    }

    /// <summary>A value the member is set to, and whether a caller passes it through a constructor parameter.</summary>
    private sealed class OwnerSource
    {
        public OwnerSource(ExpressionSyntax value, SemanticModel model, bool fromCaller)
        {
            Value = value;
            Model = model;
            FromCaller = fromCaller;
        }

        public ExpressionSyntax Value { get; }

        public SemanticModel Model { get; }

        public bool FromCaller { get; }
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

    private static bool IsSuppressedNull(ExpressionSyntax initializer) =>
        initializer is PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression, Operand: var operand }
        && (operand.IsKind(SyntaxKind.NullLiteralExpression) || operand.IsKind(SyntaxKind.DefaultLiteralExpression));

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
                return assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                       && assignment.Parent is ExpressionStatementSyntax { Parent: BlockSyntax } or ArrowExpressionClauseSyntax { Parent: ConstructorDeclarationSyntax }
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
    /// property of the member's type can read; null when it is. A caller's argument may also be a static member of the
    /// solution (<c>new HomeManager(Db)</c>): the copy then reads that holder, which is reported and fixed on its own.
    /// </summary>
    private static NoFixReason? SourceReason(OwnerSource source, ITypeSymbol memberType, INamedTypeSymbol reader, SemanticModel readerModel, int readerPosition, CancellationToken cancellationToken)
    {
        var notASource = source.FromCaller ? NoFixReason.CallerPassesNoOwnerMember : NoFixReason.InterfaceWithoutConstruction;
        var model = source.Model;
        var symbol = model.GetSymbolInfo(source.Value, cancellationToken).Symbol;
        var shapeFits = source.Value is MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } dotted && IsDottedName(dotted.Expression)
            || source.FromCaller && source.Value is IdentifierNameSyntax && symbol is not null;
        if (!shapeFits)
        {
            return notASource;
        }

        if (symbol is not null)
        {
            // Declared in the solution, a copied source is a holder of its own: the rules report it and its fix applies there.
            if (!symbol.IsStatic || symbol is not (IFieldSymbol or IPropertySymbol)
                || (!source.FromCaller && symbol.Locations.Any(l => l.IsInSource))
                || !model.Compilation.IsSymbolAccessibleWithin(symbol, reader))
            {
                return notASource;
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
        var access = (MemberAccessExpressionSyntax)source.Value;
        var leftmost = Leftmost(access);
        if (model.GetSymbolInfo(leftmost, cancellationToken).Symbol is not (null or INamespaceOrTypeSymbol)
            || model.GetSymbolInfo(access.Expression, cancellationToken).Symbol is not (null or INamespaceOrTypeSymbol))
        {
            return notASource;
        }

        // A caller's unresolved name moves to the member's file (its compile error with it): there it must not bind to
        // something else. Imports cannot tell more: without the host's assembly no file can resolve the name.
        return source.FromCaller
               && leftmost is IdentifierNameSyntax first && readerModel.LookupSymbols(readerPosition, name: first.Identifier.ValueText).Length > 0
            ? NoFixReason.CallerPassesNoOwnerMember
            : null;
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
