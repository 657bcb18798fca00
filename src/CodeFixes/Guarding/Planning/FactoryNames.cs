using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// Names for the members the factory fix adds (the <c>OpenX()</c> method, the connection-string field): the preferred
/// name, else the first of <c>OpenNewX</c>, <c>OpenX2</c>, <c>OpenX3</c>… that no member of the holder or of its base
/// types uses — a taken name would overload, hide or clash with what the author wrote.
/// </summary>
internal static class FactoryNames
{
    /// <param name="holder">The type the member is added to.</param>
    /// <param name="preferred"><c>OpenConnection</c>, <c>_connectionString</c>.</param>
    /// <param name="removed">Members the same fix removes (the holder's own opener <c>OpenConnection()</c>): their names are free.</param>
    public static string FirstFree(INamedTypeSymbol holder, string preferred, ISet<ISymbol> removed)
    {
        var taken = new HashSet<string>(TakenNames(holder, removed));
        return Candidates(preferred).First(name => !taken.Contains(name));
    }

    private static IEnumerable<string> Candidates(string preferred)
    {
        yield return preferred;
        if (preferred.StartsWith("Open", System.StringComparison.Ordinal) && preferred.Length > 4)
        {
            yield return "OpenNew" + preferred.Substring(4);
        }

        for (var suffix = 2; ; suffix++)
        {
            yield return preferred + suffix;
        }
    }

    /// <summary>Names of the holder's members and its base types' (the type's own name too: a member cannot share it).</summary>
    private static IEnumerable<string> TakenNames(INamedTypeSymbol holder, ISet<ISymbol> removed)
    {
        yield return holder.Name;
        for (var type = holder; type is not null; type = type.BaseType)
        {
            foreach (var member in type.GetMembers())
            {
                if (!removed.Contains(member))
                {
                    yield return member.Name;
                }
            }
        }
    }
}
