using Microsoft.CodeAnalysis;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Reasons;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// Whether a kept command is built again before every read is judged once per compilation: each plan of one lightbulb
/// (guard, data source, factory) collects its references with a collector of its own and asks the same members again
/// (vladzvx/test's kept commands, docs/benchmarks.md stop 39 and stop 40). An edited project is a new compilation,
/// judged again with its edit.
/// </summary>
public class RebuiltStoredObjectsMemoTests
{
    /// <summary>
    /// kadirrbayar/CSharp-CanliRadyo-Muzik@2c7e3fb4dbda: MüzikUygulamasi/AnaSayfa.cs (the field command bound at the top
    /// of the handler, its reader kept in a field), in minimal form, MySqlConnector for MySql.Data.
    /// </summary>
    private const string Form = """
        using MySqlConnector;

        public partial class AnaSayfa
        {
            MySqlCommand komut = new MySqlCommand();
            MySqlDataReader okuma;
            public string Names = "";

            public void Load(MySqlConnection connection)
            {
                komut.Connection = connection;
                komut.CommandText = "SELECT isim FROM radyolar";
                okuma = komut.ExecuteReader();
                while (okuma.Read())
                {
                    Names += okuma.GetString(0);
                }
                okuma.Close();
            }
        }
        """;

    /// <summary>A handler that reads the command without binding it: it runs whatever connection the last handler bound.</summary>
    private const string Peek = """
        public partial class AnaSayfa
        {
            public void Peek() => komut.Cancel();
        }
        """;

    [Fact]
    public async Task One_compilation_is_judged_once_and_an_edited_one_again()
    {
        var project = SnippetProject.Create(new[] { Form });
        var first = await VerdictAsync(project);
        var again = await VerdictAsync(project);

        Assert.Same(first, again);
        Assert.True(first.Rebuilt);
        Assert.Equal("okuma", Assert.Single(first.Derived).Name);

        var edited = await VerdictAsync(project.AddDocument("Peek.cs", Peek).Project);
        Assert.NotSame(first, edited);
        Assert.False(edited.Rebuilt);
        Assert.True(edited.ReadWhereNeverSet);
    }

    [Fact]
    public async Task Each_members_names_come_from_one_walk_of_the_tree()
    {
        var project = SnippetProject.Create(new[] { Form });
        var compilation = (await project.GetCompilationAsync())!;
        var tree = compilation.SyntaxTrees.Single(t => t.ToString().Contains("class AnaSayfa"));
        var judge = new RebuiltStoredObjects(compilation, CancellationToken.None);

        var command = judge.VerdictOf(compilation.GetSymbolsWithName("komut", SymbolFilter.Member).Single());
        var reader = judge.VerdictOf(compilation.GetSymbolsWithName("okuma", SymbolFilter.Member).Single());

        Assert.Equal(1, NamedNodes.WalksOf(tree));
        Assert.True(command.Rebuilt);
        Assert.True(reader.Rebuilt);
    }

    /// <summary>Each call makes its own judge, as each plan's reference collector does.</summary>
    private static async Task<RebuiltStoredObjects.MemberVerdict> VerdictAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var command = compilation.GetSymbolsWithName("komut", SymbolFilter.Member).Single();
        return new RebuiltStoredObjects(compilation, CancellationToken.None).VerdictOf(command);
    }
}
