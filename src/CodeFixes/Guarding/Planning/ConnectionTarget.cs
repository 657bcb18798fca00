using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// The provider's connection type the fix is written for (the member's own type, or the concrete type every visible
/// construction of an interface-typed member agrees on), and its data source in data-source mode.
/// </summary>
internal sealed class ConnectionTarget
{
    private ConnectionTarget(ITypeSymbol connectionType, INamedTypeSymbol? dataSourceType)
    {
        ConnectionType = connectionType;
        DataSourceType = dataSourceType;
    }

    public ITypeSymbol ConnectionType { get; }

    /// <summary><c>MySqlDataSource</c>/<c>NpgsqlDataSource</c> in data-source mode, else null.</summary>
    public INamedTypeSymbol? DataSourceType { get; }

    public static Planned<ConnectionTarget> Resolve(PlanContext context, MemberShape shape, MemberReferences references)
    {
        var dbConnection = context.Compilation.GetTypeByMetadataName("System.Data.Common.DbConnection");
        var declared = shape.DeclaredConnectionType;
        if (dbConnection is null)
        {
            return NoFixReason.NotADbConnection;
        }

        if ((declared.TypeKind == TypeKind.Class && DerivesFrom(declared, dbConnection))
            || (declared is ITypeParameterSymbol typeParameter && typeParameter.ConstraintTypes.Any(c => DerivesFrom(c, dbConnection))))
        {
            return WithDataSource(context, declared);
        }

        if (shape.IsLazy || declared.TypeKind != TypeKind.Interface)
        {
            return NoFixReason.NotADbConnection;
        }

        // IDbConnection (or an interface): only a visible concrete construction tells which guard to build.
        ITypeSymbol? concrete = null;
        foreach (var source in references.Sources)
        {
            if (source.IsKind(SyntaxKind.NullLiteralExpression) || source.IsKind(SyntaxKind.DefaultLiteralExpression)
                || source is PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression })
            {
                continue;
            }

            var type = context.Model(source.SyntaxTree).GetTypeInfo(source, context.CancellationToken).Type;
            if (type is null || type.TypeKind != TypeKind.Class || !DerivesFrom(type, dbConnection))
            {
                return NoFixReason.InterfaceWithoutConstruction;
            }

            if (concrete is not null && !SymbolEqualityComparer.Default.Equals(concrete, type))
            {
                return NoFixReason.ConstructionsDisagree;
            }

            concrete = type;
        }

        return concrete is null ? NoFixReason.InterfaceWithoutConstruction : WithDataSource(context, concrete);
    }

    /// <summary>The provider's data source for a connection type (MySqlConnector, Npgsql), when the project targets .NET 7+.</summary>
    public static INamedTypeSymbol? DataSourceFor(Compilation compilation, ITypeSymbol connectionType)
    {
        if (compilation.GetTypeByMetadataName("System.Data.Common.DbDataSource") is null)
        {
            return null;
        }

        return connectionType.ToDisplayString() switch
        {
            "MySqlConnector.MySqlConnection" => compilation.GetTypeByMetadataName("MySqlConnector.MySqlDataSource"),
            "Npgsql.NpgsqlConnection" => compilation.GetTypeByMetadataName("Npgsql.NpgsqlDataSource"),
            _ => null,
        };
    }

    public static bool DerivesFrom(ITypeSymbol type, ITypeSymbol baseType)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, baseType))
            {
                return true;
            }
        }

        return false;
    }

    private static Planned<ConnectionTarget> WithDataSource(PlanContext context, ITypeSymbol connectionType)
    {
        if (!context.DataSourceMode)
        {
            return new ConnectionTarget(connectionType, null);
        }

        return DataSourceFor(context.Compilation, connectionType) is { } dataSource
            ? new ConnectionTarget(connectionType, dataSource)
            : NoFixReason.NoDataSourceForProvider;
    }
}
