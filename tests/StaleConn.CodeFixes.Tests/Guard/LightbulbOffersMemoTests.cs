using StaleConn.CodeFixes.Tests.Reasons;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// The lightbulb's offers for a finding are planned and their first fix compiled once per solution snapshot: an editor
/// asks again while nothing is typed, and each ask cost vcap-dotnet's Node 0.7–1.5 s of processor time
/// (docs/benchmarks.md lat30). An edit is a new snapshot, planned again with its edit.
/// </summary>
public class LightbulbOffersMemoTests
{
    private const string Store = """
        using MySqlConnector;

        public static class Store
        {
            private static readonly MySqlConnection Connection = new MySqlConnection("Server=db");

            public static int Count()
            {
                Connection.Open();
                using var command = new MySqlCommand("SELECT COUNT(*) FROM orders", Connection);
                return (int)(long)command.ExecuteScalar()!;
            }
        }
        """;

    [Fact]
    public async Task One_snapshot_is_planned_once_and_an_edited_one_again()
    {
        var (project, targets) = await SnippetProject.HolderFindingAsync(Store);
        var compilation = (await project.GetCompilationAsync())!;

        var first = await GuardWithConnectionGuardCodeFixProvider.LightbulbOffersAsync(project, targets, compilation, CancellationToken.None);
        var again = await GuardWithConnectionGuardCodeFixProvider.LightbulbOffersAsync(project, targets, compilation, CancellationToken.None);
        Assert.Same(first, again);
        Assert.NotEmpty(first);

        // Any edit is a new snapshot: planned again, to the same offers here (the new file names nothing).
        var edited = project.AddDocument("Notes.cs", "// notes").Project;
        var editedOffers = await GuardWithConnectionGuardCodeFixProvider.LightbulbOffersAsync(edited, targets, (await edited.GetCompilationAsync())!, CancellationToken.None);
        Assert.NotSame(first, editedOffers);
        Assert.Equal(first.Select(o => o.Title), editedOffers.Select(o => o.Title));
    }

    [Fact]
    public async Task Another_finding_of_the_snapshot_is_planned_for_itself()
    {
        var (project, targets) = await SnippetProject.HolderFindingAsync(Store);
        var compilation = (await project.GetCompilationAsync())!;

        var offers = await GuardWithConnectionGuardCodeFixProvider.LightbulbOffersAsync(project, targets, compilation, CancellationToken.None);
        var none = await GuardWithConnectionGuardCodeFixProvider.LightbulbOffersAsync(project, Array.Empty<Guarding.GuardTarget>(), compilation, CancellationToken.None);
        Assert.NotEmpty(offers);
        Assert.Empty(none);
    }
}
