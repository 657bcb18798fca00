using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// SC0001's test for a static member that keeps an instance of one of the project's classes (<c>static DB db = new DB();</c>
/// around a <c>MySqlConnection</c> field): the class it keeps and the connections that class keeps, or null when SC0001
/// reports nothing through it. The code fixes ask the same test whether a field that receives a holder's connection has
/// a finding of its own, so the two cannot drift.
/// </summary>
internal static class StaticHolders
{
    /// <summary>What SC0001 reports a static member through.</summary>
    internal sealed class HeldThrough
    {
        public HeldThrough(INamedTypeSymbol memberType, INamedTypeSymbol? createdAs, List<HeldConnections.HeldConnection> held)
        {
            MemberType = memberType;
            CreatedAs = createdAs;
            Held = held;
        }

        /// <summary>The member's declared type.</summary>
        public INamedTypeSymbol MemberType { get; }

        /// <summary>For a member typed as an interface or abstract class, the project's class created into it; else null.</summary>
        public INamedTypeSymbol? CreatedAs { get; }

        /// <summary>The class the member keeps.</summary>
        public INamedTypeSymbol Holder => CreatedAs ?? MemberType;

        /// <summary>The connections an instance of <see cref="Holder"/> keeps (shared per compilation: not to be changed).</summary>
        public List<HeldConnections.HeldConnection> Held { get; }
    }

    /// <summary>
    /// Only a static field or auto-property of a class of the project being compiled (its members are all visible; a
    /// static of a library type, an <c>HttpClient</c>, says nothing about a kept connection); a member typed as an
    /// interface or abstract class is followed to the project's classes its own type creates into it. A class that is
    /// long-lived by its own declaration (a singleton kept in its own static) has its members reported by SC0002.
    /// </summary>
    public static HeldThrough? Find(ISymbol member, Compilation compilation, ConnectionTypes connectionTypes, LongLivedTypes longLivedTypes, CancellationToken cancellationToken)
    {
        // The type tests before IsAutoProperty, which copies the containing type's member list on every call.
        var memberType = member switch
        {
            IFieldSymbol { IsStatic: true, IsConst: false, IsImplicitlyDeclared: false, Type: INamedTypeSymbol type } => type,
            IPropertySymbol { IsStatic: true, Type: INamedTypeSymbol type } property when MayHoldThrough(type, compilation) && MemberShapes.IsAutoProperty(property) => type,
            _ => null,
        };
        if (memberType is null)
        {
            return null;
        }

        if (Keeps(member, memberType, compilation, connectionTypes, longLivedTypes, cancellationToken) is { } held)
        {
            return new HeldThrough(memberType, null, held);
        }

        if (!(memberType.TypeKind == TypeKind.Interface || memberType is { TypeKind: TypeKind.Class, IsAbstract: true }))
        {
            return null;
        }

        // static IDatabaseWrapper Wrapper = new NpgsqlDatabaseWrapper(cs): what it keeps is the class created into it.
        foreach (var created in CreatedImplementations.Find(member, memberType, compilation, cancellationToken))
        {
            if (Keeps(member, created, compilation, connectionTypes, longLivedTypes, cancellationToken) is { } createdHeld)
            {
                return new HeldThrough(memberType, created, createdHeld);
            }
        }

        return null;
    }

    /// <summary>
    /// The cheap half of the test: a class of this project, or an interface or abstract class followed to the classes
    /// created into it. Any other type (string, a library's class) reports nothing.
    /// </summary>
    private static bool MayHoldThrough(INamedTypeSymbol holder, Compilation compilation) =>
        holder.TypeKind is TypeKind.Interface
        || (holder.TypeKind == TypeKind.Class && (holder.IsAbstract || SymbolEqualityComparer.Default.Equals(holder.ContainingAssembly, compilation.Assembly)));

    /// <summary>The connections <paramref name="holder"/> keeps when <paramref name="member"/> keeps one instance of it; null otherwise.</summary>
    private static List<HeldConnections.HeldConnection>? Keeps(
        ISymbol member,
        INamedTypeSymbol holder,
        Compilation compilation,
        ConnectionTypes connectionTypes,
        LongLivedTypes longLivedTypes,
        CancellationToken cancellationToken)
    {
        if (holder.TypeKind != TypeKind.Class
            || !SymbolEqualityComparer.Default.Equals(holder.ContainingAssembly, compilation.Assembly)
            || connectionTypes.IsConnectionType(holder))
        {
            return null;
        }

        // Many statics share a few holder types (options, loggers, caches): each is searched once per compilation, and
        // most keep no connection. Asked before the singleton test, which reads every assignment in the holder's
        // declaration for each of its static members (a view model's Instance).
        var held = HeldConnections.FindShared(holder, compilation, connectionTypes, cancellationToken);
        if (held.Count == 0
            || longLivedTypes.GetReason(holder) is not null
            || SingletonInstanceWrites.HoldsMoreThanOneInstance(member, holder))
        {
            return null;
        }

        return held;
    }
}
