using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.Analyzers.Tests.Infrastructure;

/// <summary>
/// Every C# snippet the rule tests and the real-world field tests feed the analyzers, read back from the test files' raw string literals, so a new
/// test case is automatically part of the robustness test. Diagnostic markup is removed; interpolation holes
/// (<c>{{type}}</c>) are filled with a connection type.
/// </summary>
public static partial class TestSnippets
{
    private const string HoleFiller = "MySqlConnector.MySqlConnection";

    /// <summary>The snippets, with the test file and line each one starts on.</summary>
    public static IReadOnlyList<(string Origin, string Source)> All() => Cache.Value;

    private static readonly Lazy<IReadOnlyList<(string Origin, string Source)>> Cache = new(Load);

    private static IReadOnlyList<(string Origin, string Source)> Load()
    {
        var testsFolder = Path.Combine(RuleDocumentationTests.RepositoryRoot(), "tests", "StaleConn.Analyzers.Tests");
        var snippets = new List<(string, string)>();
        var files = new[] { "Rules", "FieldTests" }
            .SelectMany(folder => Directory.GetFiles(Path.Combine(testsFolder, folder), "*.cs").OrderBy(f => f, StringComparer.Ordinal));
        foreach (var file in files)
        {
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file), path: file).GetRoot();
            foreach (var node in root.DescendantNodes())
            {
                var text = node switch
                {
                    LiteralExpressionSyntax literal when literal.Token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken) => literal.Token.ValueText,
                    InterpolatedStringExpressionSyntax interpolated when interpolated.StringStartToken.IsKind(SyntaxKind.InterpolatedMultiLineRawStringStartToken) => Fill(interpolated),
                    _ => null,
                };

                if (text is not null)
                {
                    var line = node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                    snippets.Add(($"{Path.GetFileName(file)}:{line}", RemoveMarkup(text)));
                }
            }
        }

        return snippets;
    }

    private static string Fill(InterpolatedStringExpressionSyntax interpolated)
    {
        var builder = new StringBuilder();
        foreach (var content in interpolated.Contents)
        {
            builder.Append(content is InterpolatedStringTextSyntax text ? text.TextToken.ValueText : HoleFiller);
        }

        return builder.ToString();
    }

    /// <summary>Removes <c>{|ID:</c>, <c>{|#0:</c>, <c>|}</c>, <c>[|</c> and <c>|]</c>.</summary>
    public static string RemoveMarkup(string source) => Markup().Replace(source, string.Empty);

    [GeneratedRegex(@"\{\|[^:|{}]*:|\|\}|\[\||\|\]")]
    private static partial Regex Markup();
}
