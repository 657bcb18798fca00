using VerifyHeld = StaleConn.Analyzers.Tests.Infrastructure.AnalyzerVerifier<StaleConn.Analyzers.Rules.HeldByLongLivedOwnerAnalyzer>;
using VerifyStatic = StaleConn.Analyzers.Tests.Infrastructure.AnalyzerVerifier<StaleConn.Analyzers.Rules.StaticConnectionAnalyzer>;

namespace StaleConn.Analyzers.Tests.FieldTests;

/// <summary>
/// SC0001 and SC0007 on a member given a new connection before each use (<c>baglanti = new SqlConnection(cs);
/// baglanti.Open(); return baglanti;</c> per query): the old one is leaked, never reused, so the member keeps no
/// connection from one use to the next and none goes stale. Each real variant is also read with the one change that
/// makes it keep a connection (created once, in a constructor or only when null, or reused on every turn of a loop):
/// that stays a finding.
/// </summary>
public class RenewedBeforeEachUseTests
{
    /// <summary>The shape of System.Windows.Forms' Form and Application (no Windows Forms reference in the snippets).</summary>
    private const string WindowsForms = """

        namespace System.Windows.Forms
        {
            public class Form { }

            public static class Application
            {
                public static void Run(Form mainForm) { }
            }
        }
        """;

    private const string MainFormReason = "the message loop runs it until the application exits";

    /// <summary>
    /// Real: Muratkscnn/Wissen (commit 58f178fe), c#/KutuphaneProjesi/KutuphaneProjesi/Veritabani.cs and FormKutuphane.cs:
    /// the main form keeps a Veritabani whose baglan() assigns and opens a new connection for every query.
    /// </summary>
    private const string Veritabani = """
        using System.Data;
        using System.Data.SqlClient;
        using System.Windows.Forms;

        namespace KutuphaneProjesi
        {
            KEEPER

            class Veritabani
            {
                SqlConnection {|#0:baglanti|};
                SqlCommand komut;
                SqlDataAdapter adaptor;
                DataTable dt;

                public SqlConnection baglan()
                {
                    RENEWAL
                    if (baglanti.State == ConnectionState.Closed)
                    {
                        baglanti.Open();
                    }
                    return baglanti;
                }

                public void Kapat()
                {
                    if (baglanti.State == ConnectionState.Open)
                    {
                        baglanti.Close();
                    }
                }

                public DataTable KayitListele(string sorguCumlesi)
                {
                    adaptor = new SqlDataAdapter(sorguCumlesi, baglan());
                    dt = new DataTable();
                    adaptor.Fill(dt);
                    return dt;
                }

                public void Islem(string sorguCumlesi, string turAd)
                {
                    komut = new SqlCommand(sorguCumlesi, USE);
                    komut.Parameters.AddWithValue("@turAd", turAd);
                    komut.ExecuteNonQuery();
                    baglanti.Close();
                }
            }
        }
        """;

    private const string MainFormKeeper = """
        static class Program
        {
            static void Main() => {|#1:Application.Run(new FormKutuphane())|};
        }

        public class FormKutuphane : Form
        {
            Veritabani vt = new Veritabani();

            private void btnTurEkle_Click(object sender, System.EventArgs e) => vt.Islem("INSERT INTO tblTurler VALUES(@turAd)", "roman");

            private void FormKutuphane_Load(object sender, System.EventArgs e) => vt.KayitListele("SELECT * FROM tblTurler");
        }
        """;

    /// <summary>A static that keeps the same class for the process (this test's; the class is Muratkscnn/Wissen's).</summary>
    private const string StaticKeeper = """
        static class Program
        {
            internal static Veritabani {|#1:Vt|} = new Veritabani();

            static void Main() => Vt.KayitListele("SELECT * FROM tblTurler");
        }
        """;

    private const string VeritabaniRenewal = """baglanti = new SqlConnection(@"Server=DESKTOP-8M7D7GE\SQLEXPRESS; Database=sKutuphane;user=sa;pwd=123;");""";

    [Fact]
    public Task Main_form_wrapper_that_renews_its_connection_per_query_is_not_reported() => VerifyHeld.VerifyAsync(
        Veritabani.Replace("KEEPER", MainFormKeeper).Replace("{|#0:baglanti|}", "baglanti").Replace("{|#1:", string.Empty).Replace(")|};", ");")
            .Replace("RENEWAL", VeritabaniRenewal).Replace("USE", "baglan()") + WindowsForms);

    [Fact]
    public Task Main_form_wrapper_whose_query_reuses_the_connection_without_renewing_it_is_reported() => VerifyHeld.VerifyAsync(
        // The same class, with Islem handing the member itself to its command: the connection the last baglan() made
        // (the Load handler's list) is reused by every later click.
        Veritabani.Replace("KEEPER", MainFormKeeper).Replace("RENEWAL", VeritabaniRenewal).Replace("USE", "baglanti") + WindowsForms,
        VerifyHeld.Diagnostic().WithLocation(0).WithLocation(1).WithArguments(
            "Field", "baglanti", "Veritabani",
            $"the application's main form ('FormKutuphane' is handed to 'Application.Run' in 'Main', then 'FormKutuphane' keeps the 'Veritabani' in field 'vt'); {MainFormReason}"));

    [Fact]
    public Task Main_form_wrapper_that_creates_its_connection_only_when_null_is_reported() => VerifyHeld.VerifyAsync(
        // The renewal made conditional (Soulittude/StokOtomasyon's Data/Connection.cs shape): one connection for the
        // form's whole life.
        Veritabani.Replace("KEEPER", MainFormKeeper).Replace("RENEWAL", "if (baglanti == null) " + VeritabaniRenewal).Replace("USE", "baglan()") + WindowsForms,
        VerifyHeld.Diagnostic().WithLocation(0).WithLocation(1).WithArguments(
            "Field", "baglanti", "Veritabani",
            $"the application's main form ('FormKutuphane' is handed to 'Application.Run' in 'Main', then 'FormKutuphane' keeps the 'Veritabani' in field 'vt'); {MainFormReason}"));

    [Fact]
    public Task Static_that_keeps_a_wrapper_renewing_its_connection_per_query_is_not_reported() => VerifyStatic.VerifyAsync(
        Veritabani.Replace("KEEPER", StaticKeeper).Replace("{|#0:baglanti|}", "baglanti").Replace("{|#1:Vt|}", "Vt")
            .Replace("RENEWAL", VeritabaniRenewal).Replace("USE", "baglan()") + WindowsForms);

    [Fact]
    public Task Static_that_keeps_a_wrapper_reusing_its_connection_is_reported_through_it() => VerifyStatic.VerifyAsync(
        Veritabani.Replace("KEEPER", StaticKeeper).Replace("RENEWAL", VeritabaniRenewal).Replace("USE", "baglanti") + WindowsForms,
        VerifyStatic.Diagnostic().WithLocation(1).WithLocation(0).WithArguments("field", "Vt", "Veritabani (through its field 'baglanti')"));

    /// <summary>
    /// Real: NPS-Dive/ASPdotNet_SQL_ADO, App_Source/SqlConnection/SqlCon.cs: OpenCon() assigns and opens a new connection,
    /// CloseCon() closes whatever it holds. The main form that keeps it is this test's.
    /// </summary>
    private const string SqlCon = """
        using System;
        using System.Data;
        using System.Data.SqlClient;
        using System.Windows.Forms;

        static class Program
        {
            static void Main() => {|#1:Application.Run(new MainForm())|};
        }

        public class MainForm : Form
        {
            private readonly SqlCon sql = new SqlCon();

            private void Save_Click(object sender, EventArgs e)
            {
                var command = new SqlCommand("UPDATE Stock SET Count = Count - 1", sql.OpenCon());
                command.ExecuteNonQuery();
            }
        }

        public class SqlCon
        {
            private String StrCon = "Server=.;Database=Shop;Integrated Security=true";
            private SqlConnection {|#0:Con|};

            CONSTRUCTOR

            public SqlConnection OpenCon()
            {
                RENEWAL
                Con.Open();
                return Con;
            }

            public void CloseCon()
            {
                if (Con != null)
                {
                    if (Con.State == ConnectionState.Open)
                    {
                        Con.Close();
                    }
                }
            }
        }
        """;

    [Fact]
    public Task Wrapper_whose_open_method_renews_the_connection_is_not_reported() => VerifyHeld.VerifyAsync(
        SqlCon.Replace("{|#0:Con|}", "Con").Replace("{|#1:", string.Empty).Replace(")|};", ");")
            .Replace("CONSTRUCTOR", string.Empty).Replace("RENEWAL", "Con = new SqlConnection(StrCon);") + WindowsForms);

    [Fact]
    public Task Wrapper_whose_constructor_creates_the_connection_its_open_method_reuses_is_reported() => VerifyHeld.VerifyAsync(
        // The creation moved to the constructor: OpenCon() reopens the one connection the form keeps.
        SqlCon.Replace("CONSTRUCTOR", "public SqlCon() { Con = new SqlConnection(StrCon); }").Replace("RENEWAL", string.Empty) + WindowsForms,
        VerifyHeld.Diagnostic().WithLocation(0).WithLocation(1).WithArguments(
            "Field", "Con", "SqlCon",
            $"the application's main form ('MainForm' is handed to 'Application.Run' in 'Main', then 'MainForm' keeps the 'SqlCon' in field 'sql'); {MainFormReason}"));

    /// <summary>
    /// Real: marianyrocha/CadastrarLivros (commit d8f1fed2), Conexao.cs and dao/LivroDAO.cs; JEAN-CARLOS2/TRABALHO-DE-CRUD,
    /// CRUD_SERVICOS/Conexao.cs, is the same class with a catch that throws. Every DAO method runs
    /// <c>new MySqlCommand(sql, Conexao.Conectar())</c> and ends with <c>Conexao.FecharConexao()</c>.
    /// </summary>
    private const string Conexao = """
        using System;
        using MySql.Data.MySqlClient;

        public static class Conexao
        {
            static MySqlConnection {|#0:conexao|};

            STATIC_CONSTRUCTOR

            public static MySqlConnection Conectar()
            {
                try
                {
                    string stgconexao = "server=localhost;uid=root;pwd=123456;database=Biblioteca";
                    RENEWAL
                    conexao.Open();
                }
                catch (Exception ex)
                {
                    Console.WriteLine($"Erro ao realizar a conexão com a base de dados: {ex.Message}");
                }
                return conexao;
            }

            public static void FecharConexao()
            {
                conexao.Close();
            }
        }

        public class LivroDAO
        {
            public void Excluir(int id)
            {
                try
                {
                    MySqlCommand comando = new MySqlCommand("DELETE FROM livro WHERE id = @id", Conexao.Conectar());
                    comando.Parameters.AddWithValue("@id", id);
                    comando.ExecuteNonQuery();
                }
                finally
                {
                    Conexao.FecharConexao();
                }
            }
        }
        """;

    [Fact]
    public Task Static_renewed_in_each_call_of_its_open_method_is_not_reported() => VerifyStatic.VerifyAsync(
        Conexao.Replace("{|#0:conexao|}", "conexao").Replace("STATIC_CONSTRUCTOR", string.Empty)
            .Replace("RENEWAL", "conexao = new MySqlConnection(stgconexao);"));

    [Fact]
    public Task Static_created_once_and_reopened_by_the_same_method_is_reported() => VerifyStatic.VerifyAsync(
        // The creation moved to the static constructor: every caller shares the one connection.
        Conexao.Replace("STATIC_CONSTRUCTOR", """static Conexao() { conexao = new MySqlConnection("server=localhost;database=Biblioteca"); }""")
            .Replace("RENEWAL", string.Empty),
        VerifyStatic.Diagnostic().WithLocation(0).WithArguments("field", "conexao", "MySqlConnection"));

    /// <summary>
    /// Real: thiagossconceicao1/atuliza-o-sistema-, ProjetoPI/Conexao.cs, and lndsilva/projetoCSharp-TransformeSe,
    /// ProjetoDataGridView/Conexao.cs (the same class): obterConexao() assigns a new connection, clears the member when
    /// Open() fails, and returns it.
    /// </summary>
    private const string ObterConexao = """
        using MySql.Data.MySqlClient;

        class Conexao
        {
            private static string connString = "Server=localhost;Port=3306;Database=dbAquiseulixo;Uid=AquiSeuLixo";
            private static MySqlConnection {|#0:conn|} = null;

            public static MySqlConnection obterConexao()
            {
                conn = new MySqlConnection(connString);
                try
                {
                    conn.Open();
                }
                catch (MySqlException)
                {
                    conn = null;
                }

                return conn;
            }

            public static void fecharConexao()
            {
                if (conn != null)
                {
                    conn.Close();
                }
            }

            LOOP
        }
        """;

    [Fact]
    public Task Static_renewed_and_cleared_on_failure_is_not_reported() => VerifyStatic.VerifyAsync(
        ObterConexao.Replace("{|#0:conn|}", "conn").Replace("LOOP", string.Empty));

    [Fact]
    public Task Static_renewed_once_before_a_loop_that_reuses_it_is_reported() => VerifyStatic.VerifyAsync(
        // A poller added to the same class: the renewal runs once, the loop reuses that connection on every turn.
        ObterConexao.Replace("LOOP", """
            public static void Poll()
            {
                conn = new MySqlConnection(connString);
                conn.Open();
                while (true)
                {
                    new MySqlCommand("SELECT 1", conn).ExecuteScalar();
                    System.Threading.Thread.Sleep(60000);
                }
            }
            """),
        VerifyStatic.Diagnostic().WithLocation(0).WithArguments("field", "conn", "MySqlConnection"));

    [Fact]
    public Task Static_renewed_once_and_handed_to_objects_it_keeps_is_reported() => VerifyStatic.VerifyAsync(
        // Real: valloon91234/Github2Telegram (commit 55afb307), Github2Telegram/Database.cs and Dao/GithubRepoDao.cs: Init()
        // renews the static, then hands it to DAOs kept in statics, which use it for every push. Renewed before its one
        // use, but that use keeps it.
        """
        using MySql.Data.MySqlClient;

        public class GithubRepoDao
        {
            private MySqlConnection {|#2:Connection|} { get; set; }

            public GithubRepoDao(MySqlConnection connection)
            {
                this.Connection = connection;
            }

            public object Count()
            {
                using var cmd = new MySqlCommand("SELECT COUNT(*) FROM tbl_github_repo", Connection);
                return cmd.ExecuteScalar();
            }
        }

        internal class Database
        {
            public static MySqlConnection {|#0:Connection|} { get; set; }
            public static GithubRepoDao {|#1:GithubRepo|} { get; set; }

            public static void Init(string connectionString)
            {
                Connection = new(connectionString);
                Connection.Open();
                GithubRepo = new(Connection);
            }
        }
        """,
        VerifyStatic.Diagnostic().WithLocation(0).WithArguments("property", "Connection", "MySqlConnection"),
        VerifyStatic.Diagnostic().WithLocation(1).WithLocation(2).WithArguments("property", "GithubRepo", "GithubRepoDao (through its property 'Connection')"));

    [Fact]
    public Task Static_renewed_once_whose_command_is_kept_in_a_static_is_reported() => VerifyStatic.VerifyAsync(
        // Real: borossandor27/DataGridViewMysql, DataGridViewMysql/Program.cs and Form1.cs: Main renews the static and
        // keeps the command built over it in another static, which every form runs for the life of the program.
        """
        using MySql.Data.MySqlClient;

        static class Program
        {
            public static MySqlConnection {|#0:conn|} = null;
            public static MySqlCommand sql = null;

            static void Main()
            {
                conn = new MySqlConnection("Server=localhost;Database=tagdij;User ID=root");
                try
                {
                    conn.Open();
                    sql = conn.CreateCommand();
                }
                catch (MySqlException)
                {
                    return;
                }
            }
        }

        class Form1
        {
            void Load() => Program.sql.CommandText = "SELECT `azon`,`nev` FROM `ugyfel` ORDER BY `nev`;";
        }
        """,
        VerifyStatic.Diagnostic().WithLocation(0).WithArguments("field", "conn", "MySqlConnection"));
}
