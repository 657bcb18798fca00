using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Tests.Reasons;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// The compile checks (the lightbulb's neighbourhood check, the kept commands' rebinding) ask the compiler for the
/// diagnostics of many spans of one tree: each span must get what asking for it alone gives, and neighbouring spans
/// one ask, not one each (vladzvx/test's DBWorker: 47 touched members and 41 inserted bindings, docs/benchmarks.md stop 41).
/// </summary>
public class SpanDiagnosticsTests
{
    /// <summary>
    /// vladzvx/test's DBWorker, reduced to the shape: commands kept in fields and run under a lock, a logger field
    /// initializer whose library is missing (NLog is not referenced here, as in the restored repository), an error and a
    /// warning in two of the methods, and a method between that no span touches.
    /// </summary>
    // https://github.com/vladzvx/test/blob/44648e509992e95fd53637b1a6fd8e9aba08e9fc/DataBaseWorker/DBWorker.cs
    private const string Worker = """
        using System;
        using MySqlConnector;

        public class DBWorker
        {
            public object ReadLocker = new object();
            private NLog.Logger logger = NLog.LogManager.GetCurrentClassLogger();
            MySqlConnection ReadConnention;
            MySqlCommand _get_phone;
            MySqlCommand _get_caption;

            public DBWorker(string connectionString)
            {
                ReadConnention = new MySqlConnection(connectionString);
                _get_phone = ReadConnention.CreateCommand();
                _get_caption = ReadConnention.CreateCommand();
            }

            public long? get_phone(long user_id)
            {
                long? result = null;
                lock (ReadLocker)
                {
                    _get_phone.Parameters["_user_id"].Value = user_id;
                    using (var reader = _get_phone.ExecuteReader())
                    {
                        while (reader.Read())
                        {
                            result = reader.GetInt64(0);
                        }
                    }
                }
                return result;
            }

            /// <summary>Documented, so only trivia lies between it and the method before.</summary>
            public string get_caption(long media_id)
            {
                string result = null;
                lock (ReadLocker)
                {
                    _get_caption.Parameters["_media_id"].Value = media_id;
                    result = (string)_get_caption.ExecuteScalar();
                }
                return result + undeclared;
            }

            public void TestMessageCreator()
            {
                logger.Trace("untouched");
            }

            public int count_captions(long media_id)
            {
                lock (ReadLocker)
                {
                    _get_caption.Parameters["_media_id"].Value = media_id;
                    return (int)_get_caption.ExecuteScalar();
                }
            }
        }
        """;

    [Fact]
    public async Task Each_span_gets_what_asking_for_it_alone_gives()
    {
        var (model, tree) = await ModelAsync();
        var spans = MethodSpans(tree, "get_phone", "get_caption", "count_captions")
            .Concat(StatementSpans(tree, "_get_caption.Parameters"))
            .Append(Field(tree, "logger"))
            .ToList();

        var alone = spans.Select(span => Describe(model.GetDiagnostics(span))).ToList();
        var together = SpanDiagnostics.Of(model, spans, CancellationToken.None).Select(Describe).ToList();

        Assert.Contains(alone, found => found.Any(d => d.StartsWith("CS0103", StringComparison.Ordinal)));
        Assert.Contains(alone, found => found.Any(d => d.StartsWith("CS8600", StringComparison.Ordinal)));
        Assert.Contains(alone, found => found.Any(d => d.StartsWith("CS0246", StringComparison.Ordinal)));
        Assert.Equal(alone, together);
    }

    [Fact]
    public async Task Neighbouring_members_are_asked_once_and_a_member_between_splits_the_ask()
    {
        var (model, tree) = await ModelAsync();

        // get_phone and get_caption lie side by side; TestMessageCreator, touched by no span, lies before count_captions.
        SpanDiagnostics.Of(model, MethodSpans(tree, "get_phone", "get_caption", "count_captions"), CancellationToken.None);
        Assert.Equal(2, SpanDiagnostics.AsksOf(tree));

        // The bindings of one method, and of the methods side by side, are one ask.
        SpanDiagnostics.Of(model, StatementSpans(tree, "_get_caption.Parameters").Take(1).Concat(StatementSpans(tree, "_get_phone.Parameters")).ToList(), CancellationToken.None);
        Assert.Equal(3, SpanDiagnostics.AsksOf(tree));
    }

    private static async Task<(SemanticModel Model, SyntaxTree Tree)> ModelAsync()
    {
        var project = SnippetProject.Create(new[] { Worker });
        var compilation = (await project.GetCompilationAsync())!;
        var tree = compilation.SyntaxTrees.Single(t => t.ToString().Contains("class DBWorker"));
        return (compilation.GetSemanticModel(tree), tree);
    }

    private static List<TextSpan> MethodSpans(SyntaxTree tree, params string[] names) =>
        tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Where(m => names.Contains(m.Identifier.ValueText)).Select(m => m.Span).ToList();

    private static IEnumerable<TextSpan> StatementSpans(SyntaxTree tree, string text) =>
        tree.GetRoot().DescendantNodes().OfType<ExpressionStatementSyntax>().Where(s => s.ToString().StartsWith(text, StringComparison.Ordinal)).Select(s => s.Span);

    private static TextSpan Field(SyntaxTree tree, string name) =>
        tree.GetRoot().DescendantNodes().OfType<FieldDeclarationSyntax>().Single(f => f.Declaration.Variables.Any(v => v.Identifier.ValueText == name)).Span;

    private static List<string> Describe(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.Select(d => $"{d.Id} {d.Location.SourceSpan} {d.GetMessage()}").OrderBy(d => d, StringComparer.Ordinal).ToList();
}
