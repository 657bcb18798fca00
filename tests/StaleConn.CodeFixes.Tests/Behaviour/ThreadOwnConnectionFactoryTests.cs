using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Corpus;

namespace StaleConn.CodeFixes.Tests.Behaviour;

/// <summary>
/// A <c>[ThreadStatic]</c> connection a static helper builds and opens itself on each thread's first use and keeps for
/// the thread's life. Each use is a command of its own, so a pooled connection per use keeps the statements and drops
/// only a per-thread session nobody relied on: the factory fix applies (the accessor opens a new pooled connection per
/// call and every use disposes its own). Before, all three fixes declined with
/// <see cref="NoFixReason.ThreadStaticConnection"/>. The guard and data source still decline (one object, built on the
/// first thread only), and so does the factory where the thread's connection is not the helper's own.
/// </summary>
public class ThreadOwnConnectionFactoryTests
{
    /// <summary>WorksAhead/ArkCrossEngine@f6fe22321d1c DataStore/DataStoreNode/MySql/DBConn.cs.</summary>
    internal const string DataStoreDbConn = """
        using MySql.Data.MySqlClient;
        using System;

        internal static class DBConn
        {
            internal static MySqlConnection MySqlConn
            {
                get
                {
                    KeepConnection();
                    return m_MySqlConn;
                }
            }

            internal static void KeepConnection()
            {
                if (m_MySqlConn == null)
                {
                    LogSys.Log("MySql Connection :{0}", DataStoreConfig.MySqlConnectString);
                    try
                    {
                        m_MySqlConn = new MySqlConnection(DataStoreConfig.MySqlConnectString);
                        m_MySqlConn.Open();
                    }
                    catch (System.Exception ex)
                    {
                        LogSys.Log("MySql Connection ERROR :{0}", ex);
                    }
                }
                else
                {
                    try
                    {
                        if (m_MySqlConn != null && m_MySqlConn.State == System.Data.ConnectionState.Closed)
                        {
                            m_MySqlConn.Open();
                            LogSys.Log("MySql connection open again...", DataStoreConfig.MySqlConnectString);
                        }
                    }
                    catch (System.Exception ex)
                    {
                        LogSys.Log("MySql Connection ERROR :{0}", ex);
                    }
                }
            }

            internal static void Close()
            {
                if (m_MySqlConn != null)
                {
                    m_MySqlConn.Close();
                    m_MySqlConn = null;
                }
            }

            [ThreadStatic]
            private static MySqlConnection m_MySqlConn = null;
        }
        """;

    /// <summary>
    /// dreamanlan/CSharpGameFramework App/ServerModule/DataCache/MySql/DBConn.cs: the same helper, which also forgets a
    /// connection whose open failed (<c>m_MySqlConn = null;</c> in each catch) and logs at error level.
    /// </summary>
    private const string DataCacheDbConn = """
        using MySql.Data.MySqlClient;
        using System;

        internal static class DBConn
        {
            internal static MySqlConnection MySqlConn
            {
                get
                {
                    KeepConnection();
                    return m_MySqlConn;
                }
            }

            internal static void KeepConnection()
            {
                if (m_MySqlConn == null) {
                    LogSys.Log("MySql Connection :{0}", DataStoreConfig.MySqlConnectString);
                    try {
                        m_MySqlConn = new MySqlConnection(DataStoreConfig.MySqlConnectString);
                        m_MySqlConn.Open();
                    } catch (System.Exception ex) {
                        m_MySqlConn = null;
                        LogSys.Log("MySql Connection ERROR :{0}", ex);
                    }
                } else {
                    try {
                        if (m_MySqlConn != null && m_MySqlConn.State == System.Data.ConnectionState.Closed) {
                            m_MySqlConn.Open();
                            LogSys.Log("MySql connection open again...", DataStoreConfig.MySqlConnectString);
                        }
                    } catch (System.Exception ex) {
                        m_MySqlConn = null;
                        LogSys.Log("MySql Connection ERROR :{0}", ex);
                    }
                }
            }

            internal static void Close()
            {
                if (m_MySqlConn != null) {
                    m_MySqlConn.Close();
                    m_MySqlConn = null;
                }
            }

            [ThreadStatic]
            private static MySqlConnection m_MySqlConn = null;
        }
        """;

    /// <summary>
    /// WorksAhead/ArkCrossEngine@f6fe22321d1c DataStore/DataStoreNode/MySql/DbThread.cs, DataSaveImplement.cs
    /// (<c>DirectSave</c>) and DataProcedureImplement.cs; the server thread's base class and the log in minimal form.
    /// </summary>
    private const string Callers = """
        using System;
        using System.Data;
        using MySql.Data.MySqlClient;

        internal static class DataStoreConfig
        {
            internal static string MySqlConnectString = "Server=db;Database=ds;Uid=u;Pwd=p";
        }

        internal static class LogSys
        {
            internal static void Log(string format, params object[] args) => Console.WriteLine(format, args);
        }

        internal class DbThread
        {
            private long m_LastTickTime = 0;
            private const long c_TickInterval = 60000;

            protected void OnTick(long curTime)
            {
                if (m_LastTickTime + c_TickInterval < curTime)
                {
                    m_LastTickTime = curTime;

                    DBConn.KeepConnection();
                    try
                    {
                        MySqlConnection conn = DBConn.MySqlConn;
                        using (MySqlCommand cmd = new MySqlCommand("select * from GowStar where 1=2", conn))
                        {
                            cmd.ExecuteNonQuery();
                        }
                    }
                    catch (Exception ex)
                    {
                        LogSys.Log("DbThread.Tick keep connection exception:{0}\n{1}", ex.Message, ex.StackTrace);
                    }
                }
            }

            protected void OnQuit()
            {
                DBConn.Close();
            }
        }

        internal static class DataSaveImplement
        {
            internal static int DirectSave(string statement)
            {
                int count = -1;
                try
                {
                    using (MySqlCommand cmd = new MySqlCommand())
                    {
                        cmd.Connection = DBConn.MySqlConn;
                        cmd.CommandType = CommandType.Text;
                        cmd.CommandText = statement;
                        cmd.CommandTimeout = 90;
                        count = cmd.ExecuteNonQuery();
                    }
                }
                catch (Exception ex)
                {
                    LogSys.Log("Direct Save ERROR. Statement:{0} \nError:{1}", statement, ex.Message);
                    throw;
                }
                return count;
            }
        }

        internal static class DataProcedureImplement
        {
            internal static string GetDSNodeVersion()
            {
                string version = string.Empty;
                try
                {
                    using (MySqlCommand cmd = new MySqlCommand())
                    {
                        cmd.Connection = DBConn.MySqlConn;
                        cmd.CommandType = CommandType.StoredProcedure;
                        cmd.CommandText = "GetDSNodeVersion";
                        cmd.Parameters.Add("@dsversion", MySqlDbType.String).Direction = ParameterDirection.Output;
                        cmd.ExecuteNonQuery();
                        version = (string)cmd.Parameters["@dsversion"].Value;
                    }
                }
                catch (Exception ex)
                {
                    LogSys.Log("GetDSNodeVersion procedure ERROR:{0}", ex.Message);
                }
                return version;
            }
        }
        """;

    /// <summary>
    /// jpazarzis/hogar@08c027c97adf Hogar/Hogar/Hogar/DbTools/DbTools.cs (<c>DbUtilities</c>) and DbReader.cs's static
    /// <c>ExecuteNonQuery</c>; DbReader's instance methods, which keep a reader in a field across calls, are left out
    /// (the factory declines them: the reader would outlive its connection).
    /// </summary>
    private static readonly string[] HogarDbUtilities =
    {
        """
        using System;
        using System.Data.SqlClient;
        using System.Windows.Forms;

        namespace Hogar.DbTools
        {
            public static class DbUtilities
            {
                [ThreadStatic] private static SqlConnection _MY_CONNECTION = null;

                private static string _CONN_STG = "Data Source=REBETIIS;Initial Catalog=HorseRacing;Integrated Security=True";

                public static SqlConnection SqlConnection
                {
                    get
                    {
                        if (null == _MY_CONNECTION)
                        {
                            try
                            {
                                _MY_CONNECTION = new SqlConnection(ConnectionString);
                                _MY_CONNECTION.Open();
                            }
                            catch
                            {
                                _MY_CONNECTION = null;
                            }
                        }

                        return _MY_CONNECTION;
                    }
                }

                public static void CloseConnection()
                {
                    try
                    {
                        if (null != _MY_CONNECTION)
                        {
                            _MY_CONNECTION.Close();
                            _MY_CONNECTION = null;
                        }
                    }
                    catch (Exception ex)
                    {
                        MessageBox.Show("The following error occured while closing connection to db: " + ex.Message);
                    }
                }

                public static string ConnectionString
                {
                    get
                    {
                        return _CONN_STG;
                    }
                    set
                    {
                        _CONN_STG = value;
                    }
                }
            }
        }
        """,
        """
        using System.Data.SqlClient;

        namespace Hogar.DbTools
        {
            public static class DbReader
            {
                static public void ExecuteNonQuery(string sql)
                {
                    var myCommand = new SqlCommand(sql, Hogar.DbTools.DbUtilities.SqlConnection);
                    myCommand.ExecuteNonQuery();
                }
            }
        }
        """,
    };

    public static TheoryData<string> ThreadOwnHelpers() => new() { "ArkCrossEngine DataStore", "CSharpGameFramework DataCache", "hogar DbUtilities" };

    [Theory]
    [MemberData(nameof(ThreadOwnHelpers))]
    public async Task The_first_fix_of_a_thread_own_connection_opens_a_pooled_one_per_use(string name)
    {
        var outcome = Assert.Single(await HolderShapeCorpusTests.CheckShapeAsync(
            new HolderShape(name, "WorksAhead/ArkCrossEngine, dreamanlan/CSharpGameFramework, jpazarzis/hogar", Sources(name)),
            await HolderShapeCorpusTests.ReferencesAsync()));
        Assert.True(outcome.Works, $"{outcome.Kind}: {outcome.Detail}");
        Assert.StartsWith("Open a pooled connection per use", outcome.Detail, StringComparison.Ordinal);
    }

    /// <summary>The accessor builds and opens a new connection per call; each use disposes its own; the attribute goes.</summary>
    [Theory]
    [MemberData(nameof(ThreadOwnHelpers))]
    public async Task The_accessor_opens_a_new_connection_per_call_and_each_use_disposes_it(string name)
    {
        var (reported, accessor, execute) = name.StartsWith("hogar", StringComparison.Ordinal)
            ? ("_MY_CONNECTION", @"Hogar\.DbTools\.DbUtilities\.SqlConnection", "myCommand.ExecuteNonQuery();")
            : ("m_MySqlConn", @"DBConn\.MySqlConn", "count = cmd.ExecuteNonQuery();");
        var holder = await HandledConnectFactoryTests.FactoryFixedTextAsync(Sources(name), reported, "File0.cs");
        Assert.False(holder.Contains("ThreadStatic", StringComparison.Ordinal), holder);
        var caller = await HandledConnectFactoryTests.FactoryFixedTextAsync(Sources(name), reported, "File1.cs");
        Assert.Matches(@"using \(?(var|\w+Connection) \w+ = " + accessor, caller);
        Assert.Contains(execute, caller, StringComparison.Ordinal);
    }

    /// <summary>
    /// The opener's catch (the same in both of its tries) stays around the factory's open: a failed open is logged as
    /// before and the unopened connection handed out, so the command fails in the caller's own catch as it did.
    /// </summary>
    [Fact]
    public async Task The_opener_s_logged_open_failure_stays_with_the_factory_s_open()
    {
        var holder = await HandledConnectFactoryTests.FactoryFixedTextAsync(Sources("ArkCrossEngine DataStore"), "m_MySqlConn", "File0.cs");
        Assert.Matches(@"try\s*\{\s*\w+\.Open\(\);\s*\}\s*catch \(System\.Exception ex\)\s*\{\s*LogSys\.Log\(""MySql Connection ERROR :\{0\}"", ex\);\s*\}", holder);
        Assert.DoesNotContain("KeepConnection", holder, StringComparison.Ordinal);
        var worker = await HandledConnectFactoryTests.FactoryFixedTextAsync(Sources("ArkCrossEngine DataStore"), "m_MySqlConn", "File1.cs");
        Assert.DoesNotContain("KeepConnection", worker, StringComparison.Ordinal);
        Assert.DoesNotContain("DBConn.Close()", worker, StringComparison.Ordinal);
    }

    /// <summary>
    /// A static class is read as logging by its name as a logger is named (<c>LogSys</c>, <c>LogHelper</c>, <c>Logger</c>):
    /// the same catch calling <c>LoginAudit</c> does work of its own, and the open failure is not only reported.
    /// </summary>
    [Fact]
    public async Task A_class_named_for_logins_is_not_read_as_a_logging_class()
    {
        var renamed = new[] { DataStoreDbConn.Replace("LogSys", "LoginAudit", StringComparison.Ordinal), Callers.Replace("LogSys", "LoginAudit", StringComparison.Ordinal) };
        Assert.Empty(await BuiltAndClosedPerMessageTests.ReasonsAsync(new[] { DataStoreDbConn, Callers }, FixMode.ConnectionFactory));
        Assert.NotEmpty(await BuiltAndClosedPerMessageTests.ReasonsAsync(renamed, FixMode.ConnectionFactory));
    }

    private static string[] Sources(string name) => name switch
    {
        "ArkCrossEngine DataStore" => new[] { DataStoreDbConn, Callers },
        "CSharpGameFramework DataCache" => new[] { DataCacheDbConn, Callers },
        _ => HogarDbUtilities,
    };

    /// <summary>Only the factory: a guard or a data source is one object for every thread.</summary>
    [Fact]
    public async Task Only_the_factory_takes_a_thread_own_connection()
    {
        Assert.Empty(await BuiltAndClosedPerMessageTests.ReasonsAsync(HogarDbUtilities, FixMode.ConnectionFactory));
        Assert.Equal(new[] { NoFixReason.ThreadStaticConnection }, await BuiltAndClosedPerMessageTests.ReasonsAsync(HogarDbUtilities, FixMode.Guard));
        Assert.Equal(new[] { NoFixReason.ThreadStaticConnection }, await BuiltAndClosedPerMessageTests.ReasonsAsync(HogarDbUtilities, FixMode.DataSource));
    }

    /// <summary>
    /// SubSonic's <c>SharedDbConnectionScope</c> written as one scope type (subsonic/SubSonic-3.0@fae68b6e165f
    /// SubSonic.Core/DataProviders/Connection.cs), its string read from configuration as <c>DBConn</c>'s is: the uses
    /// inside one scope share the thread's connection on purpose, and the last scope disposes it.
    /// </summary>
    private const string DisposingScope = """
        using System;
        using MySql.Data.MySqlClient;

        internal static class DataStoreConfig
        {
            internal static string MySqlConnectString = "Server=db;Database=ds;Uid=u;Pwd=p";
        }

        public sealed class SharedConnectionScope : IDisposable
        {
            [ThreadStatic]
            private static MySqlConnection current;

            [ThreadStatic]
            private static int depth;

            public SharedConnectionScope()
            {
                if (current == null)
                {
                    current = new MySqlConnection(DataStoreConfig.MySqlConnectString);
                    current.Open();
                }

                depth++;
            }

            public static int CountOrders()
            {
                using (var command = new MySqlCommand("SELECT COUNT(*) FROM orders", current))
                {
                    return Convert.ToInt32(command.ExecuteScalar());
                }
            }

            public void Dispose()
            {
                if (--depth == 0)
                {
                    current.Dispose();
                    current = null;
                }
            }
        }
        """;

    /// <summary>
    /// Hogar's <c>DbUtilities</c> with the string handed in by each thread (<c>Connect(connectString)</c>) instead of read
    /// from its own field: threads may connect to different databases, which one string field could not keep apart.
    /// </summary>
    private const string StringPerThread = """
        using System;
        using System.Data.SqlClient;

        namespace Hogar.DbTools
        {
            public static class DbUtilities
            {
                [ThreadStatic] private static SqlConnection _MY_CONNECTION = null;

                public static SqlConnection SqlConnection
                {
                    get
                    {
                        return _MY_CONNECTION;
                    }
                }

                public static void Connect(string connectString)
                {
                    _MY_CONNECTION = new SqlConnection(connectString);
                    _MY_CONNECTION.Open();
                }
            }
        }
        """;

    /// <summary>
    /// Where the thread's connection is not the holder's own for the thread's life, its uses share it on purpose or each
    /// thread may differ: the factory still declines. Handed in: SubSonic's <c>__sharedConnection = value</c>
    /// (Sadikk/Dofus2-Emulator-Nehra@6fe32e391876 Stump.ORM/SubSonic/DataProviders/DbDataProvider.cs), here a builder's
    /// result; a scope's <c>Dispose</c>; a field other types may write (on ArkCrossEngine's <c>DBConn</c>); a string each
    /// thread may pass (on Hogar's <c>DbUtilities</c>).
    /// </summary>
    [Theory]
    [InlineData("handed in")]
    [InlineData("disposed by a scope")]
    [InlineData("not private")]
    [InlineData("string per thread")]
    public async Task A_connection_the_thread_does_not_own_keeps_the_decline(string variant)
    {
        var sources = variant switch
        {
            "handed in" => new[]
            {
                DataStoreDbConn
                    .Replace("m_MySqlConn = new MySqlConnection(DataStoreConfig.MySqlConnectString);", "m_MySqlConn = Build();", StringComparison.Ordinal)
                    .Replace("internal static void Close()", "private static MySqlConnection Build() => new MySqlConnection(DataStoreConfig.MySqlConnectString);\n\n    internal static void Close()", StringComparison.Ordinal),
                Callers,
            },
            "disposed by a scope" => new[] { DisposingScope },
            "not private" => new[] { DataStoreDbConn.Replace("private static MySqlConnection m_MySqlConn", "internal static MySqlConnection m_MySqlConn", StringComparison.Ordinal), Callers },
            _ => new[] { StringPerThread, HogarDbUtilities[1] },
        };
        // The helper each variant departs from is the thread's own, and fixed.
        var own = variant is "string per thread" ? HogarDbUtilities : new[] { DataStoreDbConn, Callers };
        Assert.Empty(await BuiltAndClosedPerMessageTests.ReasonsAsync(own, FixMode.ConnectionFactory));
        Assert.Equal(new[] { NoFixReason.ThreadStaticConnection }, await BuiltAndClosedPerMessageTests.ReasonsAsync(sources, FixMode.ConnectionFactory));
    }
}
