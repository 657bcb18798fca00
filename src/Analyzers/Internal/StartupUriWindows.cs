using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// The windows a WPF application opens through <c>StartupUri</c>, by the name of their XAML file. App.xaml is not C#, but
/// the markup compiler writes it into the compilation as <c>App.g.cs</c> (<c>App.g.i.cs</c> in the IDE's design-time
/// build): <c>this.StartupUri = new System.Uri("MainWindow.xaml", System.UriKind.Relative);</c>. WPF creates that window
/// when the application starts and keeps it until the application exits; no C# creates it.
/// </summary>
internal sealed class StartupUriWindows
{
    private static readonly string[] Words = { "StartupUri" };

    private readonly HashSet<string> _names;

    private StartupUriWindows(HashSet<string> names) => _names = names;

    /// <summary>Reads every tree that spells <c>StartupUri</c>; the rest are ruled out by a text search.</summary>
    public static StartupUriWindows Read(Compilation compilation, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (!SourceTextSearch.ContainsAnyOrEscape(tree.GetText(cancellationToken), Words, cancellationToken))
            {
                continue;
            }

            foreach (var assignment in tree.GetRoot(cancellationToken).DescendantNodes().OfType<AssignmentExpressionSyntax>())
            {
                if (assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && IsStartupUri(assignment.Left) && XamlName(assignment.Right) is { } name)
                {
                    names.Add(name);
                }
            }
        }

        return new StartupUriWindows(names);
    }

    /// <summary>
    /// Whether <paramref name="type"/> is a window named by <c>StartupUri</c>: its name is the XAML file's (the code-behind
    /// class of <c>MainWindow.xaml</c>), and it derives from a class whose name ends in <c>Window</c>.
    /// </summary>
    public bool Contains(INamedTypeSymbol type)
    {
        if (!_names.Contains(type.Name))
        {
            return false;
        }

        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.Name.EndsWith("Window", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsStartupUri(ExpressionSyntax target) => target switch
    {
        IdentifierNameSyntax { Identifier.ValueText: "StartupUri" } => true,
        MemberAccessExpressionSyntax { Name.Identifier.ValueText: "StartupUri" } => true,
        _ => false,
    };

    /// <summary><c>new Uri("Views/MainWindow.xaml", UriKind.Relative)</c>: "MainWindow"; otherwise null.</summary>
    private static string? XamlName(ExpressionSyntax value)
    {
        var arguments = value switch
        {
            ObjectCreationExpressionSyntax { ArgumentList: { } list } => list.Arguments,
            ImplicitObjectCreationExpressionSyntax { ArgumentList: var list } => list.Arguments,
            _ => default,
        };
        if (arguments.Count == 0 || arguments[0].Expression is not LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal)
        {
            return null;
        }

        var path = literal.Token.ValueText;
        var start = path.LastIndexOfAny(new[] { '/', '\\', ',' }) + 1;
        const string Extension = ".xaml";
        return path.EndsWith(Extension, StringComparison.OrdinalIgnoreCase) && path.Length - Extension.Length > start
            ? path.Substring(start, path.Length - Extension.Length - start)
            : null;
    }
}
