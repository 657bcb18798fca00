using StaleConn.CodeFixes.Guarding.Planning;

namespace StaleConn.CodeFixes.Tests.Reasons;

/// <summary>
/// A member built without a connection string (<c>new MySqlConnection()</c>) and given one apart from its construction,
/// in another method: the factory, which builds a connection on every call, has no construction whose string it can
/// read again there. Since stop 38 it names that as the guard does, <see cref="NoFixReason.ConnectionStringSetApart"/>;
/// before, it said <see cref="NoFixReason.NoConnectionStringInView"/>, though the string is in view.
/// </summary>
public class StringSetApartFactoryReasonTests
{
    /// <summary>
    /// KraS27/Parser, DBManager.cs (fresh36): every form builds a <c>DBManager</c>, whose constructor replaces the static
    /// <c>con</c> with an empty connection and binds the static command to it; <c>connectTo()</c> then sets the string
    /// built from the user's settings. Cut down.
    /// </summary>
    private const string SetFromSettings = """
        using System.Collections.Generic;
        using MySql.Data.MySqlClient;

        public struct Settings
        {
            public string Server;
            public string Database;
        }

        public class DBManager
        {
            static MySqlConnection con;
            static MySqlCommand cmd;
            static public Settings setting = new Settings();
            public static string conStr;

            public DBManager()
            {
                con = new MySqlConnection();
                cmd = new MySqlCommand();
                cmd.Connection = con;
            }

            static public void connectTo()
            {
                conStr = "Server=" + setting.Server + ";Database=" + setting.Database + ";";
                con.ConnectionString = conStr;
            }

            public List<object> ShowTables()
            {
                var rows = new List<object>();
                cmd.CommandText = "SHOW TABLES";
                con.Open();
                using (var reader = cmd.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        rows.Add(reader[0]);
                    }
                }
                con.Close();
                return rows;
            }
        }

        public class TablesForm
        {
            DBManager dbManager = new DBManager();

            public TablesForm()
            {
                DBManager.connectTo();
            }

            public int Count() => dbManager.ShowTables().Count;
        }
        """;

    /// <summary>
    /// Dekryptor/auroraserver, SQL.cs (fresh36): a static <c>Handler = new MySqlConnection()</c> whose string the
    /// instance constructor sets and opens inside a <c>try</c> whose catch reports the failure and carries on; the game
    /// server's handlers run their commands on <c>SQL.Handler</c>. Cut down (two of its commands).
    /// </summary>
    private const string SetInConstructor = """
        using System;
        using MySql.Data.MySqlClient;

        internal class SQL
        {
            public static MySqlConnection Handler = new MySqlConnection();

            public SQL()
            {
                try
                {
                    SQL.Handler.ConnectionString = "Server=localhost;user=root;database=mow;password=;";
                    SQL.Handler.Open();
                    Console.WriteLine("[SQL] connected");
                }
                catch
                {
                    Console.WriteLine("[SQL] could not connect");
                }
            }
        }

        internal class Player
        {
            public long UserID;

            public string Nickname() =>
                new MySqlCommand("SELECT nickname FROM tickets WHERE profileid='" + UserID + "';", SQL.Handler).ExecuteScalar().ToString();

            public void Save() =>
                new MySqlCommand("UPDATE players SET LastActivity=NOW() WHERE ID=" + UserID + ";", SQL.Handler).ExecuteNonQuery();
        }
        """;

    /// <summary>
    /// Pensemossi/WindowsServiceVUCEImpo@cbe3d24ed7cd, the catalogue's <c>ConnectionStringSetApart</c> case for the guard:
    /// a worker builds its connection empty and sets the string in <c>StartAsync</c>.
    /// </summary>
    private static string SetAtStart =>
        NoFixReasonCatalogue.All.First(c => c.Reason == NoFixReason.ConnectionStringSetApart && c.Check == ReasonCheck.Guard).Files[0];

    [Theory]
    [InlineData(nameof(SetFromSettings))]
    [InlineData(nameof(SetInConstructor))]
    [InlineData(nameof(SetAtStart))]
    public async Task The_factory_names_a_string_set_apart_from_an_empty_construction(string shape)
    {
        var source = shape switch
        {
            nameof(SetFromSettings) => SetFromSettings,
            nameof(SetInConstructor) => SetInConstructor,
            _ => SetAtStart,
        };

        Assert.Equal(new[] { NoFixReason.ConnectionStringSetApart }, await ReasonsAsync(source, FixMode.ConnectionFactory));
    }

    /// <summary>A member built empty and never given a string keeps the factory's <c>NeverGivenConnectionString</c>.</summary>
    [Fact]
    public async Task A_member_never_given_a_string_keeps_its_own_reason()
    {
        const string neverGiven = """
            using System.Data.SqlClient;

            public static class Connection
            {
                public static SqlConnection conn = new SqlConnection();

                public static int Count()
                {
                    conn.Open();
                    var count = (int)new SqlCommand("SELECT COUNT(*) FROM items", conn).ExecuteScalar();
                    conn.Close();
                    return count;
                }
            }
            """;

        Assert.DoesNotContain(NoFixReason.ConnectionStringSetApart, await ReasonsAsync(neverGiven, FixMode.ConnectionFactory));
    }

    private static Task<IReadOnlyList<NoFixReason>> ReasonsAsync(string source, FixMode mode) =>
        Behaviour.BuiltAndClosedPerMessageTests.ReasonsAsync(source, mode);
}
