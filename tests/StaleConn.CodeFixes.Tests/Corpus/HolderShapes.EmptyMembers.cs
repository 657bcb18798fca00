namespace StaleConn.CodeFixes.Tests.Corpus;

/// <summary>
/// Stop 31 (rand31): a member built empty (<c>new SqlConnection()</c>) that the holder's accessor or opener gives its
/// string right before it opens it — a WinForms DAL's <c>SQLCon.Sqlconn()</c>, a web app's lazy <c>GetConnection()</c>
/// and a course project's <c>OpenConnection()</c> beside a <c>Con</c> property.
/// </summary>
internal static partial class HolderShapes
{
    public static IReadOnlyList<HolderShape> EmptyMembers { get; } = EmptyMemberHolders().ToList();

    private static IEnumerable<HolderShape> EmptyMemberHolders()
    {
        yield return new HolderShape(
            "Static member built empty, the accessor setting its string from configuration when closed, then opening it",
            "SolutionToGo/OTTOPro@231a61798328 (rand31 set): trunk/02_Code/Components/OTTOPro/DataAccess/SQLCon.cs (Sqlconn, log4net as Console), DataAccess/DMulti.cs (two data methods of 180)",
            new[]
            {
                """
                using System;
                using System.Configuration;
                using System.Data;
                using System.Data.SqlClient;

                namespace DataAccess
                {
                    static class SQLCon
                    {
                        static SqlConnection ObjCon = new SqlConnection();

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

                        public static void Close()
                        {
                        }
                    }

                    public class DMulti
                    {
                        public DataTable GetArticles(int projectId, string section)
                        {
                            var articles = new DataTable();
                            try
                            {
                                using (SqlCommand cmd = new SqlCommand())
                                {
                                    cmd.Connection = SQLCon.Sqlconn();
                                    cmd.CommandType = CommandType.StoredProcedure;
                                    cmd.CommandText = "[P_Get_WGForMulti]";
                                    cmd.Parameters.AddWithValue("@ProjectID", projectId);
                                    cmd.Parameters.AddWithValue("@LVSection", section);
                                    using (SqlDataAdapter da = new SqlDataAdapter(cmd))
                                    {
                                        da.Fill(articles);
                                    }
                                }
                            }
                            finally { SQLCon.Close(); }
                            return articles;
                        }

                        public void UpdateMulti(int projectId, DataTable rows)
                        {
                            using (SqlCommand cmd = new SqlCommand())
                            {
                                cmd.Connection = SQLCon.Sqlconn();
                                cmd.CommandType = CommandType.StoredProcedure;
                                cmd.CommandText = "[P_Upd_Multi]";
                                cmd.Parameters.AddWithValue("@ProjectID", projectId);
                                cmd.Parameters.AddWithValue("@dt", rows);
                                cmd.ExecuteNonQuery();
                            }
                        }
                    }
                }
                """,
            },
            Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "Lazy static accessor building the member empty, setting its string from configuration, then opening it",
            "Shariq96/DBMS@de64ff6dfbc2: WebApplication8/WebApplication8/Models/Connections.cs (a controller's query in minimal form)",
            new[]
            {
                """
                using System.Configuration;
                using System.Data.SqlClient;

                namespace WebApplication8.Models
                {
                    public class Connections
                    {
                        public static SqlConnection My_SQL_Connection;

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

                    public class StudentsController
                    {
                        public int Count()
                        {
                            SqlCommand cmd = new SqlCommand("SELECT COUNT(*) FROM Students", Connections.GetConnection());
                            return (int)cmd.ExecuteScalar();
                        }
                    }
                }
                """,
            },
            Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "Opener building the member empty from a private static string, a Con property handing it out, a closer",
            "huetran1611/CSLT2_ki1_2021: Chuong5_vd1_6_10/DAO.cs (a form's load in minimal form)",
            new[]
            {
                """
                using System;
                using System.Data;
                using System.Data.SqlClient;

                namespace WindowsFormsApp5
                {
                    class DAO
                    {
                        static private SqlConnection con;
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
                            try
                            {
                                if (con.State == ConnectionState.Open)
                                    con.Close();
                            }
                            catch (Exception ex)
                            {
                                throw ex;
                            }
                        }

                        static public SqlConnection Con
                        {
                            get
                            {
                                return con;
                            }
                        }
                    }

                    class ProductForm
                    {
                        public DataTable LoadProducts()
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
            },
            Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp7_3);
    }
}
