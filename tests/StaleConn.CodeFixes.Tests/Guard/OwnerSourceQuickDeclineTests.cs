using Microsoft.CodeAnalysis;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Tests.Corpus;
using StaleConn.CodeFixes.Tests.FirstFix;
using StaleConn.CodeFixes.Tests.Reasons;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// The lightbulb asks <see cref="OwnerSourceFix.SurelyDeclinesAsync"/> before planning "Read the owner's connection":
/// a member its own type sets to a construction cannot be such a copy, and the plan's search of every use in the
/// solution is skipped (docs/benchmarks.md, lat28). It may only skip what the plan declines, or the lightbulb would
/// offer less: checked over every fixture of the suite, and on the shapes it was made for.
/// </summary>
public class OwnerSourceQuickDeclineTests
{
    private static readonly string[] MemberRules = { "SC0001", "SC0002", "SC0005", "SC0007" };

    /// <summary>The host, outside the solution (unresolved here, as when a plugin is read without the game's assemblies).</summary>
    private const string Plugin = """
        using System.Data;
        using Microsoft.Data.Sqlite;

        public static class History
        {
            public static IDbConnection? Database;

            public static void Initialize(string path)
            {
                Database = new SqliteConnection($"Data Source={path}");
            }

            public static int Prune() { using var command = Database!.CreateCommand(); return command.ExecuteNonQuery(); }
        }

        public class PlayerLevelManager
        {
            private readonly IDbConnection database;

            public PlayerLevelManager() => database = TShockAPI.TShock.DB;

            public int Count() { using var command = database.CreateCommand(); return command.ExecuteNonQuery(); }
        }

        public static class PermaBuff
        {
            private static IDbConnection database = null!;

            public static void Init() { database = TShockAPI.TShock.DB; }

            public static int Count() { using var command = database.CreateCommand(); return command.ExecuteNonQuery(); }
        }

        public class HomeManager
        {
            private readonly IDbConnection db;

            public HomeManager(IDbConnection db) { this.db = db; }

            public int Count() { using var command = db.CreateCommand(); return command.ExecuteNonQuery(); }
        }

        public static class Homes
        {
            public static HomeManager Manager { get; } = new HomeManager(TShockAPI.TShock.DB);

            public static IDbConnection Db { get; set; } = null!;

            private static readonly IDbConnection hostDb = TShockAPI.TShock.DB;

            public static void Init() { Db = TShockAPI.TShock.DB; }

            public static int Count() { using var command = Db.CreateCommand(); using var other = hostDb.CreateCommand(); return command.ExecuteNonQuery() + other.ExecuteNonQuery(); }
        }

        public static class Rebuilt
        {
            private static IDbConnection connection = OpenNew();

            private static IDbConnection OpenNew() => new SqliteConnection("Data Source=a.db");

            public static int Count() { using var command = connection.CreateCommand(); return command.ExecuteNonQuery(); }
        }
        """;

    /// <summary>
    /// The shapes it was made for: History's <c>Database = new SqliteConnection(...)</c> and an initializer that calls
    /// a builder (UnrealMultiple/TShockPlugin@9319375, History/History.cs) are declined at once; copies of the host's
    /// <c>TShock.DB</c> (Economics.RPG/PlayerLevelManager.cs, PermaBuff/DB.cs, EssentialsPlus's <c>new HomeManager(Db)</c>)
    /// are not, and their plans still succeed.
    /// </summary>
    [Theory]
    [InlineData("Database", true)]
    [InlineData("connection", true)]
    [InlineData("database", false)]
    [InlineData("db", false)]
    [InlineData("Db", false)]
    [InlineData("hostDb", false)]
    public async Task Declines_a_member_set_to_a_construction_and_keeps_the_copies(string memberName, bool declined)
    {
        var project = SnippetProject.Create(new[] { Plugin });
        var compilation = (await project.GetCompilationAsync())!;
        foreach (var member in compilation.GetSymbolsWithName(memberName, SymbolFilter.Member))
        {
            var target = GuardTarget.FromSymbol(project.Id, member)!.Value;
            Assert.Equal(declined, await OwnerSourceFix.SurelyDeclinesAsync(project.Solution, target, CancellationToken.None));
            if (!declined)
            {
                Assert.NotNull((await OwnerSourceFix.PlanAsync(project.Solution, target, CancellationToken.None)).Value);
            }
        }
    }

    [Fact]
    public async Task Declines_only_what_the_plan_declines_across_the_fixtures()
    {
        var projects = new List<(string Name, Project Project)>();
        projects.AddRange(NoFixReasonCatalogue.All.Select(r => (r.Reason.ToString(), SnippetProject.Create(r.Files, r.LanguageVersion, r.ReferencingProject))));
        var references = await HolderShapeCorpusTests.ReferencesAsync();
        projects.AddRange(HolderShapes.All.Select(s => (s.Name, HolderShapeCorpusTests.CreateProject(s, references))));
        projects.AddRange(FirstFixCases.All.Select(c => (c.Name, SnippetProject.Create(c.Files))));
        projects.Add(("plugin", SnippetProject.Create(new[] { Plugin })));

        var skipped = 0;
        var planned = 0;
        var wrong = new List<string>();
        foreach (var (name, project) in projects)
        {
            var compilation = (await project.GetCompilationAsync())!;
            foreach (var target in await TargetsAsync(project, compilation))
            {
                var quick = await OwnerSourceFix.SurelyDeclinesAsync(project.Solution, target, CancellationToken.None);
                var plan = await OwnerSourceFix.PlanAsync(project.Solution, target, CancellationToken.None);
                skipped += quick ? 1 : 0;
                planned += plan.Value is null ? 0 : 1;
                if (quick && plan.Value is not null)
                {
                    wrong.Add($"{name}: {target.Key}");
                }
            }
        }

        Assert.Empty(wrong);
        Assert.True(skipped >= 50, $"only {skipped} members declined early");
        Assert.True(planned >= 5, $"only {planned} owner-source plans");
    }

    /// <summary>Every member a finding of the project is about, and every interface-typed field or property it declares.</summary>
    private static async Task<IReadOnlyCollection<GuardTarget>> TargetsAsync(Project project, Compilation compilation)
    {
        var targets = new HashSet<GuardTarget>();
        foreach (var finding in (await HolderShapeCorpusTests.FindingsAsync(project, compilation)).Where(f => MemberRules.Contains(f.Id)))
        {
            var document = project.GetDocument(finding.Location.SourceTree)!;
            targets.UnionWith((await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(document, finding, CancellationToken.None)).Where(t => !t.IsRegistration));
        }

        foreach (var member in compilation.GetSymbolsWithName(_ => true, SymbolFilter.Member))
        {
            if (member is IFieldSymbol { Type.TypeKind: TypeKind.Interface } or IPropertySymbol { Type.TypeKind: TypeKind.Interface }
                && !member.IsImplicitlyDeclared && GuardTarget.FromSymbol(project.Id, member) is { } target)
            {
                targets.Add(target);
            }
        }

        return targets;
    }
}
