using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Reasons;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// Issue 14: a Data/DAL library's connection used from a project that references it. The guard and the factory fix
/// rewrite the library and its callers in the referencing project as one solution change, each edit in its own
/// project's document, and both projects then build without a new warning.
/// </summary>
public class ReferencingProjectFixTests
{
    private const string Library = """
        using System.Data;
        using Dapper;
        using MySqlConnector;

        namespace Shop.Data
        {
            public static class Db
            {
                public static readonly MySqlConnection Connection = new MySqlConnection("Server=db");

                public static int CountOrders() => Connection.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");
            }
        }
        """;

    private const string Consumer = """
        using System;
        using Dapper;
        using Shop.Data;

        namespace Shop.App
        {
            public static class Reports
            {
                public static void Print()
                {
                    var customers = Db.Connection.ExecuteScalar<int>("SELECT COUNT(*) FROM customers");
                    Console.WriteLine(customers + " customers, " + Db.CountOrders() + " orders");
                }
            }
        }
        """;

    [Fact]
    public async Task The_factory_fix_rewrites_the_callers_in_the_referencing_project()
    {
        var (after, notFixed) = await FixAsync(Library, Consumer, FixMode.ConnectionFactory);

        Assert.Empty(notFixed);
        var consumer = await TextOfAsync(after, "Consumer");
        Assert.DoesNotContain("Db.Connection.", consumer);
        Assert.True(consumer.Contains("using (var connection = Db.OpenConnection())"), consumer);
    }

    [Fact]
    public async Task The_guard_fix_takes_leases_in_the_referencing_project()
    {
        var (after, notFixed) = await FixAsync(Library, Consumer, FixMode.Guard);

        Assert.Empty(notFixed);
        Assert.Contains("ConnectionGuard<MySqlConnection> Connection", await TextOfAsync(after, "Holder"));
        var consumer = await TextOfAsync(after, "Consumer");
        Assert.True(consumer.Contains("using var lease = Db.Connection.AcquireOrJoin();"), consumer);
    }

    [Fact]
    public async Task The_guard_fix_declines_when_the_referencing_project_cannot_see_the_runtime()
    {
        var project = SnippetProject.Create(new[] { Library }, LanguageVersion.Latest, new[] { Consumer }, referencingSeesRuntime: false);
        var (_, targets) = await HolderTargetsAsync(project);

        var (_, notFixed) = await ConnectionGuardFix.GuardEachAsync(project.Solution, targets, FixMode.Guard, CancellationToken.None);
        var (_, factoryNotFixed) = await ConnectionGuardFix.GuardEachAsync(project.Solution, targets, FixMode.ConnectionFactory, CancellationToken.None);

        Assert.Equal(NoFixReason.CallerProjectLacksRuntime, Assert.Single(notFixed).Reason);
        Assert.Empty(factoryNotFixed);
    }

    /// <summary>
    /// Two holders of the library, both used from the referencing project: the verifier fixes them one at a time and
    /// with Fix All (document, project and solution), and every way ends in the same code in both projects.
    /// </summary>
    [Fact]
    public Task Fix_all_rewrites_the_referencing_project_for_every_holder() => Verify.VerifyWithConsumerProjectAsync("""
        using Dapper;
        using MySqlConnector;

        public static class Db
        {
            public static readonly MySqlConnection {|SC0001:Orders|} = new MySqlConnection("Server=db;Database=orders");

            public static readonly MySqlConnection {|SC0001:Customers|} = new MySqlConnection("Server=db;Database=customers");

            public static int CountOrders() => Orders.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");
        }
        """, """
        using Dapper;

        public static class Reports
        {
            public static int CountCustomers() => Db.Customers.ExecuteScalar<int>("SELECT COUNT(*) FROM customers");

            public static int CountBoth() => Db.CountOrders() + Db.Orders.ExecuteScalar<int>("SELECT COUNT(*) FROM customers");
        }
        """, """
        using Dapper;
        using MySqlConnector;
        using StaleConn;

        public static class Db
        {
            public static readonly ConnectionGuard<MySqlConnection> Orders = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db;Database=orders"));

            public static readonly ConnectionGuard<MySqlConnection> Customers = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db;Database=customers"));

            public static int CountOrders()
            {
                using var lease = Orders.AcquireOrJoin();
                return lease.Connection.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");
            }
        }
        """, """
        using Dapper;

        public static class Reports
        {
            public static int CountCustomers()
            {
                using var lease = Db.Customers.Acquire();
                return lease.Connection.ExecuteScalar<int>("SELECT COUNT(*) FROM customers");
            }

            public static int CountBoth()
            {
                using var lease = Db.Orders.AcquireOrJoin();
                return Db.CountOrders() + lease.Connection.ExecuteScalar<int>("SELECT COUNT(*) FROM customers");
            }
        }
        """, GuardWithConnectionGuardCodeFixProvider.EquivalenceKey);

    private static async Task<(Solution After, IReadOnlyList<NoFixReason> NotFixed)> FixAsync(string library, string consumer, FixMode mode)
    {
        var (project, targets) = await SnippetProject.HolderFindingAsync(library, LanguageVersion.Latest, new[] { consumer });
        var (after, notFixed) = await ConnectionGuardFix.GuardEachAsync(project.Solution, targets, mode, CancellationToken.None);
        await AssertBuildsAsync(project.Solution, after);
        return (after, notFixed.Select(n => n.Reason).ToList());
    }

    private static async Task<(Project Project, List<GuardTarget> Targets)> HolderTargetsAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        var finding = Assert.Single(await Corpus.HolderShapeCorpusTests.FindingsAsync(project, compilation), f => f.Id is "SC0001" or "SC0002");
        var targets = await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(project.GetDocument(finding.Location.SourceTree)!, finding, CancellationToken.None);
        return (project, targets.ToList());
    }

    /// <summary>The first file of the named project (the snippet; the holder's second file holds the framework stand-ins).</summary>
    private static async Task<string> TextOfAsync(Solution solution, string projectName)
    {
        var document = solution.Projects.Single(p => p.Name == projectName).Documents.First();
        return (await document.GetTextAsync()).ToString();
    }

    /// <summary>Every project compiles with no error or warning it did not have before (what a -warnaserror build fails on).</summary>
    private static async Task AssertBuildsAsync(Solution before, Solution after)
    {
        foreach (var project in after.Projects)
        {
            var old = SnippetProject.CompilerProblems((await before.GetProject(project.Id)!.GetCompilationAsync())!);
            var added = SnippetProject.CompilerProblems((await project.GetCompilationAsync())!).Except(old).ToList();
            Assert.True(added.Count == 0, project.Name + ": " + string.Join("\n", added));
        }
    }
}
