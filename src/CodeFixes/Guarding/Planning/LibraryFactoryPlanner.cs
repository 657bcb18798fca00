using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// What "build a new connection for each use" changes for one member: its type (the connection's becomes
/// <c>Func&lt;T&gt;</c>), every write (its connection creations become lambdas) and every read (an invocation).
/// </summary>
internal sealed class LibraryFactoryPlan
{
    public LibraryFactoryPlan(
        SyntaxReference declaration,
        ExpressionSyntax? initializer,
        IReadOnlyList<ExpressionStatementSyntax> writes,
        IReadOnlyList<ExpressionSyntax> reads,
        IReadOnlyList<ExpressionSyntax> settled,
        IReadOnlyDictionary<ExpressionStatementSyntax, INamedTypeSymbol> capturedCopies)
    {
        Declaration = declaration;
        Initializer = initializer;
        Writes = writes;
        Reads = reads;
        Settled = settled;
        CapturedCopies = capturedCopies;
    }

    /// <summary>The field's variable declarator or the auto-property's declaration.</summary>
    public SyntaxReference Declaration { get; }

    /// <summary>The initializer's connection creation (every argument settled), or null.</summary>
    public ExpressionSyntax? Initializer { get; }

    /// <summary>The <c>member = new ...;</c> statements.</summary>
    public IReadOnlyList<ExpressionStatementSyntax> Writes { get; }

    /// <summary>The reads of the member (with <c>!</c> when suppressed), each handed to a library.</summary>
    public IReadOnlyList<ExpressionSyntax> Reads { get; }

    /// <summary>The creations' arguments a lambda may read again at each use (the rest are read once, into a local).</summary>
    public IReadOnlyList<ExpressionSyntax> Settled { get; }

    /// <summary>
    /// The writes <c>_db = db;</c> that copy a constructor parameter every caller passes a <c>new T(string)</c> for, with
    /// that connection type: the parameter's string is read once there and each use builds a <c>T</c> from it.
    /// </summary>
    public IReadOnlyDictionary<ExpressionStatementSyntax, INamedTypeSymbol> CapturedCopies { get; }
}

/// <summary>
/// Plans "build a new connection for each use" for a connection member the solution builds with <c>new</c> but never
/// opens, closes or begins a transaction on, whose every read is handed to a library that opens its own connection per
/// call — TShock's <c>DbExt</c>/<c>SqlTableCreator</c> (which copy the connection's type and string, open the copy and
/// dispose it), or Dapper (which opens a closed connection and closes it again) — directly or through a store of the
/// solution that only hands it on the same way (EssentialsPlus's managers). The member becomes a
/// <c>Func&lt;IDbConnection&gt;</c> that builds a new, unopened connection of the provider the code chose, from the
/// connection string computed once where the connection was built: the library gets what it got before (a closed
/// connection with its password still in its string), and no connection object lives for the process.
/// </summary>
internal static class LibraryFactoryPlanner
{
    /// <summary>
    /// The plan; or <see cref="NoFixReason.NeverOpenedInSolution"/> when only libraries open the member but its
    /// connections cannot be built per use exactly as before (then no fix may open it either); or null when the member is
    /// not of this shape (the code opens it, reads it otherwise, or copies it from elsewhere) and the other fixes decide.
    /// </summary>
    public static async Task<Planned<LibraryFactoryPlan>?> PlanAsync(Solution solution, Project project, ISymbol member, CancellationToken cancellationToken)
    {
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        var dbConnection = compilation?.GetTypeByMetadataName("System.Data.Common.DbConnection");
        if (compilation is null || dbConnection is null || Declaration(member) is not { } declaration)
        {
            return null;
        }

        var memberType = member is IFieldSymbol field ? field.Type : ((IPropertySymbol)member).Type;
        if (memberType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) != "global::System.Data.IDbConnection" && !ConnectionTarget.DerivesFrom(memberType, dbConnection))
        {
            return null;
        }

        var found = await NamedReferences.FindAsync(solution, member, cancellationToken).ConfigureAwait(false);
        if (found.Value is not { } references)
        {
            return null;
        }

        var writes = new List<(ExpressionStatementSyntax Statement, SemanticModel Model)>();
        var reads = new List<ExpressionSyntax>();
        foreach (var reference in references)
        {
            var use = reference.Name.Parent is MemberAccessExpressionSyntax access && access.Name == reference.Name ? (ExpressionSyntax)access : reference.Name;
            if (use.Parent is AssignmentExpressionSyntax assignment && assignment.Left == use)
            {
                if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) || assignment.Parent is not ExpressionStatementSyntax statement || SyntaxShapes.IsNullValue(assignment.Right))
                {
                    return null;
                }

                writes.Add((statement, reference.Model));
                continue;
            }

            if (!await OnlyALibraryOpensAsync(solution, compilation, use, reference.Model, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            reads.Add(use.Parent is PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed ? suppressed : use);
        }

        var initializer = Initializer(declaration.GetSyntax(cancellationToken));
        initializer = initializer is null || SyntaxShapes.IsNullValue(initializer) ? null : initializer;
        if (reads.Count == 0 || (writes.Count == 0 && initializer is null))
        {
            return null;
        }

        var capturedCopies = new Dictionary<ExpressionStatementSyntax, INamedTypeSymbol>();
        foreach (var (statement, model) in writes)
        {
            if (!IsCreation(((AssignmentExpressionSyntax)statement.Expression).Right))
            {
                // `_db = db;` from a constructor every caller passes `new T(string)`: captured there, else not of the shape.
                if (await CapturedParameterCopies.ConnectionTypeAsync(solution, compilation, member, statement, model, cancellationToken).ConfigureAwait(false) is not { } type)
                {
                    return null;
                }

                capturedCopies[statement] = type;
            }
        }

        if (initializer is not null && !IsCreation(initializer))
        {
            return null;
        }

        // Only libraries open it: from here on, no fix that opens it may be offered instead.
        var settled = new List<ExpressionSyntax>();
        if (initializer is not null)
        {
            // A static's initializer reads its unsettled strings once into static fields before it (StaticReadOnceValues).
            var initializerModel = SemanticModels.Of(compilation, initializer.SyntaxTree);
            var intoStatics = StaticReadOnceValues.CanHoist(member, initializer);
            if ((CreationReason(initializer, initializerModel, dbConnection, settled, hoistable: intoStatics, cancellationToken)
                 ?? (intoStatics ? StaticReadOnceValues.Reason(initializer, initializerModel, settled, cancellationToken) : null)) is { } initializerReason)
            {
                return initializerReason;
            }
        }

        foreach (var (statement, model) in writes.Where(w => !capturedCopies.ContainsKey(w.Statement)))
        {
            var hoistable = statement.Parent is BlockSyntax or SwitchSectionSyntax;
            if (CreationReason(((AssignmentExpressionSyntax)statement.Expression).Right, model, dbConnection, settled, hoistable, cancellationToken) is { } reason)
            {
                return reason;
            }
        }

        return new LibraryFactoryPlan(declaration, initializer, writes.Select(w => w.Statement).ToList(), reads, settled, capturedCopies);
    }

    /// <summary>A <c>new</c> (in parentheses, cast, or in each branch of a condition): what the planner can make a lambda of.</summary>
    private static bool IsCreation(ExpressionSyntax source) => source switch
    {
        ParenthesizedExpressionSyntax parenthesized => IsCreation(parenthesized.Expression),
        CastExpressionSyntax cast => IsCreation(cast.Expression),
        ConditionalExpressionSyntax conditional => (conditional.WhenTrue is ThrowExpressionSyntax || IsCreation(conditional.WhenTrue))
            && (conditional.WhenFalse is ThrowExpressionSyntax || IsCreation(conditional.WhenFalse)),
        BaseObjectCreationExpressionSyntax => true,
        _ => false,
    };

    /// <summary>
    /// Whether the read only reaches a library that opens its own connection: handed to one directly
    /// (<see cref="LibraryOpenedConnections.HandedToSelfOpeningLibrary"/>), or passed to a method or constructor of the solution
    /// whose parameter is only handed to one or kept in a field that is (<c>new MuteManager(Db)</c>).
    /// </summary>
    private static async Task<bool> OnlyALibraryOpensAsync(Solution solution, Compilation compilation, ExpressionSyntax use, SemanticModel model, CancellationToken cancellationToken)
    {
        if (LibraryOpenedConnections.HandedToSelfOpeningLibrary(use, compilation, cancellationToken)
            || await AdapterFilledCommands.OnlyFilledAsync(solution, compilation, use, model, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        if (use.Parent is not ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.None, Parent: ArgumentListSyntax { Parent: ExpressionSyntax called } } argument
            || called is not (InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax)
            || model.GetSymbolInfo(called, cancellationToken).Symbol is not IMethodSymbol method
            || method.DeclaringSyntaxReferences.Length != 1
            || Parameter(method, argument) is not { RefKind: RefKind.None, IsParams: false } parameter
            || method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not BaseMethodDeclarationSyntax declaration)
        {
            return false;
        }

        var calleeModel = SemanticModels.Of(compilation, declaration.SyntaxTree);
        var reads = declaration.DescendantNodes().OfType<IdentifierNameSyntax>()
            .Where(i => i.Identifier.ValueText == parameter.Name && SymbolEqualityComparer.Default.Equals(calleeModel.GetSymbolInfo(i, cancellationToken).Symbol, parameter))
            .ToList();
        foreach (var read in reads)
        {
            if (LibraryOpenedConnections.HandedToSelfOpeningLibrary(read, compilation, cancellationToken))
            {
                continue;
            }

            // `this.db = db;`: the store's field must only be handed to a library as well.
            if (read.Parent is not AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Parent: ExpressionStatementSyntax } copy
                || copy.Right != read
                || calleeModel.GetSymbolInfo(copy.Left, cancellationToken).Symbol is not { Kind: SymbolKind.Field or SymbolKind.Property } store
                || !SymbolEqualityComparer.Default.Equals(store.ContainingType, method.ContainingType)
                || !await StoreOnlyHandedToLibrariesAsync(solution, compilation, store, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return reads.Count > 0;
    }

    private static async Task<bool> StoreOnlyHandedToLibrariesAsync(Solution solution, Compilation compilation, ISymbol store, CancellationToken cancellationToken)
    {
        var found = await NamedReferences.FindAsync(solution, store, cancellationToken).ConfigureAwait(false);
        if (found.Value is not { } references)
        {
            return false;
        }

        foreach (var reference in references)
        {
            var use = reference.Name.Parent is MemberAccessExpressionSyntax access && access.Name == reference.Name ? (ExpressionSyntax)access : reference.Name;
            var written = use.Parent is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Parent: ExpressionStatementSyntax } assignment && assignment.Left == use;
            if (!written && !LibraryOpenedConnections.HandedToSelfOpeningLibrary(use, compilation, cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    private static IParameterSymbol? Parameter(IMethodSymbol method, ArgumentSyntax argument)
    {
        if (argument.NameColon is { } name)
        {
            return method.Parameters.FirstOrDefault(p => p.Name == name.Name.Identifier.ValueText);
        }

        var index = ((ArgumentListSyntax)argument.Parent!).Arguments.IndexOf(argument);
        return index < method.Parameters.Length ? method.Parameters[index] : null;
    }

    /// <summary>
    /// Null when <paramref name="source"/> is a connection creation (in parentheses, cast, or each branch of a condition,
    /// a <c>throw</c> branch allowed) whose arguments a lambda can read again at each use, or can be read once into a
    /// local first (<paramref name="hoistable"/>: the write is a statement of a block); else why not.
    /// </summary>
    private static NoFixReason? CreationReason(ExpressionSyntax source, SemanticModel model, INamedTypeSymbol dbConnection, List<ExpressionSyntax> settled, bool hoistable, CancellationToken cancellationToken)
    {
        switch (source)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return CreationReason(parenthesized.Expression, model, dbConnection, settled, hoistable, cancellationToken);
            case CastExpressionSyntax cast:
                return CreationReason(cast.Expression, model, dbConnection, settled, hoistable, cancellationToken);
            case ConditionalExpressionSyntax conditional:
                return Branch(conditional.WhenTrue) ?? Branch(conditional.WhenFalse);
            case BaseObjectCreationExpressionSyntax creation
                when model.GetTypeInfo(creation, cancellationToken).Type is INamedTypeSymbol { TypeKind: TypeKind.Class } type && ConnectionTarget.DerivesFrom(type, dbConnection):
                var values = (creation.ArgumentList?.Arguments.Select(a => a.Expression) ?? Enumerable.Empty<ExpressionSyntax>()).ToList();
                if (creation.Initializer is { } objectInitializer)
                {
                    if (!objectInitializer.IsKind(SyntaxKind.ObjectInitializerExpression)
                        || objectInitializer.Expressions.Any(e => e is not AssignmentExpressionSyntax { Left: IdentifierNameSyntax }))
                    {
                        return NoFixReason.NeverOpenedInSolution;
                    }

                    values.AddRange(objectInitializer.Expressions.Cast<AssignmentExpressionSyntax>().Select(a => a.Right));
                }

                if (creation.ArgumentList?.Arguments.Any(a => a.NameColon is not null || !a.RefKindKeyword.IsKind(SyntaxKind.None)) == true)
                {
                    return NoFixReason.NeverOpenedInSolution;
                }

                var body = (SyntaxNode?)source.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? source.SyntaxTree.GetRoot(cancellationToken);
                foreach (var value in values)
                {
                    if (SettledValues.AreSettled(value, model, body, cancellationToken))
                    {
                        settled.Add(value);
                    }
                    else if (!hoistable || model.GetTypeInfo(value, cancellationToken).Type is null)
                    {
                        // Read once where no statement can read it into a local first (a field initializer): a lambda would
                        // read it per use. A value typed by a missing assembly (TShock's config when the build lacks it)
                        // goes to a `var` local all the same: the local has the type the value has in the plugin's build.
                        return NoFixReason.NeverOpenedInSolution;
                    }
                }

                return null;
            default:
                return NoFixReason.NeverOpenedInSolution;
        }

        NoFixReason? Branch(ExpressionSyntax branch) => branch is ThrowExpressionSyntax
            ? null
            : CreationReason(branch, model, dbConnection, settled, hoistable, cancellationToken);
    }

    private static ExpressionSyntax? Initializer(SyntaxNode declaration) => declaration switch
    {
        VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,
        PropertyDeclarationSyntax property => property.Initializer?.Value,
        _ => null,
    };

    /// <summary>The one declaration of a field (alone in its declaration) or an auto-property, declared in source; else null.</summary>
    private static SyntaxReference? Declaration(ISymbol member)
    {
        if (member.DeclaringSyntaxReferences.Length != 1 || member.IsImplicitlyDeclared)
        {
            return null;
        }

        var reference = member.DeclaringSyntaxReferences[0];
        return reference.GetSyntax() switch
        {
            VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: FieldDeclarationSyntax field } }
                when !field.Modifiers.Any(SyntaxKind.ConstKeyword) => reference,
            PropertyDeclarationSyntax { AccessorList: { } accessors, ExpressionBody: null } property
                when accessors.Accessors.All(a => a.Body is null && a.ExpressionBody is null)
                     && !property.Modifiers.Any(m => m.IsKind(SyntaxKind.AbstractKeyword) || m.IsKind(SyntaxKind.ExternKeyword) || m.IsKind(SyntaxKind.PartialKeyword) || m.IsKind(SyntaxKind.OverrideKeyword) || m.IsKind(SyntaxKind.VirtualKeyword))
                     && member is IPropertySymbol { IsIndexer: false, ExplicitInterfaceImplementations.Length: 0 } => reference,
            _ => null,
        };
    }
}
