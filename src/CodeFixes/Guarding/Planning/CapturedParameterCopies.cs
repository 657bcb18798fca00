using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A library-opened member copied from a constructor parameter (<c>_db = db;</c>) whose every caller passes a new
/// connection built from one string (<c>new DbManager(new SqliteConnection("Data Source=" + Path.Combine(TShock.SavePath,
/// ...)))</c>, often in a field initializer, where no statement can read the setting first). The string is captured where
/// the copy was made — the constructor reads the parameter's <c>ConnectionString</c> once, at the moment it kept the
/// object before — and each use builds a new connection of the callers' type from that captured string. An unopened
/// connection's <c>ConnectionString</c> is the string it was built with, and it is what TShock's <c>DbExt</c> copies into
/// its own connection on every call (<c>CloneEx</c>, Pryaxis/TShock@5d585bb891ef TShockAPI/Extensions/DbExt.cs).
/// </summary>
internal static class CapturedParameterCopies
{
    /// <summary>
    /// The connection type every caller builds for the copied parameter, when the copy can capture its string; else null
    /// (then the member is not of the shape, and the other fixes' reasons stand).
    /// </summary>
    public static async Task<INamedTypeSymbol?> ConnectionTypeAsync(
        Solution solution, Compilation compilation, ISymbol member, ExpressionStatementSyntax write, SemanticModel model, CancellationToken cancellationToken)
    {
        var assignment = (AssignmentExpressionSyntax)write.Expression;
        if (ParameterCopies.CopiedParameter(assignment.Right, model, member, cancellationToken) is not { } parameter
            || write.Parent is not BlockSyntax { Parent: ConstructorDeclarationSyntax constructor }
            || !ReadFirstThenOnlyHandedToLibraries(constructor, write, parameter, model, compilation, cancellationToken))
        {
            return null;
        }

        var followed = await ParameterCopies.FollowAsync(solution, parameter, (IdentifierNameSyntax)assignment.Right, member, cancellationToken).ConfigureAwait(false);
        if (followed.Value is not { Passed.Count: > 0 } copy || compilation.GetTypeByMetadataName("System.Data.Common.DbConnection") is not { } dbConnection)
        {
            return null;
        }

        INamedTypeSymbol? connectionType = null;
        foreach (var (value, valueModel) in copy.Passed)
        {
            if (BuiltFromOneString(value, valueModel, dbConnection, cancellationToken) is not { } built
                || (connectionType is not null && !SymbolEqualityComparer.Default.Equals(connectionType, built)))
            {
                // Callers that build different providers (or anything else) would need the type read per use: not this shape.
                return null;
            }

            connectionType = built;
        }

        return connectionType is not null && compilation.IsSymbolAccessibleWithin(connectionType, member.ContainingType) ? connectionType : null;
    }

    /// <summary>
    /// The copy is the parameter's first read in the constructor (so the string is read before anything could open the
    /// object), and every later read hands the object to a library that opens its own connection per call.
    /// </summary>
    private static bool ReadFirstThenOnlyHandedToLibraries(
        ConstructorDeclarationSyntax constructor, ExpressionStatementSyntax write, IParameterSymbol parameter, SemanticModel model, Compilation compilation, CancellationToken cancellationToken)
    {
        var copied = ((AssignmentExpressionSyntax)write.Expression).Right;
        foreach (var read in constructor.DescendantNodes().OfType<IdentifierNameSyntax>().Where(i => i.Identifier.ValueText == parameter.Name && i != copied))
        {
            if (!SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(read, cancellationToken).Symbol, parameter))
            {
                continue;
            }

            if (read.SpanStart < write.Span.End || !LibraryOpenedConnections.HandedToSelfOpeningLibrary(read, compilation, cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <c>new T(s)</c> (in parentheses) of a connection class, with one positional argument that is a string (or a
    /// concatenation or interpolation the build cannot fully bind) and no object initializer: all the object holds is
    /// its connection string.
    /// </summary>
    private static INamedTypeSymbol? BuiltFromOneString(ExpressionSyntax value, SemanticModel model, INamedTypeSymbol dbConnection, CancellationToken cancellationToken)
    {
        while (value is ParenthesizedExpressionSyntax parenthesized)
        {
            value = parenthesized.Expression;
        }

        if (value is not ObjectCreationExpressionSyntax { Initializer: null, ArgumentList.Arguments: { Count: 1 } arguments } creation
            || arguments[0] is not { NameColon: null, RefKindKeyword.RawKind: (int)SyntaxKind.None } argument
            || model.GetTypeInfo(creation, cancellationToken).Type is not INamedTypeSymbol { TypeKind: TypeKind.Class } type
            || !ConnectionTarget.DerivesFrom(type, dbConnection)
            || !type.InstanceConstructors.Any(c => c.DeclaredAccessibility == Accessibility.Public && c.Parameters.Length == 1 && c.Parameters[0].Type.SpecialType == SpecialType.System_String))
        {
            return null;
        }

        var argumentType = model.GetTypeInfo(argument.Expression, cancellationToken).Type;
        var isString = argumentType?.SpecialType == SpecialType.System_String
            || ((argumentType is null || argumentType.TypeKind == TypeKind.Error)
                && argument.Expression is InterpolatedStringExpressionSyntax or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression, Left: LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } });
        return isString ? type : null;
    }
}
