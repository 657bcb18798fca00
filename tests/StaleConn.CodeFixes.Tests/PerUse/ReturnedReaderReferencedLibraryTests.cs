using Microsoft.CodeAnalysis.CSharp;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Reasons;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// A helper that returns a reader, in a library project another project of the solution references: the per-use fix
/// hands the connection to the reader and gives this project's closing callers a <c>using</c>. A referencing project's
/// caller would get none (the fix edits one project), so the fix declines only when such a caller exists — as a member
/// another project names (<c>UsedFromAnotherProject</c>) — not because some project references the library at all.
/// </summary>
public class ReturnedReaderReferencedLibraryTests
{
    /// <summary>
    /// Masterikis/botlucasgassiot@209596b: MelenchBot-DataBase/DataBase/DBConnection.cs (the StackOverflow singleton,
    /// <c>IsConnect()</c> builds and opens the member), DBCommunication.cs (<c>protected MySqlDataReader
    /// executeQuery(string)</c> in a public abstract class), DBUserCommunication.cs and DBStatusCommunication.cs (<c>var
    /// reader = this.executeQuery(query); while (reader != null &amp;&amp; reader.Read()) ...; if (reader != null)
    /// reader.Close();</c>); the bot project MelenchBot references the library and only calls the derived classes'
    /// public methods. Declined with <c>ReaderNotDisposedByCaller</c> before stop 37 because the bot references the library.
    /// </summary>
    [Fact]
    public async Task A_protected_reader_helper_of_a_referenced_library_is_fixed_when_no_other_project_calls_it()
    {
        Assert.Empty(await NotFixedAsync(Library, ConsumerCallingPublicMethods));
    }

    /// <summary>
    /// The same library with a derived class in the referencing project that reads <c>executeQuery</c>'s reader (the
    /// shape of the library's own derived classes, moved to the bot): its caller would not be given a <c>using</c>.
    /// </summary>
    [Fact]
    public async Task A_reader_helper_another_project_calls_still_declines()
    {
        Assert.Equal(NoFixReason.ReaderNotDisposedByCaller, Assert.Single(await NotFixedAsync(Library, ConsumerDerivingAndReading)));
    }

    /// <summary>
    /// The same library with the derived class in the referencing project closing the reader as the library's own do:
    /// the fix spans both projects and gives that caller its <c>using</c> too (stop 41, declined before).
    /// </summary>
    [Fact]
    public async Task A_reader_helper_another_project_calls_and_closes_is_fixed_there_too()
    {
        var (project, targets) = await SnippetProject.HolderFindingAsync(Library, LanguageVersion.CSharp7_3, new[] { ConsumerDerivingAndClosing });
        var (after, notFixed) = await ConnectionGuardFix.GuardEachAsync(project.Solution, targets, FixMode.ConnectionFactory, CancellationToken.None);

        Assert.Empty(notFixed);
        var consumer = after.Projects.Single(p => p.Name == "Consumer");
        var text = (await consumer.Documents.First().GetTextAsync()).ToString();
        Assert.True(text.Contains("using (var reader = this.executeQuery(\"SELECT warning_id FROM melenchbot_warning\"))"), text);
        Assert.Empty(SnippetProject.CompilerProblems((await consumer.GetCompilationAsync())!)
            .Except(SnippetProject.CompilerProblems((await project.Solution.GetProject(consumer.Id)!.GetCompilationAsync())!)));
    }

    private const string ConsumerDerivingAndClosing = """
        using MelenchBot.DataBase;

        public class DBWarningCommunication : DBCommunication
        {
            public int countWarnings()
            {
                int count = 0;
                var reader = this.executeQuery("SELECT warning_id FROM melenchbot_warning");
                while (reader != null && reader.Read())
                {
                    count++;
                }
                if (reader != null) reader.Close();
                return count;
            }
        }
        """;

    private const string Library = """
        using System;
        using MySqlConnector;

        namespace MelenchBot.DataBase
        {
            public class DBConnection
            {
                private DBConnection() { }

                private MySqlConnection connection = null;

                public MySqlConnection Connection
                {
                    get { return connection; }
                }

                private static DBConnection instance = null;

                public static DBConnection Instance()
                {
                    if (instance == null) instance = new DBConnection();
                    return instance;
                }

                public bool IsConnect()
                {
                    if (Connection == null)
                    {
                        try
                        {
                            string connstring = string.Format("Server={0}; database={1}; UID={2}; password={3}", "db", "melenchbot", "bot", "secret");
                            connection = new MySqlConnection(connstring);
                            connection.Open();
                        }
                        catch (Exception e)
                        {
                            Console.WriteLine("Erreur lors de la connexion à la base de données : " + e.Message);
                            Console.ReadLine();
                            Environment.Exit(0);
                        }
                    }
                    return true;
                }

                public void Close()
                {
                    connection.Close();
                }
            }

            public abstract class DBCommunication
            {
                protected DBConnection dbConnection;

                public DBCommunication()
                {
                    dbConnection = DBConnection.Instance();
                }

                protected MySqlDataReader executeQuery(string theQuery)
                {
                    if (dbConnection.IsConnect())
                    {
                        var cmd = new MySqlCommand(theQuery, dbConnection.Connection);
                        return cmd.ExecuteReader();
                    }
                    return null;
                }
            }

            public class DBStatusCommunication : DBCommunication
            {
                public DBStatusCommunication() : base() { }

                public int countStatuss()
                {
                    int count = 0;
                    string query = "SELECT status_id, status_label FROM melenchbot_status";

                    var reader = this.executeQuery(query);

                    while (reader != null && reader.Read())
                    {
                        count++;
                    }
                    if (reader != null) reader.Close();
                    return count;
                }
            }
        }
        """;

    private const string ConsumerCallingPublicMethods = """
        using MelenchBot.DataBase;

        public static class Program
        {
            public static int Main() => new DBStatusCommunication().countStatuss();
        }
        """;

    private const string ConsumerDerivingAndReading = """
        using MelenchBot.DataBase;

        public class DBWarningCommunication : DBCommunication
        {
            public bool anyWarning()
            {
                var reader = this.executeQuery("SELECT warning_id FROM melenchbot_warning");
                return reader != null && reader.Read();
            }
        }
        """;

    private static async Task<IReadOnlyList<NoFixReason>> NotFixedAsync(string library, string consumer)
    {
        var (project, targets) = await SnippetProject.HolderFindingAsync(library, LanguageVersion.CSharp7_3, new[] { consumer });
        var (_, notFixed) = await ConnectionGuardFix.GuardEachAsync(project.Solution, targets, FixMode.ConnectionFactory, CancellationToken.None);
        return notFixed.Select(n => n.Reason).ToList();
    }
}
