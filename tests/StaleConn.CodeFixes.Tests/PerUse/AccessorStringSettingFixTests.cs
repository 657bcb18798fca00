using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// A member built empty (<c>static SqlConnection ObjCon = new SqlConnection();</c>, or <c>new SqlConnection()</c> in the
/// accessor) that the accessor or opener gives its string just before it opens it: the factory builds each connection
/// with that string, read where each open read it. Only settled values (constants, cached configuration, static
/// readonly fields, private static fields only their initializer sets); anything else still declines.
/// </summary>
public class AccessorStringSettingFixTests
{
    [Fact]
    public Task An_accessor_that_sets_the_string_of_an_empty_member_before_opening_becomes_a_factory_with_it() => Verify.VerifyAsync(
        // SolutionToGo/OTTOPro@231a61798328: trunk/02_Code/Components/OTTOPro/DataAccess/SQLCon.cs, DataAccess/DMulti.cs
        // (the log4net calls as Console, one data method of 180).
        """
        using System;
        using System.Configuration;
        using System.Data;
        using System.Data.SqlClient;

        namespace DAL
        {
            static class SQLCon
            {
                static SqlConnection {|SC0001:ObjCon|} = new SqlConnection();

                public static SqlConnection Sqlconn()
                {
                    try
                    {
                        if (ObjCon.State == ConnectionState.Closed)
                        {
                            Console.WriteLine("Connection is Closed");
                            ObjCon.ConnectionString = ConfigurationManager.ConnectionStrings["OTTOPro"].ToString();
                            ObjCon.Open();
                            Console.WriteLine("Connection is Open");
                        }
                    }
                    catch (Exception ex) { Console.WriteLine(ex.Message); }
                    return ObjCon;
                }
            }

            public class DMulti
            {
                public void UpdateMulti(int projectId)
                {
                    using (SqlCommand cmd = new SqlCommand())
                    {
                        cmd.Connection = SQLCon.Sqlconn();
                        cmd.CommandType = CommandType.StoredProcedure;
                        cmd.CommandText = "[P_Upd_Multi]";
                        cmd.Parameters.AddWithValue("@ProjectID", projectId);
                        cmd.ExecuteNonQuery();
                    }
                }
            }
        }
        """,
        """
        using System;
        using System.Configuration;
        using System.Data;
        using System.Data.SqlClient;

        namespace DAL
        {
            static class SQLCon
            {
                public static SqlConnection Sqlconn()
                {
                    var connection = new SqlConnection(ConfigurationManager.ConnectionStrings["OTTOPro"].ToString());
                    try
                    {
                        connection.Open();
                    }
                    catch (Exception ex)
                    {
                        Console.WriteLine(ex.Message);
                    }

                    return connection;
                }
            }

            public class DMulti
            {
                public void UpdateMulti(int projectId)
                {
                    using var connection = SQLCon.Sqlconn();
                    using (SqlCommand cmd = new SqlCommand())
                    {
                        cmd.Connection = connection;
                        cmd.CommandType = CommandType.StoredProcedure;
                        cmd.CommandText = "[P_Upd_Multi]";
                        cmd.Parameters.AddWithValue("@ProjectID", projectId);
                        cmd.ExecuteNonQuery();
                    }
                }
            }
        }
        """);

    [Fact]
    public Task A_lazy_accessor_that_builds_the_member_empty_then_sets_its_string_becomes_a_factory_with_it() => Verify.VerifyAsync(
        // Shariq96/DBMS@de64ff6dfbc2: WebApplication8/WebApplication8/Models/Connections.cs (caller in minimal form).
        """
        using System.Configuration;
        using System.Data.SqlClient;

        namespace WebApplication8.Models
        {
            public class Connections
            {
                public static SqlConnection {|SC0001:My_SQL_Connection|};

                public static SqlConnection GetConnection()
                {
                    if (My_SQL_Connection == null)
                    {
                        My_SQL_Connection = new SqlConnection();
                        My_SQL_Connection.ConnectionString = ConfigurationManager.ConnectionStrings["mydb"].ToString();
                        My_SQL_Connection.Open();
                    }
                    return My_SQL_Connection;
                }
            }

            public class Students
            {
                public int Count()
                {
                    SqlCommand cmd = new SqlCommand("SELECT COUNT(*) FROM Students", Connections.GetConnection());
                    return (int)cmd.ExecuteScalar();
                }
            }
        }
        """,
        """
        using System.Configuration;
        using System.Data.SqlClient;

        namespace WebApplication8.Models
        {
            public class Connections
            {
                public static SqlConnection GetConnection()
                {
                    var connection = new SqlConnection(ConfigurationManager.ConnectionStrings["mydb"].ToString());
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

            public class Students
            {
                public int Count()
                {
                    using var connection = Connections.GetConnection();
                    SqlCommand cmd = new SqlCommand("SELECT COUNT(*) FROM Students", connection);
                    return (int)cmd.ExecuteScalar();
                }
            }
        }
        """);

    [Fact]
    public Task An_opener_that_builds_the_member_empty_from_a_private_static_string_gets_an_opening_factory() => Verify.VerifyAsync(
        // huetran1611/CSLT2_ki1_2021: Chuong5_vd1_6_10/DAO.cs (a form's data method in minimal form).
        """
        using System;
        using System.Data;
        using System.Data.SqlClient;

        namespace WindowsFormsApp5
        {
            class DAO
            {
                static private SqlConnection {|SC0001:con|};
                static private string connectionstring = "Data Source=DESKTOP-4G918BK\\SQLEXPRESS;Initial Catalog=QuanLyBanHanh;Integrated Security=True";

                static public void OpenConnection()
                {
                    con = new SqlConnection();
                    con.ConnectionString = connectionstring;
                    try
                    {
                        if (con.State == ConnectionState.Closed)
                            con.Open();
                    }
                    catch (Exception ex)
                    {
                        throw ex;
                    }
                }

                static public void CloseConnection()
                {
                    if (con.State == ConnectionState.Open)
                        con.Close();
                }

                static public SqlConnection Con
                {
                    get
                    {
                        return con;
                    }
                }
            }

            class Products
            {
                public DataTable Load()
                {
                    DAO.OpenConnection();
                    var dt = new DataTable();
                    var da = new SqlDataAdapter("SELECT * FROM SanPham", DAO.Con);
                    da.Fill(dt);
                    DAO.CloseConnection();
                    return dt;
                }
            }
        }
        """,
        """
        using System;
        using System.Data;
        using System.Data.SqlClient;

        namespace WindowsFormsApp5
        {
            class DAO
            {
                static private string connectionstring = "Data Source=DESKTOP-4G918BK\\SQLEXPRESS;Initial Catalog=QuanLyBanHanh;Integrated Security=True";

                static public SqlConnection Con
                {
                    get
                    {
                        var connection = new SqlConnection(connectionstring);
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
            }

            class Products
            {
                public DataTable Load()
                {
                    var dt = new DataTable();
                    using (var connection = DAO.Con)
                    {
                        var da = new SqlDataAdapter("SELECT * FROM SanPham", connection);
                        da.Fill(dt);
                    }
                    return dt;
                }
            }
        }
        """);

    [Fact]
    public Task A_string_from_a_field_something_else_sets_is_not_taken() => Verify.VerifyNoFixAsync(
        // The OTTOPro accessor with the string a login form sets (`Program.conn`, as in a ManagerRoom MyFunction helper):
        // read at each open, it may differ from the one the open connection kept; the factory would not keep that.
        """
        using System.Data;
        using System.Data.SqlClient;

        static class Program
        {
            public static string conn = "Data Source=.;Initial Catalog=Rooms";

            public static void Login(string server) => conn = "Data Source=" + server + ";Initial Catalog=Rooms";
        }

        static class SQLCon
        {
            static SqlConnection {|SC0001:ObjCon|} = new SqlConnection();

            public static SqlConnection Sqlconn()
            {
                if (ObjCon.State == ConnectionState.Closed)
                {
                    ObjCon.ConnectionString = Program.conn;
                    ObjCon.Open();
                }
                return ObjCon;
            }
        }

        class Rooms
        {
            public int Count() => (int)new SqlCommand("SELECT COUNT(*) FROM Rooms", SQLCon.Sqlconn()).ExecuteScalar();
        }
        """);

    [Fact]
    public Task A_private_static_string_a_method_sets_again_is_not_taken() => Verify.VerifyNoFixAsync(
        // huetran1611/CSLT2_ki1_2021's DAO with a settings form that points it at another server: the string the open
        // connection kept may no longer be the field's.
        """
        using System.Data;
        using System.Data.SqlClient;

        class DAO
        {
            static private SqlConnection {|SC0001:con|};
            static private string connectionstring = "Data Source=.;Initial Catalog=QuanLyBanHanh;Integrated Security=True";

            static public void UseServer(string server)
            {
                connectionstring = "Data Source=" + server + ";Initial Catalog=QuanLyBanHanh;Integrated Security=True";
            }

            static public void OpenConnection()
            {
                con = new SqlConnection();
                con.ConnectionString = connectionstring;
                if (con.State == ConnectionState.Closed)
                    con.Open();
            }

            static public SqlConnection Con
            {
                get { return con; }
            }
        }

        class Products
        {
            public DataTable Load()
            {
                DAO.OpenConnection();
                var dt = new DataTable();
                new SqlDataAdapter("SELECT * FROM SanPham", DAO.Con).Fill(dt);
                return dt;
            }
        }
        """);

    [Fact]
    public Task A_private_static_string_set_again_through_a_ref_local_is_not_taken() => Verify.VerifyNoFixAsync(
        // huetran1611/CSLT2_ki1_2021's DAO with the settings form writing the string through a ref local: still a write.
        """
        using System.Data;
        using System.Data.SqlClient;

        class DAO
        {
            static private SqlConnection {|SC0001:con|};
            static private string connectionstring = "Data Source=.;Initial Catalog=QuanLyBanHanh;Integrated Security=True";

            static public void UseServer(string server)
            {
                ref string target = ref connectionstring;
                target = "Data Source=" + server + ";Initial Catalog=QuanLyBanHanh;Integrated Security=True";
            }

            static public void OpenConnection()
            {
                con = new SqlConnection();
                con.ConnectionString = connectionstring;
                if (con.State == ConnectionState.Closed)
                    con.Open();
            }

            static public SqlConnection Con
            {
                get { return con; }
            }
        }

        class Products
        {
            public DataTable Load()
            {
                DAO.OpenConnection();
                var dt = new DataTable();
                new SqlDataAdapter("SELECT * FROM SanPham", DAO.Con).Fill(dt);
                return dt;
            }
        }
        """);
}
