namespace StaleConn.CodeFixes.Tests.Corpus;

/// <summary>
/// Stop 30's released readers: forms that keep the command and the reader in fields, build both from the shared static
/// connection in every handler, and let go of the reader a previous click left behind before building it again
/// (<c>if (reader != null) { reader.Close(); }</c> at the top of the handler) or in the <c>finally</c> of the
/// <c>try</c> that builds it.
/// </summary>
internal static partial class HolderShapes
{
    public static IReadOnlyList<HolderShape> ReleasedReaders { get; } = ReleasedReaderHolders().ToList();

    private static IEnumerable<HolderShape> ReleasedReaderHolders()
    {
        yield return new HolderShape(
            "WGU C969 scheduler: a static connection opened in Main, forms keeping command and reader fields, the reader released before it is built again and in finally",
            "Frank-Develops/C-Appointment-Management-System-C969@4441136514d6: Connection.cs, Program.cs, LogonForm.cs (Logon_Click), appointments.cs (the finally of the save handler), handlers in minimal form",
            new[]
            {
                """
                using System;
                using MySql.Data.MySqlClient;

                namespace C969_FB
                {
                    public class Connection
                    {
                        public static MySqlConnection conn { get; set; }

                        public static void startConnect()
                        {
                            try
                            {
                                conn = new MySqlConnection("server=127.0.0.1;database=client_schedule;uid=sqlUser;pwd=Passw0rd!");
                                conn.Open();
                                Console.WriteLine("Connection is Open");
                            }
                            catch (MySqlException ex)
                            {
                                Console.WriteLine(ex.Message);
                            }
                        }

                        public static void closeConnect()
                        {
                            try
                            {
                                if (conn != null)
                                {
                                    conn.Close();
                                }
                                conn = null;
                            }
                            catch (Exception ex)
                            {
                                Console.WriteLine(ex.Message);
                            }
                        }
                    }

                    static class Program
                    {
                        static void Main()
                        {
                            Connection.startConnect();
                            Console.ReadLine();
                            Connection.closeConnect();
                        }
                    }
                }
                """,
                """
                using System;
                using MySql.Data.MySqlClient;

                namespace C969_FB
                {
                    public partial class LogonForm
                    {
                        MySqlDataReader reader;
                        MySqlCommand sqlCommand;

                        private void Logon_Click(object sender, EventArgs e)
                        {
                            if (reader != null)
                            {
                                reader.Close();
                            }

                            try
                            {
                                sqlCommand = new MySqlCommand("Select * FROM user WHERE userName = @username", Connection.conn);
                                sqlCommand.Parameters.AddWithValue("@username", "test");
                                reader = sqlCommand.ExecuteReader();
                                if (reader.Read())
                                {
                                    Console.WriteLine("username and password are correct");
                                    reader.Close();
                                }
                            }
                            catch (Exception ex)
                            {
                                Console.WriteLine(ex.ToString());
                            }
                        }
                    }

                    public partial class appointments
                    {
                        MySqlDataReader reader;
                        MySqlCommand sqlCommand;

                        private void save_Click(object sender, EventArgs e)
                        {
                            try
                            {
                                sqlCommand = new MySqlCommand("INSERT INTO appointment(title) VALUES(@title)", Connection.conn);
                                sqlCommand.Parameters.AddWithValue("@title", "title");
                                reader = sqlCommand.ExecuteReader();
                                reader.Close();
                            }
                            catch (Exception)
                            {
                                Console.WriteLine("There was an error with adding the appointment");
                            }
                            finally
                            {
                                if (reader != null)
                                {
                                    reader.Close();
                                }
                            }
                        }
                    }
                }
                """,
            },
            Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp7_3);
    }
}
