using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StaleConn.CodeFixes.Guarding.Planning;
using Xunit;

namespace StaleConn.CodeFixes.Tests.Behaviour;

/// <summary>
/// <see cref="SessionState.ChangesDatabase"/> counts a <c>ChangeDatabase</c> only on the held connection. Shaped on
/// UhuruSoftware/vcap-dotnet (f15) src/Uhuru.CloudFoundry.MsSqlService/Node.cs: a unit creates a login over the kept
/// <c>this.connection</c> and switches the database of a local <c>SqlConnection</c> of its own, which leaves nothing
/// for the other units; the per-use fix stays offered there.
/// </summary>
public class ChangeDatabaseReceiverTests
{
    private const string Source = """
        using System.Data.SqlClient;

        public class Node
        {
            private SqlConnection connection;
            private string ConnectionString = "Server=db";

            public void CreateLogin(string name)
            {
                using (var create = new SqlCommand("CREATE LOGIN x", this.connection))
                {
                    create.ExecuteNonQuery();
                }

                using (var databaseConnection = new SqlConnection(this.ConnectionString))
                {
                    databaseConnection.Open();
                    databaseConnection.ChangeDatabase(name);
                }
            }

            public void Switch(string name)
            {
                this.connection.ChangeDatabase(name);
            }
        }
        """;

    [Theory]
    [InlineData("CreateLogin", false)]
    [InlineData("Switch", true)]
    public void Only_a_switch_of_the_held_connection_counts(string unitName, bool expected)
    {
        var root = CSharpSyntaxTree.ParseText(Source).GetRoot();
        var unit = root.DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == unitName);
        var uses = unit.DescendantNodes().OfType<MemberAccessExpressionSyntax>()
            .Where(m => m.Expression is ThisExpressionSyntax && m.Name.Identifier.ValueText == "connection")
            .Cast<ExpressionSyntax>()
            .ToList();

        Assert.NotEmpty(uses);
        Assert.Equal(expected, SessionState.ChangesDatabase(unit, uses));
    }
}
