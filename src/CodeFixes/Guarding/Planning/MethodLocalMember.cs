using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A private field that only carries a new connection through one method of its holder, which builds it first
/// (Chamidilshan/LibraryManagmentSystem's singleton: <c>SqlConnection connect() { try { conn = new SqlConnection("...");
/// conn.Open(); conn.Close(); } catch (Exception ex) { } return conn; }</c>). The method already hands out a new pooled
/// connection per call; the field only keeps the last one alive in a long-lived holder (the finding) and lets concurrent
/// calls hand out each other's connection. The per-use factory fix makes it a local of that method
/// (<c>SqlConnection conn = null;</c> first), the same statements after it.
/// </summary>
/// <remarks>
/// Why the local behaves as the field did: the method's first statement assigns <c>new T(...)</c>, so every read follows
/// the assignment of the same call (a failed construction leaves the method). When that assignment is the first
/// statement of a <c>try</c> that is the method's first statement, a <c>catch</c> may go on and read the member: then the
/// construction's arguments must be constants or cached configuration, so it either always fails — the field was never
/// set and read null, as the local does — or never does. The method calls nothing of the solution (no recursion could
/// set the field in between).
/// </remarks>
internal static class MethodLocalMember
{
    /// <summary>The method whose local the member becomes, with its edits added to the plan; null when the member is not of this shape.</summary>
    public static MethodDeclarationSyntax? Plan(PlanContext context)
    {
        if (context.Member is not IFieldSymbol { IsConst: false, IsReadOnly: false, DeclaringSyntaxReferences.Length: 1 } field
            || field.DeclaringSyntaxReferences[0].GetSyntax(context.CancellationToken) is not VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: FieldDeclarationSyntax { AttributeLists.Count: 0 } declaration } } declarator
            || declarator.Initializer is { Value: var initial } && !initial.IsKind(SyntaxKind.NullLiteralExpression))
        {
            return null;
        }

        // Another project's uses were ruled out before (UsedFromAnotherProject); this one's may be in any tree that can
        // name the field: a private one only in its type's (binding every `conn` of vcap-dotnet's other files cost the lightbulb).
        var canName = NameIndex.TreesThatCanName(field, context.Compilation, context.CancellationToken);
        var references = context.Compilation.SyntaxTrees
            .Where(tree => (canName is null || canName.Contains(tree)) && NameIndex.Mentions(tree, field.Name, context.CancellationToken))
            .SelectMany(tree => tree.GetRoot(context.CancellationToken).DescendantNodes().OfType<IdentifierNameSyntax>())
            .Where(name => name.Identifier.ValueText == field.Name && context.IsMember(context.Model(name.SyntaxTree).GetSymbolInfo(name, context.CancellationToken).Symbol))
            .ToList();
        var method = references.FirstOrDefault()?.FirstAncestorOrSelf<MethodDeclarationSyntax>();
        if (method?.Body is not { } body || method.Modifiers.Any(SyntaxKind.AsyncKeyword)
            || references.Any(r => r.FirstAncestorOrSelf<MethodDeclarationSyntax>() != method
                || r.Ancestors().Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                || r.Parent is MemberAccessExpressionSyntax access && access.Name == r
                || r.Parent is ArgumentSyntax argument && !argument.RefKindKeyword.IsKind(SyntaxKind.None))
            || FirstWrite(body, references, out var inTry) is not { } write
            || write.Right is not BaseObjectCreationExpressionSyntax
            || write.Right.DescendantNodes().Contains(write.Left)
            || references.Any(r => write.Right.Span.Contains(r.Span))
            || inTry && !IsDeterministicConstruction(write.Right, context.Model(method.SyntaxTree), context)
            || !OnlyReadsAfter(references, write)
            || !IsSelfContained(method, field, context)
            || body.DescendantNodes().OfType<YieldStatementSyntax>().Any()
            || field.ContainingType.DeclaringSyntaxReferences.Any(r => r.GetSyntax(context.CancellationToken).DescendantTokens()
                .Any(t => t.IsKind(SyntaxKind.StringLiteralToken) && t.ValueText == field.Name)))
        {
            return null;
        }

        // Declared as the field was: a non-nullable field under annotations was taken as never null, so is `null!`.
        var model = context.Model(method.SyntaxTree);
        var type = declaration.Declaration.Type.WithoutTrivia();
        ExpressionSyntax nullValue = LiteralExpression(SyntaxKind.NullLiteralExpression);
        if (model.GetNullableContext(body.SpanStart).AnnotationsEnabled() && type is not NullableTypeSyntax
            && ((CSharpParseOptions)method.SyntaxTree.Options).LanguageVersion >= LanguageVersion.CSharp8)
        {
            nullValue = PostfixUnaryExpression(SyntaxKind.SuppressNullableWarningExpression, nullValue);
        }

        var local = LocalDeclarationStatement(VariableDeclaration(type, SingletonSeparatedList(
                VariableDeclarator(field.Name).WithInitializer(EqualsValueClause(nullValue)))))
            .WithAdditionalAnnotations(Formatter.Annotation);
        var plan = context.PlanFor(method.SyntaxTree)!;
        plan.Replacements[method] = method.WithBody(body.WithStatements(body.Statements.Insert(0, local)));
        context.PlanFor(declaration.SyntaxTree)!.RemovedMembers.Add(declaration);
        return method;
    }

    /// <summary>
    /// <c>member = new T(...);</c> as the body's first statement, or as the first statement of a <c>try</c> that is the
    /// body's first statement; null otherwise.
    /// </summary>
    private static AssignmentExpressionSyntax? FirstWrite(BlockSyntax body, System.Collections.Generic.List<IdentifierNameSyntax> references, out bool inTry)
    {
        var first = body.Statements.FirstOrDefault();
        inTry = first is TryStatementSyntax;
        if (first is TryStatementSyntax tryStatement)
        {
            first = tryStatement.Block.Statements.FirstOrDefault();
        }

        // `using (con = new MySqlConnection(cs));` (espinozachristian123/BuckAppgit) writes the member as the resource:
        // the assignment runs first and the local is disposed as the field was.
        var written = first switch
        {
            ExpressionStatementSyntax statement => statement.Expression,
            UsingStatementSyntax { Declaration: null } usingStatement => usingStatement.Expression,
            _ => null,
        };
        return written is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Left: IdentifierNameSyntax left } assignment
            && references.Contains(left)
                ? assignment
                : null;
    }

    /// <summary>
    /// <c>new T("...")</c>, <c>new T(ConfigurationManager.ConnectionStrings["db"].ConnectionString)</c>: a construction
    /// whose arguments (and initializer values) are constants or cached configuration, so it fails on every call or on
    /// none. Needed where a <c>catch</c> lets the method read the member after a failed construction.
    /// </summary>
    private static bool IsDeterministicConstruction(ExpressionSyntax value, SemanticModel model, PlanContext context)
    {
        bool Fixed(ExpressionSyntax argument) => model.GetConstantValue(argument, context.CancellationToken).HasValue || ConfigurationReads.IsCachedSetting(argument, model)
            || IsConstantPrivateField(argument, model, context);
        return value is BaseObjectCreationExpressionSyntax creation
            && (creation.ArgumentList?.Arguments ?? default).All(a => a.RefKindKeyword.IsKind(SyntaxKind.None) && Fixed(a.Expression))
            && (creation.Initializer?.Expressions ?? default).All(e => e is AssignmentExpressionSyntax { Right: var set } && Fixed(set));
    }

    /// <summary>
    /// <c>connectionString</c> where <c>private static string connectionString = "...";</c> is never written: a private
    /// field whose constant initializer is its only value reads the same on every call.
    /// </summary>
    private static bool IsConstantPrivateField(ExpressionSyntax argument, SemanticModel model, PlanContext context)
    {
        if (argument is not (IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or IdentifierNameSyntax })
            || model.GetSymbolInfo(argument, context.CancellationToken).Symbol is not IFieldSymbol { IsConst: false, DeclaringSyntaxReferences.Length: 1 } field
            || field.DeclaringSyntaxReferences[0].GetSyntax(context.CancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: var initial }
            || !context.Model(initial.SyntaxTree).GetConstantValue(initial, context.CancellationToken).HasValue)
        {
            return false;
        }

        return DeclaredValueFields.KeepsDeclaredValue(field, model.Compilation, context.CancellationToken);
    }

    /// <summary>Every other reference reads the member (no second write) and comes after the first write.</summary>
    private static bool OnlyReadsAfter(System.Collections.Generic.List<IdentifierNameSyntax> references, AssignmentExpressionSyntax write) =>
        references.All(r => r == write.Left
            || r.SpanStart > write.Span.End && !(r.Parent is AssignmentExpressionSyntax assignment && assignment.Left == r)
                && !(r.Parent is PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax));

    /// <summary>
    /// The method names nothing else of the solution (no method, property or constructor of its own code that could call it
    /// back and set the field in between) and declares nothing of the member's name.
    /// </summary>
    private static bool IsSelfContained(MethodDeclarationSyntax method, IFieldSymbol field, PlanContext context)
    {
        var model = context.Model(method.SyntaxTree);
        foreach (var node in method.Body!.DescendantNodes())
        {
            switch (node)
            {
                case VariableDeclaratorSyntax { Identifier.ValueText: var name } when name == field.Name:
                case SingleVariableDesignationSyntax { Identifier.ValueText: var designated } when designated == field.Name:
                case CatchDeclarationSyntax { Identifier.ValueText: var caught } when caught == field.Name:
                    return false;
                case SimpleNameSyntax or BaseObjectCreationExpressionSyntax:
                    var symbol = model.GetSymbolInfo(node, context.CancellationToken).Symbol;
                    if (symbol is IMethodSymbol or IPropertySymbol or IEventSymbol && !symbol.DeclaringSyntaxReferences.IsEmpty)
                    {
                        return false;
                    }

                    break;
            }
        }

        return !method.ParameterList.Parameters.Any(p => p.Identifier.ValueText == field.Name);
    }
}
