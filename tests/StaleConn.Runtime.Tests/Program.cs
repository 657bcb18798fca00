using StaleConn.Runtime.Tests.ChildProcesses;

namespace StaleConn.Runtime.Tests;

/// <summary>
/// The test assembly's own entry point (GenerateProgramFile is off; the test host loads the assembly as a library):
/// a test that must see whether a process survives runs its scenario in a child process started through here.
/// </summary>
public static class Program
{
    public static int Main(string[] args) => ChildScenario.Run(args);
}
