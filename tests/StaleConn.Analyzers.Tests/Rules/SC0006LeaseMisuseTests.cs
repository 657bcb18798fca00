using Microsoft.CodeAnalysis;
using StaleConn.Analyzers.Rules;
using StaleConn.Analyzers.Tests.Infrastructure;

namespace StaleConn.Analyzers.Tests.Rules;

public class SC0006LeaseMisuseTests
{
    private static Task VerifyAsync(string source, bool withRuntime = true)
    {
        var test = new AnalyzerVerifier<LeaseMisuseAnalyzer>.Test { TestCode = source };
        if (withRuntime)
        {
            test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(ConnectionGuard<>).Assembly.Location));
        }

        return test.RunAsync();
    }

    [Fact]
    public Task Disposing_or_closing_the_leased_connection_is_reported() => VerifyAsync("""
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

            public void Statement()
            {
                using (var lease = _guard.Acquire())
                using ({|SC0006:lease.Connection|})
                {
                }
            }

            public void Block()
            {
                using (var lease = _guard.Acquire())
                using (var {|SC0006:c = lease.Connection|})
                {
                }
            }

            public async Task CloseAsync()
            {
                using var lease = await _guard.AcquireAsync();
                var copy = lease.Connection;
                {|SC0006:lease.Connection.Close()|};
                {|SC0006:copy.Dispose()|};
                await {|SC0006:lease.Connection.DisposeAsync()|};
            }
        }
        """);

    [Fact]
    public Task Lease_held_across_a_wait_is_reported() => VerifyAsync("""
        using System;
        using System.Threading;
        using System.Threading.Channels;
        using System.Threading.Tasks;
        using MySqlConnector;
        using StaleConn;

        public class Worker
        {
            private readonly ConnectionGuard<MySqlConnection> _guard = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));

            public async Task RunAsync(ChannelReader<int> queue, CancellationToken ct)
            {
                using var lease = await _guard.AcquireAsync(ct);
                while (!ct.IsCancellationRequested)
                {
                    await new MySqlCommand("DO 1", lease.Connection).ExecuteNonQueryAsync(ct);
                    await {|SC0006:Task.Delay(1000, ct)|};
                    var next = await {|SC0006:queue.ReadAsync(ct)|};
                }
            }

            public void Poll()
            {
                using (var lease = _guard.Acquire())
                {
                    new MySqlCommand("DO 1", lease.Connection).ExecuteNonQuery();
                    {|SC0006:Thread.Sleep(100)|};
                }
            }
        }
        """);

    [Fact]
    public Task Correct_use_of_the_guard_is_not_reported() => VerifyAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using MySqlConnector;
        using StaleConn;

        public class Worker : IDisposable
        {
            private readonly ConnectionGuard<MySqlConnection> _guard = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));
            private readonly MySqlConnection _other = new MySqlConnection("Server=db");

            public async Task RunAsync(CancellationToken ct)
            {
                while (!ct.IsCancellationRequested)
                {
                    using (var lease = await _guard.AcquireAsync(ct))
                    {
                        using var command = new MySqlCommand("DO 1", lease.Connection);
                        await command.ExecuteNonQueryAsync(ct);
                        // Runs later, outside this unit of work.
                        Func<Task> later = () => Task.Delay(10);
                    }

                    await Task.Delay(1000, ct);
                }
            }

            public void Other()
            {
                // Not a lease: an ordinary connection may be disposed.
                using var connection = new MySqlConnection("Server=db");
                _other.Close();
            }

            public void Dispose() => _guard.Dispose();
        }
        """);

    [Fact]
    public Task Nothing_is_reported_without_the_runtime() => VerifyAsync("""
        using System.Threading.Tasks;

        public class Plain
        {
            public Task WaitAsync() => Task.Delay(10);
        }
        """, withRuntime: false);
}
