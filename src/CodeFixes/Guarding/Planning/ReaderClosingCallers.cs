using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A caller's local that keeps a returned reader and closes it itself (<c>var reader = Db.Query(sql); while
/// (reader.Read()) ...; reader.Close();</c>): the fix disposes it in a <c>using</c> too, so the pooled connection the
/// reader took over goes back after an exception while reading; the caller's own <c>Close()</c> still ends the reader
/// (and returns the connection) where it did.
/// </summary>
internal sealed class ReaderLocal
{
    private ReaderLocal(LocalDeclarationStatementSyntax declaration, BlockSyntax block)
    {
        Declaration = declaration;
        Block = block;
    }

    /// <summary><c>var reader = Db.Query(sql);</c>, a statement of <see cref="Block"/>.</summary>
    public LocalDeclarationStatementSyntax Declaration { get; }

    public BlockSyntax Block { get; }

    /// <summary>
    /// The local <paramref name="call"/> is kept in when the caller can be given a <c>using</c> over it: one local
    /// declared by a plain statement of a block, read only as a reader (its members, its indexer, a null check) and never
    /// inside a lambda, and closed or disposed by the caller at least once. Null otherwise (a reader handed on, returned,
    /// stored or never closed keeps its lifetime the caller decided).
    /// </summary>
    public static ReaderLocal? Of(InvocationExpressionSyntax call, SemanticModel model, System.Threading.CancellationToken cancellationToken)
    {
        if (call.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
            || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax declaration }
            || declaration.UsingKeyword.IsKind(SyntaxKind.UsingKeyword) || declaration.IsConst || declaration.Parent is not BlockSyntax block
            || model.GetDeclaredSymbol(declarator, cancellationToken) is not ILocalSymbol local)
        {
            return null;
        }

        var closed = false;
        foreach (var name in block.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (name.Identifier.ValueText != local.Name || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, local))
            {
                continue;
            }

            if (name.Ancestors().TakeWhile(a => a != block).Any(SyntaxShapes.IsFunction) || !ReadAsReader(name))
            {
                return null;
            }

            closed |= name.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Close" or "Dispose", Parent: InvocationExpressionSyntax { Parent: ExpressionStatementSyntax } }
                || name.Parent is ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Close" or "Dispose" } }, Parent: ExpressionStatementSyntax };
        }

        return closed ? new ReaderLocal(declaration, block) : null;
    }

    /// <summary>
    /// The <c>using</c> the declaration becomes: <c>using var reader = ...;</c> where the language has it (the reader
    /// then lives to the end of the block, closed earlier by the caller as before), else a <c>using</c> statement over
    /// the rest of the block.
    /// </summary>
    public LeaseScope UsingScope()
    {
        var index = SyntaxShapes.ChildIndex(Block, Declaration);
        var useDeclaration = ((CSharpParseOptions)Declaration.SyntaxTree.Options).LanguageVersion >= LanguageVersion.CSharp8;
        var variable = Declaration.Declaration.Variables[0];
        return new LeaseScope(variable.Identifier.ValueText, variable.Initializer!.Value)
        {
            Declaration = Declaration.Declaration.WithoutTrivia(),
            Start = index,
            End = useDeclaration ? index : Block.Statements.Count - 1,
            UseDeclaration = useDeclaration,
        };
    }

    /// <summary><c>reader.Read()</c>, <c>reader["id"]</c>, <c>reader?.Close()</c>, <c>reader != null</c>: uses that neither hand the reader on nor replace it.</summary>
    private static bool ReadAsReader(IdentifierNameSyntax name) => name.Parent switch
    {
        MemberAccessExpressionSyntax access => access.Expression == name,
        ElementAccessExpressionSyntax element => element.Expression == name,
        ConditionalAccessExpressionSyntax conditional => conditional.Expression == name,
        BinaryExpressionSyntax { RawKind: (int)SyntaxKind.EqualsExpression or (int)SyntaxKind.NotEqualsExpression } comparison =>
            SyntaxShapes.IsNullValue(comparison.Left == name ? comparison.Right : comparison.Left),
        IsPatternExpressionSyntax { Pattern: ConstantPatternSyntax { Expression: var constant } } => SyntaxShapes.IsNullValue(constant),
        _ => false,
    };
}
