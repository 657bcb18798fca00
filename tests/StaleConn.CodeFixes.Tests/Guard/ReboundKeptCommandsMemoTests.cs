using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Reasons;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// Commands built once at construction are rebound once per solution snapshot: the guard, data-source and factory plans
/// of one lightbulb (and the fix applied from it) then plan on one rebound compilation; rebuilt per plan, vladzvx/test's
/// 40 commands took its first fix from 13 s to 144 s (docs/benchmarks.md cmdonce34). An edited solution is a new
/// snapshot: what the edit changes, the offered fixes change with. Written small after vladzvx/test@44648e509992
/// DataBaseWorker/DBWorker.cs.
/// </summary>
public class ReboundKeptCommandsMemoTests
{
    private const string Worker = """
        using Npgsql;

        public class DBWorker
        {
            public object ReadLocker = new object();
            NpgsqlConnection ReadConnention;
            NpgsqlCommand _set_group;

            public DBWorker(string connectionString)
            {
                this.ReadConnention = new NpgsqlConnection(connectionString);
                this._set_group = ReadConnention.CreateCommand();
                this._set_group.CommandText = "update public.chats set user_group=@_user_group where chat_id=@_chat_id;";
                this._set_group.Parameters.Add("_chat_id", NpgsqlTypes.NpgsqlDbType.Bigint);
                this._set_group.Parameters.Add("_user_group", NpgsqlTypes.NpgsqlDbType.Text);
            }

            public void set_group(long chat_id, string group_name)
            {
                lock (ReadLocker)
                {
                    _set_group.Parameters["_chat_id"].Value = chat_id;
                    _set_group.Parameters["_user_group"].Value = group_name;
                    _set_group.ExecuteNonQuery();
                }
            }

            public void Connect()
            {
                ReadConnention.Open();
            }
        }
        """;

    [Fact]
    public async Task One_snapshot_is_rebound_once_for_every_fix_kind()
    {
        var project = SnippetProject.Create(new[] { Worker });
        var member = await MemberAsync(project);

        var first = await ReboundKeptCommands.NormaliseAsync(project, member, CancellationToken.None);
        var again = await ReboundKeptCommands.NormaliseAsync(project, member, CancellationToken.None);
        Assert.True(first.Value is not null, $"not rebound: {first.Reason}");
        Assert.Same(first.Value, again.Value);

        var guard = await GuardPlanner.PlanAsync(project, member, FixMode.Guard, CancellationToken.None);
        var factory = await GuardPlanner.PlanAsync(project, member, FixMode.ConnectionFactory, CancellationToken.None);
        Assert.True(guard.Plans is not null && factory.Plans is not null, $"guard: {guard.Reason}, factory: {factory.Reason}");
        Assert.Same(first.Value!.Project, Assert.Single(guard.Plans!).Document.Project);
        Assert.Same(first.Value.Project, Assert.Single(factory.Plans!).Document.Project);
    }

    [Fact]
    public async Task An_edit_that_prepares_the_command_takes_the_rebinding_fixes_away()
    {
        var project = SnippetProject.Create(new[] { Worker });
        var offered = await OfferedTitlesAsync(project);
        Assert.Contains("Guard with ConnectionGuard", offered);

        // The same worker, now preparing its command once: a prepared command cannot move to another connection.
        var document = project.Documents.First();
        var text = (await document.GetTextAsync()).ToString();
        var prepared = text.Replace("ReadConnention.Open();", "ReadConnention.Open();\n        _set_group.Prepare();", StringComparison.Ordinal);
        Assert.NotEqual(text, prepared);
        var edited = document.WithText(SourceText.From(prepared)).Project;

        var rebound = await ReboundKeptCommands.NormaliseAsync(edited, await MemberAsync(edited), CancellationToken.None);
        Assert.Equal(NoFixReason.KeptCommandPrepared, rebound.Reason);
        Assert.DoesNotContain("Guard with ConnectionGuard", await OfferedTitlesAsync(edited));
        Assert.Equal(offered, await OfferedTitlesAsync(project));
    }

    private static async Task<ISymbol> MemberAsync(Project project) =>
        (await project.GetCompilationAsync())!.GetSymbolsWithName("ReadConnention", SymbolFilter.Member).Single();

    private static async Task<List<string>> OfferedTitlesAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        var target = GuardTarget.FromSymbol(project.Id, await MemberAsync(project))!.Value;
        var offers = await GuardWithConnectionGuardCodeFixProvider.LightbulbOffersAsync(project, new[] { target }, compilation, CancellationToken.None);
        return offers.Select(o => o.Title).ToList();
    }
}
