using StaleConn.CodeFixes.Guarding.Planning;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// The memo behind <see cref="SelfAssigningCreators"/>, <see cref="ParameterCopies"/> and <see cref="UnitCallers"/>:
/// one search per snapshot and key; a search another lightbulb cancelled, or one that failed, is searched again.
/// </summary>
public class SnapshotMemoTests
{
    private sealed class Snapshot
    {
    }

    [Fact]
    public async Task A_key_is_searched_once_per_snapshot()
    {
        var memo = new SnapshotMemo<Snapshot, string, int>();
        var searches = 0;
        var snapshot = new Snapshot();

        var first = await memo.GetOrSearchAsync(snapshot, "k", () => Task.FromResult(++searches), CancellationToken.None);
        var again = await memo.GetOrSearchAsync(snapshot, "k", () => Task.FromResult(++searches), CancellationToken.None);
        var other = await memo.GetOrSearchAsync(new Snapshot(), "k", () => Task.FromResult(++searches), CancellationToken.None);

        Assert.Equal((1, 1, 2), (first, again, other));
    }

    [Fact]
    public async Task A_search_another_caller_cancelled_is_searched_again()
    {
        var memo = new SnapshotMemo<Snapshot, string, int>();
        var snapshot = new Snapshot();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            memo.GetOrSearchAsync(snapshot, "k", () => Task.FromCanceled<int>(cancelled.Token), cancelled.Token));
        // This caller was not cancelled: it gets an answer, and it is the one remembered.
        var answer = await memo.GetOrSearchAsync(snapshot, "k", () => Task.FromResult(7), CancellationToken.None);
        var again = await memo.GetOrSearchAsync(snapshot, "k", () => Task.FromResult(8), CancellationToken.None);

        Assert.Equal((7, 7), (answer, again));
    }

    [Fact]
    public async Task A_search_cancelled_while_another_caller_waits_is_searched_for_that_caller()
    {
        var memo = new SnapshotMemo<Snapshot, string, int>();
        var snapshot = new Snapshot();
        using var firstCaller = new CancellationTokenSource();
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = memo.GetOrSearchAsync(snapshot, "k", () => started.Task, firstCaller.Token);
        var second = memo.GetOrSearchAsync(snapshot, "k", () => Task.FromResult(5), CancellationToken.None);
        firstCaller.Cancel();
        started.SetCanceled();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal(5, await second);
    }

    [Fact]
    public async Task A_failed_search_is_not_kept()
    {
        var memo = new SnapshotMemo<Snapshot, string, int>();
        var snapshot = new Snapshot();

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            memo.GetOrSearchAsync(snapshot, "k", () => Task.FromException<int>(new InvalidOperationException()), CancellationToken.None));

        Assert.Equal(3, await memo.GetOrSearchAsync(snapshot, "k", () => Task.FromResult(3), CancellationToken.None));
    }
}
