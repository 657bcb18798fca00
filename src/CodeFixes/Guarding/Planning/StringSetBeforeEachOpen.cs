using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// <c>if (cn.State != ConnectionState.Open) { cn.ConnectionString = stringConexao; cn.Open(); }</c> (Edusu123/teste-concilig's
/// <c>ConexaoBanco.conectar</c>, the projetoscti school template it comes from): the member is only ever built empty,
/// and every open comes right after setting it the same string. Every connection the old code opened had that string,
/// so the guard's factory may build each connection with it, wherever the construction is.
/// </summary>
internal static class StringSetBeforeEachOpen
{
    /// <summary>
    /// The string every open is given, when each direct open is the statement right after a setting and every setting
    /// sets an equivalent value naming the same symbols; null otherwise.
    /// </summary>
    public static ExpressionSyntax? CommonValue(PlanContext context, MemberReferences references)
    {
        if (references.StringSettings.Count == 0 || references.OpenCalls.Count == 0)
        {
            return null;
        }

        var first = references.StringSettings[0];
        var firstModel = context.Model(first.Statement.SyntaxTree);
        foreach (var setting in references.StringSettings)
        {
            if (!SyntaxFactory.AreEquivalent(setting.Value, first.Value)
                || !NamesAlike(setting.Value, context.Model(setting.Statement.SyntaxTree), first.Value, firstModel, context))
            {
                return null;
            }
        }

        var settings = new HashSet<StatementSyntax>(references.StringSettings.Select(s => s.Statement));
        foreach (var open in references.OpenCalls)
        {
            if (SyntaxShapes.StatementOf(open) is not { Parent: BlockSyntax block } statement
                || block.Statements.IndexOf(statement) is var at && (at == 0 || !settings.Contains(block.Statements[at - 1])))
            {
                return null;
            }
        }

        return first.Value;
    }

    /// <summary>
    /// The factory at <paramref name="construction"/> can read <paramref name="value"/> (written where the string was
    /// set) to the same symbols: no local or parameter, the same symbol found by each name there, and an instance
    /// member only where <c>this</c> is at hand (not in a field initializer or a static member).
    /// </summary>
    public static bool ReadableAt(ExpressionSyntax value, SemanticModel valueModel, ExpressionSyntax construction, PlanContext context)
    {
        var constructionModel = context.Model(construction.SyntaxTree);
        var instanceAtHand = InstanceAtHand(constructionModel, construction, context);
        if (value.DescendantNodesAndSelf().Any(n => n is ThisExpressionSyntax or BaseExpressionSyntax) && instanceAtHand is null)
        {
            return false;
        }

        if (!Settled(value, valueModel, context))
        {
            return false;
        }

        foreach (var name in LeftmostNames(value))
        {
            var symbol = valueModel.GetSymbolInfo(name, context.CancellationToken).Symbol;
            if (symbol is null or ILocalSymbol or IParameterSymbol or IRangeVariableSymbol or ILabelSymbol || context.IsMember(symbol))
            {
                return false;
            }

            var found = constructionModel.LookupSymbols(construction.SpanStart, name: name.Identifier.ValueText);
            if (!found.Contains(symbol.OriginalDefinition, SymbolEqualityComparer.Default) && !found.Contains(symbol, SymbolEqualityComparer.Default)
                || found.Any(f => f.Kind != symbol.Kind))
            {
                return false;
            }

            if (!symbol.IsStatic && symbol is IFieldSymbol { IsConst: false } or IPropertySymbol or IMethodSymbol or IEventSymbol
                && (instanceAtHand is null || !DerivesFromOrIs(instanceAtHand, symbol.ContainingType)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Every field and property <paramref name="value"/> reads keeps its value: a constant, a <c>readonly</c> field, a
    /// private field its type never writes outside its declaration, a property without a setter. Symphony's
    /// <c>ConexaoBanco.Conectar(server, ...)</c> rewrites <c>stringConexao</c> before its own setting: a guard that
    /// keeps an open connection would not take the new string where the old code reopened with it.
    /// </summary>
    private static bool Settled(ExpressionSyntax value, SemanticModel model, PlanContext context)
    {
        foreach (var name in value.DescendantNodesAndSelf().OfType<SimpleNameSyntax>())
        {
            switch (model.GetSymbolInfo(name, context.CancellationToken).Symbol)
            {
                case IFieldSymbol { IsConst: true } or IFieldSymbol { IsReadOnly: true }:
                case IPropertySymbol { SetMethod: null }:
                    continue;
                case IFieldSymbol field when DeclaredValueFields.KeepsDeclaredValue(field, context.Compilation, context.CancellationToken):
                    continue;
                case IFieldSymbol or IPropertySymbol or IEventSymbol:
                    return false;
            }
        }

        return true;
    }

    /// <summary>Names that start a reading (<c>stringConexao</c>, <c>ConfigurationManager</c> in <c>ConfigurationManager.AppSettings["cs"]</c>).</summary>
    private static IEnumerable<SimpleNameSyntax> LeftmostNames(ExpressionSyntax value) =>
        value.DescendantNodesAndSelf().OfType<SimpleNameSyntax>().Where(n => n.Parent switch
        {
            MemberAccessExpressionSyntax access => access.Expression == n,
            QualifiedNameSyntax qualified => qualified.Left == n,
            MemberBindingExpressionSyntax => false,
            AliasQualifiedNameSyntax => false,
            NameColonSyntax or NameEqualsSyntax => false,
            _ => true,
        });

    /// <summary>The type whose instance <c>this</c> is at <paramref name="construction"/>; null in a static member or an initializer.</summary>
    private static INamedTypeSymbol? InstanceAtHand(SemanticModel model, SyntaxNode construction, PlanContext context)
    {
        var enclosing = model.GetEnclosingSymbol(construction.SpanStart, context.CancellationToken);
        while (enclosing is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction } inner)
        {
            if (inner.IsStatic)
            {
                return null;
            }

            enclosing = inner.ContainingSymbol;
        }

        return enclosing is IMethodSymbol { IsStatic: false, MethodKind: not MethodKind.StaticConstructor } method ? method.ContainingType : null;
    }

    private static bool DerivesFromOrIs(INamedTypeSymbol type, INamedTypeSymbol? target)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, target?.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    private static bool NamesAlike(ExpressionSyntax value, SemanticModel model, ExpressionSyntax other, SemanticModel otherModel, PlanContext context)
    {
        var names = value.DescendantNodesAndSelf().OfType<SimpleNameSyntax>().ToList();
        var otherNames = other.DescendantNodesAndSelf().OfType<SimpleNameSyntax>().ToList();
        for (var i = 0; i < names.Count; i++)
        {
            var symbol = model.GetSymbolInfo(names[i], context.CancellationToken).Symbol;
            var otherSymbol = otherModel.GetSymbolInfo(otherNames[i], context.CancellationToken).Symbol;
            if (symbol is null || !SymbolEqualityComparer.Default.Equals(symbol, otherSymbol))
            {
                return false;
            }
        }

        return true;
    }
}
