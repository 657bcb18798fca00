using Verify = StaleConn.Analyzers.Tests.Infrastructure.AnalyzerVerifier<StaleConn.Analyzers.Rules.HeldByLongLivedOwnerAnalyzer>;

namespace StaleConn.Analyzers.Tests.FieldTests;

/// <summary>
/// SC0007 on the WinForms main form: the form handed to <c>Application.Run</c> in a static <c>Main</c> lives until the
/// application exits, so a connection it opens once and keeps across clicks goes stale on an idle desktop. Silent where
/// the form opens and closes it per click, where the form is also created per use, or where <c>Application</c> is not
/// Windows Forms'.
/// </summary>
public class MainFormConnectionTests
{
    /// <summary>The shape of System.Windows.Forms' Form and Application (no Windows Forms reference in the snippets).</summary>
    private const string WindowsForms = """

        namespace System.Windows.Forms
        {
            public class Form
            {
                public void ShowDialog() { }
            }

            public static class Application
            {
                public static void EnableVisualStyles() { }
                public static void Run(Form mainForm) { }
            }
        }
        """;

    private const string Reason = "the message loop runs it until the application exits";

    [Fact]
    public Task Main_form_that_opens_its_connection_on_load_is_reported() => Verify.VerifyAsync(
        """
        // Real: GlebKabaev/C_app (commit f3522565), rabota2/Form1.cs and rabota2/Program.cs: the main form opens an
        // Npgsql connection in its Load handler and hands it to every child form it shows.
        using System;
        using System.Windows.Forms;
        using Npgsql;

        namespace rabota2
        {
            internal static class Program
            {
                [STAThread]
                static void Main()
                {
                    {|#1:Application.Run(new Form1())|};
                }
            }

            public partial class Form1 : Form
            {
                public NpgsqlConnection {|#0:con|};

                public void MyLoad()
                {
                    con = new NpgsqlConnection("Server=localhost;Port=5432;Database=KabaevDatabase");
                    con.Open();
                }

                private void Form1_Load(object sender, EventArgs e) => MyLoad();

                private void StripMenu_Items_Click(object sender, EventArgs e)
                {
                    using var command = new NpgsqlCommand("SELECT * FROM product", con);
                    command.ExecuteReader();
                }
            }
        }
        """ + WindowsForms,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments(
            "Field", "con", "Form1",
            $"the application's main form ('Form1' is handed to 'Application.Run' in 'Main'); {Reason}"));

    [Fact]
    public Task Main_form_run_from_a_local_is_reported() => Verify.VerifyAsync(
        """
        // Real: AndreyIstom1n/University (commit 94263500), Library/Istomin/WindowsFormsApp1/WindowsFormsApp1/main.cs and
        // Program.cs: the main form opens its connection in main_Load; here Main runs it through a local.
        using System;
        using System.Windows.Forms;
        using Npgsql;

        namespace WindowsFormsApp1
        {
            internal static class Program
            {
                [STAThread]
                static void Main()
                {
                    Application.EnableVisualStyles();
                    var form = new main();
                    {|#1:Application.Run(form)|};
                }
            }

            public partial class main : Form
            {
                public NpgsqlConnection {|#0:con|};

                private void main_Load(object sender, EventArgs e)
                {
                    con = new NpgsqlConnection("Server=localhost;Port=5432;Database=school");
                    con.Open();
                }
            }
        }
        """ + WindowsForms,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments(
            "Field", "con", "main",
            $"the application's main form ('main' is handed to 'Application.Run' in 'Main'); {Reason}"));

    [Fact]
    public Task Class_kept_by_the_main_form_is_reported_through_it() => Verify.VerifyAsync(
        """
        // Real: fxanhkhoa/RFID_DOOR_Software, RFID_DOOR_APP/RFID_DOOR_APP/FormMain.cs: the door controller's main form
        // keeps a DOOR_CHECK, whose SQL wrapper opens its connection once and serves every card read.
        using System;
        using System.Windows.Forms;
        using MySql.Data.MySqlClient;

        namespace RFID_DOOR_APP
        {
            static class Program
            {
                [STAThread]
                static void Main() => {|#1:Application.Run(new FormMain())|};
            }

            public class DOOR_CHECK
            {
                private MySqlConnection {|#0:conn|};

                public void Connect()
                {
                    conn = new MySqlConnection("Server=localhost;Database=door");
                    conn.Open();
                }
            }

            public partial class FormMain : Form
            {
                DOOR_CHECK _door_check = new DOOR_CHECK();
            }
        }
        """ + WindowsForms,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments(
            "Field", "conn", "DOOR_CHECK",
            $"the application's main form ('FormMain' is handed to 'Application.Run' in 'Main', then 'FormMain' keeps the 'DOOR_CHECK' in field '_door_check'); {Reason}"));

    [Fact]
    public Task Main_form_that_opens_and_closes_its_connection_per_click_is_not_reported() => Verify.VerifyAsync(
        """
        using System;
        using System.Windows.Forms;
        using Npgsql;

        internal static class Program
        {
            static void Main() => Application.Run(new MainForm());
        }

        public class MainForm : Form
        {
            private readonly NpgsqlConnection con = new NpgsqlConnection("Server=localhost;Database=school");

            private void Save_Click(object sender, EventArgs e)
            {
                con.Open();
                try
                {
                    using var command = new NpgsqlCommand("UPDATE pupils SET grade = 5", con);
                    command.ExecuteNonQuery();
                }
                finally
                {
                    con.Close();
                }
            }
        }
        """ + WindowsForms);

    [Fact]
    public Task Main_form_that_creates_opens_and_closes_its_connection_per_click_is_not_reported() => Verify.VerifyAsync(
        """
        // Real: Muratkscnn/Wissen, c#/Form02_SQL/Form02_SQL/Form4.cs: the login form Application.Run starts creates,
        // opens and closes its connection on every login click (no finally: an exception fails loudly, not stale).
        using System;
        using System.Data.SqlClient;
        using System.Windows.Forms;

        namespace Form02_SQL
        {
            internal static class Program
            {
                static void Main() => Application.Run(new Form4());
            }

            public partial class Form4 : Form
            {
                SqlConnection baglanti = null;
                SqlCommand komut;
                string baglantiCumlesi = @"Server=.\SQLEXPRESS; Database=Sirket10";

                void login()
                {
                    baglanti = new SqlConnection(baglantiCumlesi);
                    komut = new SqlCommand("SELECT * FROM tblUsers", baglanti);
                    baglanti.Open();
                    var dr = komut.ExecuteReader();
                    dr.Read();
                    baglanti.Close();
                }

                private void btnLogin_Click(object sender, EventArgs e) => login();
            }
        }
        """ + WindowsForms);

    [Fact]
    public Task Class_kept_by_the_main_form_that_closes_after_each_query_is_not_reported() => Verify.VerifyAsync(
        """
        // Real: Muratkscnn/Wissen, c#/KutuphaneProjesi/KutuphaneProjesi/Veritabani.cs and FormKutuphane.cs: the main
        // form keeps a Veritabani whose baglan() opens the connection and whose Islem closes it after each query (the real
        // class also has KayitListele, which never closes it, and stays reported).
        using System;
        using System.Data;
        using System.Data.SqlClient;
        using System.Windows.Forms;

        namespace KutuphaneProjesi
        {
            internal static class Program
            {
                static void Main() => Application.Run(new FormKutuphane());
            }

            class Veritabani
            {
                SqlConnection baglanti;
                SqlCommand komut;

                public SqlConnection baglan()
                {
                    baglanti = new SqlConnection(@"Server=.\SQLEXPRESS; Database=sKutuphane");
                    if (baglanti.State == ConnectionState.Closed)
                    {
                        baglanti.Open();
                    }

                    return baglanti;
                }

                public void Islem(string sorguCumlesi)
                {
                    komut = new SqlCommand(sorguCumlesi, baglan());
                    komut.ExecuteNonQuery();
                    baglanti.Close();
                }
            }

            public partial class FormKutuphane : Form
            {
                Veritabani vt = new Veritabani();

                private void btnEkle_Click(object sender, EventArgs e) => vt.Islem("INSERT INTO tblTur VALUES ('roman')");
            }
        }
        """ + WindowsForms);

    [Fact]
    public Task Form_also_shown_per_use_is_not_reported() => Verify.VerifyAsync(
        """
        using System;
        using System.Windows.Forms;
        using Npgsql;

        internal static class Program
        {
            static void Main() => Application.Run(new Orders());
        }

        public class Orders : Form
        {
            public NpgsqlConnection con;

            private void Orders_Load(object sender, EventArgs e)
            {
                con = new NpgsqlConnection("Server=localhost;Database=shop");
                con.Open();
            }

            private void Duplicate_Click(object sender, EventArgs e)
            {
                var copy = new Orders();
                copy.ShowDialog();
            }
        }
        """ + WindowsForms);

    [Fact]
    public Task Form_run_by_a_class_of_the_program_named_application_is_not_reported() => Verify.VerifyAsync(
        """
        using Npgsql;

        namespace Shop
        {
            public static class Application
            {
                public static void Run(Report report) => report.Print();
            }

            internal static class Program
            {
                static void Main() => Application.Run(new Report());
            }

            public class Report
            {
                public NpgsqlConnection con = new NpgsqlConnection("Server=localhost;Database=shop");

                public void Print() => con.Open();
            }
        }
        """);

    [Fact]
    public Task Form_run_outside_main_is_not_reported() => Verify.VerifyAsync(
        """
        using System.Windows.Forms;
        using Npgsql;

        public class Launcher
        {
            public void Start() => Application.Run(new Settings());
        }

        public class Settings : Form
        {
            public NpgsqlConnection con = new NpgsqlConnection("Server=localhost;Database=shop");

            public void Load() => con.Open();
        }
        """ + WindowsForms);
}
