namespace StaleConn.Testing.Deadlines;

/// <summary>
/// How long each test method of the assembly may run before it fails with a timeout
/// (<c>[assembly: TestDeadline(seconds: 120)]</c>). A test that sets its own <c>Timeout</c> keeps it.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class TestDeadlineAttribute : Attribute
{
    /// <summary>Sets the deadline.</summary>
    /// <param name="seconds">Seconds each test method may run.</param>
    public TestDeadlineAttribute(int seconds) => Seconds = seconds;

    /// <summary>Seconds each test method may run.</summary>
    public int Seconds { get; }
}
