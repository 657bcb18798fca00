using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StaleConn.Analyzers.Internal;

namespace StaleConn.Analyzers.Tests.Internal;

/// <summary>
/// The identifier tokens a scope spells a name with, found from the scope's text: the same tokens, in the same order,
/// as a walk of every token, for every name and every block of a file that spells names in comments, strings, longer
/// words, verbatim (<c>@db</c>) and as <c>global::</c>; texts with escapes or formatting characters read token by token.
/// </summary>
public class SpelledIdentifiersTests
{
    // Shapes from the waiting loops SC0007 reads (valloon91234/Github2Telegram's `db` reused across a polling loop).
    private const string Tricky = """
        using System.Threading;
        class Poller
        {
            Db db = new Db();
            void Run(int global)
            {
                var db2 = new Db(); // db is kept
                var @db = new Db();
                while (true)
                {
                    string note = "db db";
                    db.Select(); dbx.Select(); @db.Select(); this.db.Select();
                    global::System.Console.WriteLine(global);
                    /* db */ db2 = db;
                    /* db */ db.Select();
                    Thread.Sleep(1000);
                }
            }
        }
        """;

    private static List<SyntaxToken> Walk(SyntaxNode node, string name, int from) =>
        node.DescendantTokens()
            .Where(t => t.SpanStart >= from && (t.IsKind(SyntaxKind.IdentifierToken) || t.Parent is IdentifierNameSyntax) && t.ValueText == name)
            .ToList();

    [Theory]
    [InlineData(Tricky)]
    [InlineData("class C { void M() { var d\u200Bb = 1; db++; for (;;) { db--; } } }")]
    [InlineData("class C { void M() { var \\u0064b = 1; db++; while (db > 0) { \\u0064b--; } } }")]
    public void Every_block_and_name_gives_the_tokens_a_walk_gives(string source)
    {
        var root = CSharpSyntaxTree.ParseText(source).GetRoot();
        var names = root.DescendantTokens().Select(t => t.ValueText).Where(v => v.Length > 0).Distinct().ToList();
        foreach (var scope in root.DescendantNodesAndSelf().Where(n => n is BlockSyntax or StatementSyntax or TypeDeclarationSyntax))
        {
            foreach (var name in names)
            {
                foreach (var from in new[] { 0, scope.SpanStart + (scope.Span.Length / 2) })
                {
                    Assert.Equal(Walk(scope, name, from), SpelledIdentifiers.In(scope, name, from, CancellationToken.None).ToList());
                }
            }
        }
    }

    [Fact]
    public void A_plain_text_is_searched_without_reading_every_token()
    {
        var loop = CSharpSyntaxTree.ParseText(Tricky).GetRoot().DescendantNodes().OfType<WhileStatementSyntax>().Single();
        var before = SpelledIdentifiers.ScopesReadWhole;

        var found = SpelledIdentifiers.In(loop, "db", 0, CancellationToken.None).Select(t => t.ToString()).ToList();

        // db.Select(), @db.Select(), this.db, db2 = db, db.Select(): not the string, the comments, dbx or db2.
        Assert.Equal(new[] { "db", "@db", "db", "db", "db" }, found);
        Assert.Equal(0, SpelledIdentifiers.ScopesReadWhole - before);
    }

    [Fact]
    public void A_name_spelled_with_an_escape_is_found_by_reading_every_token()
    {
        var root = CSharpSyntaxTree.ParseText("class C { void M() { var db = 1; while (db > 0) { \\u0064b--; } } }").GetRoot();
        var loop = root.DescendantNodes().OfType<WhileStatementSyntax>().Single();
        var before = SpelledIdentifiers.ScopesReadWhole;

        var found = SpelledIdentifiers.In(loop, "db", 0, CancellationToken.None).ToList();

        Assert.Equal(2, found.Count);
        Assert.Equal(1, SpelledIdentifiers.ScopesReadWhole - before);
    }
}
