using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// Names what keeps the connection when it is handed to an object kept in a member that some code reads without building
/// it again (<see cref="RebuiltStoredObjects"/> declined it): the reason the finding gets instead of the general
/// <see cref="NoFixReason.ConnectionHandedToStoredObject"/>, so the docs can say what to change.
/// </summary>
internal static class KeptObjectReasons
{
    /// <summary>
    /// <see cref="NoFixReason.StoredObjectKeepsConnection"/> for an object of the user's or a library's own type (a
    /// repository, manager or unit of work); for an ADO.NET command or data adapter,
    /// <see cref="NoFixReason.CommandBuiltOnce"/> when it is built at construction (a constructor, a static constructor or
    /// a field initializer) and <see cref="NoFixReason.CommandRunElsewhere"/> when some function that never sets it reads
    /// it (runs what another function built); else (a reader, a command rebuilt by some of its readers only) the general reason.
    /// </summary>
    /// <param name="keptType">The type of the member that keeps the object (or of the object, for an initializer).</param>
    /// <param name="build">The expression that builds the object over the connection.</param>
    /// <param name="readWhereNeverSet">Some function reads the member without setting it.</param>
    public static NoFixReason Of(ITypeSymbol? keptType, SyntaxNode build, bool readWhereNeverSet)
    {
        if (keptType is null || AdoInterfaces.Implements(keptType, "IDataReader") || AdoInterfaces.Implements(keptType, "IDbTransaction") || AdoInterfaces.Implements(keptType, "IDbConnection"))
        {
            return NoFixReason.ConnectionHandedToStoredObject;
        }

        if (!AdoInterfaces.Implements(keptType, "IDbCommand") && !AdoInterfaces.Implements(keptType, "IDbDataAdapter"))
        {
            return NoFixReason.StoredObjectKeepsConnection;
        }

        if (BuiltAtConstruction(build))
        {
            return NoFixReason.CommandBuiltOnce;
        }

        return readWhereNeverSet ? NoFixReason.CommandRunElsewhere : NoFixReason.ConnectionHandedToStoredObject;
    }

    private static bool BuiltAtConstruction(SyntaxNode build) =>
        build.Ancestors().FirstOrDefault(a => SyntaxShapes.IsFunction(a) || a is FieldDeclarationSyntax or PropertyDeclarationSyntax)
            is ConstructorDeclarationSyntax or FieldDeclarationSyntax or PropertyDeclarationSyntax;
}
