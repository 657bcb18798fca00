using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Corpus;
using StaleConn.CodeFixes.Tests.Reasons;

namespace StaleConn.CodeFixes.Tests.Behaviour;

/// <summary>
/// A unit that calls another unit whose <c>LAST_INSERT_ID()</c> follows the callee's own insert: the callee reads the
/// same id on a pooled session of its own, and the caller reads no session state, so a connection per unit keeps
/// behaviour. Before, any unit of the member touching session state made every nested call decline with
/// <c>CallsAnotherUnitSharingSessionState</c>. A callee whose read comes before its own insert (it reads the caller's
/// id), or a caller that reads the id after the call, still declines.
/// </summary>
/// <remarks>
/// Lyxaaa/magnus-server Database/Database.cs (<c>GetConversationsBetween</c> calls <c>InsertConversation</c>: <c>INSERT
/// INTO conversation ...</c>, then <c>INSERT INTO in_conversation ... VALUES (... LAST_INSERT_ID() ...)</c>, then selects
/// again); AndrijShwed/DataBase DataBase/Repositories/VillageRepository.cs (<c>INSERT INTO villages (name) VALUES
/// (@name); SELECT LAST_INSERT_ID()</c> in one string). Both in minimal form.
/// </remarks>
public class SelfContainedCalleeTests
{
    private const string Select = "SELECT id FROM conversation WHERE a = @a AND b = @b";
    private const string InsertConversation = "INSERT INTO conversation (id) VALUES (NULL)";
    private const string InsertMembers = "INSERT INTO in_conversation (conversation_id, email) VALUES (LAST_INSERT_ID(), @a), (LAST_INSERT_ID(), @b)";

    [Theory]
    [InlineData(Select, InsertConversation, InsertMembers, null)]
    [InlineData(Select, "SELECT COUNT(*) FROM villages", "INSERT INTO villages (name) VALUES (@a); SELECT LAST_INSERT_ID()", null)]
    [InlineData(Select, "SELECT COUNT(*) FROM conversation", InsertMembers, nameof(NoFixReason.CallsAnotherUnitSharingSessionState))]
    [InlineData("SELECT LAST_INSERT_ID()", InsertConversation, InsertMembers, nameof(NoFixReason.UnitsShareSessionState))]
    public async Task A_callee_reading_only_its_own_insert_keeps_the_per_use_fix(string callerSql, string firstSql, string secondSql, string? expected)
    {
        var source = Conversations.Replace("CALLER_SQL", callerSql, StringComparison.Ordinal)
            .Replace("FIRST_SQL", firstSql, StringComparison.Ordinal).Replace("SECOND_SQL", secondSql, StringComparison.Ordinal);
        var project = SnippetProject.Create(new[] { source }, LanguageVersion.Latest);
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var finding = Assert.Single(await HolderShapeCorpusTests.FindingsAsync(project, compilation),
            d => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan) == "Connection");
        var document = project.GetDocument(finding.Location.SourceTree)!;
        var member = (await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(document, finding, CancellationToken.None)).Single().Resolve(compilation)!;

        Assert.Equal(expected, (await GuardPlanner.PlanAsync(project, member, FixMode.ConnectionFactory, CancellationToken.None)).Reason?.ToString());
    }

    private const string Conversations = """
        using Dapper;
        using MySqlConnector;

        public static class Conversations
        {
            private static readonly MySqlConnection Connection = new MySqlConnection("Server=db");

            public static long Between(string a, string b)
            {
                var id = Connection.ExecuteScalar<long?>("SELECT id FROM conversation WHERE a = @a AND b = @b", new { a, b });
                if (id == null && Insert(a, b))
                {
                    id = Connection.ExecuteScalar<long?>("CALLER_SQL", new { a, b });
                }

                return id ?? 0;
            }

            public static bool Insert(string a, string b)
            {
                var count = Connection.Execute("FIRST_SQL");
                return count + Connection.Execute("SECOND_SQL", new { a, b }) == 3;
            }
        }
        """;
}
