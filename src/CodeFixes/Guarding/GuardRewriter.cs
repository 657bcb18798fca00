using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleConn.CodeFixes.Guarding;

/// <summary>Applies a <see cref="DocumentPlan"/> to the original tree in one pass.</summary>
internal sealed class GuardRewriter : CSharpSyntaxRewriter
{
    private readonly DocumentPlan _plan;

    private readonly SyntaxTrivia _newLine;

    public GuardRewriter(DocumentPlan plan)
    {
        _plan = plan;
        _newLine = plan.Root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { RawKind: (int)SyntaxKind.EndOfLineTrivia } found
            ? found
            : ElasticCarriageReturnLineFeed;
    }

    public override SyntaxNode? Visit(SyntaxNode? node)
    {
        if (node is null)
        {
            return null;
        }

        if (_plan.Replacements.TryGetValue(node, out var replacement))
        {
            return replacement.WithTriviaFrom(node);
        }

        // A removed statement outside a block (`if (!db.IsOpen()) db.Open();`, a switch section's call) cannot just go:
        // an empty block does nothing as the removed call now does, and keeps the code around it as it was.
        if (node is StatementSyntax removed && _plan.RemovedStatements.Contains(removed) && removed.Parent is not (BlockSyntax or GlobalStatementSyntax))
        {
            return Block().WithTriviaFrom(node).WithAdditionalAnnotations(Formatter.Annotation);
        }

        if (_plan.ConnectionUses.TryGetValue(node, out var lease))
        {
            return (_plan.UsesAreConnections ? IdentifierName(lease) : LeaseConnection(lease)).WithTriviaFrom(node);
        }

        return base.Visit(node);
    }

    public override SyntaxNode? VisitBlock(BlockSyntax node)
    {
        var groups = new List<List<StatementSyntax>>(node.Statements.Count);
        foreach (var statement in node.Statements)
        {
            var group = new List<StatementSyntax>();
            groups.Add(group);
            if (_plan.RemovedStatements.Contains(statement) || _plan.IsMoved(statement))
            {
                continue;
            }

            var visited = (StatementSyntax?)Visit(statement);
            if (visited is null)
            {
                continue;
            }

            if (statement is LocalDeclarationStatementSyntax hoisted && _plan.AssignedDeclarations.Contains(hoisted)
                && visited is LocalDeclarationStatementSyntax declaration)
            {
                group.AddRange(Assignments(declaration));
                continue;
            }

            if (statement is UsingStatementSyntax originalUsing && _plan.UnwrappedUsings.Contains(originalUsing)
                && visited is UsingStatementSyntax { Statement: var usingBody })
            {
                var spliced = usingBody is BlockSyntax usingBlock
                    ? usingBlock.Statements.Select(s => Indentation.Shift(s, string.Empty, Indentation.UnitOf((BlockSyntax)originalUsing.Statement))).ToList()
                    : new List<StatementSyntax> { usingBody.WithAdditionalAnnotations(Formatter.Annotation) };
                if (spliced.Count > 0)
                {
                    spliced[0] = spliced[0].WithLeadingTrivia(originalUsing.GetLeadingTrivia());
                }

                group.AddRange(spliced);
                continue;
            }

            if (statement is TryStatementSyntax { Finally: { } originalFinally } originalTry
                && originalFinally.Block.Statements.Count > 0
                && visited is TryStatementSyntax { Finally.Block.Statements.Count: 0 } emptiedTry)
            {
                // The finally only closed the connection: drop it, and the try itself when nothing else is left.
                if (emptiedTry.Catches.Count > 0)
                {
                    group.Add(emptiedTry.WithFinally(null).WithAdditionalAnnotations(Formatter.Annotation));
                }
                else
                {
                    var inner = emptiedTry.Block.Statements.Select(s => Indentation.Shift(s, string.Empty, Indentation.UnitOf(originalTry.Block))).ToList();
                    if (inner.Count > 0)
                    {
                        inner[0] = inner[0].WithLeadingTrivia(originalTry.GetLeadingTrivia());
                    }

                    group.AddRange(inner);
                }

                continue;
            }

            group.Add(visited);
        }

        if (groups.Count > 0 && _plan.MovedIntoBlocks.TryGetValue(node, out var moved))
        {
            // Statements that built over the connection before the `try` now follow its lease, one level deeper.
            var unit = Indentation.UnitOf(node);
            groups[0].InsertRange(0, moved.Select(m => Indentation.Shift((StatementSyntax)Visit(m)!, unit, string.Empty)));
        }

        var statements = new List<StatementSyntax>();
        var scopes = _plan.BlockScopes.TryGetValue(node, out var found) ? found : new List<LeaseScope>();
        var next = 0;
        for (var i = 0; i < groups.Count;)
        {
            if (next < scopes.Count && scopes[next].Start == i)
            {
                var scope = scopes[next++];
                var covered = new List<StatementSyntax>();
                for (; i <= scope.End; i++)
                {
                    covered.AddRange(groups[i]);
                }

                var leadingTrivia = node.Statements[scope.Start].GetLeadingTrivia();
                if (scope.HoistedDeclarations.Count > 0)
                {
                    // `object lastId;` goes first, with the comments that stood above the range.
                    var indent = Indentation.Of(node.Statements[scope.Start].GetFirstToken());
                    statements.AddRange(scope.HoistedDeclarations.Select((d, index) => d
                        .WithLeadingTrivia(index == 0 ? leadingTrivia : TriviaList(Whitespace(indent)))
                        .WithTrailingTrivia(_newLine)));
                    leadingTrivia = TriviaList(Whitespace(indent));
                }

                statements.AddRange(WrapInLease(covered, scope, leadingTrivia, node));
                continue;
            }

            statements.AddRange(groups[i++]);
        }

        var openBrace = (SyntaxToken)VisitToken(node.OpenBraceToken);
        var closeBrace = (SyntaxToken)VisitToken(node.CloseBraceToken);
        return node.Update(VisitList(node.AttributeLists), openBrace, List(statements), closeBrace);
    }

    public override SyntaxNode? VisitCompilationUnit(CompilationUnitSyntax node)
    {
        var visited = (CompilationUnitSyntax)base.VisitCompilationUnit(node)!;
        var removed = node.Members.Select((member, index) => (member, index))
            .Where(m => m.member is GlobalStatementSyntax global && _plan.RemovedStatements.Contains(global.Statement))
            .Select(m => visited.Members[m.index])
            .ToList();
        return removed.Count == 0 ? visited : visited.RemoveNodes(removed, SyntaxRemoveOptions.KeepLeadingTrivia)!;
    }

    public override SyntaxNode? VisitReturnStatement(ReturnStatementSyntax node)
    {
        var visited = (ReturnStatementSyntax)base.VisitReturnStatement(node)!;
        if (visited.Expression is null || !_plan.AwaitReturns.TryGetValue(node, out var generic))
        {
            return visited;
        }

        var awaited = AwaitExpression(visited.Expression.WithoutTrivia());
        return generic
            ? visited.WithExpression(awaited.WithTriviaFrom(visited.Expression))
            : ExpressionStatement(awaited).WithTriviaFrom(visited);
    }

    public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node) =>
        WithLeaseBlock(node, (BaseMethodDeclarationSyntax)base.VisitMethodDeclaration(node)!);

    public override SyntaxNode? VisitConstructorDeclaration(ConstructorDeclarationSyntax node) =>
        WithLeaseBlock(node, (BaseMethodDeclarationSyntax)base.VisitConstructorDeclaration(node)!);

    public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
    {
        var visited = WithLeaseBlock(node, (LocalFunctionStatementSyntax)base.VisitLocalFunctionStatement(node)!, node.ExpressionBody, f => f.ExpressionBody,
            (f, block) => f.WithExpressionBody(null).WithSemicolonToken(default).WithBody(block));
        return _plan.MakeAsync.Contains(node) ? visited.WithModifiers(AddAsync(visited.Modifiers)) : visited;
    }

    public override SyntaxNode? VisitAccessorDeclaration(AccessorDeclarationSyntax node) =>
        WithLeaseBlock(node, (AccessorDeclarationSyntax)base.VisitAccessorDeclaration(node)!, node.ExpressionBody, a => a.ExpressionBody,
            (a, block) => a.WithExpressionBody(null).WithSemicolonToken(default).WithBody(block));

    public override SyntaxNode? VisitPropertyDeclaration(PropertyDeclarationSyntax node) =>
        WithLeaseBlock(node, (PropertyDeclarationSyntax)base.VisitPropertyDeclaration(node)!, node.ExpressionBody, p => p.ExpressionBody,
            (p, block) => p.WithExpressionBody(null).WithSemicolonToken(default)
                .WithAccessorList(AccessorList(SingletonList(AccessorDeclaration(SyntaxKind.GetAccessorDeclaration, block))).WithAdditionalAnnotations(Formatter.Annotation)));

    public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node) =>
        WithLeaseBlock(node, (AnonymousFunctionExpressionSyntax)base.VisitParenthesizedLambdaExpression(node)!);

    public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node) =>
        WithLeaseBlock(node, (AnonymousFunctionExpressionSyntax)base.VisitSimpleLambdaExpression(node)!);

    /// <summary>Methods, constructors and operators share their body members through <see cref="BaseMethodDeclarationSyntax"/>.</summary>
    private SyntaxNode WithLeaseBlock(BaseMethodDeclarationSyntax node, BaseMethodDeclarationSyntax visited)
    {
        visited = WithLeaseBlock(node, visited, node.ExpressionBody, m => m.ExpressionBody,
            (m, block) => m.WithExpressionBody(null).WithSemicolonToken(default).WithBody(block));
        return _plan.MakeAsync.Contains(node) ? visited.WithModifiers(AddAsync(visited.Modifiers)) : visited;
    }

    /// <summary>A lambda's expression body becomes a block in place (a lambda's brace stays on its line).</summary>
    private SyntaxNode WithLeaseBlock(AnonymousFunctionExpressionSyntax node, AnonymousFunctionExpressionSyntax visited) =>
        node.ExpressionBody is { } body && _plan.ExpressionScopes.TryGetValue(body, out var scope)
            ? visited.WithExpressionBody(null).WithBlock(ExpressionBodyBlock(visited.ExpressionBody!, scope))
            : visited;

    /// <summary>
    /// A member's <c>=&gt; expression;</c> that takes a lease becomes a block; <paramref name="withBlock"/> swaps it in
    /// for the member's kind. The token before the new body (the parameter list, a constructor initializer, a
    /// constraint, the property's name) ends its line, so the brace starts the next one.
    /// </summary>
    private T WithLeaseBlock<T>(T node, T visited, ArrowExpressionClauseSyntax? arrow, Func<T, ArrowExpressionClauseSyntax?> arrowOf, Func<T, BlockSyntax, T> withBlock)
        where T : SyntaxNode
    {
        if (arrow is null || arrowOf(visited) is not { } visitedArrow || !_plan.ExpressionScopes.TryGetValue(arrow.Expression, out var scope))
        {
            return visited;
        }

        var changed = withBlock(visited, ExpressionBodyBlock(visitedArrow.Expression, scope)).WithTrailingTrivia(node.GetTrailingTrivia());
        if (changed is ConstructorDeclarationSyntax { Initializer: { } initializer } constructor)
        {
            // Formatting the new block alone would move an initializer on its own line to the first column.
            changed = (T)(SyntaxNode)constructor.WithInitializer(initializer.WithAdditionalAnnotations(Formatter.Annotation));
        }

        var body = changed.ChildNodes().Last(n => n is BlockSyntax or AccessorListSyntax);
        var before = body.GetFirstToken().GetPreviousToken();
        var kept = TriviaList(before.TrailingTrivia.Reverse().SkipWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse());
        return kept.Count > 0 && kept.Last().IsKind(SyntaxKind.EndOfLineTrivia)
            ? changed
            : changed.ReplaceToken(before, before.WithTrailingTrivia(kept.Add(_newLine)));
    }

    public override SyntaxNode? VisitClassDeclaration(ClassDeclarationSyntax node) =>
        InsertField(node, (TypeDeclarationSyntax)base.VisitClassDeclaration(node)!);

    public override SyntaxNode? VisitStructDeclaration(StructDeclarationSyntax node) =>
        InsertField(node, (TypeDeclarationSyntax)base.VisitStructDeclaration(node)!);

    private SyntaxNode InsertField(TypeDeclarationSyntax original, TypeDeclarationSyntax visited)
    {
        // `MySqlConnection a, b;` with only `b` guarded: `b` moves to its own declaration right after.
        for (var i = original.Members.Count - 1; i >= 0; i--)
        {
            if (_plan.RemovedMembers.Contains(original.Members[i]))
            {
                visited = visited.WithMembers(visited.Members.RemoveAt(i));
                if (i == 0 && visited.Members.Count > 0)
                {
                    // The member that is now first keeps no blank line after the opening brace.
                    visited = visited.WithMembers(visited.Members.Replace(visited.Members[0], visited.Members[0].WithLeadingTrivia(WithoutLeadingBlankLines(visited.Members[0].GetLeadingTrivia()))));
                }

                continue;
            }

            if (original.Members[i] is FieldDeclarationSyntax field && _plan.SplitFields.TryGetValue(field, out var split)
                && visited.Members[i] is FieldDeclarationSyntax visitedField)
            {
                var index = field.Declaration.Variables.IndexOf(split.Declarator);
                var moved = visitedField.Declaration.Variables[index];
                var kept = visitedField.WithDeclaration(visitedField.Declaration.WithVariables(visitedField.Declaration.Variables.RemoveAt(index)));
                var guarded = visitedField.WithDeclaration(VariableDeclaration(split.Type.WithTrailingTrivia(Space), SingletonSeparatedList(moved.WithoutTrivia())))
                    .WithLeadingTrivia(IndentationOnly(visitedField.GetLeadingTrivia()));
                // Keep the variables' order: the first variable goes before the rest, any other after them.
                var pair = index == 0
                    ? new MemberDeclarationSyntax[] { guarded.WithLeadingTrivia(visitedField.GetLeadingTrivia()), kept.WithLeadingTrivia(IndentationOnly(visitedField.GetLeadingTrivia())) }
                    : new MemberDeclarationSyntax[] { kept, guarded };
                visited = visited.WithMembers(visited.Members.RemoveAt(i).InsertRange(i, pair));
            }
        }

        return _plan.InsertedFields.TryGetValue(original, out var inserted)
            ? visited.WithMembers(visited.Members.Insert(0, inserted.WithAdditionalAnnotations(Formatter.Annotation)))
            : visited;
    }

    private static SyntaxTriviaList WithoutLeadingBlankLines(SyntaxTriviaList trivia)
    {
        var start = 0;
        for (var i = 0; i < trivia.Count; i++)
        {
            if (trivia[i].IsKind(SyntaxKind.EndOfLineTrivia))
            {
                start = i + 1;
            }
            else if (!trivia[i].IsKind(SyntaxKind.WhitespaceTrivia))
            {
                break;
            }
        }

        return TriviaList(trivia.Skip(start));
    }

    private static SyntaxTokenList AddAsync(SyntaxTokenList modifiers)
    {
        var asyncToken = Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(Space);
        if (modifiers.Count == 0)
        {
            return TokenList(asyncToken);
        }

        // Keep `async` just before the return type, after accessibility and `static`/`override`.
        var last = modifiers.Last();
        return modifiers.Replace(last, last.WithTrailingTrivia(Space)).Add(asyncToken.WithTrailingTrivia(last.TrailingTrivia));
    }

    private static ExpressionSyntax LeaseConnection(string lease) =>
        MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName(lease), IdentifierName("Connection"));

    private IEnumerable<StatementSyntax> WrapInLease(List<StatementSyntax> covered, LeaseScope scope, SyntaxTriviaList leadingTrivia, BlockSyntax? block)
    {
        if (block is null)
        {
            return WrapFormatted(covered, scope, leadingTrivia);
        }

        // Built as text with the block's own indentation, so the user's statements are moved, not reformatted.
        var indent = Indentation.Of(block.Statements[scope.Start].GetFirstToken());
        var unit = Indentation.UnitOf(block);
        var newLine = _newLine.ToString();
        var declaration = scope.Declaration is { } custom
            ? custom.Type.ToString() + " " + custom.Variables[0].Identifier.ValueText + " = " + custom.Variables[0].Initializer!.Value.ToString()
            : "var " + scope.LeaseName + " = " + scope.Acquire.NormalizeWhitespace().ToString();
        if (covered.Count > 0)
        {
            covered[0] = covered[0].WithLeadingTrivia(IndentationOnly(covered[0].GetLeadingTrivia()));
        }

        if (scope.Prologue is not null)
        {
            covered.Insert(0, ParseStatement(indent + scope.Prologue.NormalizeWhitespace().ToString() + newLine));
        }

        if (scope.HandsConnectionToReader)
        {
            // `var connection = Db.Open(); try { ...; return cmd.ExecuteReader(CloseConnection); } catch { connection.Dispose(); throw; }`
            var local = WithInitializerOf(scope, ParseStatement(declaration + ";" + newLine)).WithLeadingTrivia(leadingTrivia);
            var name = ((LocalDeclarationStatementSyntax)local).Declaration.Variables[0].Identifier.ValueText;
            var tryStatement = (TryStatementSyntax)ParseStatement(
                indent + "try" + newLine + indent + "{" + newLine + indent + "}" + newLine
                + indent + "catch" + newLine + indent + "{" + newLine
                + indent + unit + name + ".Dispose();" + newLine + indent + unit + "throw;" + newLine + indent + "}" + newLine);
            var tried = covered.Select(s => Indentation.Shift(s, unit, string.Empty));
            return new StatementSyntax[] { local, tryStatement.WithBlock(tryStatement.Block.WithStatements(List(tried))) };
        }

        if (scope.UseDeclaration)
        {
            var usingDeclaration = WithInitializerOf(scope, ParseStatement((scope.AwaitUsing ? "await using " : "using ") + declaration + ";" + newLine)).WithLeadingTrivia(leadingTrivia);
            var rest = new List<StatementSyntax> { usingDeclaration };
            rest.AddRange(covered);
            return rest;
        }

        var usingStatement = (UsingStatementSyntax)WithInitializerOf(scope, ParseStatement(
            (scope.AwaitUsing ? "await using (" : "using (") + declaration + ")" + newLine + indent + "{" + newLine + indent + "}" + newLine));
        var body = (BlockSyntax)usingStatement.Statement;
        var shifted = covered.Select(s => Indentation.Shift(s, unit, string.Empty));
        return new StatementSyntax[] { usingStatement.WithStatement(body.WithStatements(List(shifted))).WithLeadingTrivia(leadingTrivia) };
    }

    /// <summary>
    /// The parsed statement with the planned initializer node put back: text parsed outside an async method reads
    /// <c>await (s_guard ?? throw ...).AcquireAsync()</c> as a call of a method named <c>await</c>.
    /// </summary>
    private static StatementSyntax WithInitializerOf(LeaseScope scope, StatementSyntax parsed)
    {
        var planned = scope.Declaration is { } custom ? custom.Variables[0].Initializer!.Value : scope.Acquire;
        var declaration = parsed switch
        {
            LocalDeclarationStatementSyntax local => local.Declaration,
            UsingStatementSyntax usingStatement => usingStatement.Declaration,
            _ => null,
        };
        if (declaration?.Variables.FirstOrDefault()?.Initializer?.Value is not { } value)
        {
            return parsed;
        }

        // A type the planner wrote qualified (`IDbConnection` for a data source's connection) keeps its annotations, so
        // the simplifier shortens it and adds the import.
        if (scope.Declaration is { Type: var plannedType } && plannedType.HasAnnotation(TypeNames.Annotation))
        {
            return parsed.ReplaceNodes(new SyntaxNode[] { value, declaration.Type }, (original, _) => original == value
                ? planned.NormalizeWhitespace().WithTriviaFrom(value)
                : plannedType.WithTriviaFrom(original));
        }

        return parsed.ReplaceNode(value, planned.NormalizeWhitespace().WithTriviaFrom(value));
    }

    private IEnumerable<StatementSyntax> WrapFormatted(List<StatementSyntax> covered, LeaseScope scope, SyntaxTriviaList leadingTrivia)
    {
        var declaration = scope.Declaration ?? VariableDeclaration(
            IdentifierName(Identifier(TriviaList(), SyntaxKind.VarKeyword, "var", "var", TriviaList())),
            SingletonSeparatedList(VariableDeclarator(Identifier(scope.LeaseName)).WithInitializer(EqualsValueClause(scope.Acquire))));
        if (scope.Prologue is not null)
        {
            covered.Insert(0, scope.Prologue.WithAdditionalAnnotations(Formatter.Annotation));
        }

        if (scope.HandsConnectionToReader)
        {
            var name = declaration.Variables[0].Identifier.ValueText;
            var disposeAndRethrow = Block(
                ExpressionStatement(InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName(name), IdentifierName("Dispose")))),
                ThrowStatement());
            return new StatementSyntax[]
            {
                LocalDeclarationStatement(declaration).WithLeadingTrivia(leadingTrivia).WithAdditionalAnnotations(Formatter.Annotation),
                TryStatement(Block(covered), SingletonList(CatchClause().WithBlock(disposeAndRethrow)), null)
                    .WithTrailingTrivia(_newLine).WithAdditionalAnnotations(Formatter.Annotation),
            };
        }

        if (scope.UseDeclaration)
        {
            var usingDeclaration = LocalDeclarationStatement(declaration)
                .WithUsingKeyword(Token(SyntaxKind.UsingKeyword))
                .WithAwaitKeyword(scope.AwaitUsing ? Token(SyntaxKind.AwaitKeyword) : default)
                .WithLeadingTrivia(leadingTrivia)
                .WithAdditionalAnnotations(Formatter.Annotation);
            var rest = new List<StatementSyntax> { usingDeclaration };
            rest.AddRange(covered);
            return rest;
        }

        var usingStatement = UsingStatement(declaration, null, Block(covered))
            .WithAwaitKeyword(scope.AwaitUsing ? Token(SyntaxKind.AwaitKeyword) : default)
            .WithLeadingTrivia(leadingTrivia)
            .WithTrailingTrivia(_newLine)
            .WithAdditionalAnnotations(Formatter.Annotation);
        return new StatementSyntax[] { usingStatement };
    }

    /// <summary><c>var lastId = x;</c> whose local is now declared before the lease becomes <c>lastId = x;</c>.</summary>
    private static IEnumerable<StatementSyntax> Assignments(LocalDeclarationStatementSyntax declaration)
    {
        var assignments = declaration.Declaration.Variables
            .Where(v => v.Initializer is not null)
            .Select(v => (StatementSyntax)ExpressionStatement(AssignmentExpression(
                SyntaxKind.SimpleAssignmentExpression,
                IdentifierName(v.Identifier.WithoutTrivia()).WithTrailingTrivia(Space),
                v.Initializer!.EqualsToken,
                v.Initializer.Value)))
            .ToList();
        if (assignments.Count > 0)
        {
            assignments[0] = assignments[0].WithLeadingTrivia(declaration.GetLeadingTrivia());
            assignments[assignments.Count - 1] = assignments[assignments.Count - 1].WithTrailingTrivia(declaration.GetTrailingTrivia());
        }

        for (var i = 1; i < assignments.Count; i++)
        {
            assignments[i] = assignments[i].WithLeadingTrivia(IndentationOnly(declaration.GetLeadingTrivia()));
            assignments[i - 1] = assignments[i - 1].WithTrailingTrivia(declaration.GetTrailingTrivia());
        }

        return assignments;
    }

    /// <summary>Comments above the first covered statement move above the lease; it keeps only its indentation.</summary>
    private static SyntaxTriviaList IndentationOnly(SyntaxTriviaList trivia) =>
        trivia.Count > 0 && trivia.Last().IsKind(SyntaxKind.WhitespaceTrivia) ? TriviaList(trivia.Last()) : TriviaList();

    private BlockSyntax ExpressionBodyBlock(ExpressionSyntax expression, LeaseScope scope)
    {
        var value = scope.AwaitExpression ? AwaitExpression(expression.WithoutTrivia()) : expression.WithoutTrivia();
        StatementSyntax body = scope.ReturnsValue ? ReturnStatement(value) : ExpressionStatement(value);
        var statements = WrapInLease(new List<StatementSyntax> { body }, scope, TriviaList(), null)
            .Select(s => s.WithTrailingTrivia(_newLine));

        // Line breaks up front: the formatter keeps a block that sits on one line on one line.
        return Block(Token(TriviaList(), SyntaxKind.OpenBraceToken, TriviaList(_newLine)), List(statements), Token(SyntaxKind.CloseBraceToken))
            .WithAdditionalAnnotations(Formatter.Annotation);
    }
}
