using System;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// Types a host process loads once and keeps while it runs, though no code of the compilation creates them: game-server
/// plugins (a base class named <c>…Plugin</c> such as RocketPlugin, TerrariaPlugin, RustPlugin, BasePlugin, or an
/// <c>IPlugin</c>), Arma2NET/Arma3Net add-ins (a class marked <c>[AddIn]</c>, instantiated by the extension host), a UI
/// application's <c>App</c> class (<see cref="ApplicationClasses"/>) and a Unity component kept across scene loads
/// (<see cref="UnityKeptComponents"/>). Read from names only: the attribute from syntax, so no attribute of any other
/// type is bound.
/// </summary>
internal static class HostLoadedTypes
{
    /// <summary>Why the host keeps <paramref name="type"/> for the life of the process, or null.</summary>
    public static string? Reason(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Class)
        {
            return null;
        }

        if (IsPlugin(type))
        {
            return "is a plugin (the server loads it once and keeps it while it runs)";
        }

        if (HasAddInAttribute(type))
        {
            return "is an add-in marked [AddIn] (the extension host loads it once and keeps it for the life of the game server)";
        }

        if (ApplicationClasses.IsApplicationClass(type))
        {
            return "is the application's own Application class (the platform creates it at start-up and keeps it until the app exits)";
        }

        return UnityKeptComponents.KeepingMethod(type, CancellationToken.None) is { } method
            ? $"is a Unity component kept across scene loads (DontDestroyOnLoad in {method}: Unity keeps it until the game quits)"
            : null;
    }

    private static bool IsPlugin(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            if (current.Name.EndsWith("Plugin", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return type.AllInterfaces.Any(i => i.Name == "IPlugin");
    }

    private static bool HasAddInAttribute(INamedTypeSymbol type)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is not TypeDeclarationSyntax declaration)
            {
                continue;
            }

            foreach (var list in declaration.AttributeLists)
            {
                foreach (var attribute in list.Attributes)
                {
                    if (CreationSites.TypeName(attribute.Name) is "AddIn" or "AddInAttribute")
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }
}
