using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// Calls that only read the application's configuration as <c>System.Configuration.ConfigurationManager</c> (or ASP.NET's
/// <c>WebConfigurationManager</c>) loaded it: the sections are read once per process and cached, so reading them again
/// in each call of a factory returns what the accessor read once, with no other effect.
/// </summary>
internal static class ConfigurationReads
{
    /// <summary>
    /// <c>ConfigurationManager.AppSettings.Get("cs")</c> (or <c>GetValues</c>), or <c>ToString()</c> of a setting read
    /// through the type (<c>ConfigurationManager.ConnectionStrings["db"].ToString()</c>) — the receiver spelled through
    /// the type: a settings collection kept elsewhere could be a writable copy.
    /// </summary>
    public static bool IsCachedRead(InvocationExpressionSyntax invocation, SemanticModel model)
    {
        if (invocation.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name } access
            || model.GetSymbolInfo(invocation).Symbol is not IMethodSymbol method)
        {
            return false;
        }

        var isRead = name switch
        {
            "Get" or "GetValues" => invocation.ArgumentList.Arguments.Count == 1 && method.ContainingType.ToDisplayString() == "System.Collections.Specialized.NameValueCollection",
            "ToString" => invocation.ArgumentList.Arguments.Count == 0,
            _ => false,
        };
        return isRead && ReadsThroughManager(access.Expression, model);
    }

    /// <summary>
    /// A setting read through the manager without a call (<c>ConfigurationManager.ConnectionStrings["db"].ConnectionString</c>,
    /// <c>ConfigurationManager.AppSettings["cs"]</c>) with constant keys, or a call <see cref="IsCachedRead"/> accepts.
    /// </summary>
    public static bool IsCachedSetting(ExpressionSyntax expression, SemanticModel model) => expression switch
    {
        InvocationExpressionSyntax invocation => IsCachedRead(invocation, model) && ConstantKeys(invocation, model),
        ElementAccessExpressionSyntax or MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConnectionString" } => ReadsThroughManager(expression, model) && ConstantKeys(expression, model),
        _ => false,
    };

    private static bool ConstantKeys(ExpressionSyntax expression, SemanticModel model) =>
        expression.DescendantNodesAndSelf().OfType<ArgumentSyntax>().All(a => model.GetConstantValue(a.Expression).HasValue);

    /// <summary><c>ConfigurationManager.AppSettings</c>, <c>ConfigurationManager.ConnectionStrings["db"]</c>, <c>....ConnectionString</c>.</summary>
    private static bool ReadsThroughManager(ExpressionSyntax receiver, SemanticModel model)
    {
        while (true)
        {
            switch (receiver)
            {
                case ElementAccessExpressionSyntax element:
                    receiver = element.Expression;
                    continue;
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AppSettings" or "ConnectionStrings", Expression: var type }:
                    return model.GetSymbolInfo(type).Symbol is INamedTypeSymbol manager
                        && manager.ToDisplayString() is "System.Configuration.ConfigurationManager" or "System.Web.Configuration.WebConfigurationManager";
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConnectionString" } setting:
                    receiver = setting.Expression;
                    continue;
                default:
                    return false;
            }
        }
    }
}
