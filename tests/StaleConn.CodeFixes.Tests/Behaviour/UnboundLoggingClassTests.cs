using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Corpus;

namespace StaleConn.CodeFixes.Tests.Behaviour;

/// <summary>
/// An opener that logs through a logging class of an assembly the project references by file (WorksAhead/ArkCrossEngine's
/// <c>LogSys.dll</c>, <c>&lt;Reference Include="LogSys"&gt;</c> with a hint path): a build without that file binds no
/// <c>LogSys</c> nor <c>LOG_TYPE</c>, and the opener's catch was read as work of its own, so the thread's own connection
/// declined with <see cref="NoFixReason.ConnectionReturned"/> (the accessor that calls the opener stayed a use returning
/// the connection). A name of the code that binds to nothing, named as a logging class, is read as one.
/// </summary>
public class UnboundLoggingClassTests
{
    /// <summary>
    /// WorksAhead/ArkCrossEngine@f6fe22321d1c DataStore/DataStoreNode/MySql/DBConn.cs as committed: every log call names
    /// its level (<c>LogSys.Log(LOG_TYPE.INFO, ...)</c>), which the shape kept in <see cref="ThreadOwnConnectionFactoryTests"/> leaves out.
    /// </summary>
    private static readonly string DataStoreDbConn =
        ThreadOwnConnectionFactoryTests.DataStoreDbConn.Replace("LogSys.Log(\"", "LogSys.Log(LOG_TYPE.INFO, \"", StringComparison.Ordinal);

    /// <summary>
    /// WorksAhead/ArkCrossEngine@f6fe22321d1c DataStore/DataStoreNode/MySql/DataSaveImplement.cs (<c>DirectSave</c>) and
    /// Utils/DataStoreConfig.cs (its string built from the configuration it read at start-up).
    /// </summary>
    private const string DataStoreCallers = """
        using System;
        using System.Data;
        using MySql.Data.MySqlClient;

        internal class DataStoreConfig
        {
            internal static string MySqlConnectString
            {
                get
                {
                    string mysqlConnString = string.Format("SERVER={0};UID={1};PWD={2};DATABASE={3};CHARSET=utf8",
                                                s_Instance.m_Server, s_Instance.m_User, s_Instance.m_Password, s_Instance.m_Database);
                    return mysqlConnString;
                }
            }

            private string m_Server = "127.0.0.1";
            private string m_User = "dfds";
            private string m_Password = "dfds";
            private string m_Database = "dsnode";
            private static DataStoreConfig s_Instance = new DataStoreConfig();
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
                    LogSys.Log(LOG_TYPE.ERROR, "Direct Save ERROR. Statement:{0} \nError:{1}", statement, ex.Message);
                    throw;
                }
                return count;
            }
        }
        """;

    /// <summary>
    /// WorksAhead/ArkCrossEngine@f6fe22321d1c GmServer/Mysql/DBConn.cs, as committed: the same helper in another project,
    /// which also logs a successful first open inside its try.
    /// </summary>
    private const string GmServerDbConn = """
        using MySql.Data;
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
              LogSys.Log(LOG_TYPE.INFO, "MySql Connection :{0}", GmServerConfig.MySqlConnectString);
              try {
                m_MySqlConn = new MySqlConnection(GmServerConfig.MySqlConnectString);
                m_MySqlConn.Open();
                LogSys.Log(LOG_TYPE.INFO, "MySql Connection Succeed !");
              } catch (System.Exception ex) {
                LogSys.Log(LOG_TYPE.INFO, "MySql Connection Error :{0}", ex);
              }
            } else {
              try {
                if (m_MySqlConn != null && m_MySqlConn.State == System.Data.ConnectionState.Closed) {
                  m_MySqlConn.Open();
                  LogSys.Log(LOG_TYPE.INFO, "MySql connection open again...", GmServerConfig.MySqlConnectString);
                }
              } catch (System.Exception ex) {
                LogSys.Log(LOG_TYPE.INFO, "MySql Connection Error :{0}", ex);
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
    /// WorksAhead/ArkCrossEngine@f6fe22321d1c GmServer/Mysql/DataLoadImpl.cs (<c>GetColumnInfo</c>, a reader under a
    /// lock) and GmServer/GmServerConfig.cs in minimal form.
    /// </summary>
    private const string GmServerCallers = """
        using System.Collections.Generic;
        using System.Data;
        using System.Data.Common;
        using MySql.Data.MySqlClient;

        internal class GmServerConfig
        {
            internal static string DataBase = "dsnode";
            internal static string MySqlConnectString = "SERVER=127.0.0.1;UID=dfds;PWD=dfds;DATABASE=dsnode;CHARSET=utf8";
        }

        internal static class DataLoadImpl
        {
            internal static List<string> GetColumnInfo(string tableName)
            {
                List<string> columnInfos;
                if (!s_TableColumnDict.TryGetValue(tableName, out columnInfos)) {
                    lock (s_Guard) {
                        if (!s_TableColumnDict.TryGetValue(tableName, out columnInfos)) {
                            string sql = string.Format("select column_name,data_type,column_type from information_schema.columns where table_name='{0}' and table_schema='{1}'",
                              tableName, GmServerConfig.DataBase);
                            columnInfos = new List<string>();
                            MySqlCommand cmd = new MySqlCommand(sql, DBConn.MySqlConn);
                            cmd.CommandType = CommandType.Text;
                            using (DbDataReader reader = cmd.ExecuteReader()) {
                                while (reader.Read()) {
                                    columnInfos.Add(reader.GetString(0));
                                }
                            }
                            s_TableColumnDict.Add(tableName, columnInfos);
                        }
                    }
                }
                return columnInfos;
            }

            private static Dictionary<string, List<string>> s_TableColumnDict = new Dictionary<string, List<string>>();
            private static object s_Guard = new object();
        }
        """;

    public static TheoryData<string> Projects() => new() { "DataStore", "GmServer" };

    private static string[] Sources(string project) =>
        project == "DataStore" ? new[] { DataStoreDbConn, DataStoreCallers } : new[] { GmServerDbConn, GmServerCallers };

    [Theory]
    [MemberData(nameof(Projects))]
    public async Task The_first_fix_of_a_thread_own_connection_logged_through_an_unbound_class_works(string project)
    {
        var outcome = Assert.Single(await HolderShapeCorpusTests.CheckShapeAsync(
            new HolderShape(project, "WorksAhead/ArkCrossEngine", Sources(project)), await HolderShapeCorpusTests.ReferencesAsync()));
        Assert.True(outcome.Works, $"{outcome.Kind}: {outcome.Detail}");
        Assert.StartsWith("Open a pooled connection per use", outcome.Detail, StringComparison.Ordinal);
    }

    /// <summary>The opener's logged failure stays around the factory's open, with the unbound call as it was written.</summary>
    [Theory]
    [MemberData(nameof(Projects))]
    public async Task The_opener_s_unbound_log_call_stays_with_the_factory_s_open(string project)
    {
        var holder = await HandledConnectFactoryTests.FactoryFixedTextAsync(Sources(project), "m_MySqlConn", "File0.cs", bindsEverything: false);
        Assert.Matches(@"catch \(System\.Exception ex\)\s*\{\s*LogSys\.Log\(LOG_TYPE\.INFO, ""MySql Connection (ERROR|Error) :\{0\}"", ex\);\s*\}", holder);
        Assert.DoesNotContain("KeepConnection", holder, StringComparison.Ordinal);
    }

    /// <summary>An unbound class not named for logging (<c>LoginAudit</c>) may do work of its own: still no fix.</summary>
    [Fact]
    public async Task An_unbound_class_not_named_for_logging_keeps_the_decline()
    {
        var renamed = Sources("DataStore").Select(s => s.Replace("LogSys", "LoginAudit", StringComparison.Ordinal)).ToArray();
        Assert.Contains(NoFixReason.ConnectionReturned, await BuiltAndClosedPerMessageTests.ReasonsAsync(renamed, FixMode.ConnectionFactory));
    }
}
