using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace StaleConn.CodeFixes.Lifetime;

/// <summary>The named types a compilation declares, nested ones included.</summary>
internal static class SourceTypes
{
    public static IEnumerable<INamedTypeSymbol> Of(Compilation compilation) => In(compilation.Assembly.GlobalNamespace);

    private static IEnumerable<INamedTypeSymbol> In(INamespaceOrTypeSymbol container)
    {
        foreach (var member in container.GetMembers())
        {
            switch (member)
            {
                case INamespaceSymbol ns:
                    foreach (var type in In(ns))
                    {
                        yield return type;
                    }

                    break;
                case INamedTypeSymbol type:
                    yield return type;
                    foreach (var nested in In(type))
                    {
                        yield return nested;
                    }

                    break;
            }
        }
    }
}
