using Xunit.Abstractions;
using Xunit.Sdk;

namespace StaleConn.Testing.Deadlines;

/// <summary>Discovers <see cref="BoundedFactAttribute"/> tests as <see cref="BoundedTestCase"/>s.</summary>
public sealed class BoundedFactDiscoverer : FactDiscoverer
{
    /// <summary>Called by xunit.</summary>
    public BoundedFactDiscoverer(IMessageSink diagnosticMessageSink)
        : base(diagnosticMessageSink)
    {
    }

    /// <inheritdoc />
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        new BoundedTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
}

/// <summary>Discovers <see cref="BoundedTheoryAttribute"/> tests as bounded test cases, one per data row where xunit can.</summary>
public sealed class BoundedTheoryDiscoverer : TheoryDiscoverer
{
    /// <summary>Called by xunit.</summary>
    public BoundedTheoryDiscoverer(IMessageSink diagnosticMessageSink)
        : base(diagnosticMessageSink)
    {
    }

    /// <inheritdoc />
    protected override IEnumerable<IXunitTestCase> CreateTestCasesForDataRow(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute, object[] dataRow) =>
        new[] { new BoundedTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, dataRow) };

    /// <inheritdoc />
    protected override IEnumerable<IXunitTestCase> CreateTestCasesForTheory(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute) =>
        new[] { new BoundedTheoryTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod) };
}
