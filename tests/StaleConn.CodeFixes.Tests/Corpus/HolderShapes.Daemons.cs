namespace StaleConn.CodeFixes.Tests.Corpus;

/// <summary>
/// Long-running services that are not bots (field30's set: daemons, MQ consumers, Windows services), as the first fix
/// reaches them: a polling daemon's static helper that keeps a wrapper whose connection opens on first use
/// (PirateSpaceBrno/PiSS), and a queue consumer's static connection made, opened and closed again for each message
/// (jovnascimento/RFID-IF2_MS, four services of that shape). Written on MySqlConnector (the consumer was Npgsql), the
/// callers in minimal form.
/// </summary>
internal static partial class HolderShapes
{
    public static IReadOnlyList<HolderShape> Daemons { get; } = DaemonHolders().ToList();

    private static IEnumerable<HolderShape> DaemonHolders()
    {
        yield return new HolderShape(
            "Polling daemon's static helper keeps a wrapper whose connection opens on first use and never closes",
            "PirateSpaceBrno/PiSS@3123bf07c9ad: PiSS_DB/MySQL.cs, PiSS/Helpers/SqlHelper.cs, PiSS/main.cs (the sensor loop in minimal form)",
            new[]
            {
                """
                using System;
                using System.Data;
                using MySqlConnector;

                namespace PiSS.Helpers
                {
                    public class MySQL
                    {
                        private MySqlConnection dbConn;

                        public MySQL(String connectionString)
                        {
                            dbConn = new MySqlConnection(connectionString);
                        }

                        private void Connect()
                        {
                            if (dbConn.State != System.Data.ConnectionState.Open)
                            {
                                try
                                {
                                    dbConn.Close();
                                    dbConn.Open();
                                }
                                catch (Exception ex)
                                {
                                    Console.WriteLine("DB connection failed: " + ex.Message);
                                }
                            }
                        }

                        public DataRow ScalarQuery(string query)
                        {
                            Connect();

                            MySqlCommand command = new MySqlCommand(query, dbConn);

                            MySqlDataReader result = command.ExecuteReader();
                            DataTable dt = new DataTable();

                            dt.Load(result);

                            result.Close();
                            result.Dispose();

                            return dt.Rows[0];
                        }

                        public void ExecuteQuery(string query)
                        {
                            Connect();

                            new MySqlCommand(query, dbConn).ExecuteNonQuery();
                        }
                    }
                }
                """,
                """
                using System;

                namespace PiSS.Helpers
                {
                    public enum OfficeState { unlocked, locked, robbed }

                    public class SqlHelper
                    {
                        private static MySQL _db;

                        public SqlHelper(string connectionString)
                        {
                            _db = new MySQL(connectionString);
                        }

                        public static OfficeState IsOfficeLocked
                        {
                            get
                            {
                                OfficeState currentState;

                                Enum.TryParse(_db.ScalarQuery("SELECT Value FROM Common WHERE Title = 'OfficeLocked'")[0].ToString(), out currentState);

                                return currentState;
                            }
                        }

                        public static void NotifyOfficeBeingRobbed()
                        {
                            _db.ExecuteQuery("UPDATE Common SET Value = 'robbed' WHERE Title = 'OfficeLocked'");
                        }
                    }
                }
                """,
                """
                using System;
                using PiSS.Helpers;

                namespace PiSS
                {
                    public class main
                    {
                        private static SqlHelper db = new SqlHelper("Server=localhost;Database=piss");

                        static void Main(string[] args)
                        {
                            while (true)
                            {
                                OfficeState currentOfficeState = SqlHelper.IsOfficeLocked;
                                Console.WriteLine($"Office state is '{currentOfficeState}'");
                                if (currentOfficeState == OfficeState.locked)
                                {
                                    SqlHelper.NotifyOfficeBeingRobbed();
                                    System.Threading.Thread.Sleep(1000);
                                }
                                else
                                {
                                    System.Threading.Thread.Sleep(5000);
                                }
                            }
                        }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "Queue consumer's static connection made, opened and closed again for each message",
            "jovnascimento/RFID-IF2_MS@a3fc59574751: MS_Itag/Itag.cs (the RabbitMQ subscription reduced to a handler)",
            new[]
            {
                """
                using System;
                using MySqlConnector;

                class Receive
                {
                    private static string connstring = String.Format("Server={0};Port={1};" +
                        "User Id={2};Password={3};Database={4};",
                        "localhost", 3306, "root",
                        "password", "RFID");
                    private static MySqlConnection conn;

                    private static void Tag(string sql)
                    {
                        conn = new MySqlConnection(connstring);
                        conn.Open();

                        string dml = sql;

                        using (MySqlCommand cmd = new MySqlCommand(dml, conn))
                        {
                            try
                            {
                                cmd.ExecuteNonQuery();
                                conn.Close();
                            }
                            catch (Exception e)
                            {
                                conn.Close();
                                Console.WriteLine("Erro: " + e);
                            }
                        }
                    }

                    public static void OnMessage(string message)
                    {
                        Tag(message);
                        Console.WriteLine(" [x] Received {0}", message);
                    }
                }
                """,
            });
    }
}
