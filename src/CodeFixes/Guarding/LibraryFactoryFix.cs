using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using StaleConn.CodeFixes.Guarding.Planning;

namespace StaleConn.CodeFixes.Guarding;

/// <summary>
/// "Build a new connection for each use": <c>static IDbConnection db;</c> becomes <c>static Func&lt;IDbConnection&gt; db;</c>,
/// <c>db = new MySqlConnection(cs);</c> becomes <c>db = () =&gt; new MySqlConnection(cs);</c> (a value that may change,
/// such as a setting, read once into a local first; a condition whose branches read such values becomes an
/// <c>if</c>), and every read <c>db.Query(...)</c> becomes <c>db().Query(...)</c>. Nothing opens the new connections
/// but the library each is handed to, as before.
/// </summary>
internal static class LibraryFactoryFix
{
    public const string Title = "Build a new connection for each use (only the library it is handed to opens it)";

    /// <summary>The plan for the one member a target names, or why there is none.</summary>
    /// <remarks>
    /// Null when the member is not of this shape (see <see cref="LibraryFactoryPlanner.PlanAsync"/>), or when the per-use
    /// factory (asked because it needs no runtime) declines it for any reason but
    /// <see cref="NoFixReason.NeverOpenedInSolution"/>, <see cref="NoFixReason.ConnectionHandedToStoredObject"/> (or the
    /// reasons that name what keeps it: <see cref="NoFixReason.StoredObjectKeepsConnection"/>, <see cref="NoFixReason.ReceivingFieldHasOwnFinding"/> and the like),
    /// <see cref="NoFixReason.InterfaceWithoutConstruction"/>, <see cref="NoFixReason.ConstructionsDisagree"/> or
    /// <see cref="NoFixReason.OpenFailureCaughtByCallee"/> (only a data adapter opens it, inside the author's catch: <see cref="AdapterFilledCommands"/>).
    /// </remarks>
    public static async Task<Planned<LibraryFactoryPlan>?> PlanAsync(Solution solution, GuardTarget target, CancellationToken cancellationToken)
    {
        var project = solution.GetProject(target.ProjectId);
        var compilation = project is null ? null : await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null || target.IsRegistration || target.Resolve(compilation) is not { } member)
        {
            return NoFixReason.AnalysisFailed;
        }

        try
        {
            // The shape first (most members leave at their first write or read), then whether the other fixes decline.
            var planned = await LibraryFactoryPlanner.PlanAsync(solution, project!, member, cancellationToken).ConfigureAwait(false);
            if (planned is null)
            {
                return null;
            }

            // Only where the other fixes cannot rebuild the member: only a library opens it, a store keeps it (which the
            // planner above checked only hands it to such a library), or its provider is chosen at start-up (the
            // reasons NeverOpenedInSolution refines). Every member they can rebuild keeps their fix.
            var perUse = await GuardPlanner.PlanAsync(project!, member, FixMode.ConnectionFactory, cancellationToken).ConfigureAwait(false);
            if (perUse.Reason is not (NoFixReason.NeverOpenedInSolution or NoFixReason.ConnectionHandedToStoredObject
                or NoFixReason.StoredObjectKeepsConnection or NoFixReason.ReceivingFieldHasOwnFinding or NoFixReason.CommandBuiltOnce or NoFixReason.KeptCommandPrepared or NoFixReason.KeptCommandHandedOut or NoFixReason.CommandRunElsewhere or NoFixReason.MemberSetInNestedBlock
                or NoFixReason.InterfaceWithoutConstruction or NoFixReason.ConstructionsDisagree or NoFixReason.OpenFailureCaughtByCallee))
            {
                return null;
            }

            return planned;
        }
        catch (System.Exception exception) when (exception is not System.OperationCanceledException)
        {
            // Half-typed code must never break the lightbulb.
            return NoFixReason.AnalysisFailed;
        }
    }

    /// <summary>Applies the plans one target after another; null when one has no plan.</summary>
    /// <param name="unpolished">Leave the rewrite as built, names unsimplified and unformatted (see <see cref="ApplyAsync"/>).</param>
    public static async Task<Solution?> FixAsync(Solution solution, IEnumerable<GuardTarget> targets, CancellationToken cancellationToken, bool unpolished = false)
    {
        foreach (var target in targets.Distinct().Where(t => !t.IsRegistration).OrderBy(t => t.Key, System.StringComparer.Ordinal))
        {
            if ((await PlanAsync(solution, target, cancellationToken).ConfigureAwait(false))?.Value is not { } plan)
            {
                return null;
            }

            solution = await ApplyAsync(solution, plan, cancellationToken, unpolished).ConfigureAwait(false);
        }

        return solution;
    }

    private static readonly ConditionalWeakTable<SyntaxTree, object> PolishedTrees = new();

    /// <summary>Whether a rewrite of <paramref name="tree"/> was simplified and formatted (for tests: the lightbulb's check does neither).</summary>
    public static bool WasPolished(SyntaxTree tree) => PolishedTrees.TryGetValue(tree, out _);

    /// <summary>The plan's rewrite of every file it touches.</summary>
    /// <param name="unpolished">
    /// Leave <c>global::System.Func&lt;…&gt;</c> and the connection's type fully qualified and the new statements
    /// unformatted: what the lightbulb's compile check needs, since simplifying binds each name again in a fresh
    /// compilation per file — most of the check on TShockPlugin's WorldEdit <c>Database</c> (docs/benchmarks.md,
    /// latency37). Simplified names bind to the same symbols, so the check's verdict is the same.
    /// </param>
    public static async Task<Solution> ApplyAsync(Solution solution, LibraryFactoryPlan plan, CancellationToken cancellationToken, bool unpolished = false)
    {
        var declaration = plan.Declaration.GetSyntax(cancellationToken);
        var trees = plan.Reads.Select(r => r.SyntaxTree).Concat(plan.Writes.Select(w => w.SyntaxTree)).Append(declaration.SyntaxTree).Distinct().ToList();
        foreach (var tree in trees)
        {
            if (solution.GetDocument(tree) is not { } document)
            {
                continue;
            }

            var root = await tree.GetRootAsync(cancellationToken).ConfigureAwait(false);
            var reads = plan.Reads.Where(r => r.SyntaxTree == tree).ToList();
            var writes = plan.Writes.Where(w => w.SyntaxTree == tree).ToList();
            var typeNode = tree == declaration.SyntaxTree ? MemberType(declaration) : null;
            var initializer = tree == declaration.SyntaxTree ? plan.Initializer : null;
            var replaced = new List<SyntaxNode>(reads);
            replaced.AddRange(writes);
            if (typeNode is not null)
            {
                replaced.Add(typeNode);
            }

            if (initializer is not null)
            {
                replaced.Add(initializer);
            }

            var languageVersion = ((CSharpParseOptions)tree.Options).LanguageVersion;
            var newLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)).ToString() is { Length: > 0 } found ? found : "\n";
            var taken = new HashSet<string>(root.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
            var readOnce = new List<StatementSyntax>();
            var newRoot = root.ReplaceNodes(replaced.Where(n => !replaced.Any(o => o != n && o.Span.Contains(n.Span) && o is StatementSyntax)), (original, rewritten) => original switch
            {
                ExpressionStatementSyntax statement when writes.Contains(statement) => Write(statement, plan, taken, languageVersion, newLine),
                TypeSyntax type when type == typeNode => FuncOf(type).WithAdditionalAnnotations(MemberTypeAnnotation),
                ExpressionSyntax value when value == initializer => Lambdas(value, plan, readOnce, taken, languageVersion, MemberName(declaration)),
                ExpressionSyntax read => SyntaxFactory.InvocationExpression(((ExpressionSyntax)rewritten).WithoutTrailingTrivia()).WithTrailingTrivia(rewritten.GetTrailingTrivia()),
                _ => rewritten,
            });

            var rewrittenDocument = document.WithSyntaxRoot(Splice(WithStaticsReadOnce(newRoot, readOnce, newLine)));
            if (unpolished)
            {
                solution = rewrittenDocument.Project.Solution;
                continue;
            }

            PolishedTrees.GetValue(tree, _ => new object());
            rewrittenDocument = await Simplifier.ReduceAsync(rewrittenDocument, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            rewrittenDocument = await Formatter.FormatAsync(rewrittenDocument, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            solution = rewrittenDocument.Project.Solution;
        }

        return solution;
    }

    private static readonly SyntaxAnnotation MemberTypeAnnotation = new("StaleConn.LibraryFactory.MemberType");

    /// <summary>A static initializer's values read once (StaticReadOnceValues): their fields go just before the member.</summary>
    private static SyntaxNode WithStaticsReadOnce(SyntaxNode root, IReadOnlyList<StatementSyntax> readOnce, string newLine)
    {
        if (readOnce.Count == 0 || root.GetAnnotatedNodes(MemberTypeAnnotation).FirstOrDefault()?.FirstAncestorOrSelf<MemberDeclarationSyntax>() is not { } member)
        {
            return root;
        }

        // The blank lines before the member go before the fields; its comments stay with it.
        var leading = member.GetLeadingTrivia();
        var lines = leading.Take(LastIndexOfBlankLine(leading) + 1).ToList();
        var indentation = leading.Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse().ToList();
        var fields = StaticReadOnceValues.Fields(readOnce)
            .Select((f, i) => f.WithLeadingTrivia(i == 0 ? lines.Concat(indentation) : indentation).WithTrailingTrivia(SyntaxFactory.EndOfLine(newLine)));
        var kept = member.WithLeadingTrivia(leading.Skip(lines.Count));
        return root.ReplaceNode(member, fields.Append(kept));
    }

    /// <summary>The index of the last end of line in the run of whitespace and ends of line the trivia starts with; -1 if none.</summary>
    private static int LastIndexOfBlankLine(SyntaxTriviaList trivia)
    {
        var last = -1;
        for (var i = 0; i < trivia.Count && (trivia[i].IsKind(SyntaxKind.WhitespaceTrivia) || trivia[i].IsKind(SyntaxKind.EndOfLineTrivia)); i++)
        {
            if (trivia[i].IsKind(SyntaxKind.EndOfLineTrivia))
            {
                last = i;
            }
        }

        return last;
    }

    private static string MemberName(SyntaxNode declaration) => declaration switch
    {
        VariableDeclaratorSyntax variable => variable.Identifier.ValueText,
        PropertyDeclarationSyntax property => property.Identifier.ValueText,
        _ => "",
    };

    private static TypeSyntax MemberType(SyntaxNode declaration) => declaration switch
    {
        VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax variables } => variables.Type,
        PropertyDeclarationSyntax property => property.Type,
        _ => throw new System.InvalidOperationException("Not a field or property: " + declaration.Kind()),
    };

    /// <summary><c>IDbConnection?</c> becomes <c>Func&lt;IDbConnection&gt;?</c>.</summary>
    private static TypeSyntax FuncOf(TypeSyntax type)
    {
        var inner = type is NullableTypeSyntax nullable ? nullable.ElementType : type;
        TypeSyntax func = SyntaxFactory.ParseTypeName("global::System.Func<" + inner.WithoutTrivia().ToString() + ">").WithAdditionalAnnotations(Simplifier.Annotation);
        if (type is NullableTypeSyntax)
        {
            func = SyntaxFactory.NullableType(func);
        }

        return func.WithTriviaFrom(type);
    }

    /// <summary>
    /// <c>db = new X(cs);</c> as one statement, or — where values must be read once — the locals reading them and then
    /// the statement; a condition with such values in its branches becomes an <c>if</c> with one assignment per branch.
    /// </summary>
    private static SyntaxNode Write(ExpressionStatementSyntax statement, LibraryFactoryPlan plan, HashSet<string> taken, LanguageVersion languageVersion, string newLine)
    {
        var assignment = (AssignmentExpressionSyntax)statement.Expression;
        var statements = plan.CapturedCopies.TryGetValue(statement, out var connectionType)
            ? CapturedCopy(assignment, connectionType, taken)
            : Assignments(assignment, assignment.Right, plan, taken, languageVersion, newLine);
        if (statements.Count == 1)
        {
            return statements[0].WithTriviaFrom(statement);
        }

        // Several statements where one stood: spliced into the block around it afterwards (Splice), else kept as a block.
        return SyntaxFactory.Block(OnLines(statements, newLine)).WithAdditionalAnnotations(Formatter.Annotation, SpliceAnnotation).WithTriviaFrom(statement);
    }

    /// <summary>
    /// <c>_db = db;</c> becomes <c>var connectionString = db.ConnectionString;</c> then <c>_db = () =&gt; new T(connectionString);</c>:
    /// the string the callers built the connection with, read where the constructor kept it (CapturedParameterCopies).
    /// </summary>
    private static List<StatementSyntax> CapturedCopy(AssignmentExpressionSyntax assignment, INamedTypeSymbol connectionType, HashSet<string> taken)
    {
        var name = Unique("connectionString", taken);
        var type = SyntaxFactory.ParseTypeName(connectionType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)).WithAdditionalAnnotations(Simplifier.Annotation);
        var lambda = SyntaxFactory.ParenthesizedLambdaExpression(
                SyntaxFactory.ParameterList().WithTrailingTrivia(SyntaxFactory.Space),
                SyntaxFactory.ObjectCreationExpression(
                    SyntaxFactory.Token(SyntaxKind.NewKeyword).WithTrailingTrivia(SyntaxFactory.Space),
                    type,
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(name)))),
                    null))
            .WithArrowToken(SyntaxFactory.Token(SyntaxKind.EqualsGreaterThanToken).WithTrailingTrivia(SyntaxFactory.Space));
        return new List<StatementSyntax>
        {
            SyntaxFactory.ParseStatement("var " + name + " = " + assignment.Right.WithoutTrivia().ToFullString() + ".ConnectionString;").WithAdditionalAnnotations(Formatter.Annotation),
            SyntaxFactory.ExpressionStatement(assignment.WithRight(lambda.WithTriviaFrom(assignment.Right))).WithAdditionalAnnotations(Formatter.Annotation),
        };
    }

    private static readonly SyntaxAnnotation SpliceAnnotation = new("StaleConn.LibraryFactory.Splice");

    /// <summary>Each block <see cref="Write"/> made, replaced by its statements where it stands in a block or switch section.</summary>
    private static SyntaxNode Splice(SyntaxNode root)
    {
        while (root.GetAnnotatedNodes(SpliceAnnotation).FirstOrDefault() is BlockSyntax block)
        {
            if (block.Parent is BlockSyntax or SwitchSectionSyntax)
            {
                var statements = block.Statements.ToList();
                statements[0] = statements[0].WithLeadingTrivia(block.GetLeadingTrivia());
                statements[statements.Count - 1] = statements[statements.Count - 1].WithTrailingTrivia(block.GetTrailingTrivia());
                root = root.ReplaceNode(block, statements);
            }
            else
            {
                root = root.ReplaceNode(block, block.WithoutAnnotations(SpliceAnnotation));
            }
        }

        return root;
    }

    private static List<StatementSyntax> Assignments(AssignmentExpressionSyntax assignment, ExpressionSyntax source, LibraryFactoryPlan plan, HashSet<string> taken, LanguageVersion languageVersion, string newLine)
    {
        var unwrapped = source is ParenthesizedExpressionSyntax parenthesized ? parenthesized.Expression : source;
        if (unwrapped is ConditionalExpressionSyntax conditional && !AllSettled(conditional, plan))
        {
            var whenTrue = SyntaxFactory.Block(OnLines(Branch(conditional.WhenTrue), newLine));
            var whenFalse = Branch(conditional.WhenFalse);
            var elseClause = whenFalse.Count == 1 && whenFalse[0] is IfStatementSyntax nested
                ? SyntaxFactory.ElseClause(nested)
                : SyntaxFactory.ElseClause(SyntaxFactory.Block(OnLines(whenFalse, newLine)));
            return new List<StatementSyntax> { SyntaxFactory.IfStatement(conditional.Condition.WithoutTrivia(), whenTrue, elseClause).WithAdditionalAnnotations(Formatter.Annotation) };
        }

        var hoisted = new List<StatementSyntax>();
        var lambdas = Lambdas(source, plan, hoisted, taken, languageVersion);
        hoisted.Add(SyntaxFactory.ExpressionStatement(assignment.WithRight(lambdas.WithTriviaFrom(assignment.Right))).WithAdditionalAnnotations(Formatter.Annotation));
        return hoisted;

        List<StatementSyntax> Branch(ExpressionSyntax branch) => branch is ThrowExpressionSyntax thrown
            ? new List<StatementSyntax> { SyntaxFactory.ThrowStatement(thrown.Expression.WithoutTrivia()).WithAdditionalAnnotations(Formatter.Annotation) }
            : Assignments(assignment, branch.WithoutTrivia(), plan, taken, languageVersion, newLine);
    }

    /// <summary>Each statement ends its line (the formatter lays out elastic trivia).</summary>
    private static IEnumerable<StatementSyntax> OnLines(IEnumerable<StatementSyntax> statements, string newLine) =>
        statements.Select(s => s.WithTrailingTrivia(SyntaxFactory.ElasticEndOfLine(newLine)));

    private static bool AllSettled(ExpressionSyntax source, LibraryFactoryPlan plan) => source switch
    {
        ParenthesizedExpressionSyntax parenthesized => AllSettled(parenthesized.Expression, plan),
        CastExpressionSyntax cast => AllSettled(cast.Expression, plan),
        ConditionalExpressionSyntax conditional => AllSettled(conditional.WhenTrue, plan) && AllSettled(conditional.WhenFalse, plan),
        BaseObjectCreationExpressionSyntax creation => StaticReadOnceValues.Values(creation).All(v => plan.Settled.Contains(v)),
        _ => true,
    };

    /// <summary>
    /// Each connection creation in <paramref name="source"/> as <c>() =&gt; new X(...)</c>; values that are not settled go
    /// to locals added to <paramref name="hoisted"/> (read once, as before).
    /// </summary>
    private static ExpressionSyntax Lambdas(ExpressionSyntax source, LibraryFactoryPlan plan, List<StatementSyntax> hoisted, HashSet<string> taken, LanguageVersion languageVersion, string namePrefix = "")
    {
        switch (source)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return parenthesized.WithExpression(Lambdas(parenthesized.Expression, plan, hoisted, taken, languageVersion, namePrefix));
            case ConditionalExpressionSyntax conditional:
                var whenTrue = Lambdas(conditional.WhenTrue, plan, hoisted, taken, languageVersion);
                return conditional
                    .WithWhenTrue(conditional.WhenFalse is ThrowExpressionSyntax || languageVersion < LanguageVersion.CSharp9 ? Typed(whenTrue, plan) : whenTrue)
                    .WithWhenFalse(Lambdas(conditional.WhenFalse, plan, hoisted, taken, languageVersion));
            case ThrowExpressionSyntax:
                return source;
            default:
                var body = ReadOnce(source, plan, hoisted, taken, namePrefix);
                return SyntaxFactory.ParenthesizedLambdaExpression(
                        SyntaxFactory.ParameterList().WithTrailingTrivia(SyntaxFactory.Space),
                        (CSharpSyntaxNode)body.WithoutLeadingTrivia())
                    .WithArrowToken(SyntaxFactory.Token(SyntaxKind.EqualsGreaterThanToken).WithTrailingTrivia(SyntaxFactory.Space))
                    .WithLeadingTrivia(source.GetLeadingTrivia());
        }
    }

    /// <summary>A lambda beside a <c>throw</c> (or before C# 9's target-typed conditionals) needs its delegate type spelled out.</summary>
    private static ExpressionSyntax Typed(ExpressionSyntax lambda, LibraryFactoryPlan plan)
    {
        var func = FuncOf(MemberType(plan.Declaration.GetSyntax())).WithoutTrivia();
        func = func is NullableTypeSyntax nullable ? nullable.ElementType : func;
        return SyntaxFactory.CastExpression(func, SyntaxFactory.ParenthesizedExpression(lambda.WithoutTrivia())).WithTriviaFrom(lambda);
    }

    /// <summary>The creation with each value that is not settled replaced by a local declared (in <paramref name="hoisted"/>) before it.</summary>
    private static ExpressionSyntax ReadOnce(ExpressionSyntax source, LibraryFactoryPlan plan, List<StatementSyntax> hoisted, HashSet<string> taken, string namePrefix)
    {
        var creation = source.DescendantNodesAndSelf().OfType<BaseObjectCreationExpressionSyntax>().First();
        var values = StaticReadOnceValues.Values(creation).Where(v => !plan.Settled.Contains(v)).ToList();
        if (values.Count == 0)
        {
            return source;
        }

        var names = new Dictionary<ExpressionSyntax, string>();
        foreach (var value in values)
        {
            var name = Unique(Prefixed(namePrefix, NameFor(value)), taken);
            names[value] = name;
            hoisted.Add(SyntaxFactory.ParseStatement("var " + name + " = " + value.WithoutTrivia().ToFullString() + ";").WithAdditionalAnnotations(Formatter.Annotation));
        }

        return source.ReplaceNodes(values, (original, _) => SyntaxFactory.IdentifierName(names[original]).WithTriviaFrom(original));
    }

    /// <summary><c>con</c> and <c>connectionString</c>: <c>conConnectionString</c>, the factory's name for a string it cannot read where it stands.</summary>
    private static string Prefixed(string prefix, string name) =>
        prefix.Length == 0 ? name : prefix + char.ToUpperInvariant(name[0]) + name.Substring(1);

    private static string NameFor(ExpressionSyntax value) => value.Parent switch
    {
        AssignmentExpressionSyntax { Left: IdentifierNameSyntax property } => char.ToLowerInvariant(property.Identifier.ValueText[0]) + property.Identifier.ValueText.Substring(1),
        _ => "connectionString",
    };

    private static string Unique(string name, HashSet<string> taken)
    {
        var candidate = name;
        for (var i = 2; taken.Contains(candidate); i++)
        {
            candidate = name + i;
        }

        taken.Add(candidate);
        return candidate;
    }
}
