using StaleConn.EndToEnd.Tests.Infrastructure;

namespace StaleConn.EndToEnd.Tests.Samples;

/// <summary>
/// samples/LegacyWorker and samples/FixedWorker built as the README tells a newcomer (`dotnet build samples/…`), with
/// the build output in a private artifacts folder so the repository's own bin/obj are left alone.
/// </summary>
public sealed class SampleBuilds : IAsyncLifetime
{
    // A guard against a hung build, not a speed target: at load ~60 on 2 cores a first build took over 3 minutes.
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(8);
    private readonly ScratchDirectory _artifacts = new("samples");

    public ProcessResult Legacy { get; private set; } = null!;

    public ProcessResult Fixed { get; private set; } = null!;

    public string LegacyDll => _artifacts.Combine("bin", "LegacyWorker", "debug", "LegacyWorker.dll");

    public string FixedDll => _artifacts.Combine("bin", "FixedWorker", "debug", "FixedWorker.dll");

    public async Task InitializeAsync()
    {
        Legacy = await BuildAsync("samples/LegacyWorker");
        Fixed = await BuildAsync("samples/FixedWorker");
    }

    public Task DisposeAsync()
    {
        _artifacts.Dispose();
        return Task.CompletedTask;
    }

    private Task<ProcessResult> BuildAsync(string sample) =>
        DotNetCli.RunAsync(RepositoryLayout.Root, BuildTimeout, null, "build", sample, "--disable-build-servers", "--artifacts-path", _artifacts.Path);
}
