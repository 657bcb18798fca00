using Verify = StaleConn.Analyzers.Tests.FieldTests.AllRulesVerifier;

namespace StaleConn.Analyzers.Tests.FieldTests;

/// <summary>
/// SC0001's static look-alikes from public repositories (fresh33, fresh34), with every rule running: a static connection
/// that lives as long as the process but is open only while one operation runs, because every opening reaching it is
/// closed again in the same operation. Nothing may be reported: between operations it is closed, and the pool checks
/// the session it hands the next opening. The counter-cases, which keep it open between operations, are in
/// Rules/SC0001OpenedPerOperationTests.
/// </summary>
public class StaticOpenedPerOperationRealRepositoryTests
{
    [Fact]
    public Task Static_auto_property_opened_in_try_and_closed_in_finally_by_each_method_is_not_reported() => Verify.VerifyAsync(
        """
        // Real: BeauTaapken/S25_rpg (commit 01acb9ffd2), S25_rpg.DAL/DatabaseConnection.cs and
        // S25_rpg.DAL/Context/CharacterContextSql.cs. Startup sets the static's connection string once; every context
        // method opens it in a try and closes it in the finally, so it is closed between requests.
        using System.Data;
        using MySql.Data.MySqlClient;

        namespace S25_rpg.DAL
        {
            public class DatabaseConnection
            {
                public void setConnectionString(string connectionString)
                {
                    mySqlConnection = new MySqlConnection(connectionString);
                }

                protected static MySqlConnection mySqlConnection { get; set; }
            }

            public class CharacterContextSql : DatabaseConnection
            {
                public int AddGold(int charId, int gold)
                {
                    try
                    {
                        mySqlConnection.Open();
                        MySqlCommand editGold = new MySqlCommand("UPDATE `character` SET Gold = Gold + @gold WHERE Id = @charid", mySqlConnection);
                        editGold.Parameters.AddWithValue("@gold", gold);
                        editGold.Parameters.AddWithValue("@charid", charId);
                        return editGold.ExecuteNonQuery();
                    }
                    catch
                    {
                        return 0;
                    }
                    finally
                    {
                        mySqlConnection.Close();
                    }
                }

                public int GetExp(int id)
                {
                    try
                    {
                        mySqlConnection.Open();
                        MySqlCommand getExp = new MySqlCommand("SELECT CurrentExp FROM `character` WHERE Id = @id", mySqlConnection);
                        getExp.Parameters.AddWithValue("@id", id);
                        return (int)getExp.ExecuteScalar();
                    }
                    finally
                    {
                        mySqlConnection.Close();
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Static_field_opened_and_closed_in_sequence_around_each_command_is_not_reported() => Verify.VerifyAsync(
        """
        // Real: Paporotnichek/CyberClub (commit a814c33e08), DB.cs, Registration.cs and Bronirovanie.cs. Each form's
        // button builds its command on DB.getConnection(), calls DB.OpenConnect(), runs the command and calls
        // DB.CloseConnect() in the same block, so the static is closed between clicks.
        using System.Data;
        using MySql.Data.MySqlClient;

        namespace CyberClub
        {
            static class DB
            {
                static MySqlConnection connection = new MySqlConnection("server=localhost;port=3306;database=DB");

                static public void OpenConnect()
                {
                    if (connection.State == ConnectionState.Closed)
                        connection.Open();
                }

                static public void CloseConnect()
                {
                    if (connection.State == ConnectionState.Open)
                        connection.Close();
                }

                static public MySqlConnection getConnection()
                {
                    return connection;
                }
            }

            public class Registration
            {
                public string Register(string login, string password)
                {
                    MySqlCommand command = new MySqlCommand("INSERT INTO `users1` (`Login`, `Password`) VALUES(@login, @pass)", DB.getConnection());
                    command.Parameters.Add("@login", MySqlDbType.VarChar).Value = login;
                    command.Parameters.Add("@pass", MySqlDbType.VarChar).Value = password;
                    DB.OpenConnect();
                    string result;
                    if (command.ExecuteNonQuery() == 1)
                        result = "created";
                    else
                        result = "not created";
                    DB.CloseConnect();
                    return result;
                }
            }

            public class Bronirovanie
            {
                public void Book(int computer)
                {
                    MySqlCommand command = new MySqlCommand("INSERT INTO `zal2` (`computer`) VALUES(@computer)", DB.getConnection());
                    command.Parameters.AddWithValue("@computer", computer);

                    DB.OpenConnect();
                    command.ExecuteNonQuery();

                    DB.CloseConnect();
                }
            }
        }
        """);
}
