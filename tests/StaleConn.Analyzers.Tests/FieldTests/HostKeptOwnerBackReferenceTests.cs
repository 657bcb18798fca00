using Verify = StaleConn.Analyzers.Tests.FieldTests.AllRulesVerifier;

namespace StaleConn.Analyzers.Tests.FieldTests;

/// <summary>
/// A window or service the host keeps (the form handed to <c>Application.Run</c>) may be referenced by the short-lived
/// windows it opens (<c>new Portal(db, this)</c>, kept in <c>mParent</c>): no site creates another instance, so such a
/// member holds the host's own instance, and its short-lived owner says nothing about that instance's life. Where the
/// main form is also created elsewhere, the members may hold other instances, and the rule stays silent.
/// </summary>
public class HostKeptOwnerBackReferenceTests
{
    /// <summary>The shape of System.Windows.Forms' Form, Application and MessageBox (no Windows Forms reference in the snippets).</summary>
    private const string WindowsForms = """

        namespace System.Windows.Forms
        {
            public class Form
            {
                public void Show() { }
                public void Hide() { }
                public void Close() { }
            }

            public static class Application
            {
                public static void EnableVisualStyles() { }
                public static void Run(Form mainForm) { }
            }

            public static class MessageBox
            {
                public static void Show(string text) { }
            }

            public class FormClosingEventArgs : EventArgs
            {
            }
        }
        """;

    [Fact]
    public Task Login_form_kept_by_the_message_loop_keeps_its_database_though_a_portal_refers_back_to_it() => Verify.VerifyAsync(
        """
        // Real: PianoRoKR/SCPDb@8d5b054460ca, Program.cs, frmLogin.cs, userPortal.cs, Classes/DBConnect.cs (MySql.Data
        // there): the login form builds DBConnect in Load, whose constructor opens the connection; each portal gets the
        // wrapper and the login form (mParent), shows it again on logout.
        using System;
        using System.Windows.Forms;
        using Npgsql;

        namespace SCPDb
        {
            static class Program
            {
                [STAThread]
                static void Main()
                {
                    Application.EnableVisualStyles();
                    {|#1:Application.Run(new frmLogin())|};
                }
            }

            public class DBConnect
            {
                private NpgsqlConnection {|#0:mConnection|};

                public DBConnect()
                {
                    mConnection = new NpgsqlConnection("SERVER=localhost;DATABASE=SCP_DB");
                    OpenConnection();
                }

                private bool OpenConnection()
                {
                    try
                    {
                        mConnection.Open();
                        return true;
                    }
                    catch (NpgsqlException ex)
                    {
                        MessageBox.Show(ex.Message);
                        return false;
                    }
                }

                public bool CloseAll()
                {
                    mConnection.Close();
                    return true;
                }

                public int SelectUID(int uid)
                {
                    using var command = new NpgsqlCommand("SELECT userID FROM Users WHERE userID = @uid", mConnection);
                    command.Parameters.AddWithValue("@uid", uid);
                    return Convert.ToInt32(command.ExecuteScalar());
                }
            }

            public partial class frmLogin : Form
            {
                DBConnect mDBConnect;

                private void btnLogin_Click(object sender, EventArgs e)
                {
                    if (mDBConnect.SelectUID(1) > 0)
                    {
                        userPortal portal = new userPortal(mDBConnect, this);
                        portal.Show();
                        Hide();
                    }
                }

                private void frmLogin_Load(object sender, EventArgs e)
                {
                    mDBConnect = new DBConnect();
                }

                private void frmLogin_FormClosing(object sender, FormClosingEventArgs e)
                {
                    mDBConnect.CloseAll();
                }
            }

            public partial class userPortal : Form
            {
                private DBConnect mDBConnect;
                public frmLogin mParent;

                public userPortal(DBConnect dbC, frmLogin parent)
                {
                    mDBConnect = dbC;
                    mParent = parent;
                }

                private void btnLogout_Click(object sender, EventArgs e)
                {
                    mParent.Show();
                    Close();
                }
            }
        }
        """ + WindowsForms,
        Verify.Diagnostic("SC0007").WithLocation(0).WithLocation(1).WithArguments(
            "Field", "mConnection", "DBConnect",
            "the application's main form ('frmLogin' is handed to 'Application.Run' in 'Main', then 'frmLogin' keeps the 'DBConnect' in field 'mDBConnect'); the message loop runs it until the application exits"));

    [Fact]
    public Task Login_form_created_again_on_logout_is_not_the_loop_s_alone() => Verify.VerifyAsync(
        """
        // Look-alike: PianoRoKR/SCPDb's forms, where logout builds a new login form (as jeremyDamey/PTOuatelseV2's
        // Connecte.cs and Accueil.cs do, `new Connexion()`) instead of showing mParent: a login form, and the
        // wrapper it builds in Load, then live per sign-in, not for the application.
        using System;
        using System.Windows.Forms;
        using Npgsql;

        namespace SCPDb
        {
            static class Program
            {
                [STAThread]
                static void Main()
                {
                    Application.Run(new frmLogin());
                }
            }

            public class DBConnect
            {
                private NpgsqlConnection mConnection;

                public DBConnect()
                {
                    mConnection = new NpgsqlConnection("SERVER=localhost;DATABASE=SCP_DB");
                    mConnection.Open();
                }

                public int SelectUID(int uid)
                {
                    using var command = new NpgsqlCommand("SELECT userID FROM Users WHERE userID = @uid", mConnection);
                    command.Parameters.AddWithValue("@uid", uid);
                    return Convert.ToInt32(command.ExecuteScalar());
                }
            }

            public partial class frmLogin : Form
            {
                DBConnect mDBConnect;

                private void btnLogin_Click(object sender, EventArgs e)
                {
                    if (mDBConnect.SelectUID(1) > 0)
                    {
                        new userPortal(mDBConnect, this).Show();
                        Hide();
                    }
                }

                private void frmLogin_Load(object sender, EventArgs e)
                {
                    mDBConnect = new DBConnect();
                }
            }

            public partial class userPortal : Form
            {
                private DBConnect mDBConnect;
                public frmLogin mParent;

                public userPortal(DBConnect dbC, frmLogin parent)
                {
                    mDBConnect = dbC;
                    mParent = parent;
                }

                private void btnLogout_Click(object sender, EventArgs e)
                {
                    new frmLogin().Show();
                    Close();
                }
            }
        }
        """ + WindowsForms);
}
