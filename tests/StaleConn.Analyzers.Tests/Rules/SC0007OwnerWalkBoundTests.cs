using System.Linq;
using Verify = StaleConn.Analyzers.Tests.Infrastructure.AnalyzerVerifier<StaleConn.Analyzers.Rules.HeldByLongLivedOwnerAnalyzer>;

namespace StaleConn.Analyzers.Tests.Rules;

/// <summary>
/// SC0007's bound on the owners one holder's walk visits (48, the holder included): a holder kept by many plain owners,
/// each kept in a static, is reported while the walk fits and silent once it needs one owner more. A walk cut short
/// proves nothing, so past the bound the rule stays silent rather than search a wide graph.
/// </summary>
public class SC0007OwnerWalkBoundTests
{
    /// <summary>The holder, and <paramref name="owners"/> plain classes that each keep one; each owner kept by a static field of <c>Registry</c>.</summary>
    private static string Source(int owners) => $$"""
        using MySqlConnector;

        public class Table
        {
            public MySqlConnection {|#0:Connection|} = new MySqlConnection("Server=db");
        }

        public static class Registry
        {
        {{string.Join("\n", Enumerable.Range(1, owners).Select(i => i == 1 ? $"    public static Owner1 {{|#1:Kept1|}} = new Owner1();" : $"    public static Owner{i} Kept{i} = new Owner{i}();"))}}
        }

        {{string.Join("\n\n", Enumerable.Range(1, owners).Select(i => $"public class Owner{i}\n{{\n    private readonly Table _table = new Table();\n\n    public int Count() => _table.Connection.State == System.Data.ConnectionState.Open ? 1 : 0;\n}}"))}}
        """;

    [Fact]
    public Task Holder_whose_walk_visits_exactly_the_bound_of_48_owners_is_reported() => Verify.VerifyAsync(
        Source(owners: 47), // the holder and its 47 owners: 48 visits
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments(
            "Field", "Connection", "Table",
            "static field 'Kept1' of 'Registry' (it keeps the 'Owner1', then 'Owner1' keeps the 'Table' in field '_table'); a static lives as long as the process"));

    [Fact]
    public Task Holder_whose_walk_needs_one_owner_past_the_bound_is_not_reported() => Verify.VerifyAsync(
        Source(owners: 48)); // 49 visits: the 48th owner is not read, so the walk proves nothing
}
