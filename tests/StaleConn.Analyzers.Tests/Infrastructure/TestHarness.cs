using Microsoft.CodeAnalysis.Testing;

namespace StaleConn.Analyzers.Tests.Infrastructure;

/// <summary>Setup shared by the test harnesses (apart from <see cref="TestReferences"/>, which the tests' own analyzers use: those may not touch workspace types, RS1022).</summary>
public static class TestHarness
{
    /// <summary>
    /// What the test harness resolves by itself: nothing. Its own package resolver downloads into a shared folder
    /// under the temp directory, and a first download there left out System.Data.SqlClient's assembly, or lost a race
    /// with the other test assembly; every reference is added by file instead (<see cref="TestReferences.Net80WithProviders"/>).
    /// </summary>
    public static readonly ReferenceAssemblies NoPackages = new("net8.0");

    /// <summary>
    /// Compiles every project of <paramref name="test"/> — its main project and any a test adds — against
    /// <see cref="TestReferences.Net80WithProviders"/>, in the source state and in the fixed state alike.
    /// </summary>
    public static void UseTestReferences<TVerifier>(AnalyzerTest<TVerifier> test)
        where TVerifier : IVerifier, new()
    {
        test.ReferenceAssemblies = NoPackages;
        test.SolutionTransforms.Add((solution, _) =>
            solution.ProjectIds.Aggregate(solution, (changed, projectId) => changed.AddMetadataReferences(projectId, TestReferences.Net80WithProviders)));
    }
}
