using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.LeaseMisuseAnalyzer,
    StaleConn.CodeFixes.LeaseConnectionDisposalCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Lease;

public class SC0006LeaseConnectionDisposalFixTests
{
    [Fact]
    public Task Disposing_the_leased_connection_is_removed_and_the_lease_still_disposed() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using MySqlConnector;
        using StaleConn;

        public class Repository
        {
            private readonly ConnectionGuard<MySqlConnection> _guard = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));

            public object Count()
            {
                using var lease = _guard.Acquire();
                using var {|SC0006:connection = lease.Connection|};
                return new MySqlCommand("SELECT COUNT(*) FROM orders", connection).ExecuteScalar();
            }

            public object Block()
            {
                using (var lease = _guard.Acquire())
                using (var {|SC0006:c = lease.Connection|})
                {
                    return new MySqlCommand("SELECT 1", c).ExecuteScalar();
                }
            }

            public async Task CloseAsync()
            {
                using var lease = await _guard.AcquireAsync();
                await new MySqlCommand("DO 1", lease.Connection).ExecuteNonQueryAsync();
                {|SC0006:lease.Connection.Close()|};
                await {|SC0006:lease.Connection.DisposeAsync()|};
            }
        }
        """, """
        using System.Threading.Tasks;
        using MySqlConnector;
        using StaleConn;

        public class Repository
        {
            private readonly ConnectionGuard<MySqlConnection> _guard = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));

            public object Count()
            {
                using var lease = _guard.Acquire();
                var connection = lease.Connection;
                return new MySqlCommand("SELECT COUNT(*) FROM orders", connection).ExecuteScalar();
            }

            public object Block()
            {
                using (var lease = _guard.Acquire())
                {
                    var c = lease.Connection;
                    return new MySqlCommand("SELECT 1", c).ExecuteScalar();
                }
            }

            public async Task CloseAsync()
            {
                using var lease = await _guard.AcquireAsync();
                await new MySqlCommand("DO 1", lease.Connection).ExecuteNonQueryAsync();
            }
        }
        """);
}
