using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.SingletonRegistrationAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>The guard takes an injected connection over only when no other type shares it; a type nothing builds shares nothing.</summary>
public class SC0005UnbuiltConsumerTests
{
    // azadmt/EA-Course-1402@d259691bd6f2cbe770bb05be7cff4f523ba70a6b: the outbox worker's singleton OutboxManager
    // (Framework.OutboxEventPublisher/OutboxUtil.cs) run by a hosted Worker's timer, beside Catalog.ReadModel.Api's
    // InboxDbManager, which takes an IDbConnection too but which no registration, name or scan can build
    // (AsMatchingInterface() wants an IInboxDbManager it does not have). The guard was declined as shared.
    [Fact]
    public async Task A_consumer_no_scan_or_registration_can_build_does_not_share_the_injected_connection()
    {
        const string inbox = """
            public class InboxDbManager
            {
                private readonly IDbConnection dbConnection;

                public InboxDbManager(IDbConnection dbConnection) => this.dbConnection = dbConnection;

                public bool Seen(string id) => dbConnection.ExecuteScalar<int>("SELECT COUNT(*) FROM Inbox WHERE Id = @id", new { id }) > 0;
            }

            public interface IOrderRepository { }

            public class OrderRepository : IOrderRepository { }

            public static class Program
            {
                public static void ConfigurePublisher(IServiceCollection services, string connectionString)
                {
                    services.{|SC0003:AddSingleton<IDbConnection>(new SqlConnection(connectionString))|};
                    services.{|#0:AddSingleton<OutboxManager>()|};
                    services.AddHostedService<Worker>();
                }

                public static void ConfigureOrders(IServiceCollection services) =>
                    services.Scan(scan => scan.FromAssemblyOf<OrderRepository>().AddClasses().AsMatchingInterface().WithScopedLifetime());
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
            """;
        var test = new Verify.Test
        {
            TestCode = """
                using System.Data;
                using System.Data.SqlClient;
                using System.Threading;
                using System.Threading.Tasks;
                using Dapper;
                using Microsoft.Extensions.DependencyInjection;
                using Microsoft.Extensions.Hosting;

                public class OutboxManager
                {
                    private readonly IDbConnection {|#1:_dbConnection|};

                    public OutboxManager(IDbConnection dbConnection) => _dbConnection = dbConnection;

                    public int Start() => _dbConnection.ExecuteScalar<int>("SELECT COUNT(*) FROM Outbox WHERE PublishedAt IS NULL");
                }

                """ + inbox,
            FixedCode = """
                using System.Data;
                using System.Data.SqlClient;
                using System.Threading;
                using System.Threading.Tasks;
                using Dapper;
                using Microsoft.Extensions.DependencyInjection;
                using Microsoft.Extensions.Hosting;
                using StaleConn;

                public class OutboxManager
                {
                    private readonly ConnectionGuard<SqlConnection> _dbConnection;

                    public OutboxManager(IDbConnection dbConnection) => _dbConnection = new ConnectionGuard<SqlConnection>((SqlConnection)dbConnection, leaveOpen: true);

                    public int Start()
                    {
                        using var lease = _dbConnection.Acquire();
                        return lease.Connection.ExecuteScalar<int>("SELECT COUNT(*) FROM Outbox WHERE PublishedAt IS NULL");
                    }
                }

                """ + inbox.Replace("services.{|#0:AddSingleton<OutboxManager>()|};", "services.AddSingleton<OutboxManager>();"),
        };
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("SC0005").WithLocation(0).WithLocation(1).WithArguments("AddSingleton", "OutboxManager", "field '_dbConnection'"));
        foreach (var assembly in new[] { "Scrutor", "Microsoft.Extensions.DependencyModel" })
        {
            test.TestState.AdditionalReferences.Add(StaleConn.Analyzers.Tests.Infrastructure.TestReferences.OptIn(assembly));
            test.FixedState.AdditionalReferences.Add(StaleConn.Analyzers.Tests.Infrastructure.TestReferences.OptIn(assembly));
        }

        await test.RunAsync();
    }
}
