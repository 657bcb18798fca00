using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A private method that builds the member, stores it in the member and returns the member, called only as
/// <c>member = CreateConnection();</c> or as a statement (mrtwidget/Livemaps, Database.cs). Its return value is the
/// member itself, so the assignment stores the member into itself: the method becomes <c>void</c>, its
/// <c>return member;</c> a plain <c>return;</c> and each <c>member = CreateConnection();</c> a call — the same statements,
/// run in the same order — and the member's returns are no longer a connection handed out
/// (<see cref="NoFixReason.ConnectionReturned"/>). A method that can return anything else (<c>return null;</c> after
/// failed retries) stays as it is: the assignment then does change the member — unless that return follows a call
/// that ends the process (<see cref="ProcessEndingReturns"/>), whose value no caller ever stores. The method and its
/// calls may be in any part of a partial type.
/// </summary>
internal static class SelfAssigningCreators
{
    private static readonly SyntaxAnnotation MemberAnnotation = new("StaleConn.SelfAssigningCreators.Member");

    /// <summary>
    /// The normalised projects of each solution snapshot, by member: the guard, data-source and factory plans of one
    /// lightbulb plan against one normalised compilation, so what one binds the others read (vcap-dotnet's Node bound its
    /// callers three times over, 2–3 s, docs/benchmarks.md lat28). An edited solution is a new snapshot.
    /// </summary>
    private static readonly SnapshotMemo<Solution, ProjectMember, (Project Project, ISymbol Member)?> Normalised = new();

    /// <summary>The project with the member's creators made <c>void</c>, and the member in it; null when it has none.</summary>
    public static Task<(Project Project, ISymbol Member)?> NormaliseAsync(Project project, ISymbol member, CancellationToken cancellationToken) =>
        Normalised.GetOrSearchAsync(project.Solution, new ProjectMember(project.Id, member), () => NormaliseUncachedAsync(project, member, cancellationToken), cancellationToken);

    private static async Task<(Project Project, ISymbol Member)?> NormaliseUncachedAsync(Project project, ISymbol member, CancellationToken cancellationToken)
    {
        if (member is not (IFieldSymbol or IPropertySymbol) || member.DeclaringSyntaxReferences.Length != 1
            || member.ContainingType is not { DeclaringSyntaxReferences.Length: > 0 } owner)
        {
            return null;
        }

        var declaration = await member.DeclaringSyntaxReferences[0].GetSyntaxAsync(cancellationToken).ConfigureAwait(false);
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null)
        {
            return null;
        }

        // A private creator can be called from every part of a partial type (vcap-dotnet's Node spans two files).
        var parts = owner.DeclaringSyntaxReferences.Select(r => r.SyntaxTree).Distinct().ToList();
        if (!parts.Contains(declaration.SyntaxTree) || parts.Any(t => project.GetDocument(t) is null))
        {
            return null;
        }

        var roots = new Dictionary<SyntaxTree, SyntaxNode>();
        foreach (var tree in parts)
        {
            roots[tree] = await tree.GetRootAsync(cancellationToken).ConfigureAwait(false);
        }

        var edits = new Dictionary<SyntaxNode, SyntaxNode?>();
        foreach (var creator in owner.GetMembers().OfType<IMethodSymbol>().Where(m => IsCandidate(m, member)))
        {
            var method = (MethodDeclarationSyntax)creator.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            var methodModel = SemanticModels.Of(compilation, method.SyntaxTree);
            var returns = method.Body!.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                .OfType<ReturnStatementSyntax>().ToList();
            var calls = CallsOf(creator, member, parts, roots, compilation, cancellationToken);
            if (returns.Count == 0 || calls is null
                || !returns.All(r => r.Expression is { } value && (IsMember(value, member, methodModel, cancellationToken) || ProcessEndingReturns.FollowsProcessEnd(r, methodModel, cancellationToken))))
            {
                continue;
            }

            edits[method] = null;
            foreach (var statement in returns)
            {
                edits[statement] = null;
            }

            foreach (var call in calls)
            {
                edits[call] = null;
            }
        }

        if (edits.Count == 0)
        {
            return null;
        }

        var solution = project.Solution;
        foreach (var tree in parts)
        {
            var root = roots[tree];
            var inTree = edits.Keys.Where(n => n.SyntaxTree == tree).ToList();
            if (tree == declaration.SyntaxTree)
            {
                inTree.Add(declaration);
            }

            if (inTree.Count == 0)
            {
                continue;
            }

            var newRoot = root.ReplaceNodes(inTree, (original, rewritten) => original switch
            {
                MethodDeclarationSyntax => MadeVoid((MethodDeclarationSyntax)rewritten),
                ReturnStatementSyntax => ((ReturnStatementSyntax)rewritten).WithExpression(null)
                    .WithReturnKeyword(((ReturnStatementSyntax)rewritten).ReturnKeyword.WithTrailingTrivia()),
                ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax } =>
                    ((ExpressionStatementSyntax)rewritten).WithExpression(((AssignmentExpressionSyntax)((ExpressionStatementSyntax)rewritten).Expression).Right.WithTriviaFrom(((ExpressionStatementSyntax)rewritten).Expression)),
                _ when original == declaration => rewritten.WithAdditionalAnnotations(MemberAnnotation),
                _ => rewritten,
            });
            solution = solution.WithDocumentSyntaxRoot(project.GetDocument(tree)!.Id, newRoot);
        }

        var newDocument = solution.GetDocument(project.GetDocument(declaration.SyntaxTree)!.Id)!;
        var newCompilation = await newDocument.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        var newTree = await newDocument.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
        if (newCompilation is null || newTree is null)
        {
            return null;
        }

        var newDeclaration = (await newTree.GetRootAsync(cancellationToken).ConfigureAwait(false)).GetAnnotatedNodes(MemberAnnotation).Single();
        var newMember = SemanticModels.Of(newCompilation, newTree).GetDeclaredSymbol(newDeclaration, cancellationToken);
        return newMember is null ? null : (newDocument.Project, newMember);
    }

    /// <summary>A private, synchronous, ordinary method of the member's type, declared once with a block body, returning the member's type.</summary>
    private static bool IsCandidate(IMethodSymbol method, ISymbol member) =>
        method is { MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Private, IsAsync: false, IsGenericMethod: false, IsVirtual: false, IsAbstract: false, IsOverride: false, IsExtern: false }
        && method.IsStatic == member.IsStatic
        && SymbolEqualityComparer.Default.Equals(method.ReturnType, member is IFieldSymbol field ? field.Type : ((IPropertySymbol)member).Type)
        && method.DeclaringSyntaxReferences.Length == 1
        && method.DeclaringSyntaxReferences[0].GetSyntax() is MethodDeclarationSyntax { Body: { } body }
        && !body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)).OfType<YieldStatementSyntax>().Any();

    /// <summary>
    /// The statements calling <paramref name="creator"/> as <c>member = Creator(...);</c> (those the rewrite changes);
    /// null when a reference is anything else but a call statement (its value used, a delegate, <c>nameof</c>).
    /// </summary>
    private static List<ExpressionStatementSyntax>? CallsOf(IMethodSymbol creator, ISymbol member, IReadOnlyList<SyntaxTree> parts, IReadOnlyDictionary<SyntaxTree, SyntaxNode> roots, Compilation compilation, CancellationToken cancellationToken)
    {
        var assignments = new List<ExpressionStatementSyntax>();
        foreach (var tree in parts)
        {
            if (CallsOf(creator, member, roots[tree], SemanticModels.Of(compilation, tree), cancellationToken) is not { } calls)
            {
                return null;
            }

            assignments.AddRange(calls);
        }

        return assignments;
    }

    /// <summary>The calls in one tree; null when one is not a call statement.</summary>
    private static List<ExpressionStatementSyntax>? CallsOf(IMethodSymbol creator, ISymbol member, SyntaxNode root, SemanticModel model, CancellationToken cancellationToken)
    {
        var assignments = new List<ExpressionStatementSyntax>();
        foreach (var name in root.DescendantNodes().OfType<SimpleNameSyntax>().Where(n => n.Identifier.ValueText == creator.Name))
        {
            var info = model.GetSymbolInfo(name, cancellationToken);
            if (!SymbolEqualityComparer.Default.Equals(info.Symbol?.OriginalDefinition, creator) && !info.CandidateSymbols.Any(c => SymbolEqualityComparer.Default.Equals(c.OriginalDefinition, creator)))
            {
                continue;
            }

            ExpressionSyntax reference = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
            if (reference.Parent is not InvocationExpressionSyntax call || call.Expression != reference)
            {
                return null;
            }

            switch (call.Parent)
            {
                case ExpressionStatementSyntax:
                    continue;
                case AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Parent: ExpressionStatementSyntax statement } assignment
                    when assignment.Right == call && IsMember(assignment.Left, member, model, cancellationToken):
                    assignments.Add(statement);
                    continue;
                default:
                    return null;
            }
        }

        return assignments;
    }

    /// <summary><c>member</c>, <c>this.member</c> or <c>Owner.member</c>: the member of this instance (or the static member).</summary>
    private static bool IsMember(ExpressionSyntax expression, ISymbol member, SemanticModel model, CancellationToken cancellationToken) =>
        expression is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or IdentifierNameSyntax or QualifiedNameSyntax or MemberAccessExpressionSyntax }
        && (expression is not MemberAccessExpressionSyntax { Expression: var owner } || owner is ThisExpressionSyntax || member.IsStatic)
        && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(expression, cancellationToken).Symbol, member);

    /// <summary>The method returning nothing; a bare <c>return;</c> left as its last statement goes.</summary>
    private static MethodDeclarationSyntax MadeVoid(MethodDeclarationSyntax method)
    {
        var body = method.Body!;
        if (body.Statements.LastOrDefault() is ReturnStatementSyntax { Expression: null } last && last.GetLeadingTrivia().All(t => t.IsKind(SyntaxKind.WhitespaceTrivia) || t.IsKind(SyntaxKind.EndOfLineTrivia)))
        {
            body = body.WithStatements(body.Statements.Remove(last));
        }

        return method.WithBody(body).WithReturnType(PredefinedType(Token(SyntaxKind.VoidKeyword)).WithTriviaFrom(method.ReturnType));
    }
}
