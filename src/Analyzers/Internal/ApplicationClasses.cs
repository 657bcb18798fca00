using Microsoft.CodeAnalysis;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// A UI application's own class (<c>App : Application</c> in Xamarin.Forms, .NET MAUI, WPF, Avalonia, UWP or WinUI):
/// the platform creates one when the app starts and keeps it until the app exits, so what its fields keep lives as
/// long (teddi201252/pagnistokens' <c>App</c> opens a MySqlConnection in its constructor). An <c>Application</c> that
/// does not resolve is taken for a framework's: a class of the program's own of that name would resolve.
/// </summary>
internal static class ApplicationClasses
{
    private static readonly string[] FrameworkNamespaces = { "Xamarin.Forms", "Microsoft.Maui.Controls", "System.Windows", "Avalonia", "Windows.UI.Xaml", "Microsoft.UI.Xaml" };

    /// <summary>True when <paramref name="type"/> derives from a UI framework's <c>Application</c> class.</summary>
    public static bool IsApplicationClass(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            if (current.Name == "Application")
            {
                return current.TypeKind == TypeKind.Error
                    || System.Array.IndexOf(FrameworkNamespaces, current.ContainingNamespace?.ToDisplayString()) >= 0;
            }
        }

        return false;
    }
}
