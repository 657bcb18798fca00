using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// Whether a connection member is given a new connection before each use: every read that runs work on it (a command
/// built over it, a method called on it, the renewing method's <c>return</c>) follows, in the same function, an
/// unconditional <c>member = new ...(...)</c> (Muratkscnn/Wissen's <c>Veritabani.baglan()</c>:
/// <c>baglanti = new SqlConnection(cs); baglanti.Open(); return baglanti;</c>). The member then keeps no connection
/// from one operation to the next: the old one is leaked, not reused, so it cannot go stale. Not proven where a
/// constructor or Load handler fills it and other code reuses it, nor where a read may keep it elsewhere (handed to
/// another object's constructor, copied). Reads that only open, close or look at it (<c>Close()</c>, <c>State</c>,
/// <c>!= null</c>) need no renewal: a closed connection reopens on a checked session.
/// </summary>
internal static class RenewedBeforeEachUse
{
    /// <summary>Identifier tokens one member's search may bind before it gives up.</summary>
    private const int MaxOccurrences = 2000;

    public static bool IsProven(ISymbol member, Compilation compilation, CancellationToken cancellationToken)
    {
        if (member is not (IFieldSymbol or IPropertySymbol) || member.ContainingType is not { } owner)
        {
            return false;
        }

        // Spelled names first: most members are never renewed, and binding each of their uses would be spent for nothing.
        var spelled = Spelled(member, owner, compilation, cancellationToken);
        if (spelled is null || !spelled.Exists(s => IsRenewal(s.Reference)))
        {
            return false;
        }

        var models = new Dictionary<SyntaxTree, SemanticModel>();
        var renewals = new List<StatementSyntax>();
        var uses = new List<ExpressionSyntax>();
        foreach (var (identifier, reference) in spelled)
        {
            var model = Model(models, compilation, identifier.SyntaxTree);
            if (!Binds(identifier, member.OriginalDefinition, model, cancellationToken))
            {
                continue;
            }

            switch (Classify(reference, model, cancellationToken))
            {
                case Reference.Renewal:
                    renewals.Add(RenewalStatement(reference)!);
                    break;
                case Reference.Work:
                    uses.Add(reference);
                    break;
                case Reference.Escapes:
                    return false;
            }
        }

        // A member opened and never used is not proven: the first use added later reads a connection kept since its renewal.
        return renewals.Count > 0 && uses.Count > 0 && uses.TrueForAll(use => renewals.Any(renewal => Precedes(renewal, use)));
    }

    private enum Reference
    {
        /// <summary>Opens, closes, or looks at the connection; or clears the member.</summary>
        Neutral,

        /// <summary>An unconditional statement that assigns a newly created connection.</summary>
        Renewal,

        /// <summary>Runs one operation's work on it.</summary>
        Work,

        /// <summary>May keep it past the operation, stores something else in it, or passes it by reference.</summary>
        Escapes,
    }

    /// <summary>Every identifier spelling the member's name where it may be used; null when there are more than the search reads.</summary>
    private static List<(IdentifierNameSyntax Identifier, ExpressionSyntax Reference)>? Spelled(ISymbol member, INamedTypeSymbol owner, Compilation compilation, CancellationToken cancellationToken)
    {
        var name = member.Name;
        IEnumerable<SyntaxNode> scopes = member.DeclaredAccessibility == Accessibility.Private
            ? OwnDeclarations(member, owner, cancellationToken)
            : compilation.SyntaxTrees.Where(t => t.GetText(cancellationToken).ToString().IndexOf(name, StringComparison.Ordinal) >= 0).Select(t => t.GetRoot(cancellationToken));
        var spelled = new List<(IdentifierNameSyntax, ExpressionSyntax)>();
        foreach (var scope in scopes)
        {
            if (!compilation.ContainsSyntaxTree(scope.SyntaxTree))
            {
                return null;
            }

            foreach (var identifier in scope.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (identifier.Identifier.ValueText != name)
                {
                    continue;
                }

                if (spelled.Count == MaxOccurrences)
                {
                    return null;
                }

                spelled.Add((identifier, identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier ? access : identifier));
            }
        }

        return spelled;
    }

    /// <summary>
    /// Where a private member can be named: its own type declaration, or every part of a partial type. Not the other
    /// declarations of a non-partial type of the same name (course repositories compiled as one keep many copies of a
    /// <c>Veritabani</c>; the compiler merges them, each with its own field).
    /// </summary>
    private static IEnumerable<SyntaxNode> OwnDeclarations(ISymbol member, INamedTypeSymbol owner, CancellationToken cancellationToken)
    {
        var own = member.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken).FirstAncestorOrSelf<TypeDeclarationSyntax>()).FirstOrDefault();
        if (own is null || !own.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            return own is null ? Enumerable.Empty<SyntaxNode>() : new SyntaxNode[] { own };
        }

        return owner.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).Where(d => d is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword));
    }

    private static SemanticModel Model(Dictionary<SyntaxTree, SemanticModel> models, Compilation compilation, SyntaxTree tree)
    {
        if (!models.TryGetValue(tree, out var model))
        {
            model = compilation.GetSemanticModel(tree);
            models.Add(tree, model);
        }

        return model;
    }

    /// <summary>Whether the name stands for the member (or, in code that does not bind, may).</summary>
    private static bool Binds(IdentifierNameSyntax identifier, ISymbol member, SemanticModel model, CancellationToken cancellationToken)
    {
        var info = model.GetSymbolInfo(identifier, cancellationToken);
        return info.Symbol is { } symbol
            ? SymbolEqualityComparer.Default.Equals(symbol.OriginalDefinition, member)
            : info.CandidateSymbols.Any(s => SymbolEqualityComparer.Default.Equals(s.OriginalDefinition, member));
    }

    /// <summary>Whether a spelling of the name assigns it a new object in a statement of its own (read before any binding).</summary>
    private static bool IsRenewal(ExpressionSyntax reference) =>
        reference.Parent is AssignmentExpressionSyntax { Right: BaseObjectCreationExpressionSyntax } assignment
        && assignment.Left == reference && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && RenewalStatement(reference) is not null;

    /// <summary>
    /// One reference. Work is only what ends with the operation: a command or adapter built over it, a method called on
    /// it, a command's <c>Connection</c> set to it, or the renewing method's <c>return</c>. Anything else may keep it
    /// (<c>Bank = new BankAccountManager(Db)</c>, a copy, a list's <c>Add</c>): it escapes.
    /// </summary>
    private static Reference Classify(ExpressionSyntax reference, SemanticModel model, CancellationToken cancellationToken)
    {
        switch (reference.Parent)
        {
            case AssignmentExpressionSyntax assignment when assignment.Left == reference:
                return IsRenewal(reference) ? Reference.Renewal
                    : assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && (assignment.Right.IsKind(SyntaxKind.NullLiteralExpression) || assignment.Right.IsKind(SyntaxKind.DefaultLiteralExpression)) ? Reference.Neutral
                    : Reference.Escapes;
            case AssignmentExpressionSyntax assignment when assignment.Right == reference:
                return IsCommandConnection(assignment.Left, model, cancellationToken)
                    && !(assignment.Left is MemberAccessExpressionSyntax { Expression: var command } && IsMember(command, model, cancellationToken))
                    ? Reference.Work
                    : Reference.Escapes;
            case MemberAccessExpressionSyntax access when access.Expression == reference:
                return access.Parent is InvocationExpressionSyntax call && call.Expression == access
                    ? OpensOrCloses(access.Name.Identifier.ValueText) ? Reference.Neutral : WorkUnlessStored(call, model, cancellationToken)
                    : Reference.Neutral; // .State, .ConnectionString
            case ConditionalAccessExpressionSyntax conditional when conditional.Expression == reference:
                return conditional.WhenNotNull is InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax bound } && !OpensOrCloses(bound.Name.Identifier.ValueText)
                    ? Reference.Work
                    : Reference.Neutral;
            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.EqualsExpression) || binary.IsKind(SyntaxKind.NotEqualsExpression):
            case IsPatternExpressionSyntax:
                return Reference.Neutral;
            case ReturnStatementSyntax:
                return Reference.Work;
            case ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.None, Parent.Parent: BaseObjectCreationExpressionSyntax creation }:
                return IsCommandOrAdapter(creation, model, cancellationToken) ? WorkUnlessStored(creation, model, cancellationToken) : Reference.Escapes;
            default:
                return Reference.Escapes;
        }
    }

    /// <summary>
    /// A command built over the connection and kept in a member keeps the connection too (borossandor27/DataGridViewMysql's
    /// <c>sql = conn.CreateCommand();</c> in a static, used by every form): not one operation's work.
    /// </summary>
    private static Reference WorkUnlessStored(ExpressionSyntax value, SemanticModel model, CancellationToken cancellationToken) =>
        value.Parent switch
        {
            AssignmentExpressionSyntax assignment when assignment.Right == value && IsMember(assignment.Left, model, cancellationToken) => Reference.Escapes,
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax } } or EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax } => Reference.Escapes,
            _ => Reference.Work,
        };

    private static bool IsMember(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken) =>
        model.GetSymbolInfo(expression, cancellationToken).Symbol is IFieldSymbol or IPropertySymbol;

    /// <summary><c>new SqlCommand(sql, connection)</c>, <c>new MySqlDataAdapter(sql, connection)</c>: built for one operation.</summary>
    private static bool IsCommandOrAdapter(BaseObjectCreationExpressionSyntax creation, SemanticModel model, CancellationToken cancellationToken) =>
        model.GetTypeInfo(creation, cancellationToken).Type is { } type && IsCommandOrAdapterType(type);

    /// <summary><c>command.Connection = connection</c>, or <c>Connection = connection</c> in a command's initializer.</summary>
    private static bool IsCommandConnection(ExpressionSyntax left, SemanticModel model, CancellationToken cancellationToken) =>
        model.GetSymbolInfo(left, cancellationToken).Symbol is IPropertySymbol { Name: "Connection", ContainingType: { } type } && IsCommandOrAdapterType(type);

    private static bool IsCommandOrAdapterType(ITypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name.EndsWith("Command", StringComparison.Ordinal) || current.Name.EndsWith("DataAdapter", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return type.AllInterfaces.Any(i => i.Name is "IDbCommand" or "IDbDataAdapter");
    }

    private static bool OpensOrCloses(string method) => method is "Open" or "OpenAsync" or "Close" or "CloseAsync" or "Dispose" or "DisposeAsync";

    /// <summary>
    /// The statement that makes the assignment: <c>member = new ...(...);</c> itself, or <c>using (member = new ...(...))</c>;
    /// null for an assignment nested in another expression (a condition, a lambda).
    /// </summary>
    private static StatementSyntax? RenewalStatement(ExpressionSyntax reference) => reference.Parent switch
    {
        AssignmentExpressionSyntax { Parent: ExpressionStatementSyntax statement } => statement,
        AssignmentExpressionSyntax { Parent: UsingStatementSyntax statement } assignment when statement.Expression == assignment => statement,
        _ => null,
    };

    /// <summary>
    /// Whether <paramref name="renewal"/> runs every time before <paramref name="use"/> does: the same function, the
    /// renewal earlier, nothing between it and their common block that may skip it (a condition, a loop, a catch), and
    /// no loop between that block and the use that would reuse it.
    /// </summary>
    private static bool Precedes(StatementSyntax renewal, ExpressionSyntax use)
    {
        if (renewal.SyntaxTree != use.SyntaxTree || renewal.SpanStart >= use.SpanStart || Function(renewal) != Function(use))
        {
            return false;
        }

        if (renewal is UsingStatementSyntax usingStatement && usingStatement.Statement.Span.Contains(use.Span))
        {
            return UsesWithoutLoop(use, usingStatement.Statement);
        }

        var common = use.Ancestors().OfType<BlockSyntax>().FirstOrDefault(block => block.Span.Contains(renewal.Span));
        if (common is null)
        {
            return false;
        }

        SyntaxNode from = renewal;
        for (var node = renewal.Parent; node is not null && node != common; from = node, node = node.Parent)
        {
            var unconditional = node switch
            {
                BlockSyntax or LockStatementSyntax or CheckedStatementSyntax or UnsafeStatementSyntax => true,
                TryStatementSyntax tryStatement => from == tryStatement.Block,
                UsingStatementSyntax usingBody => from == usingBody.Statement,
                _ => false,
            };
            if (!unconditional)
            {
                return false;
            }
        }

        return UsesWithoutLoop(use, common);
    }

    /// <summary>No loop between <paramref name="use"/> and <paramref name="scope"/>: each turn would reuse the one connection.</summary>
    private static bool UsesWithoutLoop(ExpressionSyntax use, SyntaxNode scope) =>
        !use.Ancestors().TakeWhile(node => node != scope).Any(node => node is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax);

    /// <summary>The function a node runs in: a member, accessor, lambda or local function.</summary>
    private static SyntaxNode? Function(SyntaxNode node) =>
        node.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax);
}
