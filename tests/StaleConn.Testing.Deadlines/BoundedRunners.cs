using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace StaleConn.Testing.Deadlines;

internal sealed class BoundedTestCaseRunner : XunitTestCaseRunner
{
    public BoundedTestCaseRunner(IXunitTestCase testCase, string displayName, string skipReason, object[] constructorArguments, object[] testMethodArguments, IMessageBus messageBus, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource)
        : base(testCase, displayName, skipReason, constructorArguments, testMethodArguments, messageBus, aggregator, cancellationTokenSource)
    {
    }

    protected override XunitTestRunner CreateTestRunner(ITest test, IMessageBus messageBus, Type testClass, object[] constructorArguments, MethodInfo testMethod, object[] testMethodArguments, string skipReason, IReadOnlyList<BeforeAfterTestAttribute> beforeAfterAttributes, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource) =>
        new BoundedTestRunner(test, messageBus, testClass, constructorArguments, testMethod, testMethodArguments, skipReason, beforeAfterAttributes, aggregator, cancellationTokenSource);
}

internal sealed class BoundedTheoryTestCaseRunner : XunitTheoryTestCaseRunner
{
    public BoundedTheoryTestCaseRunner(IXunitTestCase testCase, string displayName, string skipReason, object[] constructorArguments, IMessageSink diagnosticMessageSink, IMessageBus messageBus, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource)
        : base(testCase, displayName, skipReason, constructorArguments, diagnosticMessageSink, messageBus, aggregator, cancellationTokenSource)
    {
    }

    protected override XunitTestRunner CreateTestRunner(ITest test, IMessageBus messageBus, Type testClass, object[] constructorArguments, MethodInfo testMethod, object[] testMethodArguments, string skipReason, IReadOnlyList<BeforeAfterTestAttribute> beforeAfterAttributes, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource) =>
        new BoundedTestRunner(test, messageBus, testClass, constructorArguments, testMethod, testMethodArguments, skipReason, beforeAfterAttributes, aggregator, cancellationTokenSource);
}

internal sealed class BoundedTestRunner : XunitTestRunner
{
    public BoundedTestRunner(ITest test, IMessageBus messageBus, Type testClass, object[] constructorArguments, MethodInfo testMethod, object[] testMethodArguments, string skipReason, IReadOnlyList<BeforeAfterTestAttribute> beforeAfterAttributes, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource)
        : base(test, messageBus, testClass, constructorArguments, testMethod, testMethodArguments, skipReason, beforeAfterAttributes, aggregator, cancellationTokenSource)
    {
    }

    protected override Task<decimal> InvokeTestMethodAsync(ExceptionAggregator aggregator) =>
        new BoundedTestInvoker(Test, MessageBus, TestClass, ConstructorArguments, TestMethod, TestMethodArguments, BeforeAfterAttributes, aggregator, CancellationTokenSource).RunAsync();
}

/// <summary>
/// Runs the test method on a thread of its own and stops waiting for it at the deadline. Its own thread, because a
/// test that blocks (a synchronous test, or an async one before its first await) would otherwise block the thread
/// that keeps the time.
/// </summary>
internal sealed class BoundedTestInvoker : XunitTestInvoker
{
    public BoundedTestInvoker(ITest test, IMessageBus messageBus, Type testClass, object[] constructorArguments, MethodInfo testMethod, object[] testMethodArguments, IReadOnlyList<BeforeAfterTestAttribute> beforeAfterAttributes, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource)
        : base(test, messageBus, testClass, constructorArguments, testMethod, testMethodArguments, beforeAfterAttributes, aggregator, cancellationTokenSource)
    {
    }

    protected override Task<decimal> InvokeTestMethodAsync(object testClassInstance)
    {
        var deadline = TestDeadline.Of(TestCase.TestMethod);
        return TestCase.Timeout > 0 || deadline is null
            ? base.InvokeTestMethodAsync(testClassInstance) // xunit keeps a test's own Timeout
            : InvokeWithinAsync(deadline.Value, testClassInstance);
    }

    private async Task<decimal> InvokeWithinAsync(TimeSpan deadline, object testClassInstance)
    {
        var run = Task.Factory.StartNew(
            () => base.InvokeTestMethodAsync(testClassInstance),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap();
        if (await Task.WhenAny(run, Task.Delay(deadline)).ConfigureAwait(false) != run)
        {
            throw new TestDeadlineException(deadline);
        }

        return await run.ConfigureAwait(false);
    }
}

/// <summary>A test still running at its deadline.</summary>
public sealed class TestDeadlineException : Exception
{
    /// <summary>Creates the failure for a test that ran past <paramref name="deadline"/>.</summary>
    public TestDeadlineException(TimeSpan deadline)
        : base($"The test was still running after its deadline of {deadline.TotalSeconds:0} s ([assembly: TestDeadline], TestDeadlineSeconds in the test project): " +
               "something it waits on never finished. Its thread is left running; the rest of the run goes on.")
    {
    }
}
