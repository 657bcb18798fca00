using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Corpus;
using StaleConn.CodeFixes.Tests.Reasons;

namespace StaleConn.CodeFixes.Tests.Behaviour;

/// <summary>
/// A unit that reads the session's last generated id without inserting anything itself
/// (<c>Update Cliente set email_Verify = b'1' where last_insert_id()</c>) reads what another unit's insert left on the
/// shared connection. With a pooled connection per unit it reads its own session's (0 on a new one) and updates
/// nothing. Before, an <c>UPDATE</c> in the same text counted as the insert and the factory fix was accepted; now the
/// per-use fixes decline with <c>UnitsShareSessionState</c>, and the guard (one session) is still planned. A unit that
/// inserts and then reads the id keeps its per-use fix.
/// </summary>
/// <remarks>
/// jhonathanhenrique/Prof-Enildo@b25f128bc03e TCM/HeyBus-master/HeyBus/Connection/Conexao.cs,
/// Controllers/ClientesController.cs (<c>VerificacaoConta</c>) and Repository/RepositoryCliente.cs, in minimal form.
/// </remarks>
public class LastInsertIdAcrossUnitsTests
{
    [Theory]
    [InlineData("Update Cliente set email_Verify = b'1' where last_insert_id()", true)]
    [InlineData("Insert into Verificacao (id_Cliente) values (@id); Update Cliente set email_Verify = b'1' where id_Cliente = last_insert_id()", false)]
    public async Task A_unit_reading_an_id_it_did_not_insert_declines_the_per_use_fixes(string verifySql, bool declines)
    {
        var project = SnippetProject.Create(new[] { HeyBus.Replace("VERIFY_SQL", verifySql, StringComparison.Ordinal) }, LanguageVersion.Latest);
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var finding = Assert.Single(await HolderShapeCorpusTests.FindingsAsync(project, compilation),
            d => d.Id == "SC0001" && d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan) == "conexao");
        var document = project.GetDocument(finding.Location.SourceTree)!;
        var member = (await GuardWithConnectionGuardCodeFixProvider.TargetsAsync(document, finding, CancellationToken.None)).Single().Resolve(compilation)!;

        var factory = (await GuardPlanner.PlanAsync(project, member, FixMode.ConnectionFactory, CancellationToken.None)).Reason;
        Assert.Equal(declines ? NoFixReason.UnitsShareSessionState : null, factory);
        Assert.Null((await GuardPlanner.PlanAsync(project, member, FixMode.Guard, CancellationToken.None)).Reason);
    }

    private const string HeyBus = """
        using MySql.Data.MySqlClient;

        namespace HeyBus
        {
            public class Conexao
            {
                public static MySqlConnection conexao = new MySqlConnection("server=localhost;database=heybus;uid=heybus;pwd=heybus");

                public bool abrirConexao()
                {
                    if (conexao.State == System.Data.ConnectionState.Closed)
                        conexao.Open();
                    return true;
                }
            }

            public class RepositoryCliente
            {
                private readonly Conexao conn = new Conexao();

                public void Cadastrar(string email)
                {
                    conn.abrirConexao();
                    using (var cmd = new MySqlCommand("Insert into Cliente (email_Cliente) values (@email)", Conexao.conexao))
                    {
                        cmd.Parameters.AddWithValue("@email", email);
                        cmd.ExecuteNonQuery();
                    }
                }
            }

            public class ClientesController
            {
                private readonly Conexao conn = new Conexao();

                public void VerificacaoConta(int id)
                {
                    conn.abrirConexao();
                    using (var cmd = new MySqlCommand("VERIFY_SQL", Conexao.conexao))
                    {
                        cmd.Parameters.AddWithValue("@id", id);
                        cmd.ExecuteNonQuery();
                    }
                }
            }
        }
        """;
}
