using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Reasons;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// The names of a kept command are found through the tree's name index, read once while the tree lives: the rebinding
/// asked for each of vladzvx/test's 45 commands and walked DBWorker.cs (1,576 lines) each time (docs/benchmarks.md
/// "Stop 38: latency38"). Written small after vladzvx/test@44648e509992 DataBaseWorker/DBWorker.cs and
/// Danushe4ka/Cursavaya-4sem-'s managers (a command built in the constructor, run by one method).
/// </summary>
public class ConstructorWritesTests
{
    private const string Worker = """
        using Npgsql;

        public class DBWorker
        {
            NpgsqlConnection ReadConnention;
            NpgsqlCommand _get_bot_id;
            NpgsqlCommand _set_group;

            public DBWorker(string connectionString)
            {
                this.ReadConnention = new NpgsqlConnection(connectionString);
                this._get_bot_id = ReadConnention.CreateCommand();
                this._set_group = ReadConnention.CreateCommand();
            }

            public int get_bot_id(string token)
            {
                _get_bot_id.Parameters["_token"].Value = token;
                return (int)_get_bot_id.ExecuteScalar();
            }

            public void set_group(string group)
            {
                var _get_bot_id = group;
                this._set_group.Parameters["_user_group"].Value = _get_bot_id;
                _set_group.ExecuteNonQuery();
            }
        }
        """;

    [Fact]
    public async Task Each_commands_names_come_from_one_walk_of_the_tree()
    {
        var project = SnippetProject.Create(new[] { Worker });
        var compilation = (await project.GetCompilationAsync())!;
        var tree = compilation.SyntaxTrees.Single(t => t.ToString().Contains("class DBWorker"));
        var type = compilation.GetTypeByMetadataName("DBWorker")!;

        var getBotId = ConstructorWrites.NamesOf(type.GetMembers("_get_bot_id").Single(), compilation, CancellationToken.None);
        var setGroup = ConstructorWrites.NamesOf(type.GetMembers("_set_group").Single(), compilation, CancellationToken.None);

        Assert.Equal(1, NamedNodes.WalksOf(tree));
        // The local that spells a command's name is not the command.
        Assert.Equal(new[] { 12, 18, 19 }, Lines(getBotId!));
        Assert.Equal(new[] { 13, 25, 26 }, Lines(setGroup!));
    }

    private static int[] Lines(IEnumerable<SimpleNameSyntax> names) =>
        names.Select(n => n.GetLocation().GetLineSpan().StartLinePosition.Line + 1).ToArray();
}
