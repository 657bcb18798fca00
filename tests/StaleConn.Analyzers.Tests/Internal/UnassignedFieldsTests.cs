using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StaleConn.Analyzers.Internal;
using StaleConn.Analyzers.Tests.Infrastructure;

namespace StaleConn.Analyzers.Tests.Internal;

/// <summary>
/// Whether a private connection field is ever assigned, read from where its type's text spells the field's name rather
/// than from every token of the type: the same verdicts, including names the text spells otherwise (a Unicode escape,
/// a formatting character the compiler drops from the name), which are read token by token.
/// </summary>
public class UnassignedFieldsTests
{
    private static IFieldSymbol Field(string source, string typeName, string fieldName)
    {
        var compilation = CSharpCompilation.Create(
            "Unassigned",
            new[] { CSharpSyntaxTree.ParseText(source) },
            TestReferences.Net80WithProviders,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        return compilation.GetTypeByMetadataName(typeName)!.GetMembers(fieldName).OfType<IFieldSymbol>().Single();
    }

    private static (bool NeverAssigned, int ReadWhole) Ask(IFieldSymbol field)
    {
        var before = UnassignedFields.DeclarationsReadWhole;
        var neverAssigned = UnassignedFields.IsNeverAssigned(field, CancellationToken.None);
        return (neverAssigned, UnassignedFields.DeclarationsReadWhole - before);
    }

    // A Web Forms page as ashchau/MasterCode writes it (Searchbox/DropdownwithCheckbox.aspx.cs): `SqlConnection con;`,
    // assigned in the handlers; the name also stands in comments, strings and longer names.
    private const string AssignedPage = """
        using Microsoft.Data.SqlClient;
        public partial class DropdownwithCheckbox
        {
            SqlConnection con;
            SqlConnection connection2;
            string constr = "con = ";
            protected void Save(object sender, System.EventArgs e)
            {
                con = new SqlConnection(constr);
                con.Open();
                con.Close();
                // con = null;
            }
        }
        """;

    [Fact]
    public void A_field_assigned_in_a_handler_is_found_from_the_text_without_reading_every_token()
    {
        var (neverAssigned, readWhole) = Ask(Field(AssignedPage, "DropdownwithCheckbox", "con"));

        Assert.False(neverAssigned);
        Assert.Equal(0, readWhole);
    }

    [Fact]
    public void A_field_only_read_and_named_in_comments_and_strings_is_never_assigned()
    {
        // Mehrbod-MK/ComputerTNB_ClassMgr_Bot, DBMgr.sql_Connection: kept after every method came to open its own.
        var field = Field("""
            using Microsoft.Data.SqlClient;
            public class DBMgr
            {
                private SqlConnection sql_Connection;
                private string text = "sql_Connection = new SqlConnection()";
                // sql_Connection = new SqlConnection(connectionString);
                public bool IsOpen => sql_Connection != null && sql_Connection.State == System.Data.ConnectionState.Open;
                public void Use(SqlConnection sql_Connection_copy) { var sql_Connection2 = sql_Connection_copy; }
            }
            """, "DBMgr", "sql_Connection");

        var (neverAssigned, readWhole) = Ask(field);

        Assert.True(neverAssigned);
        Assert.Equal(0, readWhole);
    }

    [Fact]
    public void A_verbatim_name_assigned_is_found_by_the_text_search()
    {
        var field = Field("""
            using Microsoft.Data.SqlClient;
            public class Holder
            {
                private SqlConnection con;
                public void Open(string text) { @con = new SqlConnection(text); }
            }
            """, "Holder", "con");

        Assert.Equal((false, 0), Ask(field));
    }

    [Theory]
    [InlineData("\\u0063on")]       // a Unicode escape spells "con"
    [InlineData("c\u200Bon")]       // a zero-width space inside the name, which the compiler leaves out of its value
    public void A_name_spelled_otherwise_is_read_token_by_token(string spelled)
    {
        var field = Field($$"""
            using Microsoft.Data.SqlClient;
            public class Holder
            {
                private SqlConnection con;
                public void Open(string text) { {{spelled}} = new SqlConnection(text); }
            }
            """, "Holder", "con");

        Assert.Equal((false, 1), Ask(field));
    }
}
