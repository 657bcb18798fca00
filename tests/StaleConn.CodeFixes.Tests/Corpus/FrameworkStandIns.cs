namespace StaleConn.CodeFixes.Tests.Corpus;

/// <summary>
/// Minimal stand-ins, under their real names, for the framework types corpus shapes use but the test references do not
/// carry (ASP.NET Core controllers and hubs, Web Forms pages, WinForms, Windows services): enough for the shapes to compile and for the
/// analyzers and fixes to recognise them by name.
/// </summary>
internal static class FrameworkStandIns
{
    public const string Source = """
        namespace Microsoft.AspNetCore.Mvc
        {
            public interface IActionResult { }
            public sealed class ObjectResult : IActionResult { public ObjectResult(object value) { } }
            public abstract class ControllerBase
            {
                public IActionResult Ok(object value = null) => new ObjectResult(value);
                public IActionResult NotFound() => new ObjectResult(null);
            }
            public abstract class Controller : ControllerBase { }
            [System.AttributeUsage(System.AttributeTargets.Class)] public sealed class ApiControllerAttribute : System.Attribute { }
            [System.AttributeUsage(System.AttributeTargets.All)] public sealed class RouteAttribute : System.Attribute { public RouteAttribute(string template) { } }
            [System.AttributeUsage(System.AttributeTargets.Method)] public sealed class HttpGetAttribute : System.Attribute { public HttpGetAttribute() { } public HttpGetAttribute(string template) { } }
            [System.AttributeUsage(System.AttributeTargets.Method)] public sealed class HttpPostAttribute : System.Attribute { public HttpPostAttribute() { } public HttpPostAttribute(string template) { } }
        }

        namespace Microsoft.AspNetCore.SignalR
        {
            public abstract class Hub { }
        }

        namespace System.Windows.Forms
        {
            public class Control { public string Text { get; set; } }
            public class Form : Control { }
            public class TextBox : Control { }
            public class DataGridView : Control { public object DataSource { get; set; } }
            public static class MessageBox { public static void Show(string text) { } }
            public static class Application { public static void Run(Form mainForm) { } }
        }

        namespace System.Web.UI
        {
            public class Page { public bool IsPostBack { get; set; } }
        }

        namespace System.ServiceProcess
        {
            public class ServiceBase
            {
                public string ServiceName { get; set; }
                protected virtual void OnStart(string[] args) { }
                protected virtual void OnStop() { }
            }
        }
        """;
}
