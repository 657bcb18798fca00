using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// Whether a <c>[ThreadStatic]</c> connection can take a pooled connection per use: only when it is the thread's own
/// connection, kept for the thread's life — a private field the holder builds itself (<c>m_conn = new
/// MySqlConnection(...)</c>, or forgets with <c>= null</c>) and no scope of its type disposes. A connection a scope or
/// caller hands the thread (SubSonic's <c>__sharedConnection = value</c>), or one an <c>IDisposable</c> scope of the
/// holder's type disposes, is shared on purpose by the uses inside that scope: one connection per use would split what
/// the scope keeps together. A guard or data source is one object: a <c>[ThreadStatic]</c> initializer runs on the first
/// thread only, so they always decline.
/// </summary>
internal static class ThreadStaticConnections
{
    /// <summary>Null when the member is not thread-static, or is a thread's own connection the factory may replace.</summary>
    public static NoFixReason? Check(PlanContext context, MemberShape shape)
    {
        if (!shape.IsThreadStatic)
        {
            return null;
        }

        return context.Mode == FixMode.ConnectionFactory
            && context.Member is IFieldSymbol { DeclaredAccessibility: Accessibility.Private } field
            && !field.ContainingType.DeclaringSyntaxReferences.Any(r => HandedInOrScoped(context, field, r.GetSyntax(context.CancellationToken)))
            ? null
            : NoFixReason.ThreadStaticConnection;
    }

    /// <summary>The type writes the field with something it did not build, or disposes it in its <c>Dispose</c>.</summary>
    private static bool HandedInOrScoped(PlanContext context, IFieldSymbol field, SyntaxNode type)
    {
        var model = context.Model(type.SyntaxTree);
        bool IsField(ExpressionSyntax expression) =>
            SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(expression, context.CancellationToken).Symbol, field);

        var writes = type.DescendantNodes().OfType<AssignmentExpressionSyntax>().Where(a => IsField(a.Left));
        var initializers = type.DescendantNodes().OfType<VariableDeclaratorSyntax>()
            .Where(v => v.Initializer is not null && SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(v, context.CancellationToken), field))
            .Select(v => v.Initializer!.Value);
        if (writes.Select(w => w.Right).Concat(initializers).Any(value => !BuiltHere(value)))
        {
            return true;
        }

        return type.DescendantNodes().OfType<MethodDeclarationSyntax>()
            .Where(m => m.Identifier.ValueText is "Dispose" or "DisposeAsync")
            .Any(m => m.DescendantNodes().OfType<ExpressionSyntax>().Any(IsField));
    }

    private static bool BuiltHere(ExpressionSyntax value) =>
        value is BaseObjectCreationExpressionSyntax || SyntaxShapes.IsNullValue(value);
}
