using System.Data;
using System.Diagnostics;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Time.Testing;
using MySqlConnector.ScriptedForTests;

namespace StaleConn.Runtime.Tests.Unit;

/// <summary>
/// The probe's ping path (MySqlConnector's <c>COM_PING</c>, which has no timeout of its own), driven by a scripted
/// provider. The guard pings only a connection whose type comes from the MySqlConnector assembly, so the scripted
/// connection is a type emitted into a dynamic assembly of that name (<see cref="ScriptedPing"/>); the other unit tests'
/// probes take the <c>SELECT 1</c> path.
/// </summary>
public sealed class PingPathTests
{
    private static readonly TimeSpan PingTimeout = TimeSpan.FromMilliseconds(200);

    // A silent peer answers after this at the earliest: far past the bound, so an unbounded ping fails the elapsed check.
    private static readonly TimeSpan SilentPeer = TimeSpan.FromSeconds(20);

    private readonly FakeTimeProvider _time = new();
    private readonly ScriptedDatabase _database = new() { KnowsWaitTimeout = true };
    private readonly ScriptedPing _ping = new();
    private readonly List<ConnectionReconnectedEventArgs> _reconnects = new();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_ping_that_never_answers_is_abandoned_after_PingTimeout_and_the_session_replaced(bool sync)
    {
        await using var guard = CreateGuard();
        var first = await SessionOfAsync(guard, sync);
        _ping.Answer = PingAnswer.Never;
        _time.Advance(TimeSpan.FromMinutes(1));

        var watch = Stopwatch.StartNew();
        var second = await SessionOfAsync(guard, sync);
        watch.Stop();

        Assert.Equal(1, _ping.Calls);
        Assert.Equal(0, _database.Probes); // the ping path, not SELECT 1
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"the acquire over a silent ping took {watch.Elapsed} (PingTimeout {PingTimeout.TotalMilliseconds} ms)");
        Assert.NotEqual(first, second);
        Assert.Equal(ConnectionReplacementReason.ProbeFailed, Assert.Single(_reconnects).Reason);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_ping_the_server_answers_keeps_the_session(bool sync)
    {
        await using var guard = CreateGuard();
        var first = await SessionOfAsync(guard, sync);
        _time.Advance(TimeSpan.FromMinutes(1));

        var second = await SessionOfAsync(guard, sync);

        Assert.Equal(1, _ping.Calls);
        Assert.Equal(0, _database.Probes);
        Assert.Equal(first, second);
        Assert.Empty(_reconnects);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_ping_that_finds_the_session_gone_replaces_it_at_once(bool sync)
    {
        await using var guard = CreateGuard();
        var first = await SessionOfAsync(guard, sync);
        _ping.Answer = PingAnswer.Gone;
        _time.Advance(TimeSpan.FromMinutes(1));

        var second = await SessionOfAsync(guard, sync);

        Assert.Equal(1, _ping.Calls);
        Assert.NotEqual(first, second);
        Assert.Equal(ConnectionReplacementReason.ProbeFailed, Assert.Single(_reconnects).Reason);
    }

    private ConnectionGuard<ScriptedConnection> CreateGuard()
    {
        var options = new ConnectionGuardOptions { TimeProvider = _time, IdleCheckAfter = TimeSpan.FromSeconds(30), PingTimeout = PingTimeout };
        var guard = new ConnectionGuard<ScriptedConnection>(() => _ping.CreateConnection(_database), options);
        guard.Reconnected += (_, e) => _reconnects.Add(e);
        return guard;
    }

    private static async Task<int> SessionOfAsync(ConnectionGuard<ScriptedConnection> guard, bool sync)
    {
        if (sync)
        {
            using var lease = guard.Acquire();
            return lease.Connection.SessionId;
        }

        await using var asyncLease = await guard.AcquireAsync();
        return asyncLease.Connection.SessionId;
    }

    public enum PingAnswer
    {
        Alive,
        Gone,
        Never,
    }

    /// <summary>
    /// Scripted <c>Ping()</c> and <c>PingAsync(CancellationToken)</c> on a connection type emitted into a dynamic assembly
    /// named MySqlConnector, so the guard treats it as MySqlConnector's.
    /// </summary>
    public sealed class ScriptedPing
    {
        private static readonly Lazy<Type> ConnectionType = new(EmitConnectionType);
        private static readonly ConditionalWeakTable<ScriptedConnection, ScriptedPing> Scripts = new();

        private int _calls;

        public PingAnswer Answer { get; set; }

        public int Calls => Volatile.Read(ref _calls);

        public ScriptedConnection CreateConnection(ScriptedDatabase database)
        {
            var connection = (ScriptedConnection)Activator.CreateInstance(ConnectionType.Value, database)!;
            connection.ConnectionString = "Data Source=scripted;Password=secret";
            Scripts.Add(connection, this);
            return connection;
        }

        /// <summary>Called by the emitted <c>Ping()</c>.</summary>
        public static bool Ping(ScriptedConnection connection)
        {
            var script = Scripts.GetValue(connection, _ => throw new InvalidOperationException("unscripted connection"));
            Interlocked.Increment(ref script._calls);
            switch (script.Answer)
            {
                case PingAnswer.Never:
                    // A blocked socket read: only closing the connection (what the guard's watchdog does where it cannot
                    // see the socket) ends it, or the silent peer's late answer.
                    var until = Stopwatch.StartNew();
                    while (connection.State == ConnectionState.Open && until.Elapsed < SilentPeer)
                    {
                        Thread.Sleep(5);
                    }

                    return connection.State == ConnectionState.Open;
                case PingAnswer.Gone:
                    connection.Break();
                    return false;
                default:
                    return true;
            }
        }

        /// <summary>Called by the emitted <c>PingAsync(CancellationToken)</c>; like MySqlConnector's, it takes no timeout.</summary>
        public static Task<bool> PingAsync(ScriptedConnection connection, CancellationToken cancellationToken)
        {
            var script = Scripts.GetValue(connection, _ => throw new InvalidOperationException("unscripted connection"));
            Interlocked.Increment(ref script._calls);
            return script.Answer switch
            {
                PingAnswer.Never => Task.Delay(SilentPeer, CancellationToken.None).ContinueWith(_ => true, TaskScheduler.Default),
                PingAnswer.Gone => Gone(connection),
                _ => Task.FromResult(true),
            };

            static Task<bool> Gone(ScriptedConnection connection)
            {
                connection.Break();
                return Task.FromResult(false);
            }
        }

        private static Type EmitConnectionType()
        {
            var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("MySqlConnector"), AssemblyBuilderAccess.Run);
            var type = assembly.DefineDynamicModule("MySqlConnector").DefineType(
                "MySqlConnector.ScriptedPingConnection", TypeAttributes.Public | TypeAttributes.Sealed, typeof(ScriptedConnection));

            var constructor = type.DefineConstructor(MethodAttributes.Public, CallingConventions.Standard, new[] { typeof(ScriptedDatabase) });
            var il = constructor.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Call, typeof(ScriptedConnection).GetConstructor(new[] { typeof(ScriptedDatabase) })!);
            il.Emit(OpCodes.Ret);

            Forward(type, "Ping", typeof(bool), Type.EmptyTypes, nameof(Ping));
            Forward(type, "PingAsync", typeof(Task<bool>), new[] { typeof(CancellationToken) }, nameof(PingAsync));
            return type.CreateType();
        }

        // public TReturn Name(args) => ScriptedPing.Target(this, args);
        private static void Forward(TypeBuilder type, string name, Type returnType, Type[] parameters, string target)
        {
            var method = type.DefineMethod(name, MethodAttributes.Public, returnType, parameters);
            var il = method.GetILGenerator();
            for (short i = 0; i <= parameters.Length; i++)
            {
                il.Emit(OpCodes.Ldarg, i);
            }

            il.Emit(OpCodes.Call, typeof(ScriptedPing).GetMethod(target, BindingFlags.Public | BindingFlags.Static)!);
            il.Emit(OpCodes.Ret);
        }
    }
}
