using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// Lists the connections an instance of a type keeps: instance fields and auto-properties of a connection type (in
/// the type and its bases; from metadata only public fields and settable properties, since private state of a compiled
/// library cannot be seen and a get-only property there may compute a new connection), and primary-constructor
/// parameters its members use.
/// </summary>
internal static class HeldConnections
{
    /// <summary>One member that keeps a connection; <see cref="Description"/> reads like "field '_connection'".</summary>
    internal readonly struct HeldConnection
    {
        public HeldConnection(ISymbol member, string kind, ITypeSymbol type)
        {
            Member = member;
            Kind = kind;
            Type = type;
        }

        public ISymbol Member { get; }

        /// <summary>"field", "property" or "captured parameter".</summary>
        public string Kind { get; }

        public ITypeSymbol Type { get; }

        public string Description => $"{Kind} '{Member.Name}'";
    }

    /// <summary>Per compilation (through its shared <see cref="ConnectionTypes"/>): each type is searched once for all rules.</summary>
    private static readonly ConditionalWeakTable<ConnectionTypes, ConcurrentDictionary<INamedTypeSymbol, List<HeldConnection>>> SharedByType = new();

    /// <summary>
    /// <see cref="Find"/> without a stop, cached per type for the compilation, so SC0001 and SC0005 (which meet the
    /// same service types again and again) search each once. The returned list must not be changed.
    /// </summary>
    public static List<HeldConnection> FindShared(INamedTypeSymbol type, Compilation compilation, ConnectionTypes connectionTypes, CancellationToken cancellationToken)
    {
        var byType = SharedByType.GetValue(connectionTypes, static _ => new ConcurrentDictionary<INamedTypeSymbol, List<HeldConnection>>(SymbolEqualityComparer.Default));
        if (byType.TryGetValue(type, out var held))
        {
            return held;
        }

        held = Find(type, compilation, connectionTypes, stopAt: null, cancellationToken);
        return byType.GetOrAdd(type, held);
    }

    /// <summary>
    /// The connections an instance of <paramref name="type"/> keeps. A type from another assembly is judged by its
    /// public members only, in the IDE (where a project reference is a compilation) as on the command line (where it is
    /// a reference assembly without private fields), so both report the same.
    /// </summary>
    /// <param name="type">The type to start from; its base types follow.</param>
    /// <param name="compilation">The compilation being analyzed: members of its own types are all visible.</param>
    /// <param name="connectionTypes">Decides what a connection is.</param>
    /// <param name="stopAt">Optional: a base type for which this returns true, and its bases, are not searched.</param>
    /// <param name="cancellationToken">Cancels the syntax reads.</param>
    public static List<HeldConnection> Find(
        INamedTypeSymbol type,
        Compilation compilation,
        ConnectionTypes connectionTypes,
        Func<INamedTypeSymbol, bool>? stopAt,
        CancellationToken cancellationToken)
    {
        var held = new List<HeldConnection>();
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            if (stopAt is not null && stopAt(current))
            {
                break;
            }

            var inSource = SymbolEqualityComparer.Default.Equals(current.ContainingAssembly, compilation.Assembly);
            foreach (var member in current.GetMembers())
            {
                if (member.IsStatic)
                {
                    continue;
                }

                if (inSource)
                {
                    if (MemberShapes.StoresConnection(member, connectionTypes, out var kind, out var memberType))
                    {
                        held.Add(new HeldConnection(member, kind, memberType));
                    }
                }
                else if (member.DeclaredAccessibility == Accessibility.Public && !member.IsImplicitlyDeclared && !HasMember(held, member.Name))
                {
                    if (member is IFieldSymbol { IsConst: false } field && connectionTypes.IsConnectionType(field.Type))
                    {
                        held.Add(new HeldConnection(member, "field", field.Type));
                    }
                    else if (member is IPropertySymbol { IsIndexer: false, SetMethod: not null } property && connectionTypes.IsConnectionType(property.Type))
                    {
                        held.Add(new HeldConnection(member, "property", property.Type));
                    }
                }
            }

            if (inSource)
            {
                AddCapturedParameters(current, connectionTypes, held, cancellationToken);
            }
        }

        return held;
    }

    /// <summary>A derived type's public member hides its base's member of the same name (<c>new MySqlConnection Connection</c>).</summary>
    private static bool HasMember(List<HeldConnection> held, string name)
    {
        foreach (var item in held)
        {
            if (item.Member.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Roslyn 4.8 cannot say a primary-constructor parameter is captured, and the type may be in another syntax tree
    /// than the registration (no semantic model to ask): a parameter whose name is used as a simple name in a member
    /// body, and not declared again there, is taken as captured.
    /// </summary>
    private static void AddCapturedParameters(INamedTypeSymbol type, ConnectionTypes connectionTypes, List<HeldConnection> held, CancellationToken cancellationToken)
    {
        var constructor = PrimaryConstructors.Find(type, cancellationToken);
        if (constructor is null)
        {
            return;
        }

        foreach (var parameter in constructor.Parameters)
        {
            if (!connectionTypes.IsConnectionType(parameter.Type))
            {
                continue;
            }

            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration && IsUsedByMembers(declaration, parameter.Name))
                {
                    held.Add(new HeldConnection(parameter, "captured parameter", parameter.Type));
                    break;
                }
            }
        }
    }

    private static bool IsUsedByMembers(TypeDeclarationSyntax declaration, string name)
    {
        foreach (var member in declaration.Members)
        {
            // Initializers run once at construction, except the lambdas they store; nested types cannot see the parameter.
            switch (member)
            {
                case BaseTypeDeclarationSyntax or DelegateDeclarationSyntax:
                    continue;
                case FieldDeclarationSyntax or PropertyDeclarationSyntax { Initializer: not null }:
                    foreach (var lambda in member.DescendantNodes().OfType<AnonymousFunctionExpressionSyntax>())
                    {
                        if (UsesName(lambda, name))
                        {
                            return true;
                        }
                    }

                    break;
            }

            SyntaxNode? body = member switch
            {
                FieldDeclarationSyntax => null,
                PropertyDeclarationSyntax property => (SyntaxNode?)property.AccessorList ?? property.ExpressionBody,
                _ => member,
            };

            if (body is not null && UsesName(body, name))
            {
                return true;
            }
        }

        return false;
    }

    private static bool UsesName(SyntaxNode body, string name)
    {
        var used = false;
        foreach (var node in body.DescendantNodes())
        {
            switch (node)
            {
                case VariableDeclaratorSyntax declarator when declarator.Identifier.ValueText == name:
                case ParameterSyntax parameter when parameter.Identifier.ValueText == name:
                case SingleVariableDesignationSyntax designation when designation.Identifier.ValueText == name:
                    return false; // shadowed in this member
                case IdentifierNameSyntax identifier when identifier.Identifier.ValueText == name && IsSimpleNameUse(identifier):
                    used = true;
                    break;
            }
        }

        return used;
    }

    private static bool IsSimpleNameUse(IdentifierNameSyntax identifier) => identifier.Parent switch
    {
        MemberAccessExpressionSyntax memberAccess => memberAccess.Expression == identifier,
        MemberBindingExpressionSyntax or NameColonSyntax or QualifiedNameSyntax => false,
        _ => true,
    };
}
