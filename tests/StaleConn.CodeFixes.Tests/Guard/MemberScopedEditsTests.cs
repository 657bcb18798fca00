using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Host;
using StaleConn.CodeFixes.Guarding.Planning;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// The kept commands' rebinding edits are made one member at a time (an editor over the whole file walked all of it once
/// per change: vladzvx/test's DBWorker, 90 changes over 1,576 lines, docs/benchmarks.md "Stop 38: latency38"), and give
/// the tree one editor over the whole file gives. The worker is written small after vladzvx/test@44648e509992
/// DataBaseWorker/DBWorker.cs (commands built in the constructor, each method running one) and
/// Danushe4ka/Cursavaya-4sem-'s managers (a command bound in the constructor, a derived manager's field made protected).
/// </summary>
public class MemberScopedEditsTests
{
    private const string Worker = """
        using Npgsql;

        public class DBWorker
        {
            private NpgsqlConnection ReadConnention;
            NpgsqlCommand _get_bot_id;
            NpgsqlCommand _set_group;

            public DBWorker(string connectionString)
            {
                this.ReadConnention = new NpgsqlConnection(connectionString);
                this._get_bot_id = ReadConnention.CreateCommand();
                this._get_bot_id.CommandText = "select id from bots where token=@_token;";
                this._set_group = new NpgsqlCommand("update chats set user_group=@_user_group;");
        #if DEBUG
                this._set_group.Connection = ReadConnention;
        #endif
            }

            public int Timeout { get { _set_group.CommandTimeout = 5; return _set_group.CommandTimeout; } }

            public int get_bot_id(string token)
            {
                // the bot's id
                _get_bot_id.Parameters["_token"].Value = token;
                return (int)_get_bot_id.ExecuteScalar();
            }

            public void set_group(string group)
            {
                _set_group.Parameters["_user_group"].Value = group;
                _set_group.ExecuteNonQuery();
            }
        }
        """;

    [Fact]
    public void Each_change_is_made_within_the_member_that_holds_it()
    {
        var root = Parse(Worker);
        var edits = RebindingEdits(root);

        var scopes = edits.Scopes(root);

        Assert.Equal(new[] { "DBWorker", "ReadConnention", "Timeout", "get_bot_id", "set_group" }, scopes.Select(NameOf).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Member_by_member_the_tree_is_the_one_a_whole_file_editor_makes()
    {
        var root = Parse(Worker);

        var scoped = RebindingEdits(root).Apply(root, Services);

        Assert.Equal(WholeFile(root, RebindingChanges(root)), scoped.ToFullString());
        Assert.Contains("#if DEBUG", scoped.ToFullString());
        Assert.Contains("protected NpgsqlConnection ReadConnention;", scoped.ToFullString());
    }

    [Fact]
    public void A_change_outside_every_member_is_made_by_one_editor_over_the_whole_tree()
    {
        var root = CSharpSyntaxTree.ParseText("""
            var command = connection.CreateCommand();
            command.ExecuteNonQuery();
            class Holder { void Run() { Work(); } void Work() { } }
            """).GetRoot();
        var statements = root.DescendantNodes().OfType<ExpressionStatementSyntax>().ToList();
        var changes = new List<(SyntaxNode, Action<SyntaxEditor>)>
        {
            (statements[0], e => e.InsertBefore(statements[0], Binding("command"))),
            (statements[1], e => e.InsertBefore(statements[1], Binding("holder"))),
        };
        var edits = new MemberScopedEdits();
        foreach (var (node, change) in changes)
        {
            edits.Add(node, change);
        }

        Assert.Same(root, Assert.Single(edits.Scopes(root)));
        Assert.Equal(WholeFile(root, changes), edits.Apply(root, Services).ToFullString());
    }

    private static SyntaxNode Parse(string text) =>
        CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(preprocessorSymbols: new[] { "DEBUG" })).GetRoot();

    private static readonly SolutionServices Services = new AdhocWorkspace().CurrentSolution.Services;

    private static MemberScopedEdits RebindingEdits(SyntaxNode root)
    {
        var edits = new MemberScopedEdits();
        foreach (var (node, change) in RebindingChanges(root))
        {
            edits.Add(node, change);
        }

        return edits;
    }

    /// <summary>What the rebinding makes of the worker, in its order: the member marked, builds unbound, bindings inserted, the constructor's binding removed, the field widened.</summary>
    private static List<(SyntaxNode Node, Action<SyntaxEditor> Change)> RebindingChanges(SyntaxNode root)
    {
        var field = root.DescendantNodes().OfType<FieldDeclarationSyntax>().First();
        var declarator = field.Declaration.Variables.Single();
        var build = root.DescendantNodes().OfType<AssignmentExpressionSyntax>().Single(a => a.Right.ToString() == "ReadConnention.CreateCommand()");
        var unbound = build.WithRight(ParseExpression("new NpgsqlCommand()").WithTriviaFrom(build.Right));
        var binding = root.DescendantNodes().OfType<ExpressionStatementSyntax>().Single(s => s.ToString() == "this._set_group.Connection = ReadConnention;");
        var firstUses = root.DescendantNodes().OfType<BlockSyntax>().Where(b => b.Statements.Count > 0 && b.Statements[0].ToString().StartsWith("_"))
            .Select(b => b.Statements[0]).ToList();
        var changes = new List<(SyntaxNode, Action<SyntaxEditor>)>
        {
            (declarator, e => e.ReplaceNode(declarator, (node, _) => node.WithAdditionalAnnotations(new SyntaxAnnotation("member")))),
            (build, e => e.ReplaceNode(build, unbound)),
        };
        changes.AddRange(firstUses.Select(use => ((SyntaxNode)use, (Action<SyntaxEditor>)(e => e.InsertBefore(use, Binding(use.ToString()[..use.ToString().IndexOf('.')]))))));
        changes.Add((binding, e => e.RemoveNode(binding, SyntaxRemoveOptions.KeepUnbalancedDirectives)));
        changes.Add((field, e => e.ReplaceNode(field, (node, _) => ((FieldDeclarationSyntax)node).WithModifiers(TokenList(Token(SyntaxKind.ProtectedKeyword).WithTrailingTrivia(Space))).WithLeadingTrivia(node.GetLeadingTrivia()))));
        return changes;
    }

    private static string WholeFile(SyntaxNode root, IEnumerable<(SyntaxNode Node, Action<SyntaxEditor> Change)> changes)
    {
        var editor = new SyntaxEditor(root, Services);
        foreach (var (_, change) in changes)
        {
            change(editor);
        }

        return editor.GetChangedRoot().ToFullString();
    }

    private static StatementSyntax Binding(string command) =>
        ParseStatement($"{command}.Connection = ReadConnention;").WithTrailingTrivia(ElasticLineFeed);

    private static string NameOf(SyntaxNode member) => member switch
    {
        ConstructorDeclarationSyntax constructor => constructor.Identifier.ValueText,
        MethodDeclarationSyntax method => method.Identifier.ValueText,
        PropertyDeclarationSyntax property => property.Identifier.ValueText,
        FieldDeclarationSyntax field => field.Declaration.Variables[0].Identifier.ValueText,
        _ => member.Kind().ToString(),
    };
}
