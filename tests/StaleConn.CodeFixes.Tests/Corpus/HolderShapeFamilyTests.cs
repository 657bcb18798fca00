namespace StaleConn.CodeFixes.Tests.Corpus;

/// <summary>
/// Every shape of a family a planner change was made for gets a first fix that builds, removes its finding and adds no
/// misuse — the corpus test's overall share alone could hide one failing shape. <see cref="HolderShapes.Setters"/>: the
/// setter goes with the field, as nothing sets the property; <see cref="HolderShapes.Builders"/>: the connection-string
/// builder and its settings are made per call; <see cref="HolderShapes.SelfCoalescing"/>: <c>_c = _c ?? new X(cs)</c> is
/// read as <c>_c ??= new X(cs)</c>; <see cref="HolderShapes.StringResets"/>: the accessor's <c>else</c> that
/// sets the member's string again is what the factory's construction does; <see cref="HolderShapes.ParameterCreators"/>: the
/// creator's settings locals (and its parameters, bound to the accessor's constant arguments) come first in the factory; <see cref="HolderShapes.DisposingUsings"/>: <c>using (member) { ... }</c> around a unit of work ends it as a close does.
/// <see cref="HolderShapes.FailureRecords"/>: a catch's note of the failed open
/// (<c>error = e.Message;</c>) stays in the factory's catch.
/// <see cref="HolderShapes.MemberCopies"/>: a DAL's or form's copy of a singleton's instance
/// accessor is read through the same object at each unit of work. <see cref="HolderShapes.Daemons"/>: field30's polling
/// daemon and queue consumer keep their first fix. <see cref="HolderShapes.ReleasedReaders"/>: a
/// reader field let go of before it is built again (or in the <c>finally</c>) does not keep the connection.
/// <see cref="HolderShapes.AsyncAccessors"/>: an async accessor becomes an async factory that awaits <c>OpenAsync</c>.
/// <see cref="HolderShapes.StringsBeforeOpens"/>: a string set right before each open goes into the guard's factory.
/// <see cref="HolderShapes.EmptyMembers"/>: a member built empty gets the string its accessor or opener set before each
/// open in the factory's construction.
/// <see cref="HolderShapes.Fresh33"/>: the fresh33 breadth set's holders (a Lazy singleton opened by the entry point, a
/// plugin's static connection, a server's static shared by client threads) keep their first fix; its singleton whose
/// managers bind one command in their constructor declines with its reason.
/// Sources are cited beside each shape.
/// </summary>
public class HolderShapeFamilyTests
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<HolderShape>> Families = new Dictionary<string, IReadOnlyList<HolderShape>>
    {
        ["setters"] = HolderShapes.Setters,
        ["builders"] = HolderShapes.Builders,
        ["self-coalescing"] = HolderShapes.SelfCoalescing,
        ["string resets"] = HolderShapes.StringResets,
        ["parameter creators"] = HolderShapes.ParameterCreators,
        ["disposing usings"] = HolderShapes.DisposingUsings,
        ["failure records"] = HolderShapes.FailureRecords,
        ["member copies"] = HolderShapes.MemberCopies,
        ["daemons"] = HolderShapes.Daemons,
        ["released readers"] = HolderShapes.ReleasedReaders,
        ["async accessors"] = HolderShapes.AsyncAccessors,
        ["strings before opens"] = HolderShapes.StringsBeforeOpens,
        ["empty members"] = HolderShapes.EmptyMembers,
        ["fresh33"] = HolderShapes.Fresh33,
    };

    public static TheoryData<string, string> Shapes()
    {
        var data = new TheoryData<string, string>();
        foreach (var (family, shapes) in Families)
        {
            foreach (var shape in shapes)
            {
                data.Add(family, shape.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task First_fix_of_each_shape_works(string family, string name)
    {
        var shape = Families[family].Single(s => s.Name == name);
        var outcomes = (await HolderShapeCorpusTests.CheckShapeAsync(shape, await HolderShapeCorpusTests.ReferencesAsync())).ToList();

        Assert.NotEmpty(outcomes);
        Assert.All(outcomes, o => Assert.True(o.Works, $"{o.Rule} {o.Member}: {o.Kind} {o.Detail}"));
    }

    /// <summary>
    /// Danushe4ka/Cursavaya-4sem-: every manager builds one command on the singleton's connection in its constructor and
    /// runs it in each unit of work (CommandBuiltOnce until stop 34). The command is now built over no connection and
    /// bound in each method, before its first use, to the connection the method's unit of work gets.
    /// </summary>
    [Fact]
    public async Task Singleton_whose_managers_bind_one_command_gets_a_working_first_fix()
    {
        var outcomes = (await HolderShapeCorpusTests.CheckShapeAsync(HolderShapes.Fresh33CommandBoundOnce, await HolderShapeCorpusTests.ReferencesAsync())).ToList();

        var outcome = Assert.Single(outcomes);
        Assert.True(outcome.Works, $"{outcome.Rule} {outcome.Member}: {outcome.Kind} {outcome.Detail}");
    }
}
