namespace StaleConn.CodeFixes.Tests.Corpus;

/// <summary>
/// Every lazy accessor in <see cref="HolderShapes.Builders"/> (cited there) that fills a connection-string builder inside
/// its null check gets a first fix that builds, removes its finding and adds no misuse.
/// </summary>
public class BuilderHolderShapeTests
{
    public static TheoryData<string> Shapes()
    {
        var data = new TheoryData<string>();
        foreach (var shape in HolderShapes.Builders)
        {
            data.Add(shape.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task First_fix_builds_the_settings_per_call_and_works(string name)
    {
        var shape = HolderShapes.Builders.Single(s => s.Name == name);
        var outcomes = (await HolderShapeCorpusTests.CheckShapeAsync(shape, await HolderShapeCorpusTests.ReferencesAsync())).ToList();

        Assert.NotEmpty(outcomes);
        Assert.All(outcomes, o => Assert.True(o.Works, $"{o.Rule} {o.Member}: {o.Kind} {o.Detail}"));
    }
}
