using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using MySqlConnector.ScriptedForTests;
using StaleConn.Runtime.Tests.Testing;

namespace StaleConn.Runtime.Tests.Unit;

/// <summary>
/// A <see cref="ConnectionGuardOptions.Validator"/> that acquires the guard it validates for: the guard runs it while it
/// prepares the caller's lease, so that acquire could only wait for itself. It fails at once (as a hook's or a
/// StateChange handler's does), sync and async, and the guard reports it instead of taking the connection for dead.
/// </summary>
public sealed class ValidatorSelfAcquireTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly FakeTimeProvider _time = new();
    private readonly ScriptedDatabase _database = new();

    private ConnectionGuard<ScriptedConnection> CreateGuard(Func<ConnectionGuard<ScriptedConnection>, Task> acquire, bool rethrow)
    {
        ConnectionGuard<ScriptedConnection>? self = null;
        var guard = new ConnectionGuard<ScriptedConnection>(_database.CreateConnection, new ConnectionGuardOptions
        {
            TimeProvider = _time,
            PingTimeout = TimeSpan.FromSeconds(5), // longer than the nested acquire's grace: a refusal must not wait for it
            Validator = async (_, _) =>
            {
                var watch = Stopwatch.StartNew();
                try
                {
                    await acquire(self!);
                }
                catch (InvalidOperationException refused) when (!rethrow)
                {
                    Refusal = refused;
                    RefusedAfter = watch.Elapsed;
                }

                return true;
            },
        });
        self = guard;
        return guard;
    }

    private Exception? Refusal { get; set; }

    private TimeSpan RefusedAfter { get; set; }

    public static TheoryData<string> Acquires => new() { "Acquire", "AcquireAsync" };

    [Theory]
    [MemberData(nameof(Acquires))]
    public async Task A_Validator_that_acquires_the_guard_is_refused_at_once_sync_and_async(string call)
    {
        await using var guard = CreateGuard(SelfAcquire(call), rethrow: false);
        (await guard.AcquireAsync()).Dispose();
        _time.Advance(TimeSpan.FromMinutes(5)); // idle past the threshold: the next acquire asks the Validator

        using (guard.Acquire())
        {
            var refused = Assert.IsType<InvalidOperationException>(Refusal);
            Assert.Contains("Validator", refused.Message);
            Assert.True(RefusedAfter < ConnectionGuard<ScriptedConnection>.NestedAcquireGrace, $"sync acquire: refused after {RefusedAfter}, not at once");
        }

        Refusal = null;
        _time.Advance(TimeSpan.FromMinutes(5));
        await using (await guard.AcquireAsync().AsTask().WaitAsync(Deadline))
        {
            Assert.IsType<InvalidOperationException>(Refusal);
            Assert.True(RefusedAfter < ConnectionGuard<ScriptedConnection>.NestedAcquireGrace, $"async acquire: refused after {RefusedAfter}, not at once");
        }

        Assert.Equal(1, _database.Opens); // the Validator answered true: the connection was kept
    }

    [Theory]
    [MemberData(nameof(Acquires))]
    public async Task A_Validator_whose_own_acquire_fails_fails_the_acquire_and_the_connection_is_not_taken_for_dead(string call)
    {
        await using var guard = CreateGuard(SelfAcquire(call), rethrow: true);
        (await guard.AcquireAsync()).Dispose();
        _time.Advance(TimeSpan.FromMinutes(5));

        var sync = Assert.Throws<InvalidOperationException>(() => guard.Acquire());
        Assert.Contains("Validator", sync.Message);
        var async = await Assert.ThrowsAsync<InvalidOperationException>(() => guard.AcquireAsync().AsTask().WaitAsync(Deadline));
        Assert.Contains("Validator", async.Message);
        Assert.Equal(1, _database.Opens); // a mistake in the Validator is not a dead session: nothing was replaced
    }

    [Theory]
    [MemberData(nameof(Acquires))]
    public async Task A_Validator_that_acquires_for_a_sync_acquire_under_SuppressFlow_is_refused_at_once(string call)
    {
        await using var guard = CreateGuard(SelfAcquire(call), rethrow: false);
        (await guard.AcquireAsync()).Dispose();
        _time.Advance(TimeSpan.FromMinutes(5));

        // No context to capture: the Validator runs on a guard thread, and still must be known as the caller's flow.
        Bounded.Run(
            () =>
            {
                using (ExecutionContext.SuppressFlow())
                {
                    guard.Acquire().Dispose();
                }
            },
            Deadline,
            "a sync acquire under SuppressFlow whose Validator acquires").ThrowIfFailed();

        var refused = Assert.IsType<InvalidOperationException>(Refusal);
        Assert.Contains("Validator", refused.Message);
        Assert.True(RefusedAfter < ConnectionGuard<ScriptedConnection>.NestedAcquireGrace, $"refused after {RefusedAfter}, not at once");
        Assert.Equal(1, _database.Opens);
    }

    private static Func<ConnectionGuard<ScriptedConnection>, Task> SelfAcquire(string call) => call switch
    {
        "Acquire" => guard =>
        {
            using var lease = guard.Acquire();
            return Task.CompletedTask;
        },
        _ => async guard =>
        {
            await using var lease = await guard.AcquireAsync();
        },
    };
}
