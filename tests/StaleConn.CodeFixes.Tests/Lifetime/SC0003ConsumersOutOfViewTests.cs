using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.SingletonRegistrationAnalyzer,
    StaleConn.CodeFixes.ScopedRegistrationCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Lifetime;

/// <summary>
/// Consumers of a singleton connection that the registration's file does not show: classes only an assembly scan could
/// register, and classes of a referenced project that the container builds.
/// </summary>
public class SC0003ConsumersOutOfViewTests
{
    // azadmt/EA-Course-1402@d259691bd6f2cbe770bb05be7cff4f523ba70a6b: Catalog.Outbox.EventPublisher/Program.cs registers
    // the connection and the singleton OutboxManager (Framework.OutboxEventPublisher/OutboxUtil.cs) for a hosted Worker;
    // OrderManagement.Worker/Program.cs scans with Scrutor; Catalog.ReadModel.Api/DAL/InboxDbManager.cs takes the
    // connection and nothing registers it. AddClasses() selects public classes, AsMatchingInterface() registers one only
    // as its I<Name> interface: InboxDbManager has none, so no scan builds it, and the singleton's one consumer is the
    // outbox manager (its own finding then guards it).
    private const string OutboxScanning = """
        using System.Collections.Generic;
        using System.Data;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using System.Data.SqlClient;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        public interface ICommandHandler<T> { void Handle(T command); }

        public interface IOrderRepository { }

        public class OrderRepository : IOrderRepository { }

        public class CreateOrderCommandHandler : ICommandHandler<string>
        {
            public void Handle(string command) { }
        }

        public class OutboxManager
        {
            private readonly IDbConnection {|#1:_dbConnection|};

            public OutboxManager(IDbConnection dbConnection) => _dbConnection = dbConnection;

            public int Start() => _dbConnection.ExecuteScalar<int>("SELECT COUNT(*) FROM Outbox WHERE PublishedAt IS NULL");
        }

        public class Worker : BackgroundService
        {
            private readonly OutboxManager _outboxManager;

            public Worker(OutboxManager outboxManager) => _outboxManager = outboxManager;

            protected override Task ExecuteAsync(CancellationToken stoppingToken)
            {
                _outboxManager.Start();
                return Task.CompletedTask;
            }
        }

        INBOX

        public static class Program
        {
            public static void ConfigurePublisher(IServiceCollection services, string connectionString)
            {
                REGISTRATION
                services.{|#0:AddSingleton<OutboxManager>()|};
                services.AddHostedService<Worker>();
            }

            public static void ConfigureOrders(IServiceCollection services)
            {
                ORDERS_SCAN
                services.Scan(scan => scan
                    .FromAssemblies(typeof(CreateOrderCommandHandler).Assembly)
                    .AddClasses(classes => classes.AssignableTo(typeof(ICommandHandler<>)).Where(c => !c.IsAbstract))
                    .AsSelfWithInterfaces()
                    .WithLifetime(ServiceLifetime.Scoped));
            }
        }
        """;

    private const string MatchingInterfaceScan = """
        services.Scan(scan => scan
                    .FromAssemblyOf<OrderRepository>()
                    .AddClasses()
                    .UsingRegistrationStrategy(Scrutor.RegistrationStrategy.Skip)
                    .AsMatchingInterface()
                    .WithScopedLifetime());
        """;

    private static readonly string Outbox = OutboxScanning.Replace("ORDERS_SCAN", MatchingInterfaceScan);

    private const string SingletonRegistration = "services.{|SC0003:AddSingleton<IDbConnection>(new SqlConnection(connectionString))|};";

    // The outbox manager's own finding (its fix, the guard, is another provider's): the same in every state.
    private static readonly Microsoft.CodeAnalysis.Testing.DiagnosticResult OutboxManagerKeepsConnection =
        Verify.Diagnostic("SC0005").WithLocation(0).WithLocation(1).WithArguments("AddSingleton", "OutboxManager", "field '_dbConnection'");

    private const string TransientRegistration = "services.AddTransient<IDbConnection>(_ => new SqlConnection(connectionString));";

    [Fact]
    public Task A_class_no_scrutor_selection_can_register_is_no_consumer() => Verify.VerifyWithScrutorAsync(
        Outbox.Replace("REGISTRATION", SingletonRegistration).Replace("INBOX", """
            public class InboxDbManager
            {
                private readonly IDbConnection dbConnection;

                public InboxDbManager(IDbConnection dbConnection) => this.dbConnection = dbConnection;

                public bool Seen(string id) => dbConnection.ExecuteScalar<int>("SELECT COUNT(*) FROM Inbox WHERE Id = @id", new { id }) > 0;
            }
            """),
        Outbox.Replace("REGISTRATION", TransientRegistration).Replace("INBOX", """
            public class InboxDbManager
            {
                private readonly IDbConnection dbConnection;

                public InboxDbManager(IDbConnection dbConnection) => this.dbConnection = dbConnection;

                public bool Seen(string id) => dbConnection.ExecuteScalar<int>("SELECT COUNT(*) FROM Inbox WHERE Id = @id", new { id }) > 0;
            }
            """),
        OutboxManagerKeepsConnection);

    // With its matching interface the first scan registers it, scoped: a scoped consumer beside the hosted one.
    [Fact]
    public Task A_class_with_the_interface_as_matching_interface_wants_may_be_scanned_so_no_lifetime_change() => Verify.VerifyWithScrutorAsync(
        Outbox.Replace("REGISTRATION", SingletonRegistration).Replace("INBOX", """
            public interface IInboxDbManager { bool Seen(string id); }

            public class InboxDbManager : IInboxDbManager
            {
                private readonly IDbConnection dbConnection;

                public InboxDbManager(IDbConnection dbConnection) => this.dbConnection = dbConnection;

                public bool Seen(string id) => dbConnection.ExecuteScalar<int>("SELECT COUNT(*) FROM Inbox WHERE Id = @id", new { id }) > 0;
            }
            """),
        Outbox.Replace("REGISTRATION", SingletonRegistration).Replace("INBOX", """
            public interface IInboxDbManager { bool Seen(string id); }

            public class InboxDbManager : IInboxDbManager
            {
                private readonly IDbConnection dbConnection;

                public InboxDbManager(IDbConnection dbConnection) => this.dbConnection = dbConnection;

                public bool Seen(string id) => dbConnection.ExecuteScalar<int>("SELECT COUNT(*) FROM Inbox WHERE Id = @id", new { id }) > 0;
            }
            """),
        OutboxManagerKeepsConnection);

    // The second scan takes every command handler, whatever its interfaces' names.
    [Fact]
    public Task A_class_assignable_to_what_a_selection_asks_for_may_be_scanned_so_no_lifetime_change() => Verify.VerifyWithScrutorAsync(
        Outbox.Replace("REGISTRATION", SingletonRegistration).Replace("INBOX", """
            public class InboxDbManager : ICommandHandler<int>
            {
                private readonly IDbConnection dbConnection;

                public InboxDbManager(IDbConnection dbConnection) => this.dbConnection = dbConnection;

                public void Handle(int id) => dbConnection.Execute("DELETE FROM Inbox WHERE Id = @id", new { id });
            }
            """),
        Outbox.Replace("REGISTRATION", SingletonRegistration).Replace("INBOX", """
            public class InboxDbManager : ICommandHandler<int>
            {
                private readonly IDbConnection dbConnection;

                public InboxDbManager(IDbConnection dbConnection) => this.dbConnection = dbConnection;

                public void Handle(int id) => dbConnection.Execute("DELETE FROM Inbox WHERE Id = @id", new { id });
            }
            """),
        OutboxManagerKeepsConnection);

    private const string InboxWithoutInterface = """
        public class InboxDbManager
        {
            private readonly IDbConnection dbConnection;

            public InboxDbManager(IDbConnection dbConnection) => this.dbConnection = dbConnection;

            public bool Seen(string id) => dbConnection.ExecuteScalar<int>("SELECT COUNT(*) FROM Inbox WHERE Id = @id", new { id }) > 0;
        }
        """;

    // A user's scan in khellang/Scrutor#102 (https://github.com/khellang/Scrutor/issues/102): two AddClasses in a row,
    // then one strategy. It is the second selection's; the first has none, so Scrutor registers its classes as
    // themselves (khellang/Scrutor, src/Scrutor/ServiceTypeSelector.cs, Populate: AsSelf when no strategy was given).
    // InboxDbManager, without interfaces, is built by the first: a transient consumer, so no lifetime change.
    [Fact]
    public Task A_strategy_after_a_later_add_classes_is_not_the_earlier_selections() => Verify.VerifyWithScrutorAsync(
        OrdersScanning(SuccessiveSelections, SingletonRegistration, InboxWithoutInterface),
        OrdersScanning(SuccessiveSelections, SingletonRegistration, InboxWithoutInterface),
        OutboxManagerKeepsConnection);

    private const string SuccessiveSelections = """
        services.Scan(scan => scan
                    .FromAssemblyOf<OrderRepository>()
                    .AddClasses(classes => classes.Where(type => type.Name.EndsWith("Manager")))
                    .AddClasses(classes => classes.Where(type => type.Name.EndsWith("Handler")))
                    .AsImplementedInterfaces()
                    .WithTransientLifetime());
        """;

    // The chained form of khellang/Scrutor's README.md ("Here we start again, with a new full set of classes"): each
    // AddClasses has its own strategy. The first registers a class only as its I<Name> interface, the second only
    // command handlers: neither builds InboxDbManager, so the outbox manager is the one consumer.
    [Fact]
    public Task Each_chained_selection_reads_only_its_own_strategy() => Verify.VerifyWithScrutorAsync(
        OrdersScanning(ChainedSelections, SingletonRegistration, InboxWithoutInterface),
        OrdersScanning(ChainedSelections, TransientRegistration, InboxWithoutInterface),
        OutboxManagerKeepsConnection);

    private const string ChainedSelections = """
        services.Scan(scan => scan
                    .FromAssemblyOf<OrderRepository>()
                    .AddClasses(classes => classes.Where(type => type.Name.EndsWith("Repository")))
                    .AsMatchingInterface()
                    .WithScopedLifetime()
                    .AddClasses(classes => classes.AssignableTo(typeof(ICommandHandler<>)))
                    .AsSelf()
                    .WithScopedLifetime());
        """;

    // daria-ogulchanskaya/bookstore@f77e3afde10cbc474743ea514f6d62c80db803ba, Bookstore.Core/Startup.cs: a scan of
    // listed types (`scan.AddTypes(types).AsSelf()`), here chained before an AddClasses selection in the same scan.
    // Scrutor selects the listed classes themselves; the list comes from configuration, so InboxDbManager may be one
    // of them: a scoped consumer, no lifetime change.
    [Fact]
    public Task A_class_a_scan_of_listed_types_may_select_is_a_consumer() => Verify.VerifyWithScrutorAsync(
        OrdersScanning(ListedTypesScan, SingletonRegistration, InboxWithoutInterface),
        OrdersScanning(ListedTypesScan, SingletonRegistration, InboxWithoutInterface),
        OutboxManagerKeepsConnection);

    private const string ListedTypesScan = """
        var listed = System.Array.ConvertAll(System.Environment.GetEnvironmentVariable("PLUGIN_SERVICES")!.Split(';'), name => System.Type.GetType(name, throwOnError: true)!);
                services.Scan(scan => scan
                    .AddTypes(listed)
                    .AsSelf()
                    .WithScopedLifetime()
                    .FromAssemblyOf<OrderRepository>()
                    .AddClasses(classes => classes.AssignableTo(typeof(ICommandHandler<>)))
                    .AsSelf()
                    .WithScopedLifetime());
        """;

    // Scrutor's public-only filter is Type.IsPublic || Type.IsNestedPublic (khellang/Scrutor,
    // src/Scrutor/ReflectionExtensions.cs): a public class nested in an internal one is selected. The vertical-slice
    // shape (a public Handler inside an internal static class per feature) under a public-only AsSelf scan.
    [Fact]
    public Task A_public_class_nested_in_an_internal_one_is_selected_by_a_public_only_scan() => Verify.VerifyWithScrutorAsync(
        OrdersScanning(NestedHandlerScan, SingletonRegistration, NestedHandler),
        OrdersScanning(NestedHandlerScan, SingletonRegistration, NestedHandler),
        OutboxManagerKeepsConnection);

    // The same class nested in a private one: still IsNestedPublic, still selected, here by a plain AddClasses().AsSelf().
    [Fact]
    public Task A_public_class_nested_in_a_private_one_is_selected_by_a_public_only_scan() => Verify.VerifyWithScrutorAsync(
        OrdersScanning(PlainSelfScan, SingletonRegistration, NestedInPrivate),
        OrdersScanning(PlainSelfScan, SingletonRegistration, NestedInPrivate),
        OutboxManagerKeepsConnection);

    private const string NestedHandlerScan = """
        services.Scan(scan => scan.FromAssemblyOf<OrderRepository>().AddClasses(publicOnly: true).AsSelf().WithTransientLifetime());
        """;

    private const string PlainSelfScan = """
        services.Scan(scan => scan.FromAssemblyOf<OrderRepository>().AddClasses().AsSelf().WithScopedLifetime());
        """;

    private const string NestedHandler = """
        internal static class MarkMessageSeen
        {
            public class Handler
            {
                private readonly IDbConnection dbConnection;

                public Handler(IDbConnection dbConnection) => this.dbConnection = dbConnection;

                public int Handle(string id) => dbConnection.Execute("INSERT INTO Inbox (Id) VALUES (@id)", new { id });
            }
        }
        """;

    private static readonly string NestedInPrivate = "public static class Inbox\n{\n    private static class Store\n    {\n"
        + InboxWithoutInterface + "\n    }\n}";

    private static string OrdersScanning(string ordersScan, string registration, string inbox) =>
        OutboxScanning.Replace("ORDERS_SCAN", ordersScan).Replace("REGISTRATION", registration).Replace("INBOX", inbox);

    // The same publisher as azadmt's, as an editor sees it: OutboxManager lives in the referenced Framework project, so no
    // source type of the worker takes the connection. The container still builds the singleton with it: scoped would
    // hand a singleton a scoped service (the host's scope validation refuses it at start-up); each long-lived consumer
    // gets a connection of its own instead.
    [Fact]
    public Task A_singleton_of_a_referenced_project_registered_here_is_a_consumer() => Verify.VerifyWithReferencedProjectAsync("""
        using System.Data;
        using Dapper;

        namespace Framework.OutboxEventPublisher
        {
            public class OutboxManager
            {
                private readonly IDbConnection _dbConnection;

                public OutboxManager(IDbConnection dbConnection) => _dbConnection = dbConnection;

                public int Start() => _dbConnection.ExecuteScalar<int>("SELECT COUNT(*) FROM Outbox WHERE PublishedAt IS NULL");
            }
        }
        """, """
        using System.Data;
        using System.Threading;
        using System.Threading.Tasks;
        using Framework.OutboxEventPublisher;
        using System.Data.SqlClient;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        public class Worker : BackgroundService
        {
            private readonly OutboxManager _outboxManager;

            public Worker(OutboxManager outboxManager) => _outboxManager = outboxManager;

            protected override Task ExecuteAsync(CancellationToken stoppingToken)
            {
                _outboxManager.Start();
                return Task.CompletedTask;
            }
        }

        public static class Program
        {
            public static void ConfigureServices(IServiceCollection services, string connectionString)
            {
                services.{|SC0003:AddSingleton<IDbConnection>(new SqlConnection(connectionString))|};
                services.AddSingleton<OutboxManager>();
                services.AddHostedService<Worker>();
            }
        }
        """, """
        using System.Data;
        using System.Threading;
        using System.Threading.Tasks;
        using Framework.OutboxEventPublisher;
        using System.Data.SqlClient;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        public class Worker : BackgroundService
        {
            private readonly OutboxManager _outboxManager;

            public Worker(OutboxManager outboxManager) => _outboxManager = outboxManager;

            protected override Task ExecuteAsync(CancellationToken stoppingToken)
            {
                _outboxManager.Start();
                return Task.CompletedTask;
            }
        }

        public static class Program
        {
            public static void ConfigureServices(IServiceCollection services, string connectionString)
            {
                services.AddTransient<IDbConnection>(_ => new SqlConnection(connectionString));
                services.AddSingleton<OutboxManager>();
                services.AddHostedService<Worker>();
            }
        }
        """);
}
