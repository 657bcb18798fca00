using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// C# 12 primary constructors of classes and structs. (A record's positional parameters become properties, which the
/// member rules already see.) Roslyn 4.8 has no API that says a parameter is captured: callers look for references to
/// it from members other than the constructor.
/// </summary>
internal static class PrimaryConstructors
{
    /// <summary>The primary constructor of <paramref name="type"/>, or null.</summary>
    public static IMethodSymbol? Find(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.IsRecord || !DeclaresParameters(type, cancellationToken))
        {
            return null;
        }

        foreach (var constructor in type.InstanceConstructors)
        {
            if (constructor.IsImplicitlyDeclared || constructor.Parameters.Length == 0)
            {
                continue;
            }

            foreach (var reference in constructor.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax)
                {
                    return constructor;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Cheap test first: only a declaration with a parameter list (<c>class Worker(MySqlConnection connection)</c>) has
    /// a primary constructor with parameters; most types have none, and need not have their constructors built.
    /// </summary>
    private static bool DeclaresParameters(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax { ParameterList.Parameters.Count: > 0 })
            {
                return true;
            }
        }

        return false;
    }
}
