using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StaleConn.CodeFixes.Guarding.Planning;

namespace StaleConn.CodeFixes.Guarding;

/// <summary>
/// "Read 'Owner.Connection' where it is used instead of keeping a copy": the member becomes
/// <c>private IDbConnection database =&gt; TShock.DB;</c> and the statements that copied the source are removed.
/// </summary>
internal static class OwnerSourceFix
{
    private const string TitleStart = "Read '";

    private const string TitleEnd = "' where it is used instead of keeping a copy";

    public static string TitleFor(OwnerSourcePlan plan) => TitleStart + plan.SourceText + TitleEnd;

    /// <summary>Whether <paramref name="title"/> is one <see cref="TitleFor"/> wrote.</summary>
    public static bool IsTitle(string title) =>
        title.StartsWith(TitleStart, System.StringComparison.Ordinal) && title.EndsWith(TitleEnd, System.StringComparison.Ordinal);

    /// <summary>The plan for the one member a target names, or why there is none.</summary>
    public static async Task<Planned<OwnerSourcePlan>> PlanAsync(Solution solution, GuardTarget target, CancellationToken cancellationToken)
    {
        var project = solution.GetProject(target.ProjectId);
        var compilation = project is null ? null : await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null || target.IsRegistration || target.Resolve(compilation) is not { } member)
        {
            return NoFixReason.AnalysisFailed;
        }

        try
        {
            return await OwnerSourcePlanner.PlanAsync(solution, member, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Exception exception) when (exception is not System.OperationCanceledException)
        {
            // Half-typed code must never break the lightbulb.
            return NoFixReason.AnalysisFailed;
        }
    }

    /// <summary>Whether <see cref="PlanAsync"/> is sure to decline the target, judged without binding its uses elsewhere.</summary>
    public static async Task<bool> SurelyDeclinesAsync(Solution solution, GuardTarget target, CancellationToken cancellationToken)
    {
        var project = solution.GetProject(target.ProjectId);
        var compilation = project is null ? null : await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null || target.IsRegistration || target.Resolve(compilation) is not { } member)
        {
            return true;
        }

        try
        {
            return OwnerSourcePlanner.SurelyDeclines(compilation, member, cancellationToken);
        }
        catch (System.Exception exception) when (exception is not System.OperationCanceledException)
        {
            // Half-typed code: the plan decides.
            return false;
        }
    }

    /// <summary>Applies the plans one target after another (each planned on the solution as the previous left it); null when one has no plan.</summary>
    public static async Task<Solution?> FixAsync(Solution solution, IEnumerable<GuardTarget> targets, CancellationToken cancellationToken)
    {
        foreach (var target in targets.Distinct().Where(t => !t.IsRegistration).OrderBy(t => t.Key, System.StringComparer.Ordinal))
        {
            if ((await PlanAsync(solution, target, cancellationToken).ConfigureAwait(false)).Value is not { } plan)
            {
                return null;
            }

            solution = await ApplyAsync(solution, plan, cancellationToken).ConfigureAwait(false);
        }

        return solution;
    }

    public static async Task<Solution> ApplyAsync(Solution solution, OwnerSourcePlan plan, CancellationToken cancellationToken)
    {
        var declarationTree = plan.Declaration.SyntaxTree;
        var removed = plan.Copies.Cast<SyntaxNode>()
            .Concat(plan.Parameters.Select(p => p.Parameter))
            .Concat(plan.Parameters.SelectMany(p => p.Arguments))
            .ToList();
        var renamed = plan.Parameters.SelectMany(p => p.RenamedUses).ToList();
        var memberName = DeclarationName(plan.Declaration.GetSyntax(cancellationToken));
        foreach (var tree in removed.Select(c => c.SyntaxTree).Append(declarationTree).Distinct())
        {
            if (solution.GetDocument(tree) is not { } document)
            {
                continue;
            }

            var root = await tree.GetRootAsync(cancellationToken).ConfigureAwait(false);
            var removals = removed.Where(c => c.SyntaxTree == tree && c is not ArrowExpressionClauseSyntax).ToList();
            var emptied = removed.Where(c => c.SyntaxTree == tree).OfType<ArrowExpressionClauseSyntax>().Select(a => (ConstructorDeclarationSyntax)a.Parent!).ToList();

            // A node inside another removed node (an argument inside a removed copy) goes with it.
            removals = removals.Where(r => !removals.Any(o => o != r && o.Span.Contains(r.Span))).ToList();
            var renames = renamed.Where(r => r.SyntaxTree == tree).ToList();
            var declaration = tree == declarationTree ? DeclarationNode(plan.Declaration.GetSyntax(cancellationToken)) : null;
            var tracked = root.TrackNodes(removals.Concat(renames).Concat(emptied).Concat(declaration is null ? Enumerable.Empty<SyntaxNode>() : new SyntaxNode[] { declaration }));
            if (declaration is not null)
            {
                var current = tracked.GetCurrentNode(declaration)!;
                tracked = tracked.ReplaceNode(current, Property(current, plan.Source));
            }

            foreach (var constructor in emptied)
            {
                var current = tracked.GetCurrentNode(constructor)!;
                tracked = tracked.ReplaceNode(current, EmptyBody(current));
            }

            foreach (var use in renames)
            {
                var current = tracked.GetCurrentNode(use)!;
                tracked = tracked.ReplaceNode(current, SyntaxFactory.IdentifierName(memberName).WithTriviaFrom(current));
            }

            tracked = tracked.RemoveNodes(removals.Select(r => tracked.GetCurrentNode(r)!), SyntaxRemoveOptions.KeepUnbalancedDirectives)!;
            solution = document.WithSyntaxRoot(tracked).Project.Solution;
        }

        return solution;
    }

    /// <summary><c>Store(IDbConnection database) =&gt; this.database = database;</c> without its copy: <c>Store(...) { }</c>.</summary>
    private static ConstructorDeclarationSyntax EmptyBody(ConstructorDeclarationSyntax constructor) => constructor
        .WithExpressionBody(null)
        .WithSemicolonToken(default)
        .WithBody(SyntaxFactory.Block(
            SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithTrailingTrivia(SyntaxFactory.Space),
            default,
            SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithTrailingTrivia(constructor.SemicolonToken.TrailingTrivia)));

    private static string DeclarationName(SyntaxNode declaration) => declaration switch
    {
        VariableDeclaratorSyntax variable => variable.Identifier.ValueText,
        PropertyDeclarationSyntax property => property.Identifier.ValueText,
        _ => throw new System.InvalidOperationException("Not a field or property: " + declaration.Kind()),
    };

    /// <summary>The field declaration around a variable, or the property declaration itself.</summary>
    private static MemberDeclarationSyntax DeclarationNode(SyntaxNode declaration) =>
        declaration is VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax field } ? field : (MemberDeclarationSyntax)declaration;

    private static PropertyDeclarationSyntax Property(MemberDeclarationSyntax declaration, ExpressionSyntax source)
    {
        var body = SyntaxFactory.ArrowExpressionClause(
            SyntaxFactory.Token(SyntaxKind.EqualsGreaterThanToken).WithTrailingTrivia(SyntaxFactory.Space),
            source.WithoutTrivia());
        switch (declaration)
        {
            case FieldDeclarationSyntax field:
                var variable = field.Declaration.Variables[0];
                var modifiers = SyntaxFactory.TokenList(field.Modifiers.Where(m => !m.IsKind(SyntaxKind.ReadOnlyKeyword) && !m.IsKind(SyntaxKind.VolatileKeyword)));
                return SyntaxFactory.PropertyDeclaration(
                        SyntaxFactory.List<AttributeListSyntax>(),
                        modifiers,
                        field.Declaration.Type.WithTrailingTrivia(SyntaxFactory.Space),
                        null,
                        variable.Identifier.WithoutTrivia().WithTrailingTrivia(SyntaxFactory.Space),
                        null,
                        body,
                        null,
                        field.SemicolonToken)
                    .WithLeadingTrivia(field.GetLeadingTrivia());
            case PropertyDeclarationSyntax property:
                var semicolon = property.SemicolonToken.IsKind(SyntaxKind.None)
                    ? SyntaxFactory.Token(SyntaxKind.SemicolonToken).WithTrailingTrivia(property.AccessorList!.GetTrailingTrivia())
                    : property.SemicolonToken;
                return property
                    .WithIdentifier(property.Identifier.WithoutTrivia().WithTrailingTrivia(SyntaxFactory.Space))
                    .WithAccessorList(null)
                    .WithInitializer(null)
                    .WithExpressionBody(body)
                    .WithSemicolonToken(semicolon);
            default:
                throw new System.InvalidOperationException("Not a field or property: " + declaration.Kind());
        }
    }
}
