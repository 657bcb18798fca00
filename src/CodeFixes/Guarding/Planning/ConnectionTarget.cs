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
    private ConnectionTarget(ITypeSymbol connectionType, INamedTypeSymbol? dataSourceType, bool injectedAsInterface, ITypeSymbol? declaredType)
    {
        ConnectionType = connectionType;
        DataSourceType = dataSourceType;
        InjectedAsInterface = injectedAsInterface;
        DeclaredType = declaredType;
    }

    public ITypeSymbol ConnectionType { get; }

    /// <summary>
    /// The member's declared type (<c>IDbConnection</c>) when it is not <see cref="ConnectionType"/>: what its users
    /// got, so a connection opened per use is handed to them as that type — extension methods (<c>DbExt.Query</c> on
    /// <c>IDbConnection</c>) and overloads bind as before, not to members of the concrete class.
    /// </summary>
    public ITypeSymbol? DeclaredType { get; }

    /// <summary>
    /// The member is an interface handed in by dependency injection, whose registrations in the project all create
    /// <see cref="ConnectionType"/>: the guard takes it over with a cast that cannot fail.
    /// </summary>
    public bool InjectedAsInterface { get; }

    /// <summary><c>MySqlDataSource</c>/<c>NpgsqlDataSource</c> in data-source mode, else null.</summary>
    public INamedTypeSymbol? DataSourceType { get; }

    /// <summary>A collection (array or generic type) whose element or type argument is a connection type.</summary>
    private static bool HoldsConnections(ITypeSymbol declared, INamedTypeSymbol dbConnection) => declared switch
    {
        IArrayTypeSymbol array => IsConnectionType(array.ElementType, dbConnection),
        INamedTypeSymbol { IsGenericType: true } generic => generic.TypeArguments.Any(t => IsConnectionType(t, dbConnection)),
        _ => false,
    };

    private static bool IsConnectionType(ITypeSymbol type, INamedTypeSymbol dbConnection) =>
        (type.TypeKind == TypeKind.Class && DerivesFrom(type, dbConnection))
        || type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) == "global::System.Data.IDbConnection";

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
            return WithDataSource(context, declared, declared);
        }

        if (!shape.IsLazy && HoldsConnections(declared, dbConnection))
        {
            // Each value is a session its key names (a script's handle, a held lock, a server thread): see the reason.
            return NoFixReason.ConnectionsKeptInCollection;
        }

        if (shape.IsLazy || declared.TypeKind != TypeKind.Interface)
        {
            return NoFixReason.NotADbConnection;
        }

        // IDbConnection (or an interface): only a visible concrete construction tells which guard to build, or the
        // project's registrations of the interface when the member is injected.
        if (IsInjected(context, references))
        {
            return FromRegistrations(context, declared, dbConnection);
        }

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

        return concrete is null ? NoFixReason.InterfaceWithoutConstruction : WithDataSource(context, concrete, declared);
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

    /// <summary>A primary-constructor parameter, or a member assigned only from constructor parameters.</summary>
    private static bool IsInjected(PlanContext context, MemberReferences references)
    {
        if (context.Member is IParameterSymbol)
        {
            return true;
        }

        var sources = references.Sources.Where(s => !s.IsKind(SyntaxKind.NullLiteralExpression)).ToList();
        return sources.Count > 0 && sources.All(s => context.Model(s.SyntaxTree).GetSymbolInfo(s, context.CancellationToken).Symbol
            is IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } });
    }

    /// <summary>
    /// The concrete type every registration of the interface creates. The guard takes the injected instance over, so
    /// no other consumer may share it: the registration is transient, or the member's type is the interface's only consumer.
    /// </summary>
    private static Planned<ConnectionTarget> FromRegistrations(PlanContext context, ITypeSymbol service, ITypeSymbol dbConnection)
    {
        var index = Lifetime.ServiceRegistrationIndex.For(context.Compilation, context.CancellationToken);
        var registrations = index.Of(service).ToList();
        var provided = registrations.SelectMany(r => r.ProvidedTypes).Distinct(SymbolEqualityComparer.Default).OfType<ITypeSymbol>().ToList();
        if (provided.Count == 0)
        {
            return NoFixReason.InterfaceWithoutConstruction;
        }

        if (provided.Count > 1 || provided[0].TypeKind != TypeKind.Class || !DerivesFrom(provided[0], dbConnection))
        {
            return NoFixReason.ConstructionsDisagree;
        }

        var owner = context.Member.ContainingType is { } containing && context.Member is IParameterSymbol { ContainingSymbol: IMethodSymbol constructor }
            ? constructor.ContainingType
            : context.Member.ContainingType;
        if (registrations.Any(r => r.Lifetime != Lifetime.ServiceLifetimeKind.Transient) && OtherConsumers(context, service, owner))
        {
            return NoFixReason.InjectedConnectionShared;
        }

        return WithDataSource(context, provided[0], service, injectedAsInterface: true);
    }

    // A type nothing can build (never registered, named or scanned: a forgotten repository) shares nothing with the owner.
    private static bool OtherConsumers(PlanContext context, ITypeSymbol service, INamedTypeSymbol? owner) =>
        Lifetime.SourceTypes.Of(context.Compilation).Any(type => !SymbolEqualityComparer.Default.Equals(type, owner)
            && type.InstanceConstructors.Any(c => c.Parameters.Any(p => SymbolEqualityComparer.Default.Equals(p.Type, service)))
            && Lifetime.LifetimePlanner.MayBeBuilt(context.Compilation, type, context.CancellationToken));

    private static Planned<ConnectionTarget> WithDataSource(PlanContext context, ITypeSymbol connectionType, ITypeSymbol declared, bool injectedAsInterface = false)
    {
        var declaredType = SymbolEqualityComparer.Default.Equals(declared.WithNullableAnnotation(NullableAnnotation.NotAnnotated), connectionType.WithNullableAnnotation(NullableAnnotation.NotAnnotated))
            ? null
            : declared.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        if (!context.DataSourceMode)
        {
            return new ConnectionTarget(connectionType, null, injectedAsInterface, declaredType);
        }

        return DataSourceFor(context.Compilation, connectionType) is { } dataSource
            ? new ConnectionTarget(connectionType, dataSource, injectedAsInterface, declaredType)
            : NoFixReason.NoDataSourceForProvider;
    }
}
