using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StaleConn.Analyzers.Internal;

namespace StaleConn.Analyzers.Tests.Internal;

/// <summary>
/// SC0007's index of where type names are spelled: searched name by name at first, then built whole once many names
/// are asked. Both ways must find the same identifiers, whole words only, and leave files with a Unicode escape to be
/// read whole.
/// </summary>
public class TypeNameOccurrencesTests
{
    private static readonly string[] Names = Enumerable.Range(0, TypeNameOccurrences.NamesSearchedOneByOne + 4).Select(i => "Holder" + i).ToArray();

    private static CSharpCompilation Compilation(params string[] sources) => CSharpCompilation.Create(
        "Occurrences",
        sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, path: $"/src/File{i}.cs")),
        new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) });

    private static readonly string[] Sources =
    {
        string.Join("\n", Names.Select(n => $"public class {n} {{ }}")),
        """
        public class Owner
        {
            private Holder1 _one = new Holder1();       // Holder1 again in a comment
            private Holder10 _ten;                      // not Holder1
            private MyHolder1 _other;                   // not Holder1 either
            public Holder2 Make() => new();
            public string Text = "Holder3";
        }

        public class MyHolder1 { }
        public class Holder1_ { }
        """,
        """
        public class Escaped
        {
            private \u0048older1 _spelled;
        }
        """,
    };

    [Fact]
    public void An_empty_name_is_spelled_nowhere_and_the_search_ends()
    {
        // SC0007 asks for the keepers of an unnamed error type while a record's base list is typed (`record R(...) :`);
        // a search for "" found it at every position, over and over (a hang in the IDE).
        var occurrences = TypeNameOccurrences.Create(Compilation(Sources));

        var search = Task.Run(() => occurrences.SpellingsOf(""));

        Assert.True(search.Wait(TimeSpan.FromSeconds(30)), "the search for an empty name did not end");
        Assert.Empty(search.Result);
        Assert.NotEmpty(occurrences.SpellingsOf("Holder1"));
    }

    [Fact]
    public void A_search_finds_whole_identifiers_only_and_leaves_escaped_files_out()
    {
        var occurrences = TypeNameOccurrences.Create(Compilation(Sources));

        var owner = Sources[1];
        var spellings = occurrences.SpellingsOf("Holder1");

        Assert.False(occurrences.IsIndexed);
        Assert.Equal(new[] { "/src/File0.cs", "/src/File1.cs" }, spellings.Select(s => s.Tree.FilePath));
        var expected = new List<int>();
        for (var at = owner.IndexOf("Holder1", StringComparison.Ordinal); at >= 0; at = owner.IndexOf("Holder1", at + 1, StringComparison.Ordinal))
        {
            var before = at == 0 ? ' ' : owner[at - 1];
            var after = owner[at + "Holder1".Length];
            if (!char.IsLetterOrDigit(before) && before != '_' && !char.IsLetterOrDigit(after) && after != '_')
            {
                expected.Add(at);
            }
        }

        Assert.Equal(5, expected.Count); // the field's type, the creation and three comments; not Holder10, MyHolder1, "Holder3"
        Assert.Equal(expected, spellings[1].Positions);
        Assert.Equal(new[] { "/src/File2.cs" }, occurrences.Escaped.Select(t => t.FilePath));
    }

    [Fact]
    public void The_whole_index_built_after_many_names_agrees_with_the_search_name_by_name()
    {
        var searched = TypeNameOccurrences.Create(Compilation(Sources));
        var bySearch = Names.Take(TypeNameOccurrences.NamesSearchedOneByOne).ToDictionary(n => n, n => Describe(searched.SpellingsOf(n)));
        Assert.False(searched.IsIndexed);

        var indexed = TypeNameOccurrences.Create(Compilation(Sources));
        foreach (var name in Names)
        {
            indexed.SpellingsOf(name); // the first name past the threshold builds the index, which replaces the searches
        }

        Assert.True(indexed.IsIndexed);
        foreach (var (name, described) in bySearch)
        {
            Assert.Equal(described, Describe(indexed.SpellingsOf(name)));
        }

        Assert.Empty(indexed.SpellingsOf("Owner2"));
        Assert.Equal(Describe(searched.SpellingsOf("Holder1_")), Describe(indexed.SpellingsOf("Holder1_")));
    }

    [Fact]
    public void Thirteen_names_are_searched_without_building_the_index()
    {
        // itpark-team/LinksKeeperTelegramBot asks SC0007's index for 13 names: the index costs 25-45 searches there.
        var occurrences = TypeNameOccurrences.Create(Compilation(Sources));
        foreach (var name in Names.Take(13))
        {
            occurrences.SpellingsOf(name);
        }

        Assert.False(occurrences.IsIndexed);
        Assert.Equal(2, occurrences.SpellingsOf("Holder1").Count);
    }

    [Fact]
    public void The_index_reads_names_of_every_length_and_non_ascii_letters_as_the_search_does()
    {
        // Real code names things past ASCII: kadirrbayar/CSharp-CanliRadyo-Muzik@2c7e3fb4dbda,
        // MüzikUygulamasi/AnaSayfa.Designer.cs (fields ıconButton2, ıconButton13). The index hashes only words as long as some type name and reads ASCII by a table.
        string[] names = { "Bağlantı", "MüzikDb", "Db", "A", "VeritabanıYöneticisiVeBağlantıHavuzuSınıfı" };
        var sources = new[]
        {
            string.Join("\n", Names.Concat(names).Select(n => $"public class {n} {{ }}")),
            """
            public class Kullanıcı
            {
                private Bağlantı _bağlantı = new Bağlantı();   // Bağlantıları is not Bağlantı; öBağlantı is not either
                private MüzikDb müzikDb;                        // MüzikDbş is one word, not MüzikDb
                private Db db; private Db2 db2; private A a; private _A _a; private A1 a1;
                private VeritabanıYöneticisiVeBağlantıHavuzuSınıfı havuz; // Holder1ü Holder1 ÜHolder1
            }

            public class Db2 { }
            public class _A { }
            public class A1 { }
            """,
        };

        var searched = TypeNameOccurrences.Create(Compilation(sources));
        var asked = names.Concat(new[] { "Holder1", "Db2", "_A", "A1" }).ToArray();
        var bySearch = asked.ToDictionary(n => n, n => Describe(searched.SpellingsOf(n)));
        Assert.False(searched.IsIndexed);

        var indexed = TypeNameOccurrences.Create(Compilation(sources));
        foreach (var name in Names)
        {
            indexed.SpellingsOf(name);
        }

        Assert.True(indexed.IsIndexed);
        foreach (var name in asked)
        {
            Assert.Equal(bySearch[name], Describe(indexed.SpellingsOf(name)));
        }

        Assert.Equal(3, searched.SpellingsOf("Bağlantı")[1].Positions.Count); // the type, the creation, "is not Bağlantı;"
        Assert.Single(searched.SpellingsOf("Holder1")[1].Positions); // not Holder1ü nor ÜHolder1
    }

    private static string Describe(IReadOnlyList<TypeNameOccurrences.Spelling> spellings) =>
        string.Join("; ", spellings.Select(s => s.Tree.FilePath + ":" + string.Join(",", s.Positions)));
}
