using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.FindSymbols;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A <c>StateChange</c> handler on the member that only reconnects it (<see cref="ReconnectOnlyWork"/>: Carrak/TeaBot's
/// close-and-reopen, GuyInGrey/Forseti's rebuild through <c>ForceReconnect()</c>) does by hand what the guard does for
/// every lease, and a connection per use needs no reconnect at all. The project is planned again without it: every
/// subscription of such handlers to the member's events goes, and so do the handlers and the reconnect methods they
/// call once nothing else names them, with the state-gated calls of those methods before the work (<see cref="ReconnectGates"/>);
/// every other statement stays. Any other subscription keeps its reason.
/// </summary>
internal static class RedundantReconnectHandlers
{
    private static readonly SyntaxAnnotation MemberAnnotation = new("StaleConn.RedundantReconnectHandlers.Member");

    /// <summary>The guard, data-source and factory plans of one lightbulb drop the same handlers once per snapshot.</summary>
    private static readonly SnapshotMemo<Solution, ProjectMember, Planned<PlannedProject>> Dropped = new();

    /// <summary>The project without the member's reconnect handlers, or why a subscription must stay.</summary>
    public static Task<Planned<PlannedProject>> NormaliseAsync(Project project, ISymbol member, CancellationToken cancellationToken)
    {
        var key = new ProjectMember(project.Id, member);
        return Dropped.GetOrSearchAsync(project.Solution, key, () => DropAsync(project, member, cancellationToken), cancellationToken);
    }

    private static async Task<Planned<PlannedProject>> DropAsync(Project project, ISymbol member, CancellationToken cancellationToken)
    {
        if (member.DeclaringSyntaxReferences.Length != 1 || await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false) is not { } compilation)
        {
            return NoFixReason.ConnectionEventsSubscribed;
        }

        var subscriptions = new List<StatementSyntax>();
        var methods = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        foreach (var tree in compilation.SyntaxTrees.Where(t => NameIndex.Mentions(t, member.Name, cancellationToken)))
        {
            var model = SemanticModels.Of(compilation, tree);
            foreach (var subscription in (await tree.GetRootAsync(cancellationToken).ConfigureAwait(false)).DescendantNodes().OfType<AssignmentExpressionSyntax>()
                         .Where(a => a.IsKind(SyntaxKind.AddAssignmentExpression) || a.IsKind(SyntaxKind.SubtractAssignmentExpression)))
            {
                if (EventOf(subscription, member, model, cancellationToken) is not { } subscribed)
                {
                    continue;
                }

                if (subscribed.Name != "StateChange" || subscription.Parent is not ExpressionStatementSyntax statement
                    || HandlerBody(subscription.Right, model, cancellationToken) is not { } handler)
                {
                    return NoFixReason.ConnectionEventsSubscribed;
                }

                var work = ReconnectOnlyWork.Read(handler.Body, member, compilation, cancellationToken);
                if (work.Value is null)
                {
                    return work.Reason!.Value;
                }

                subscriptions.Add(statement);
                methods.UnionWith(work.Value.Callees);
                if (handler.Method is { } method)
                {
                    methods.Add(method);
                }
            }
        }

        if (subscriptions.Count == 0)
        {
            return NoFixReason.ConnectionEventsSubscribed;
        }

        // The reconnect methods' gates before the work go too (ReconnectGates), and the state properties only they read.
        var (gates, stateReaders) = ReconnectGates.Find(compilation, member, methods, cancellationToken);
        subscriptions.AddRange(gates);
        var removedMethods = await UnnamedElsewhereAsync(project.Solution, methods.Concat<ISymbol>(stateReaders), subscriptions, cancellationToken).ConfigureAwait(false);
        return await ApplyAsync(project, member, subscriptions, removedMethods, cancellationToken).ConfigureAwait(false) is { } dropped
            ? dropped
            : NoFixReason.ConnectionEventsSubscribed;
    }

    /// <summary>The event of <c>member.Event += ...</c> (or <c>-=</c>), the member named as itself, <c>this.member</c> or <c>Type.member</c>.</summary>
    private static IEventSymbol? EventOf(AssignmentExpressionSyntax subscription, ISymbol member, SemanticModel model, CancellationToken cancellationToken)
    {
        if (subscription.Left is not MemberAccessExpressionSyntax access
            || model.GetSymbolInfo(access, cancellationToken).Symbol is not IEventSymbol subscribed)
        {
            return null;
        }

        var receiver = access.Expression is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } self ? self : access.Expression;
        return SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(receiver, cancellationToken).Symbol?.OriginalDefinition, member.OriginalDefinition)
            ? subscribed
            : null;
    }

    /// <summary>The handler's body: a lambda's, or the project's method named directly or through <c>new StateChangeEventHandler(M)</c>.</summary>
    private static (CSharpSyntaxNode Body, IMethodSymbol? Method)? HandlerBody(ExpressionSyntax handler, SemanticModel model, CancellationToken cancellationToken)
    {
        if (handler is ObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 1 } wrapper)
        {
            handler = wrapper.ArgumentList!.Arguments[0].Expression;
        }

        if (handler is AnonymousFunctionExpressionSyntax lambda)
        {
            return (lambda.Body, null);
        }

        if (model.GetSymbolInfo(handler, cancellationToken).Symbol is not IMethodSymbol { IsVirtual: false, IsAbstract: false, IsOverride: false } method
            || method.DeclaringSyntaxReferences.Length != 1
            || method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not MethodDeclarationSyntax declaration
            || method.ExplicitInterfaceImplementations.Length > 0)
        {
            return null;
        }

        CSharpSyntaxNode? body = (CSharpSyntaxNode?)declaration.Body ?? declaration.ExpressionBody?.Expression;
        return body is null ? null : (body, method.OriginalDefinition);
    }

    /// <summary>
    /// The handlers and reconnect methods that every reference names from inside what goes (a removed subscription, or
    /// another of these methods that goes): read to a fixed point, as a reconnect method is named by the handler.
    /// </summary>
    private static async Task<List<MemberDeclarationSyntax>> UnnamedElsewhereAsync(
        Solution solution, IEnumerable<ISymbol> methods, List<StatementSyntax> subscriptions, CancellationToken cancellationToken)
    {
        var referencesOf = new Dictionary<ISymbol, List<Location>>(SymbolEqualityComparer.Default);
        foreach (var method in methods)
        {
            var found = await SymbolFinder.FindReferencesAsync(method, solution, cancellationToken).ConfigureAwait(false);
            referencesOf[method] = found.SelectMany(r => r.Locations).Select(l => l.Location).ToList();
        }

        var removed = new List<MemberDeclarationSyntax>();
        var removedSpans = subscriptions.Select(s => (s.SyntaxTree, s.Span)).ToList();
        bool grew;
        do
        {
            grew = false;
            foreach (var pair in referencesOf.Where(p => p.Value.All(l => removedSpans.Any(r => r.SyntaxTree == l.SourceTree && r.Span.Contains(l.SourceSpan)))).ToList())
            {
                var declaration = (MemberDeclarationSyntax)pair.Key.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
                removed.Add(declaration);
                removedSpans.Add((declaration.SyntaxTree, declaration.Span));
                referencesOf.Remove(pair.Key);
                grew = true;
            }
        }
        while (grew);

        return removed;
    }

    private static async Task<PlannedProject?> ApplyAsync(
        Project project, ISymbol member, List<StatementSyntax> subscriptions, List<MemberDeclarationSyntax> removedMethods, CancellationToken cancellationToken)
    {
        var declaration = await member.DeclaringSyntaxReferences[0].GetSyntaxAsync(cancellationToken).ConfigureAwait(false);
        // A subscription inside a method that goes goes with it.
        var removedStatements = subscriptions.Where(s => !removedMethods.Any(m => m.SyntaxTree == s.SyntaxTree && m.Span.Contains(s.Span))).ToList();
        var edited = removedStatements.Select(s => s.SyntaxTree).Concat(removedMethods.Select(m => m.SyntaxTree)).Distinct().ToList();
        var solution = project.Solution;
        foreach (var tree in edited.Append(declaration.SyntaxTree).Distinct())
        {
            if (project.GetDocument(tree) is not { } document)
            {
                return null;
            }

            var editor = new SyntaxEditor(await tree.GetRootAsync(cancellationToken).ConfigureAwait(false), solution.Services);
            if (tree == declaration.SyntaxTree)
            {
                editor.ReplaceNode(declaration, (node, _) => node.WithAdditionalAnnotations(MemberAnnotation));
            }

            foreach (var statement in removedStatements.Where(s => s.SyntaxTree == tree))
            {
                // An `if`'s only statement becomes an empty block: the `if` and its condition stay.
                if (statement.Parent is BlockSyntax)
                {
                    editor.RemoveNode(statement);
                }
                else
                {
                    editor.ReplaceNode(statement, Block().WithTriviaFrom(statement));
                }
            }

            foreach (var method in removedMethods.Where(m => m.SyntaxTree == tree))
            {
                editor.RemoveNode(method);
            }

            solution = solution.WithDocumentSyntaxRoot(document.Id, editor.GetChangedRoot());
        }

        var newProject = solution.GetProject(project.Id)!;
        var newCompilation = await newProject.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        var newTree = await newProject.GetDocument(project.GetDocument(declaration.SyntaxTree)!.Id)!.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
        if (newCompilation is null || newTree is null)
        {
            return null;
        }

        var newDeclaration = (await newTree.GetRootAsync(cancellationToken).ConfigureAwait(false)).GetAnnotatedNodes(MemberAnnotation).Single();
        var newMember = SemanticModels.Of(newCompilation, newTree).GetDeclaredSymbol(newDeclaration, cancellationToken);
        return newMember is null ? null : new PlannedProject(newProject, newMember, edited.Select(t => project.GetDocument(t)!.Id).ToList());
    }
}
