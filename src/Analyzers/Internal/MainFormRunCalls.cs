using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// <c>Application.Run(new MainForm())</c> (or <c>Application.Run(form)</c>) in a static <c>Main</c>: the message loop
/// runs that form until the application exits, so the form, and what it keeps, lives as long as the process. Found by
/// syntax where creation sites are read; the call's symbol is checked once a class is found to have such a site.
/// </summary>
internal static class MainFormRunCalls
{
    private static readonly FullTypeName WindowsFormsApplication = new("System.Windows.Forms.Application");

    /// <summary>The <c>Application.Run(...)</c> call in a static <c>Main</c> that <paramref name="argument"/> is the one argument of; otherwise null.</summary>
    public static InvocationExpressionSyntax? CallOf(ArgumentSyntax argument)
    {
        if (argument.Parent is not ArgumentListSyntax { Arguments.Count: 1, Parent: InvocationExpressionSyntax call }
            || call.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Run", Expression: var receiver }
            || receiver switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                _ => string.Empty,
            } != "Application")
        {
            return null;
        }

        foreach (var ancestor in call.Ancestors())
        {
            switch (ancestor)
            {
                case MethodDeclarationSyntax method:
                    return method.Identifier.ValueText == "Main" && method.Modifiers.Any(SyntaxKind.StaticKeyword) ? call : null;
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                    return null; // a lambda or another member may run any number of times
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the call is Windows Forms' <c>Application.Run</c>. A call that binds to another method (a class of the
    /// program named <c>Application</c>) is not; one that binds to nothing at all (Windows Forms not referenced, as when
    /// a .NET Framework project is read without its references) is taken at its name.
    /// </summary>
    public static bool IsWindowsForms(InvocationExpressionSyntax call, Compilation compilation, CancellationToken cancellationToken)
    {
        if (!compilation.ContainsSyntaxTree(call.SyntaxTree))
        {
            return false;
        }

        var info = compilation.GetSemanticModel(call.SyntaxTree).GetSymbolInfo(call, cancellationToken);
        if (info.Symbol is IMethodSymbol method)
        {
            return WindowsFormsApplication.Matches(method.ContainingType);
        }

        foreach (var candidate in info.CandidateSymbols)
        {
            if (candidate is IMethodSymbol { ContainingType: var type } && !WindowsFormsApplication.Matches(type))
            {
                return false;
            }
        }

        return true;
    }
}
