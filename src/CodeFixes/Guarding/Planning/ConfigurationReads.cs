using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// Calls that only read the application's configuration as <c>System.Configuration.ConfigurationManager</c> loaded it
/// (<c>ConfigurationManager.AppSettings.Get("cs")</c>): the section is read once per process and cached, so reading it
/// again in each call of a factory returns what the accessor read once, with no other effect.
/// </summary>
internal static class ConfigurationReads
{
    private const string ConfigurationManager = "System.Configuration.ConfigurationManager";

    /// <summary>
    /// <c>ConfigurationManager.AppSettings.Get(...)</c> or <c>ConfigurationManager.AppSettings.GetValues(...)</c>, the
    /// receiver spelled through the type (a settings collection kept elsewhere could be a writable copy).
    /// </summary>
    public static bool IsCachedRead(InvocationExpressionSyntax invocation, SemanticModel model)
    {
        if (invocation.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Get" or "GetValues", Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AppSettings" } settings }
            || invocation.ArgumentList.Arguments.Count != 1)
        {
            return false;
        }

        return model.GetSymbolInfo(invocation).Symbol is IMethodSymbol { ContainingType: var collection }
            && collection.ToDisplayString() == "System.Collections.Specialized.NameValueCollection"
            && model.GetSymbolInfo(settings.Expression).Symbol is INamedTypeSymbol type
            && type.ToDisplayString() == ConfigurationManager;
    }
}
