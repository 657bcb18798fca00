using StaleConn.CodeFixes.Tests.Infrastructure;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// An <c>await foreach</c> waits for its next item whatever it reads: a message stream of the application's own (an
/// <see cref="IAsyncEnumerable{T}"/> that is not in the waiting-call catalogue) gets a lease per iteration, never one
/// held across the waits between messages. The worker is also run through SC0006.
/// </summary>
public class AwaitForeachGuardFixTests
{
    [Fact]
    public Task A_worker_reading_its_own_message_stream_takes_a_lease_per_message() => GuardFixCheck.VerifyWorkerAsync("""
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;

        public sealed record Reading(string Sensor, double Value);

        public interface IReadingStream
        {
            IAsyncEnumerable<Reading> SubscribeAsync(CancellationToken cancellationToken);
        }

        public sealed class ReadingRecorder : BackgroundService
        {
            private readonly IReadingStream _stream;
            private readonly MySqlConnection {|SC0002:_db|} = new MySqlConnection("Server=db");

            public ReadingRecorder(IReadingStream stream) => _stream = stream;

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                await _db.OpenAsync(stoppingToken);
                await foreach (var reading in _stream.SubscribeAsync(stoppingToken))
                {
                    using var insert = new MySqlCommand("INSERT INTO readings (sensor, value) VALUES (@sensor, @value)", _db);
                    insert.Parameters.AddWithValue("@sensor", reading.Sensor);
                    insert.Parameters.AddWithValue("@value", reading.Value);
                    await insert.ExecuteNonQueryAsync(stoppingToken);
                }
            }
        }
        """, """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using MySqlConnector;
        using StaleConn;

        public sealed record Reading(string Sensor, double Value);

        public interface IReadingStream
        {
            IAsyncEnumerable<Reading> SubscribeAsync(CancellationToken cancellationToken);
        }

        public sealed class ReadingRecorder : BackgroundService
        {
            private readonly IReadingStream _stream;
            private readonly ConnectionGuard<MySqlConnection> _db = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));

            public ReadingRecorder(IReadingStream stream) => _stream = stream;

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                await foreach (var reading in _stream.SubscribeAsync(stoppingToken))
                {
                    using var lease = await _db.AcquireAsync(stoppingToken);
                    using var insert = new MySqlCommand("INSERT INTO readings (sensor, value) VALUES (@sensor, @value)", lease.Connection);
                    insert.Parameters.AddWithValue("@sensor", reading.Sensor);
                    insert.Parameters.AddWithValue("@value", reading.Value);
                    await insert.ExecuteNonQueryAsync(stoppingToken);
                }
            }
        }
        """);
}
