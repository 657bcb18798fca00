using StaleConn.CodeFixes.Guarding.Planning;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// A unit of work that builds the member when it is still null before its lease, then calls a sibling unit that does
/// the same inside the lease: the sibling finds the guard built and only joins the lease, so the guard is offered.
/// A sibling's build check inside a lease declines (<see cref="NoFixReason.LeaseTakenBeforeBuild"/>) only when the
/// unit may reach it with the member still null.
/// </summary>
public class BuiltBeforeLeaseFixTests
{
    /// <summary>
    /// gabriellimoni/DW2_IFSP, InventarioIFSP/InventarioIFSP/Database/InventarioDAO.cs (apps30): <c>Create()</c> builds
    /// <c>dbConn</c> inline when null (else reopens it), inserts, closes, and then calls <c>InsereItensInventario</c>,
    /// which builds or reopens it the same way. Cut down; <c>Database.Conexao</c> news and opens a connection per read.
    /// </summary>
    [Fact]
    public async Task A_unit_that_builds_inline_before_calling_its_sibling_gets_the_guard()
    {
        var (notFixed, fixedText) = await UnitCallerChainTests.GuardAsync(Conexao, """
            using System;
            using Npgsql;

            public class InventarioDAO
            {
                private static NpgsqlConnection dbConn;

                public static bool Create()
                {
                    if (dbConn == null)
                        dbConn = Database.Conexao;
                    else
                        dbConn.Open();
                    try
                    {
                        var command = new NpgsqlCommand("INSERT INTO inventario(ano) VALUES (2020) RETURNING id", dbConn);
                        var result = command.ExecuteScalar();
                        dbConn.Close();
                        return InsereItens(Convert.ToInt32(result));
                    }
                    catch (Exception)
                    {
                        dbConn.Close();
                        return false;
                    }
                }

                private static bool InsereItens(int inventario)
                {
                    if (dbConn == null)
                        dbConn = Database.Conexao;
                    else
                        dbConn.Open();
                    try
                    {
                        new NpgsqlCommand("INSERT INTO item_inventario(inventario) VALUES (" + inventario + ")", dbConn).ExecuteScalar();
                        dbConn.Close();
                        return true;
                    }
                    catch (Exception)
                    {
                        dbConn.Close();
                        return false;
                    }
                }
            }
            """);

        Assert.Empty(notFixed);
        Assert.Contains("dbConn.AcquireOrJoin()", fixedText, StringComparison.Ordinal);
    }

    /// <summary>
    /// The StackOverflow <c>DBConnection</c> singleton (shendongnian/code code5/872531-21618283-14.cs) whose
    /// <c>IsConnect()</c> builds the member when null, called the way its users call it: a guard clause
    /// <c>if (!dbCon.IsConnect()) return ...;</c> first (as in the public <c>Course.SetDb</c>/<c>GetDb</c> and WPF
    /// <c>Load()</c> callers <c>find_string "if (!dbCon.IsConnect())"</c> shows), and a later block of the same unit
    /// in <c>if (dbCon.IsConnect()) { ... }</c> (as thalukanyomulaudzi/Golden_Connect's Design370/Event_Types.cs
    /// writes each query). The second call is inside the lease, after the first built the guard.
    /// </summary>
    [Fact]
    public async Task A_unit_past_a_builder_guard_clause_gets_the_guard()
    {
        var (notFixed, fixedText) = await UnitCallerChainTests.GuardAsync(SoHolder, """
            using System;
            using MySql.Data.MySqlClient;

            public static class Courses
            {
                public static int Rename(string id, string name)
                {
                    var dbCon = DBConnection.Instance();
                    dbCon.DatabaseName = "courses";
                    if (!dbCon.IsConnect()) return -1;

                    var update = new MySqlCommand("UPDATE course SET name = '" + name + "' WHERE id = '" + id + "'", dbCon.Connection);
                    var changed = update.ExecuteNonQuery();
                    if (dbCon.IsConnect())
                    {
                        var log = new MySqlCommand("INSERT INTO course_log(course_id) VALUES ('" + id + "')", dbCon.Connection);
                        log.ExecuteNonQuery();
                    }

                    return changed;
                }
            }
            """);

        Assert.Empty(notFixed);
        Assert.Contains("dbCon.Connection.Acquire()", fixedText, StringComparison.Ordinal);
    }

    /// <summary>
    /// The same holder with a build only under a condition before the unit's range (the catalogue's
    /// <c>LeaseTakenBeforeBuild</c> caller, LeeCombs/FF2_Monster_Sim's shape with a use after the <c>if</c>): on a
    /// first call with <c>warm</c> false the lease would come from a guard not built yet, so the guard still declines.
    /// </summary>
    [Fact]
    public async Task A_build_only_under_a_condition_before_the_range_still_declines()
    {
        var (notFixed, _) = await UnitCallerChainTests.GuardAsync(SoHolder, """
            using System;
            using MySql.Data.MySqlClient;

            public static class MonsterManager
            {
                public static int CountMonsters(string table, bool warm)
                {
                    var db = DBConnection.Instance();
                    db.DatabaseName = "ff2_monsters";
                    if (warm)
                        db.IsConnect();
                    var count = 0;
                    if (db.IsConnect() && table.Length > 0)
                    {
                        var cmd = new MySqlCommand("SELECT COUNT(*) FROM " + table, db.Connection);
                        count = Convert.ToInt32(cmd.ExecuteScalar());
                    }

                    var log = new MySqlCommand("INSERT INTO counts (n) VALUES (1)", db.Connection);
                    log.ExecuteNonQuery();
                    return count;
                }
            }
            """);

        Assert.Equal(new[] { NoFixReason.LeaseTakenBeforeBuild }, notFixed);
    }

    /// <summary>shendongnian/code code5/872531-21618283-14.cs: the StackOverflow singleton, <c>IsConnect()</c> builds when null.</summary>
    private const string SoHolder = """
        using System;
        using MySql.Data.MySqlClient;

        public class DBConnection
        {
            private DBConnection() { }

            public string DatabaseName = string.Empty;
            public MySqlConnection Connection { get; private set; } = null;

            private static DBConnection _instance = null;

            public static DBConnection Instance()
            {
                if (_instance == null)
                    _instance = new DBConnection();
                return _instance;
            }

            public bool IsConnect()
            {
                if (Connection == null)
                {
                    if (String.IsNullOrEmpty(DatabaseName))
                        return false;
                    Connection = new MySqlConnection(string.Format("Server=localhost; database={0}; UID=root", DatabaseName));
                    Connection.Open();
                }

                return true;
            }
        }
        """;

    /// <summary>gabriellimoni/DW2_IFSP, InventarioIFSP/InventarioIFSP/Database/Database.cs: a new opened connection per read.</summary>
    private const string Conexao = """
        using Npgsql;

        public class Database
        {
            private static string strConn = "Server=127.0.0.1;Port=5432;Database=inventario;User Id=postgres;Password=postgres;";

            public static NpgsqlConnection Conexao
            {
                get
                {
                    NpgsqlConnection conn = new NpgsqlConnection(strConn);
                    conn.Open();
                    return conn;
                }
            }
        }
        """;
}
