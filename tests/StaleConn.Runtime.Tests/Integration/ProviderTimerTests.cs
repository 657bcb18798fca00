using StaleConn.Runtime.Tests.ChildProcesses;
using StaleConn.Testing.MariaDb;

namespace StaleConn.Runtime.Tests.Integration;

/// <summary>
/// The guard's own queries must not arm a provider timer that can end the process (see
/// <see cref="ProviderTimerScenario"/>): each case runs in a child process, which must exit normally.
/// </summary>
public sealed class ProviderTimerTests : IClassFixture<MariaDbServerFixture>
{
    private readonly MariaDbServerFixture _fixture;

    public ProviderTimerTests(MariaDbServerFixture fixture) => _fixture = fixture;

    [Theory]
    [InlineData("open", "sync")]
    [InlineData("open", "async")]
    [InlineData("probe", "sync")]
    [InlineData("probe", "async")]
    public async Task A_session_killed_under_a_guard_query_on_a_stalled_thread_does_not_end_the_process(string step, string mode)
    {
        var (exitCode, output) = await ChildScenario.StartAsync(ProviderTimerScenario.Name, _fixture.ConnectionString, step, mode);
        Assert.True(exitCode == 0, $"the child exited with {exitCode}:{Environment.NewLine}{output}");
    }
}
