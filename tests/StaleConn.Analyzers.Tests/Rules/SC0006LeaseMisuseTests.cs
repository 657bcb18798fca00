using Microsoft.CodeAnalysis;
using StaleConn.Analyzers.Rules;
using StaleConn.Analyzers.Tests.Infrastructure;

namespace StaleConn.Analyzers.Tests.Rules;

public class SC0006LeaseMisuseTests
{
    private static Task VerifyAsync(string source, bool withRuntime = true, bool withPolly = false)
    {
        var test = new AnalyzerVerifier<LeaseMisuseAnalyzer>.Test { TestCode = source };
        if (withPolly)
        {
            test.TestState.AdditionalReferences.Add(TestReferences.OptIn("Polly.Core"));
        }

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
    public Task Every_wait_the_other_rules_know_is_reported_under_a_lease() => VerifyAsync("""
        using System;
        using System.Collections.Concurrent;
        using System.Threading;
        using System.Threading.Tasks;
        using MySqlConnector;
        using StaleConn;

        public class Consumer
        {
            private readonly ConnectionGuard<MySqlConnection> _guard = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
            private readonly BlockingCollection<int> _queue = new BlockingCollection<int>();

            public async Task HandleAsync(CancellationToken ct)
            {
                using var lease = await _guard.AcquireAsync(ct);
                await {|SC0006:_gate.WaitAsync(ct)|};
                {|SC0006:_gate.Wait()|};
                {|SC0006:_queue.TryTake(out var item, TimeSpan.FromSeconds(30))|};
                await new MySqlCommand("DO 1", lease.Connection).ExecuteNonQueryAsync(ct);
            }
        }
        """);

    [Fact]
    public Task A_take_or_probe_that_returns_at_once_is_not_a_wait() => VerifyAsync("""
        using System;
        using System.Collections.Concurrent;
        using System.Threading;
        using System.Threading.Tasks;
        using MySqlConnector;
        using StaleConn;

        public class Drainer
        {
            private readonly ConnectionGuard<MySqlConnection> _guard = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));
            private readonly BlockingCollection<string> _pending = new BlockingCollection<string>();

            public void Drain()
            {
                using var lease = _guard.Acquire();
                while (_pending.TryTake(out var sql))
                {
                    new MySqlCommand(sql, lease.Connection).ExecuteNonQuery();
                }
            }

            public async Task<bool> TryRefreshAsync(SemaphoreSlim refreshing, WaitHandle stop)
            {
                using var lease = await _guard.AcquireAsync();
                // Probes that return at once: nobody else is refreshing, and we are not stopping.
                if (!await refreshing.WaitAsync(0) || stop.WaitOne(TimeSpan.Zero))
                {
                    return false;
                }

                await new MySqlCommand("CALL refresh()", lease.Connection).ExecuteNonQueryAsync();
                refreshing.Release();
                return true;
            }
        }
        """);

    [Fact]
    public Task Explicitly_disposed_lease_held_across_a_wait_is_reported() => VerifyAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using MySqlConnector;
        using StaleConn;

        public class Poller
        {
            private readonly ConnectionGuard<MySqlConnection> _guard = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));

            public void Poll()
            {
                var lease = _guard.Acquire();
                new MySqlCommand("DO 1", lease.Connection).ExecuteNonQuery();
                {|SC0006:Thread.Sleep(500)|};
                lease.Dispose();
            }

            public async Task PollAsync(CancellationToken ct)
            {
                var lease = await _guard.AcquireAsync(ct).ConfigureAwait(false);
                while (!ct.IsCancellationRequested)
                {
                    await new MySqlCommand("DO 1", lease.Connection).ExecuteNonQueryAsync(ct);
                    await {|SC0006:Task.Delay(1000, ct)|};
                }

                await lease.DisposeAsync().ConfigureAwait(false);
            }

            public async Task RetryAsync(CancellationToken ct)
            {
                var lease = _guard.Acquire();
                try
                {
                    await new MySqlCommand("DO 1", lease.Connection).ExecuteNonQueryAsync(ct);
                }
                catch (MySqlException)
                {
                    await {|SC0006:Task.Delay(200, ct)|};
                }
                finally
                {
                    lease.Dispose();
                }
            }
        }
        """);

    [Fact]
    public Task Explicitly_disposed_lease_released_before_the_wait_is_not_reported() => VerifyAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using MySqlConnector;
        using StaleConn;

        public class Poller
        {
            private readonly ConnectionGuard<MySqlConnection> _guard = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));

            public async Task RunAsync(CancellationToken ct)
            {
                while (!ct.IsCancellationRequested)
                {
                    var lease = await _guard.AcquireAsync(ct);
                    try
                    {
                        await new MySqlCommand("DO 1", lease.Connection).ExecuteNonQueryAsync(ct);
                    }
                    finally
                    {
                        await lease.DisposeAsync();
                    }

                    await Task.Delay(1000, ct);
                }
            }

            public void Released(bool early)
            {
                Thread.Sleep(100);
                var lease = _guard.Acquire();
                new MySqlCommand("DO 1", lease.Connection).ExecuteNonQuery();
                lease.Dispose();
                Thread.Sleep(100);
            }

            public void DisposedEarlyOnOnePath(bool done)
            {
                // The flow is unclear (disposed on one branch, then again): nothing is reported.
                var lease = _guard.Acquire();
                if (done)
                {
                    lease.Dispose();
                }

                Thread.Sleep(100);
                lease.Dispose();
            }

            public void Reacquired()
            {
                var lease = _guard.Acquire();
                new MySqlCommand("DO 1", lease.Connection).ExecuteNonQuery();
                lease.Dispose();
                Thread.Sleep(100);
                lease = _guard.Acquire();
                lease.Dispose();
            }

            public void NeverDisposedHere()
            {
                // Handed on to someone else; whoever disposes it is not known here.
                var lease = _guard.Acquire();
                Keep(lease);
                Thread.Sleep(100);
            }

            public void DisposedInABranchOnly(bool ok)
            {
                var lease = _guard.Acquire();
                Thread.Sleep(100);
                if (ok)
                {
                    lease.Dispose();
                }
            }

            private static void Keep(ConnectionLease<MySqlConnection> lease)
            {
            }
        }
        """);

    [Fact]
    public Task A_wait_inside_a_retried_lambda_runs_under_the_lease() => VerifyAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using MySqlConnector;
        using Polly;
        using StaleConn;

        public class Importer
        {
            private readonly ConnectionGuard<MySqlConnection> _guard = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));
            private readonly ResiliencePipeline _retry = ResiliencePipeline.Empty;

            public async Task ImportAsync(CancellationToken ct)
            {
                using var lease = await _guard.AcquireAsync(ct);
                await _retry.ExecuteAsync(async token =>
                {
                    await new MySqlCommand("CALL import()", lease.Connection).ExecuteNonQueryAsync(token);
                    await {|SC0006:Task.Delay(500, token)|};
                }, ct);
            }

            public void Import()
            {
                var lease = _guard.Acquire();
                _retry.Execute(() => {|SC0006:Thread.Sleep(500)|});
                lease.Dispose();
            }

            public async Task ScheduleAsync(CancellationToken ct)
            {
                using var lease = await _guard.AcquireAsync(ct);
                // Runs on the thread pool, not under this lease.
                _ = Task.Run(() => Task.Delay(500, ct));
                await _retry.ExecuteAsync(async token =>
                {
                    using var inner = await _guard.AcquireAsync(token);
                    await new MySqlCommand("DO 1", inner.Connection).ExecuteNonQueryAsync(token);
                }, ct);
            }
        }
        """, withPolly: true);

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

    // The lease type declared in the compilation itself (the runtime's own project, or a copy of its source): found
    // through the declarations, without a reference to StaleConn.Runtime (the cheap lookup of stop 29 must keep this).
    [Fact]
    public Task A_lease_type_declared_in_source_is_found_without_the_runtime() => VerifyAsync("""
        using System;
        using System.Data.Common;

        namespace StaleConn
        {
            public sealed class ConnectionLease<TConnection> : IDisposable
                where TConnection : DbConnection
            {
                public ConnectionLease(TConnection connection) => Connection = connection;

                public TConnection Connection { get; }

                public void Dispose()
                {
                }
            }
        }

        public class Repository
        {
            public void Run(StaleConn.ConnectionLease<DbConnection> lease)
            {
                using ({|SC0006:lease.Connection|})
                {
                }
            }
        }
        """, withRuntime: false);

    [Fact]
    public Task Nothing_is_reported_without_the_runtime() => VerifyAsync("""
        using System.Threading.Tasks;

        public class Plain
        {
            public Task WaitAsync() => Task.Delay(10);
        }
        """, withRuntime: false);

    [Fact]
    public Task Generated_code_is_not_reported() => VerifyAsync("""
        // <auto-generated/>
        using System.Threading;
        using MySqlConnector;
        using StaleConn;

        public class GeneratedRepository
        {
            private readonly ConnectionGuard<MySqlConnection> _guard = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));

            public void Run()
            {
                using var lease = _guard.Acquire();
                lease.Connection.Dispose();
                Thread.Sleep(1000);
            }
        }
        """);
}
