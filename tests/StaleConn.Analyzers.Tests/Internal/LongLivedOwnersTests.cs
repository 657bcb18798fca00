using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using StaleConn.Analyzers.Internal;
using StaleConn.Analyzers.Tests.Infrastructure;

namespace StaleConn.Analyzers.Tests.Internal;

/// <summary>
/// SC0007's owner walk looks for the members that keep a holder only when a creation site or the walk asks: a holder
/// created per use is settled by that site, without binding the keeping members of every file that spells its name.
/// </summary>
public class LongLivedOwnersTests
{
    private const string Holder = """
        using MySqlConnector;
        public class Database
        {
            private readonly MySqlConnection _connection = new("Server=db");
            public void Run() => _connection.Open();
        }
        """;

    private static (LongLivedOwners Owners, INamedTypeSymbol Database) Walk(string source)
    {
        var compilation = CSharpCompilation.Create(
            "App",
            new[] { CSharpSyntaxTree.ParseText(Holder), CSharpSyntaxTree.ParseText(source) },
            TestReferences.Net80WithProviders,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty);
        return (LongLivedOwners.Create(compilation, LongLivedTypes.Create(compilation, options)), compilation.GetTypeByMetadataName("Database")!);
    }

    [Fact]
    public void A_holder_created_per_use_is_settled_without_looking_for_its_keepers()
    {
        var (owners, database) = Walk("""
            public class ReportPage
            {
                private Database _cached;
                public void Show()
                {
                    var db = new Database();
                    db.Run();
                }
            }
            """);

        Assert.Null(owners.Find(database, CancellationToken.None));
        Assert.False(owners.KeepersRead);
    }

    [Fact]
    public void A_holder_kept_by_a_bot_is_still_followed_through_its_keeper()
    {
        var (owners, database) = Walk("""
            public class IrcBot
            {
                private readonly Database _db = new Database();
                public void OnMessage() => _db.Run();
            }
            """);

        var chain = owners.Find(database, CancellationToken.None);

        Assert.NotNull(chain);
        Assert.Contains("'IrcBot' keeps the 'Database' in field '_db'", chain!.ToString());
        Assert.True(owners.KeepersRead);
    }

    [Fact]
    public void A_holder_assigned_to_a_keeper_after_a_per_use_site_elsewhere_stays_silent()
    {
        // The site that asks about keepers (the assignment) comes first in its file, the per-use site later: the answer
        // is the one the eager search gave, silence.
        var (owners, database) = Walk("""
            public class IrcBot
            {
                private Database _db;
                public IrcBot() { _db = new Database(); }
                public void OnMessage() => _db.Run();
            }

            public class ReportPage
            {
                public void Show()
                {
                    var db = new Database();
                    db.Run();
                }
            }
            """);

        Assert.Null(owners.Find(database, CancellationToken.None));
        Assert.True(owners.KeepersRead);
    }
    [Fact]
    public void Members_of_one_holder_asked_about_at_once_share_one_walk()
    {
        // The driver analyses a holder's fields and properties concurrently, and each asks for the holder's owners.
        const int Members = 6;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var (owners, database) = Walk("""
                public class IrcBot
                {
                    private readonly Router _router = new Router();
                    public void OnMessage() => _router.Route();
                }

                public class Router
                {
                    private readonly Handler _handler = new Handler();
                    public void Route() => _handler.Handle();
                }

                public class Handler
                {
                    private readonly Database _db = new Database();
                    public void Handle() => _db.Run();
                }
                """);
            var chains = new OwnerChain?[Members];
            using var start = new Barrier(Members);
            var threads = Enumerable.Range(0, Members).Select(member => new Thread(() =>
            {
                start.SignalAndWait();
                chains[member] = owners.Find(database, CancellationToken.None);
            })).ToList();
            threads.ForEach(thread => thread.Start());
            threads.ForEach(thread => thread.Join());

            Assert.Equal(1, owners.HolderWalks);
            Assert.NotNull(chains[0]);
            Assert.All(chains, chain => Assert.Same(chains[0], chain));
        }
    }
}
