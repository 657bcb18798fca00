using Microsoft.CodeAnalysis;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Corpus;

namespace StaleConn.CodeFixes.Tests.Reasons;

/// <summary>
/// A member whose value does not compile declines every fix that would rebuild it with
/// <see cref="NoFixReason.ConstructionDoesNotCompile"/> — the per-use factory too, which named
/// <see cref="NoFixReason.NoConnectionStringInView"/> until stop 36 (there is a string; the call that holds it does not bind).
/// </summary>
public class UncompiledConstructionTests
{
    /// <summary>
    /// rameen-ihtasham/SchoolManagementSystem (apps30) Forms/Attendance.cs and Forms/ManageHomework.cs: each form keeps
    /// <c>public static SqlConnection con = Configuration.getInstance().getConnection();</c>, where <c>Configuration</c>
    /// sits in a namespace (<c>CRUD_Operations</c>) neither form imports. Small, one form with a command and one with an
    /// adapter.
    /// </summary>
    [Theory]
    [InlineData("""
        using System;
        using MySqlConnector;

        public static class Attendance
        {
            public static MySqlConnection con = Configuration.getInstance().getConnection();

            public static int CountPresent()
            {
                var command = con.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM Attendance WHERE Status = 1";
                return Convert.ToInt32(command.ExecuteScalar());
            }
        }
        """)]
    [InlineData("""
        using System.Data;
        using MySqlConnector;

        public static class ManageHomework
        {
            public static MySqlConnection con = Configuration.getInstance().getConnection();

            public static DataTable Homework()
            {
                var table = new DataTable();
                new MySqlDataAdapter("SELECT * FROM Homework", con).Fill(table);
                return table;
            }
        }
        """)]
    public async Task A_value_that_does_not_compile_declines_the_guard_and_the_factory(string source)
    {
        var project = SnippetProject.Create(new[] { source });
        var compilation = (await project.GetCompilationAsync())!;
        var finding = Assert.Single(await HolderShapeCorpusTests.FindingsAsync(project, compilation), f => f.Id == "SC0001");
        var document = project.GetDocument(finding.Location.SourceTree)!;
        var targets = (await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(document, finding, CancellationToken.None)).ToList();
        foreach (var mode in new[] { FixMode.Guard, FixMode.ConnectionFactory })
        {
            var (_, notFixed) = await ConnectionGuardFix.GuardEachAsync(project.Solution, targets, mode, CancellationToken.None);
            Assert.True(notFixed.Select(n => n.Reason).SequenceEqual(new[] { NoFixReason.ConstructionDoesNotCompile }), $"{mode}: {string.Join(", ", notFixed.Select(n => n.Reason))}");
        }
    }
}
