using Xunit;
using Xunit.Sdk;

namespace StaleConn.Testing.Deadlines;

/// <summary>
/// A <see cref="FactAttribute"/> whose test fails after the assembly's <see cref="TestDeadlineAttribute"/>
/// instead of waiting for ever. Test projects alias <c>FactAttribute</c> to it, so every <c>[Fact]</c> is bounded.
/// </summary>
[XunitTestCaseDiscoverer("StaleConn.Testing.Deadlines.BoundedFactDiscoverer", "StaleConn.Testing.Deadlines")]
public class BoundedFactAttribute : FactAttribute
{
}

/// <summary>
/// A <see cref="TheoryAttribute"/> whose test cases fail after the assembly's <see cref="TestDeadlineAttribute"/>.
/// Test projects alias <c>TheoryAttribute</c> to it.
/// </summary>
[XunitTestCaseDiscoverer("StaleConn.Testing.Deadlines.BoundedTheoryDiscoverer", "StaleConn.Testing.Deadlines")]
public class BoundedTheoryAttribute : TheoryAttribute
{
}
