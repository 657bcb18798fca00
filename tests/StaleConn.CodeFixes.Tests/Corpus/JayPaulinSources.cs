namespace StaleConn.CodeFixes.Tests.Corpus;

/// <summary>
/// JayPaulinCodes/cst8333ProjectByJacobPaulin@HEAD: the StackOverflow <c>DbManager</c> singleton with the connection as an
/// auto-property that <c>IsConnected()</c> builds and opens itself
/// (cst8333ApplicationByJacobPaulin/PersistenceLayer/Managers/DbManager.cs), and a DAO that checks it, reads, then
/// closes it (BusinessLayer/VegetableRecordDaoImpl.cs). Shared by the guard's and the factory's tests of that holder.
/// </summary>
internal static class JayPaulinSources
{
    public const string Manager = """
        using MySql.Data.MySqlClient;

        namespace cst8333ApplicationByJacobPaulin.PersistenceLayer.Managers
        {
            public static class DbConfiguration
            {
                public static string Server { get; set; } = "localhost";
                public static string Database { get; set; } = string.Empty;
            }

            public class DbManager
            {
                private static DbManager? _instance;

                public static DbManager Instance
                {
                    get
                    {
                        _instance ??= new DbManager();
                        return _instance;
                    }
                    private set { _instance = value; }
                }

                public MySqlConnection? Connection { get; private set; }

                private DbManager()
                {
                }

                public bool IsConnected()
                {
                    if (Connection == null)
                    {
                        if (string.IsNullOrEmpty(DbConfiguration.Database)) return false;
                        string connstring = string.Format("Server={0}; Database={1}", DbConfiguration.Server, DbConfiguration.Database);
                        Connection = new MySqlConnection(connstring);
                        Connection.Open();
                    }

                    return true;
                }

                public void Close()
                {
                    Connection?.Close();
                    Connection = null;
                }
            }
        }
        """;

    public const string Dao = """
        using System;
        using System.Collections.Generic;
        using System.Diagnostics;
        using cst8333ApplicationByJacobPaulin.PersistenceLayer.Managers;
        using MySql.Data.MySqlClient;

        namespace cst8333ApplicationByJacobPaulin.BusinessLayer
        {
            public class VegetableRecordDaoImpl
            {
                private readonly DbManager dbManager;

                public VegetableRecordDaoImpl()
                {
                    dbManager = DbManager.Instance;
                }

                public IEnumerable<string>? ReadAll()
                {
                    try
                    {
                        if (dbManager.IsConnected())
                        {
                            string query = "SELECT * FROM vegetableRecords";
                            MySqlCommand sqlCmd = new MySqlCommand(query, dbManager.Connection);
                            MySqlDataReader reader = sqlCmd.ExecuteReader();
                            List<string> results = new List<string>();
                            while (reader.Read())
                            {
                                results.Add(reader.GetString("GEO"));
                            }

                            reader.Close();
                            dbManager.Close();
                            return results;
                        }
                    }
                    catch (Exception ex)
                    {
                        Debug.WriteLine(ex.StackTrace);
                    }

                    return null;
                }
            }
        }
        """;
}
