namespace StaleConn.CodeFixes.Tests.Corpus;

/// <summary>
/// Every lazy property with a storing setter in <see cref="HolderShapes.Setters"/> (cited there) gets a first fix that
/// builds, removes its finding and adds no misuse: the setter goes with the field, as nothing sets the property.
/// </summary>
public class SetterHolderShapeTests
{
    public static TheoryData<string> Shapes()
    {
        var data = new TheoryData<string>();
        foreach (var shape in HolderShapes.Setters)
        {
            data.Add(shape.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task First_fix_drops_the_setter_and_works(string name)
    {
        var shape = HolderShapes.Setters.Single(s => s.Name == name);
        var outcomes = (await HolderShapeCorpusTests.CheckShapeAsync(shape, await HolderShapeCorpusTests.ReferencesAsync())).ToList();

        Assert.NotEmpty(outcomes);
        Assert.All(outcomes, o => Assert.True(o.Works, $"{o.Rule} {o.Member}: {o.Kind} {o.Detail}"));
    }
}
