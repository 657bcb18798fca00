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
/// Commands built once at construction over the connection and run by the methods (<see cref="NoFixReason.CommandBuiltOnce"/>:
/// Danushe4ka/Cursavaya-4sem-'s managers, vladzvx/test's <c>DBWorker</c>) become commands built over no connection and
/// bound to it (<c>_command.Connection = _connection;</c>) in each function that uses them, before its first use — the
/// shape whose connection the fixes already give per unit of work (<see cref="ReferenceCollector"/>'s rebound commands).
/// The command object stays: its text, type, parameters (and the values an earlier call left in them) and transaction
/// are the author's. The connection read is a member set only at construction, so binding it later binds the same
/// object the constructor did. A prepared command, a command handed out or read through another object, or one run in
/// its constructor is left alone, with its reason.
/// </summary>
internal static class ReboundKeptCommands
{
    private const string RebindKind = "StaleConn.ReboundKeptCommands.Rebind";
    private static readonly SyntaxAnnotation MemberAnnotation = new("StaleConn.ReboundKeptCommands.Member");

    /// <summary>
    /// The rebound projects of each solution snapshot, by member: the guard, data-source and factory plans of one
    /// lightbulb (and the fix applied from it) plan on one rebound compilation and share what it bound; rebuilt per plan,
    /// vladzvx/test's 40 commands made its first fix take 144 s instead of 13 s (docs/benchmarks.md, cmdonce34). An
    /// edited solution is a new snapshot, rebound again with the edit.
    /// </summary>
    private static readonly SnapshotMemo<Solution, ProjectMember, Planned<PlannedProject>> Rebound = new();

    /// <summary>The rebound project, or why the finding's commands cannot be rebound.</summary>
    public static Task<Planned<PlannedProject>> NormaliseAsync(Project project, ISymbol member, CancellationToken cancellationToken) =>
        Rebound.GetOrSearchAsync(project.Solution, new ProjectMember(project.Id, member), () => NormaliseUncachedAsync(project, member, cancellationToken), cancellationToken);

    private static async Task<Planned<PlannedProject>> NormaliseUncachedAsync(Project project, ISymbol member, CancellationToken cancellationToken)
    {
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null || member.DeclaringSyntaxReferences.Length != 1)
        {
            return NoFixReason.CommandBuiltOnce;
        }

        var builds = KeptCommandBuilds.Find(compilation, member, cancellationToken);
        if (builds.Count == 0 || builds.GroupBy(b => b.Command, SymbolEqualityComparer.Default).Any(g => g.Count() > 1))
        {
            return NoFixReason.CommandBuiltOnce;
        }

        var edits = new ReboundEdits();
        foreach (var build in builds)
        {
            if (build.ConnectionSymbol is IFieldSymbol field && !SymbolEqualityComparer.Default.Equals(field, member.OriginalDefinition)
                && ConstructorWrites.Of(field, compilation, cancellationToken) is null)
            {
                return NoFixReason.CommandBuiltOnce;
            }

            if (PlanCommand(build, compilation, edits, cancellationToken) is { } reason)
            {
                return reason;
            }
        }

        return await ApplyAsync(project, member, edits, cancellationToken).ConfigureAwait(false) is { } rebound ? rebound : NoFixReason.CommandBuiltOnce;
    }

    /// <summary>Adds the edits for one command: its build over no connection and a binding before each function's first use.</summary>
    private static NoFixReason? PlanCommand(KeptCommandBuild build, Compilation compilation, ReboundEdits edits, CancellationToken cancellationToken)
    {
        if (ConstructorWrites.NamesOf(build.Command, compilation, cancellationToken) is not { } names)
        {
            return NoFixReason.AmbiguousReference;
        }

        var built = ((AssignmentExpressionSyntax)build.Statement.Expression).Left;
        var bareBuilt = (build.BareBuild?.Expression as AssignmentExpressionSyntax)?.Left;
        var byFunction = new Dictionary<SyntaxNode, List<ExpressionSyntax>>();
        foreach (var name in names.Where(n => n.SyntaxTree != built.SyntaxTree || !built.Span.Contains(n.Span) && bareBuilt?.Span.Contains(n.Span) != true))
        {
            var model = SemanticModels.Of(compilation, name.SyntaxTree);
            if (ReferenceOf(name, model, cancellationToken) is not { } reference)
            {
                return NoFixReason.KeptCommandHandedOut;
            }

            if (reference.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Prepare" or "PrepareAsync" })
            {
                return NoFixReason.KeptCommandPrepared;
            }

            if (!RebuiltStoredObjects.IsRelease(reference) && !IsUse(reference))
            {
                // Bound or read elsewhere (`command.Connection`) the command is not one built once; else it leaves the type's methods.
                return reference.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Connection" } ? NoFixReason.CommandBuiltOnce : NoFixReason.KeptCommandHandedOut;
            }

            if (reference.Ancestors().FirstOrDefault(SyntaxShapes.IsFunction) is not { } function)
            {
                return NoFixReason.CommandBuiltOnce;
            }

            if (function.Span.Contains(build.Statement.Span) && function.SyntaxTree == build.Statement.SyntaxTree)
            {
                // The constructor that builds it may go on to describe it (text, type, parameters), not run it; one that
                // only binds it may describe it before the binding too.
                if (reference.SpanStart < build.Statement.Span.End && !build.IsBinding || !DescribesOnly(reference))
                {
                    return NoFixReason.CommandBuiltOnce;
                }

                continue;
            }

            if (!byFunction.TryGetValue(function, out var references))
            {
                byFunction[function] = references = new List<ExpressionSyntax>();
            }

            references.Add(reference);
        }

        if (NestedRebinds.UseAfterCallingAnother(byFunction, compilation, cancellationToken))
        {
            return NoFixReason.CommandBuiltOnce;
        }

        if (build.Unbound is { } unbound)
        {
            edits.Replace(build.Statement.Expression, ((AssignmentExpressionSyntax)build.Statement.Expression).WithRight(unbound.WithTriviaFrom(((AssignmentExpressionSyntax)build.Statement.Expression).Right)));
        }
        else
        {
            edits.Remove(build.Statement);
        }

        foreach (var pair in byFunction.Where(p => !p.Value.All(RebuiltStoredObjects.IsRelease)))
        {
            var first = pair.Value.OrderBy(r => r.SpanStart).First();
            var block = first.Ancestors().OfType<BlockSyntax>().FirstOrDefault(b => pair.Value.All(r => b.Span.Contains(r.Span)));
            if (block is null || block.Ancestors().FirstOrDefault(SyntaxShapes.IsFunction) != pair.Key)
            {
                return NoFixReason.CommandBuiltOnce;
            }

            var anchor = block.Statements.First(s => s.Span.Contains(first.Span));
            edits.InsertBefore(anchor, Rebind(first, build, anchor));
            if (build.ConnectionSymbol is IFieldSymbol { DeclaredAccessibility: Accessibility.Private } field
                && SemanticModels.Of(compilation, anchor.SyntaxTree).GetEnclosingSymbol(anchor.SpanStart, cancellationToken)?.ContainingType is { } user
                && !SymbolEqualityComparer.Default.Equals(user.OriginalDefinition, field.ContainingType.OriginalDefinition))
            {
                edits.Widen(field, cancellationToken);
            }
        }

        return null;
    }

    /// <summary>
    /// The expression that reads the command: its name, <c>this.name</c>, or <c>Type.name</c> for a static one; null for
    /// a read through another object (another instance's command).
    /// </summary>
    private static ExpressionSyntax? ReferenceOf(SimpleNameSyntax name, SemanticModel model, CancellationToken cancellationToken)
    {
        if (name.Parent is not MemberAccessExpressionSyntax access || access.Name != name)
        {
            return name;
        }

        return access.Expression is ThisExpressionSyntax || model.GetSymbolInfo(access.Expression, cancellationToken).Symbol is INamedTypeSymbol ? access : null;
    }

    /// <summary><c>command.Member</c>, other than its connection: the command is used where it is named, not handed on.</summary>
    private static bool IsUse(ExpressionSyntax reference) =>
        reference.Parent is MemberAccessExpressionSyntax access && access.Expression == reference && access.Name.Identifier.ValueText != "Connection";

    /// <summary><c>command.Property = value</c> or a use of <c>command.Parameters</c>: describes the command without running it.</summary>
    private static bool DescribesOnly(ExpressionSyntax reference) =>
        reference.Parent is MemberAccessExpressionSyntax access
        && (access.Name.Identifier.ValueText == "Parameters" || access.Parent is AssignmentExpressionSyntax assignment && assignment.Left == access);

    /// <summary><c>command.Connection = connection;</c>, written as the first use names the command and the build named the connection.</summary>
    private static StatementSyntax Rebind(ExpressionSyntax first, KeptCommandBuild build, StatementSyntax anchor)
    {
        var data = DocumentationCommentId.CreateDeclarationId(build.Command) + "|" + DocumentationCommentId.CreateDeclarationId(build.ConnectionSymbol);
        var newLine = anchor.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        return ExpressionStatement(AssignmentExpression(SyntaxKind.SimpleAssignmentExpression,
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, first.WithoutTrivia(), IdentifierName("Connection")),
                build.Connection.WithoutTrivia()))
            .WithLeadingTrivia(Whitespace(Indentation.Of(anchor.GetFirstToken())))
            .WithTrailingTrivia(newLine.IsKind(SyntaxKind.EndOfLineTrivia) ? newLine : ElasticLineFeed)
            .WithAdditionalAnnotations(new SyntaxAnnotation(RebindKind, data));
    }

    private static async Task<PlannedProject?> ApplyAsync(Project project, ISymbol member, ReboundEdits edits, CancellationToken cancellationToken)
    {
        var declaration = await member.DeclaringSyntaxReferences[0].GetSyntaxAsync(cancellationToken).ConfigureAwait(false);
        var solution = project.Solution;
        var changed = new List<DocumentId>();
        foreach (var tree in edits.Trees.Append(declaration.SyntaxTree).Distinct())
        {
            if (project.GetDocument(tree) is not { } document)
            {
                return null;
            }

            var treeEdits = new MemberScopedEdits();
            if (tree == declaration.SyntaxTree)
            {
                treeEdits.Add(declaration, editor => editor.ReplaceNode(declaration, (node, _) => node.WithAdditionalAnnotations(MemberAnnotation)));
            }

            edits.ApplyTo(treeEdits, tree);

            var root = await tree.GetRootAsync(cancellationToken).ConfigureAwait(false);
            solution = solution.WithDocumentSyntaxRoot(document.Id, treeEdits.Apply(root, project.Solution.Services));
            if (edits.Trees.Contains(tree))
            {
                changed.Add(document.Id);
            }
        }

        var newProject = solution.GetProject(project.Id)!;
        var newCompilation = await newProject.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (newCompilation is null || !await RebindsBindAsync(newProject, newCompilation, changed, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var newTree = await solution.GetDocument(project.GetDocument(declaration.SyntaxTree)!.Id)!.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
        var newDeclaration = (await newTree!.GetRootAsync(cancellationToken).ConfigureAwait(false)).GetAnnotatedNodes(MemberAnnotation).Single();
        var newMember = SemanticModels.Of(newCompilation, newTree!).GetDeclaredSymbol(newDeclaration, cancellationToken);
        return newMember is null ? null : new PlannedProject(newProject, newMember, changed);
    }

    /// <summary>Each inserted binding compiles and names the very command and connection the build did (no other in scope there).</summary>
    private static async Task<bool> RebindsBindAsync(Project project, Compilation compilation, IEnumerable<DocumentId> changed, CancellationToken cancellationToken)
    {
        foreach (var id in changed)
        {
            var tree = (await project.GetDocument(id)!.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false))!;
            var model = SemanticModels.Of(compilation, tree);
            var statements = (await tree.GetRootAsync(cancellationToken).ConfigureAwait(false)).GetAnnotatedNodes(RebindKind).OfType<ExpressionStatementSyntax>().ToList();
            if (!statements.All(s => NamesTheBuilt(s, model, cancellationToken)))
            {
                return false;
            }

            // Asked together: a method's bindings, and the methods side by side, are compiled once, not once per binding.
            if (SpanDiagnostics.Of(model, statements.Select(s => s.Span).ToList(), cancellationToken).Any(found => found.Any(d => d.Severity == DiagnosticSeverity.Error)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The binding names the very command and connection the build did.</summary>
    private static bool NamesTheBuilt(ExpressionStatementSyntax statement, SemanticModel model, CancellationToken cancellationToken)
    {
        var ids = statement.GetAnnotations(RebindKind).First().Data!.Split('|');
        var assignment = (AssignmentExpressionSyntax)statement.Expression;
        var command = model.GetSymbolInfo(((MemberAccessExpressionSyntax)assignment.Left).Expression, cancellationToken).Symbol;
        var connection = model.GetSymbolInfo(assignment.Right, cancellationToken).Symbol;
        return command is not null && connection is not null
            && DocumentationCommentId.CreateDeclarationId(command.OriginalDefinition) == ids[0]
            && DocumentationCommentId.CreateDeclarationId(connection.OriginalDefinition) == ids[1];
    }
}
