using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// DAL classes that keep what the holder's static accessor hands out in a field of their own
/// (<c>private MySqlConnection connection = DbConfig.GetConnection();</c>) and open and close that copy in each method.
/// The factory fix turns the accessor into a factory and removes each copy: each method that read it takes one
/// connection from the accessor for its unit of work and disposes it, as it opened and closed the copy.
/// </summary>
public class StoredCopyFixTests
{
    /// <summary>
    /// Hiep2301/Project-Semester-1@5342650d1cbf: src/DAL/DbConfig.cs (a lazy accessor building the connection with an
    /// object initializer), src/DAL/Staff/StaffDAL.cs and src/DAL/Order/OrderDAL.cs (the copy; the order's transaction
    /// and table locks are held across the operator's <c>Console.ReadLine</c>, as before) — in minimal form.
    /// </summary>
    [Fact]
    public Task Each_DAL_method_takes_its_own_connection_from_the_accessor_instead_of_the_copy() => Verify.VerifyAsync(
        new[]
        {
            """
            using MySqlConnector;

            public class DbConfig
            {
                private static MySqlConnection? {|SC0001:connection|};

                public static MySqlConnection GetConnection()
                {
                    if (connection == null)
                    {
                        connection = new MySqlConnection
                        {
                            ConnectionString = "server=localhost;database=bookstore;"
                        };
                    }
                    return connection;
                }
            }
            """,
            """
            using System;
            using MySqlConnector;

            public class StaffDAL
            {
                private MySqlConnection connection = DbConfig.GetConnection();

                public string Login(string user)
                {
                    string name = "";
                    try
                    {
                        connection.Open();
                        MySqlCommand cmd = connection.CreateCommand();
                        cmd.CommandText = "select staff_name from staff where staff_username = @user";
                        cmd.Parameters.AddWithValue("@user", user);
                        name = (string)cmd.ExecuteScalar()!;
                    }
                    catch
                    {
                        Console.WriteLine("Disconnected database");
                    }
                    finally
                    {
                        connection.Close();
                    }
                    return name;
                }
            }
            """,
            """
            using System;
            using MySqlConnector;

            public class OrderDAL
            {
                private MySqlConnection connection = DbConfig.GetConnection();

                public bool CreateOrder(int staffId)
                {
                    bool result = false;
                    try
                    {
                        connection.Open();
                        MySqlCommand cmd = connection.CreateCommand();
                        MySqlTransaction trans = connection.BeginTransaction();
                        cmd.Transaction = trans;
                        Console.Write("Phone: ");
                        string phone = Console.ReadLine() ?? "";
                        cmd.CommandText = "insert into orders(staff_id, phone) values (@staff, @phone)";
                        cmd.Parameters.AddWithValue("@staff", staffId);
                        cmd.Parameters.AddWithValue("@phone", phone);
                        cmd.ExecuteNonQuery();
                        trans.Commit();
                        result = true;
                    }
                    catch
                    {
                        Console.WriteLine("Disconnected database");
                    }
                    finally
                    {
                        connection.Close();
                    }
                    return result;
                }
            }
            """,
        },
        new[]
        {
            """
            using MySqlConnector;

            public class DbConfig
            {
                public static MySqlConnection GetConnection()
                {
                    return new MySqlConnection("server=localhost;database=bookstore;");
                }
            }
            """,
            """
            using System;
            using MySqlConnector;

            public class StaffDAL
            {
                public string Login(string user)
                {
                    string name = "";
                    try
                    {
                        using var connection = DbConfig.GetConnection();
                        connection.Open();
                        MySqlCommand cmd = connection.CreateCommand();
                        cmd.CommandText = "select staff_name from staff where staff_username = @user";
                        cmd.Parameters.AddWithValue("@user", user);
                        name = (string)cmd.ExecuteScalar()!;
                    }
                    catch
                    {
                        Console.WriteLine("Disconnected database");
                    }
                    return name;
                }
            }
            """,
            """
            using System;
            using MySqlConnector;

            public class OrderDAL
            {
                public bool CreateOrder(int staffId)
                {
                    bool result = false;
                    try
                    {
                        using (var connection = DbConfig.GetConnection())
                        {
                            connection.Open();
                            MySqlCommand cmd = connection.CreateCommand();
                            MySqlTransaction trans = connection.BeginTransaction();
                            cmd.Transaction = trans;
                            Console.Write("Phone: ");
                            string phone = Console.ReadLine() ?? "";
                            cmd.CommandText = "insert into orders(staff_id, phone) values (@staff, @phone)";
                            cmd.Parameters.AddWithValue("@staff", staffId);
                            cmd.Parameters.AddWithValue("@phone", phone);
                            cmd.ExecuteNonQuery();
                            trans.Commit();
                        }
                        result = true;
                    }
                    catch
                    {
                        Console.WriteLine("Disconnected database");
                    }
                    return result;
                }
            }
            """,
        });

    /// <summary>
    /// banggiahung/CakeWithC-@aa0876255f24: DAL/DbConfig.cs (an opener that calls the lazy accessor and opens, and a
    /// closer), DAL/Staff/StaffDAL.cs (the copy, closed through <c>DbConfig.CloseConnection()</c>) and
    /// ConsolePL/Program.cs with Persistence/RanToken.cs (the opener's connection handed to a method that closes it
    /// through the holder, then a menu) — in minimal form. Every accessor opens now; the menu after the call no longer
    /// runs on the call's connection (the result is declared before the scope).
    /// </summary>
    [Fact]
    public Task An_opener_a_closer_and_the_copies_become_one_factory_and_scopes_per_unit() => Verify.VerifyAsync(
        new[]
        {
            """
            using MySqlConnector;

            public class DbConfig
            {
                private static MySqlConnection? {|SC0001:connection|};

                public static MySqlConnection GetConnection()
                {
                    if (connection == null)
                    {
                        connection = new MySqlConnection
                        {
                            ConnectionString = "server=localhost;database=cakesdata;"
                        };
                    }
                    return connection;
                }

                public static MySqlConnection OpenConnection()
                {
                    if (connection == null)
                    {
                        GetConnection();
                    }
                    connection!.Open();
                    return connection;
                }

                public static void CloseConnection()
                {
                    if (connection != null)
                    {
                        connection.Close();
                    }
                }
            }
            """,
            """
            using MySqlConnector;

            public class StaffDAL
            {
                private MySqlConnection connection = DbConfig.GetConnection();

                public int RegUser(string name)
                {
                    int result = 1;
                    connection.Open();
                    MySqlCommand cmd = new MySqlCommand("Register", connection);
                    try
                    {
                        cmd.CommandType = System.Data.CommandType.StoredProcedure;
                        cmd.Parameters.AddWithValue("@name_user", name);
                        cmd.ExecuteNonQuery();
                    }
                    catch
                    {
                        result = 0;
                    }
                    finally
                    {
                        DbConfig.CloseConnection();
                    }
                    return result;
                }
            }
            """,
            """
            using System;
            using MySqlConnector;

            public class TokenMenu
            {
                public void Send(string phone)
                {
                    int result = Store(DbConfig.OpenConnection(), phone);
                    if (result == 0)
                    {
                        Console.WriteLine("Failed, sending again");
                        Send(phone.Trim());
                    }
                }

                private static int Store(MySqlConnection connection, string phone)
                {
                    int result = 1;
                    MySqlCommand cmd = new MySqlCommand("TokenSend", connection);
                    try
                    {
                        cmd.CommandType = System.Data.CommandType.StoredProcedure;
                        cmd.Parameters.AddWithValue("@find", phone);
                        cmd.ExecuteNonQuery();
                    }
                    catch
                    {
                        result = 0;
                    }
                    finally
                    {
                        DbConfig.CloseConnection();
                    }
                    return result;
                }
            }
            """,
        },
        new[]
        {
            """
            using MySqlConnector;

            public class DbConfig
            {
                public static MySqlConnection GetConnection()
                {
                    var connection = new MySqlConnection("server=localhost;database=cakesdata;");
                    try
                    {
                        connection.Open();
                        return connection;
                    }
                    catch
                    {
                        connection.Dispose();
                        throw;
                    }
                }

                public static MySqlConnection OpenConnection()
                {
                    var connection = new MySqlConnection("server=localhost;database=cakesdata;");
                    try
                    {
                        connection.Open();
                        return connection;
                    }
                    catch
                    {
                        connection.Dispose();
                        throw;
                    }
                }
            }
            """,
            """
            using MySqlConnector;

            public class StaffDAL
            {
                public int RegUser(string name)
                {
                    int result = 1;
                    using (var connection = DbConfig.GetConnection())
                    {
                        MySqlCommand cmd = new MySqlCommand("Register", connection);
                        try
                        {
                            cmd.CommandType = System.Data.CommandType.StoredProcedure;
                            cmd.Parameters.AddWithValue("@name_user", name);
                            cmd.ExecuteNonQuery();
                        }
                        catch
                        {
                            result = 0;
                        }
                    }
                    return result;
                }
            }
            """,
            """
            using System;
            using MySqlConnector;

            public class TokenMenu
            {
                public void Send(string phone)
                {
                    int result;
                    using (var connection = DbConfig.OpenConnection())
                    {
                        result = Store(connection, phone);
                    }
                    if (result == 0)
                    {
                        Console.WriteLine("Failed, sending again");
                        Send(phone.Trim());
                    }
                }

                private static int Store(MySqlConnection connection, string phone)
                {
                    int result = 1;
                    MySqlCommand cmd = new MySqlCommand("TokenSend", connection);
                    try
                    {
                        cmd.CommandType = System.Data.CommandType.StoredProcedure;
                        cmd.Parameters.AddWithValue("@find", phone);
                        cmd.ExecuteNonQuery();
                    }
                    catch
                    {
                        result = 0;
                    }
                    return result;
                }
            }
            """,
        });

    /// <summary>
    /// Negative: a copy the DAL also assigns (<c>connection = DbConfig.GetConnection();</c> in a method) is a connection of
    /// its own, not a read of the accessor: the factory fix still declines (<c>ConnectionStoredInMember</c>). Shape after
    /// Hiep2301/Project-Semester-1@5342650d1cbf src/DAL/Book/BookDAL.cs, with the reassignment in our words.
    /// </summary>
    [Fact]
    public Task A_copy_that_is_also_assigned_is_not_read_through_the_accessor() => Verify.VerifyNoFixAsync(
        """
        using MySqlConnector;

        public class DbConfig
        {
            private static MySqlConnection? {|SC0001:connection|};

            public static MySqlConnection GetConnection()
            {
                if (connection == null)
                {
                    connection = new MySqlConnection("server=localhost;database=bookstore;");
                }
                return connection;
            }
        }

        public class BookDAL
        {
            private MySqlConnection connection = DbConfig.GetConnection();

            public void Reset() => connection = DbConfig.GetConnection();

            public long Count()
            {
                connection.Open();
                var cmd = connection.CreateCommand();
                cmd.CommandText = "select count(*) from book";
                var count = (long)cmd.ExecuteScalar()!;
                connection.Close();
                return count;
            }
        }
        """);
}
