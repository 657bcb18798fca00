using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Reasons;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// The callers' search binds only the names whose receiver's type can hold a unit of work: a <c>timer.Start()</c> is
/// not bound when the unit is a service's <c>Start</c> (UhuruSoftware/vcap-dotnet@8068834, src/Uhuru.CloudFoundry.MsSqlService/Node.cs:
/// <c>public override void Start(ServiceElement options)</c> beside every <c>Start()</c> of timers and threads in the
/// solution). Whatever is not certain is bound as before, so the callers found do not change.
/// </summary>
public class CallReceiversTests
{
    private const string Source = """
        using System.Collections.Generic;
        using System.Linq;
        using Clock = Timer;

        public class Node
        {
            public virtual void Start(int options) { }
            public static void Stop() { }
            public int Count() => 0;
        }

        public class SqlNode : Node { }

        public class Timer
        {
            public void Start(int options) { }
            public static void Stop() { }
            public int Count() => 1;
        }

        public interface IStartable { void Start(int options); }

        public static class NodeExtensions
        {
            public static void Flush(this object anything) { }
        }

        public class Host<T> where T : Node
        {
            private readonly Timer _timer = new Timer();
            private readonly SqlNode _node = new SqlNode();
            private IStartable _startable = null!;
            private dynamic _dynamic = null!;

            public void Run(T generic, List<Node> nodes, List<Timer> timers)
            {
                var timer = new Timer();
                var node = new Node();
                timer.Start(1);            // TIMER_LOCAL
                _timer.Start(1);           // TIMER_FIELD
                this._timer.Start(1);      // TIMER_THIS_FIELD
                Timer.Stop();              // TIMER_STATIC
                node.Start(1);             // NODE_LOCAL
                _node.Start(1);            // DERIVED_FIELD
                SqlNode.Stop();            // DERIVED_STATIC
                generic.Start(1);          // TYPE_PARAMETER
                _startable.Start(1);       // INTERFACE
                _dynamic.Start(1);         // DYNAMIC
                new Timer().Start(1);      // NOT_A_NAME
                missing.Start(1);          // UNBOUND
                nodes.ForEach(n => n.Start(1));   // LAMBDA_NODE
                timers.ForEach(t => t.Start(1));  // LAMBDA_TIMER
                var counts = from t in timers select t.Count(); // QUERY
                timer.Flush();             // EXTENSION
                Clock.Stop();              // ALIAS
            }
        }
        """;

    [Theory]
    [InlineData("TIMER_LOCAL", "Start")]
    [InlineData("TIMER_FIELD", "Start")]
    [InlineData("TIMER_THIS_FIELD", "Start")]
    [InlineData("TIMER_STATIC", "Stop")]
    [InlineData("INTERFACE", "Start")]
    public async Task A_receiver_of_a_type_without_the_unit_is_not_bound(string line, string unit)
    {
        Assert.True(await CannotReachAsync(line, unit));
    }

    [Theory]
    [InlineData("NODE_LOCAL", "Start")]
    [InlineData("DERIVED_FIELD", "Start")]
    [InlineData("DERIVED_STATIC", "Stop")]
    [InlineData("TYPE_PARAMETER", "Start")]
    [InlineData("DYNAMIC", "Start")]
    [InlineData("NOT_A_NAME", "Start")]
    [InlineData("UNBOUND", "Start")]
    [InlineData("LAMBDA_NODE", "Start")]
    [InlineData("LAMBDA_TIMER", "Start")]
    [InlineData("EXTENSION", "Flush")]
    [InlineData("ALIAS", "Stop")]
    public async Task A_receiver_that_can_hold_the_unit_or_is_uncertain_is_bound_in_full(string line, string unit)
    {
        Assert.False(await CannotReachAsync(line, unit));
    }

    private const string BareCalls = """
        public class Node
        {
            public void Start() { }
            public static void Stop() { }

            public class Watcher
            {
                public void Check() => Stop();  // NESTED
            }
        }

        public class SqlNode : Node
        {
            public void Restart() => Start(); // DERIVED
        }

        public class Timer
        {
            public void Start() { }
            public void Tick() => Start();  // OTHER_TYPE
        }
        """;

    [Theory]
    [InlineData("", "NESTED", "Stop", false)]
    [InlineData("", "DERIVED", "Start", false)]
    [InlineData("", "OTHER_TYPE", "Start", true)]
    [InlineData("using static System.Math;\n", "OTHER_TYPE", "Start", false)]
    public async Task A_call_without_a_receiver_is_bound_where_a_type_around_it_or_a_static_import_can_hold_the_unit(string usings, string line, string unit, bool cannotReach)
    {
        Assert.Equal(cannotReach, await CannotReachAsync(line, unit, usings + BareCalls));
    }

    [Fact]
    public async Task A_name_inside_a_query_is_bound()
    {
        Assert.False(await CannotReachAsync("QUERY", "Count"));
    }

    private const string Service = """
        public class Timer
        {
            public void Start() { }
        }

        public class Node
        {
            private readonly Timer _timer = new Timer();

            public void Start() => _timer.Start();
        }

        public class SqlNode : Node
        {
        }

        public class Service
        {
            private readonly Timer _timer = new Timer();
            private readonly SqlNode _node = new SqlNode();

            public void OnStart()
            {
                _timer.Start();
                _node.Start();
            }

            public void Tick() => _timer.Start();
        }
        """;

    [Fact]
    public async Task The_callers_found_are_those_that_call_the_unit_through_a_derived_receiver()
    {
        var project = SnippetProject.Create(new[] { Service });
        var compilation = (await project.GetCompilationAsync())!;
        var start = compilation.GetTypeByMetadataName("Node")!.GetMembers("Start").Single();

        var found = UnitCallers.Find(project, compilation, new[] { start }, CancellationToken.None);

        Assert.Equal(new[] { "OnStart", "Start" }, found.Units.Select(u => u.Name).OrderBy(n => n, StringComparer.Ordinal));
        var call = Assert.Single(found.CallSites);
        Assert.Equal("_node.Start()", call.Parent!.Parent!.ToString());
    }

    private static async Task<bool> CannotReachAsync(string line, string unitName, string source = Source)
    {
        var project = SnippetProject.Create(new[] { source });
        var compilation = (await project.GetCompilationAsync())!;
        var tree = compilation.SyntaxTrees.First(t => t.ToString().Contains("// " + line, StringComparison.Ordinal));
        var unit = compilation.GetTypeByMetadataName(unitName == "Flush" ? "NodeExtensions" : "Node")!.GetMembers(unitName).Single();
        var text = tree.GetText();
        var marked = text.Lines.Single(l => l.ToString().Contains("// " + line, StringComparison.Ordinal));
        var name = tree.GetRoot().DescendantNodes(marked.Span).OfType<SimpleNameSyntax>()
            .Last(n => n.Identifier.ValueText == unitName && marked.Span.Contains(n.Span));
        var model = compilation.GetSemanticModel(tree);
        return CallReceivers.CannotReach(name, model, new[] { unit }, new Dictionary<ExpressionSyntax, TypeLineage?>(), CancellationToken.None);
    }
}
