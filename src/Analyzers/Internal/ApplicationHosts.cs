using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// Creation sites whose instance the application's host keeps until the process exits, read from syntax: the service
/// class Topshelf builds once (<c>s.ConstructUsing(name =&gt; new SyncService())</c> inside <c>HostFactory.Run</c>), and the
/// window a WPF application shows at start-up (<c>MainWindow = new MainWindow()</c>, <c>new MainWindow().Show()</c> in
/// <c>OnStartup</c> or a <c>Startup</c> handler). A window shown as a dialog there (<c>ShowDialog()</c>, a login) is not kept.
/// </summary>
internal static class ApplicationHosts
{
    /// <summary>One instance the host keeps: the owner and the hop the message names, the reason, and where the site is.</summary>
    internal sealed class HostedInstance
    {
        public HostedInstance(SyntaxNode site, string owner, string hop, string reason)
        {
            Site = site;
            Owner = owner;
            Hop = hop;
            Reason = reason;
        }

        public SyntaxNode Site { get; }

        /// <summary>"Topshelf's service host".</summary>
        public string Owner { get; }

        /// <summary>"'SyncService' is built by 'ConstructUsing' in 'HostFactory.Run'".</summary>
        public string Hop { get; }

        public string Reason { get; }
    }

    /// <summary>
    /// <c>s.ConstructUsing(name =&gt; new SyncService())</c>, or the factory handed first to <c>x.Service(settings =&gt; new
    /// ServerService(...), s =&gt; ...)</c>, inside <c>HostFactory.Run(...)</c> or <c>HostFactory.New(...)</c>: Topshelf calls
    /// the factory once and runs the service it builds until the Windows service stops.
    /// </summary>
    public static HostedInstance? TopshelfService(ExpressionSyntax created, AnonymousFunctionExpressionSyntax factory, string typeName)
    {
        if (factory.ExpressionBody != created
            || factory.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax construct } list } argument
            || construct.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: var method }
            || !(method == "ConstructUsing" && list.Arguments.Count == 1 || method == "Service" && list.Arguments[0] == argument))
        {
            return null;
        }

        var host = construct.Ancestors().OfType<InvocationExpressionSyntax>().FirstOrDefault(call =>
            call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Run" or "New", Expression: IdentifierNameSyntax { Identifier.ValueText: "HostFactory" } });
        return host is null
            ? null
            : new HostedInstance(
                construct,
                "Topshelf's service host",
                $"'{typeName}' is built by '{method}' in 'HostFactory.{((MemberAccessExpressionSyntax)host.Expression).Name.Identifier.ValueText}'",
                "the host runs the service it builds until the Windows service stops, for the life of the process");
    }

    /// <summary>
    /// A window created in a WPF application's start-up (<c>OnStartup(StartupEventArgs e)</c>, or a handler of its
    /// <c>Startup</c> event: a method taking <c>StartupEventArgs</c>) and made the main window or shown modeless:
    /// <c>MainWindow = new MainWindow()</c>, <c>new MainWindow().Show()</c>, <c>var w = new MainWindow(); w.Show();</c>.
    /// </summary>
    public static HostedInstance? StartupWindow(ExpressionSyntax created, string typeName)
    {
        if (created.Ancestors().FirstOrDefault(a => a is MemberDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                is not MethodDeclarationSyntax method
            || !method.ParameterList.Parameters.Any(p => p.Type is { } type && CreationSites.TypeName(type) == "StartupEventArgs"))
        {
            return null;
        }

        var shown = created.Parent switch
        {
            AssignmentExpressionSyntax assignment when assignment.Right == created => IsMainWindow(assignment.Left),
            MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Show", Parent: InvocationExpressionSyntax } => true,
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax local } => IsShownOrMadeMain(local.Identifier.ValueText, method),
            _ => false,
        };
        return shown
            ? new HostedInstance(
                created,
                "the application's main window",
                $"'{typeName}' is shown in '{method.Identifier.ValueText}' when the application starts",
                "WPF keeps it until the application exits")
            : null;
    }

    private static bool IsMainWindow(ExpressionSyntax target) => target switch
    {
        IdentifierNameSyntax { Identifier.ValueText: "MainWindow" } => true,
        MemberAccessExpressionSyntax { Name.Identifier.ValueText: "MainWindow" } => true,
        _ => false,
    };

    /// <summary><c>w.Show()</c> or <c>MainWindow = w</c> in the start-up method.</summary>
    private static bool IsShownOrMadeMain(string local, MethodDeclarationSyntax method)
    {
        foreach (var identifier in method.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (identifier.Identifier.ValueText != local)
            {
                continue;
            }

            if (identifier.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Show", Parent: InvocationExpressionSyntax } access && access.Expression == identifier)
            {
                return true;
            }

            if (identifier.Parent is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment && assignment.Right == identifier && IsMainWindow(assignment.Left))
            {
                return true;
            }
        }

        return false;
    }
}
