using StaleConn.EndToEnd.Tests.Infrastructure;
using StaleConn.MutationCheck;

namespace StaleConn.EndToEnd.Tests.Suite;

/// <summary>
/// eng/mutations.json stays runnable as the code changes: each regression still applies to exactly one place, and the
/// test project meant to catch it exists. (Running them is eng/mutation-check.sh's job: minutes each.)
/// </summary>
public class MutationCatalogueTests
{
    public static TheoryData<string> Ids => new(Catalogue().Select(m => m.Id));

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_mutation_applies_to_exactly_one_place_and_names_an_existing_test_project(string id)
    {
        var mutation = Catalogue().Single(m => m.Id == id);
        var path = RepositoryLayout.File(mutation.File);
        Assert.True(File.Exists(path), $"{id}: {mutation.File} does not exist");

        var (mutated, reason) = mutation.ApplyTo(File.ReadAllText(path));

        Assert.True(mutated is not null, $"{id}: {reason}");
        Assert.NotEqual(File.ReadAllText(path), mutated);
        Assert.True(File.Exists(RepositoryLayout.File(mutation.Tests, Path.GetFileName(mutation.Tests) + ".csproj")), $"{id}: no test project at {mutation.Tests}");
    }

    [Fact]
    public void Mutation_ids_are_unique()
    {
        var duplicates = Catalogue().GroupBy(m => m.Id).Where(g => g.Count() > 1).Select(g => g.Key);
        Assert.Empty(duplicates);
    }

    private static IReadOnlyList<Mutation> Catalogue() => Mutation.ReadCatalogue(RepositoryLayout.File("eng", "mutations.json"));
}
