using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// A table class that copies the holder's static into a field of its own at the top of a method and again half-way
/// through it, and opens and closes the copy around each command (several open/close pairs in one method, or one pair
/// per loop pass). The second write stores what the field already holds, so the field is still a copy of the accessor;
/// each method takes one connection from the factory, and the closes between its opens stay on that connection, since
/// each later open would otherwise find it open and throw.
/// </summary>
public class ReopenedCopyFixTests
{
    /// <summary>
    /// tdargent1/PPE-RallyeLecture-C-@6f81ef28a2c5: ppe/ppe/ConnexionMySql.cs (the holder, built from the caller's
    /// credentials) and ppe/ppe/TableEleve.cs (<c>Insert</c>: the copy written again before its third of four open/close
    /// pairs) — in minimal form. Before, the second write's read-before declined (<c>ConnectionStoredInMember</c>).
    /// </summary>
    // https://github.com/tdargent1/PPE-RallyeLecture-C-/blob/6f81ef28a2c525fd5b415078b829bee48167374d/ppe/ppe/TableEleve.cs
    [Fact]
    public Task A_copy_written_again_mid_method_keeps_the_closes_between_its_opens() => Verify.VerifyAsync(
        new[]
        {
            """
            using MySql.Data.MySqlClient;

            static class ConnexionMySql
            {
                static private MySqlConnection {|SC0001:cnx|};

                static public void Connexion(string user, string passWord, string database, string server)
                {
                    string scmd = "user=" + user + ";password=" + passWord + ";host=" + server + ";database=" + database;
                    ConnexionMySql.cnx = new MySqlConnection(scmd);
                }

                static public MySqlConnection GetConnexion { get { return ConnexionMySql.cnx; } }
            }
            """,
            """
            using MySql.Data.MySqlClient;

            class TableEleve
            {
                private MySqlConnection connection;

                public void Insert(string nom)
                {
                    this.connection = ConnexionMySql.GetConnexion;
                    this.connection.Open();
                    MySqlCommand cmdSql4 = new MySqlCommand();
                    cmdSql4.Connection = this.connection;
                    cmdSql4.CommandText = "select max(id) from classe";
                    int idClasse = (int)cmdSql4.ExecuteScalar();
                    this.connection.Close();

                    this.connection = ConnexionMySql.GetConnexion;
                    this.connection.Open();
                    MySqlCommand cmdSql = new MySqlCommand();
                    cmdSql.Connection = this.connection;
                    cmdSql.CommandText = "insert into eleve(idclasse, nom) values(@idclasse, @nom)";
                    cmdSql.Parameters.AddWithValue("@idclasse", idClasse);
                    cmdSql.Parameters.AddWithValue("@nom", nom);
                    cmdSql.ExecuteNonQuery();
                    this.connection.Close();
                }
            }
            """,
        },
        new[]
        {
            """
            using MySql.Data.MySqlClient;

            static class ConnexionMySql
            {
                private static string cnxConnectionString;

                static public void Connexion(string user, string passWord, string database, string server)
                {
                    string scmd = "user=" + user + ";password=" + passWord + ";host=" + server + ";database=" + database;
                    ConnexionMySql.cnxConnectionString = scmd;
                }

                static public MySqlConnection GetConnexion
                {
                    get
                    {
                        return new MySqlConnection(cnxConnectionString);
                    }
                }
            }
            """,
            """
            using MySql.Data.MySqlClient;

            class TableEleve
            {
                public void Insert(string nom)
                {
                    using var connection = ConnexionMySql.GetConnexion;
                    connection.Open();
                    MySqlCommand cmdSql4 = new MySqlCommand();
                    cmdSql4.Connection = connection;
                    cmdSql4.CommandText = "select max(id) from classe";
                    int idClasse = (int)cmdSql4.ExecuteScalar();
                    connection.Close();
                    connection.Open();
                    MySqlCommand cmdSql = new MySqlCommand();
                    cmdSql.Connection = connection;
                    cmdSql.CommandText = "insert into eleve(idclasse, nom) values(@idclasse, @nom)";
                    cmdSql.Parameters.AddWithValue("@idclasse", idClasse);
                    cmdSql.Parameters.AddWithValue("@nom", nom);
                    cmdSql.ExecuteNonQuery();
                }
            }
            """,
        });

    /// <summary>
    /// tdargent1/PPE-RallyeLecture-C-@6f81ef28a2c5: ppe/ppe/TableEnseignant.cs (<c>GetByLogin</c>: the copy opened and
    /// closed once per loop pass) — in minimal form. Before, the close went and the second pass's <c>Open()</c> threw
    /// ("already open") on the method's one connection.
    /// </summary>
    // https://github.com/tdargent1/PPE-RallyeLecture-C-/blob/6f81ef28a2c525fd5b415078b829bee48167374d/ppe/ppe/TableEnseignant.cs
    [Fact]
    public Task A_copy_opened_and_closed_per_loop_pass_keeps_its_close() => Verify.VerifyAsync(
        new[]
        {
            """
            using MySql.Data.MySqlClient;

            static class ConnexionMySql
            {
                static private MySqlConnection {|SC0001:cnx|};

                static public void Connexion(string user, string passWord, string database, string server)
                {
                    string scmd = "user=" + user + ";password=" + passWord + ";host=" + server + ";database=" + database;
                    ConnexionMySql.cnx = new MySqlConnection(scmd);
                }

                static public MySqlConnection GetConnexion { get { return ConnexionMySql.cnx; } }
            }
            """,
            """
            using System.Collections.Generic;
            using MySql.Data.MySqlClient;

            class TableEnseignant
            {
                private MySqlConnection connection;

                public List<string> GetByLogin(List<int> ids)
                {
                    this.connection = ConnexionMySql.GetConnexion;
                    List<string> noms = new List<string>();
                    for (int i = 0; i < ids.Count; i++)
                    {
                        connection.Open();
                        MySqlCommand cmdSql1 = new MySqlCommand();
                        cmdSql1.Connection = this.connection;
                        cmdSql1.CommandText = "select username from aauth_users where id=@id";
                        cmdSql1.Parameters.AddWithValue("@id", ids[i]);
                        noms.Add((string)cmdSql1.ExecuteScalar());
                        this.connection.Close();
                    }
                    return noms;
                }
            }
            """,
        },
        new[]
        {
            """
            using MySql.Data.MySqlClient;

            static class ConnexionMySql
            {
                private static string cnxConnectionString;

                static public void Connexion(string user, string passWord, string database, string server)
                {
                    string scmd = "user=" + user + ";password=" + passWord + ";host=" + server + ";database=" + database;
                    ConnexionMySql.cnxConnectionString = scmd;
                }

                static public MySqlConnection GetConnexion
                {
                    get
                    {
                        return new MySqlConnection(cnxConnectionString);
                    }
                }
            }
            """,
            """
            using System.Collections.Generic;
            using MySql.Data.MySqlClient;

            class TableEnseignant
            {
                public List<string> GetByLogin(List<int> ids)
                {
                    List<string> noms = new List<string>();
                    using (var connection = ConnexionMySql.GetConnexion)
                    {
                        for (int i = 0; i < ids.Count; i++)
                        {
                            connection.Open();
                            MySqlCommand cmdSql1 = new MySqlCommand();
                            cmdSql1.Connection = connection;
                            cmdSql1.CommandText = "select username from aauth_users where id=@id";
                            cmdSql1.Parameters.AddWithValue("@id", ids[i]);
                            noms.Add((string)cmdSql1.ExecuteScalar());
                            connection.Close();
                        }
                    }
                    return noms;
                }
            }
            """,
        });
}
