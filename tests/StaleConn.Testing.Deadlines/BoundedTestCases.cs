using System.ComponentModel;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace StaleConn.Testing.Deadlines;

/// <summary>An xunit test case that runs with its assembly's deadline (<see cref="TestDeadlineAttribute"/>).</summary>
public sealed class BoundedTestCase : XunitTestCase
{
    /// <summary>For xunit's deserializer.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public BoundedTestCase()
    {
    }

    /// <summary>Called by the discoverers.</summary>
    public BoundedTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod, object[]? testMethodArguments = null)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod, testMethodArguments)
    {
    }

    /// <inheritdoc />
    public override Task<RunSummary> RunAsync(IMessageSink diagnosticMessageSink, IMessageBus messageBus, object[] constructorArguments, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource) =>
        new BoundedTestCaseRunner(this, DisplayName, SkipReason, constructorArguments, TestMethodArguments, messageBus, aggregator, cancellationTokenSource).RunAsync();
}

/// <summary>A theory whose data is enumerated at run time; each data row runs with the assembly's deadline.</summary>
public sealed class BoundedTheoryTestCase : XunitTheoryTestCase
{
    /// <summary>For xunit's deserializer.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public BoundedTheoryTestCase()
    {
    }

    /// <summary>Called by the discoverer.</summary>
    public BoundedTheoryTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
    }

    /// <inheritdoc />
    public override Task<RunSummary> RunAsync(IMessageSink diagnosticMessageSink, IMessageBus messageBus, object[] constructorArguments, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource) =>
        new BoundedTheoryTestCaseRunner(this, DisplayName, SkipReason, constructorArguments, diagnosticMessageSink, messageBus, aggregator, cancellationTokenSource).RunAsync();
}

/// <summary>Reads a test's deadline from its assembly's <see cref="TestDeadlineAttribute"/>.</summary>
internal static class TestDeadline
{
    public static TimeSpan? Of(ITestMethod testMethod)
    {
        var deadline = testMethod.TestClass.Class.Assembly.GetCustomAttributes(typeof(TestDeadlineAttribute).AssemblyQualifiedName).FirstOrDefault();
        return deadline is null ? null : TimeSpan.FromSeconds(deadline.GetConstructorArguments().Cast<int>().Single());
    }
}
