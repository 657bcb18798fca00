using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.SingletonRegistrationAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Guard;

public class SC0005GuardFixTests
{
    [Fact]
    public async Task Fix_at_the_registration_guards_every_member_it_points_at_in_other_files()
    {
        var test = new Verify.Test
        {
            TestState =
            {
                Sources =
                {
                    ("/0/OrderRepository.cs", """
                    using System.Collections.Generic;
                    using System.Threading;
                    using System.Threading.Tasks;
                    using Dapper;
                    using MySqlConnector;

                    public interface IOrderRepository
                    {
                        Task<IEnumerable<string>> NamesAsync(CancellationToken cancellationToken);
                    }

                    public sealed class OrderRepository : IOrderRepository
                    {
                        private readonly MySqlConnection {|#1:_connection|};
                        private readonly MySqlConnection {|#2:_audit|};

                        public OrderRepository(MySqlConnection connection, MySqlConnection audit)
                        {
                            _connection = connection;
                            _audit = audit;
                        }

                        public async Task<IEnumerable<string>> NamesAsync(CancellationToken cancellationToken)
                        {
                            await _audit.ExecuteAsync("INSERT INTO audit (what) VALUES ('names')");
                            return await _connection.QueryAsync<string>(new CommandDefinition("SELECT name FROM orders", cancellationToken: cancellationToken));
                        }
                    }
                    """),
                    ("/0/Registrations.cs", """
                    using Microsoft.Extensions.DependencyInjection;

                    public static class Registrations
                    {
                        public static void AddOrders(IServiceCollection services)
                        {
                            services.{|#0:AddSingleton<IOrderRepository, OrderRepository>()|};
                            services.{|#3:AddSingleton<OrderRepository>()|};
                        }
                    }
                    """),
                },
                ExpectedDiagnostics =
                {
                    Verify.Diagnostic("SC0005").WithLocation(0).WithLocation(1).WithLocation(2).WithArguments("AddSingleton", "OrderRepository", "field '_connection', field '_audit'"),
                    Verify.Diagnostic("SC0005").WithLocation(3).WithLocation(1).WithLocation(2).WithArguments("AddSingleton", "OrderRepository", "field '_connection', field '_audit'"),
                },
            },
            FixedState =
            {
                Sources =
                {
                    ("/0/OrderRepository.cs", """
                    using System.Collections.Generic;
                    using System.Threading;
                    using System.Threading.Tasks;
                    using Dapper;
                    using MySqlConnector;
                    using StaleConn;

                    public interface IOrderRepository
                    {
                        Task<IEnumerable<string>> NamesAsync(CancellationToken cancellationToken);
                    }

                    public sealed class OrderRepository : IOrderRepository
                    {
                        private readonly ConnectionGuard<MySqlConnection> _connection;
                        private readonly ConnectionGuard<MySqlConnection> _audit;

                        public OrderRepository(MySqlConnection connection, MySqlConnection audit)
                        {
                            _connection = new ConnectionGuard<MySqlConnection>(connection, leaveOpen: true);
                            _audit = new ConnectionGuard<MySqlConnection>(audit, leaveOpen: true);
                        }

                        public async Task<IEnumerable<string>> NamesAsync(CancellationToken cancellationToken)
                        {
                            using (var lease = await _audit.AcquireAsync(cancellationToken))
                            {
                                await lease.Connection.ExecuteAsync("INSERT INTO audit (what) VALUES ('names')");
                            }
                            using var lease2 = await _connection.AcquireAsync(cancellationToken);
                            return await lease2.Connection.QueryAsync<string>(new CommandDefinition("SELECT name FROM orders", cancellationToken: cancellationToken));
                        }
                    }
                    """),
                    ("/0/Registrations.cs", """
                    using Microsoft.Extensions.DependencyInjection;

                    public static class Registrations
                    {
                        public static void AddOrders(IServiceCollection services)
                        {
                            services.AddSingleton<IOrderRepository, OrderRepository>();
                            services.AddSingleton<OrderRepository>();
                        }
                    }
                    """),
                },
            },
        };

        await test.RunAsync();
    }
}
