using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// The object a DAL reaches an instance accessor through when it copies the accessor's value
/// (<c>connection = Db.Instance.Connection</c>, <c>conn = mdb.getConnection()</c> with <c>mdb = ManageDatabase.getInstance()</c>):
/// one that stays the same object for as long as the copy lives — the holder's singleton (a static field set once, or a
/// static property or parameterless method that only returns it) or a field of the DAL itself that nothing sets again.
/// Reading the accessor through it at each use then asks the same holder the copy was taken from.
/// </summary>
internal static class StableReceivers
{
    /// <summary>The receiver's symbol when <paramref name="receiver"/> always names the same holder for <paramref name="copy"/>; null otherwise.</summary>
    public static ISymbol? Of(ExpressionSyntax receiver, INamedTypeSymbol holderType, IFieldSymbol copy, SemanticModel model, CancellationToken cancellationToken)
    {
        var accessed = receiver is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0 } call ? call.Expression : receiver;
        if (accessed is not (IdentifierNameSyntax or MemberAccessExpressionSyntax))
        {
            return null;
        }

        var symbol = model.GetSymbolInfo(accessed, cancellationToken).Symbol;
        if (symbol is IMethodSymbol && receiver is not InvocationExpressionSyntax)
        {
            return null;
        }

        if (symbol is IFieldSymbol own && SymbolEqualityComparer.Default.Equals(own.ContainingType, copy.ContainingType) && (own.IsStatic || !copy.IsStatic)
            && accessed is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }
            && IsSetOnce(own, model.Compilation, cancellationToken))
        {
            // The DAL's own `DBConnection db = DBConnection.Instance();`: one holder for the DAL's life.
            return own;
        }

        return symbol is { IsStatic: true } && accessed is MemberAccessExpressionSyntax && SymbolEqualityComparer.Default.Equals(TypeOf(symbol)?.OriginalDefinition, holderType.OriginalDefinition)
            && SingletonField(symbol, model.Compilation, cancellationToken) is { } singleton && IsSetOnce(singleton, model.Compilation, cancellationToken)
                ? symbol
                : null;
    }

    /// <summary>How a use reads the receiver: <c>Holder.Instance()</c> for a static one, <c>this.db</c> (simplified) for the DAL's own field.</summary>
    public static ExpressionSyntax Read(ISymbol receiver, ExpressionSyntax? instance)
    {
        ExpressionSyntax owner = receiver.IsStatic ? TypeNames.Qualified(receiver.ContainingType) : instance?.WithoutTrivia() ?? ThisExpression();
        ExpressionSyntax read = MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, owner, IdentifierName(receiver.Name)).WithAdditionalAnnotations(Simplifier.Annotation);
        return receiver is IMethodSymbol ? InvocationExpression(read) : read;
    }

    private static ITypeSymbol? TypeOf(ISymbol symbol) => symbol switch
    {
        IFieldSymbol field => field.Type,
        IPropertySymbol property => property.Type,
        IMethodSymbol method => method.ReturnType,
        _ => null,
    };

    /// <summary>The static field a singleton member hands out: the field itself, or the one field a getter or method only returns.</summary>
    private static IFieldSymbol? SingletonField(ISymbol symbol, Compilation compilation, CancellationToken cancellationToken)
    {
        if (symbol is IFieldSymbol field)
        {
            return field;
        }

        var body = (symbol as IPropertySymbol)?.GetMethod ?? symbol as IMethodSymbol;
        if (body is null || body.Parameters.Length > 0 || body.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        var declaration = body.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
        var returned = declaration switch
        {
            MethodDeclarationSyntax method => method.ExpressionBody?.Expression ?? SingleReturn(method.Body),
            AccessorDeclarationSyntax accessor => accessor.ExpressionBody?.Expression ?? SingleReturn(accessor.Body),
            ArrowExpressionClauseSyntax arrow => arrow.Expression,
            _ => null,
        };
        if (returned is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceAssignmentExpression } lazy)
        {
            returned = lazy.Left;
        }

        if (returned is not (IdentifierNameSyntax or MemberAccessExpressionSyntax))
        {
            return null;
        }

        var model = SemanticModels.Of(compilation, returned.SyntaxTree);
        return model.GetSymbolInfo(returned, cancellationToken).Symbol is IFieldSymbol { IsStatic: true } returnedField ? returnedField : null;
    }

    /// <summary>
    /// The expression of the body's only <c>return</c> (also inside a <c>lock</c>, as a locked singleton getter has it):
    /// every call that returns, returns it.
    /// </summary>
    private static ExpressionSyntax? SingleReturn(BlockSyntax? body)
    {
        var returns = body?.DescendantNodes(n => !(n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)).OfType<ReturnStatementSyntax>().Take(2).ToList();
        return returns is { Count: 1 } ? returns[0].Expression : null;
    }

    /// <summary>
    /// Readonly, or not visible outside its outermost type and only ever set while null (<c>if (_instance == null)
    /// _instance = new Db();</c>, <c>_instance ??= new Db()</c>) or by its initializer.
    /// </summary>
    private static bool IsSetOnce(IFieldSymbol field, Compilation compilation, CancellationToken cancellationToken)
    {
        if (field.IsReadOnly || field.IsConst)
        {
            return true;
        }

        if (!IsPrivateToOutermostType(field))
        {
            return false;
        }

        var outermost = field.ContainingType;
        while (outermost.ContainingType is { } containing)
        {
            outermost = containing;
        }

        foreach (var declaration in outermost.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)))
        {
            var model = SemanticModels.Of(compilation, declaration.SyntaxTree);
            foreach (var name in declaration.DescendantNodes().OfType<IdentifierNameSyntax>().Where(n => n.Identifier.ValueText == field.Name))
            {
                ExpressionSyntax reference = name.Parent is MemberAccessExpressionSyntax qualified && qualified.Name == name ? qualified : name;
                var written = reference.Parent switch
                {
                    AssignmentExpressionSyntax assignment => assignment.Left == reference,
                    ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None),
                    PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax => !reference.Parent.IsKind(SyntaxKind.SuppressNullableWarningExpression),
                    _ => false,
                };
                if (!written || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, field))
                {
                    continue;
                }

                if (!(reference.Parent is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceAssignmentExpression } || IsSetWhileNull(reference, field, model, cancellationToken)))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool IsPrivateToOutermostType(ISymbol symbol)
    {
        for (var current = symbol; current.ContainingType is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility == Accessibility.Private)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>field = ...;</c> as the only statement an <c>if (field == null)</c> (or <c>is null</c>) runs.</summary>
    private static bool IsSetWhileNull(ExpressionSyntax reference, IFieldSymbol field, SemanticModel model, CancellationToken cancellationToken)
    {
        if (reference.Parent is not AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Parent: ExpressionStatementSyntax statement })
        {
            return false;
        }

        var conditional = statement.Parent as IfStatementSyntax ?? (statement.Parent as BlockSyntax is { Statements.Count: 1, Parent: IfStatementSyntax inBlock } ? inBlock : null);
        var tested = conditional?.Condition switch
        {
            BinaryExpressionSyntax { RawKind: (int)SyntaxKind.EqualsExpression, Right: LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NullLiteralExpression } } binary => binary.Left,
            IsPatternExpressionSyntax { Pattern: ConstantPatternSyntax { Expression: LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NullLiteralExpression } } } pattern => pattern.Expression,
            _ => null,
        };
        return tested is not null && conditional!.Else is null
            && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(tested, cancellationToken).Symbol, field);
    }
}
