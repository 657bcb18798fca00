using Microsoft.CodeAnalysis.CSharp;

namespace StaleConn.CodeFixes.Tests.Corpus;

/// <summary>
/// A lazy accessor that fills a connection-string builder local inside its null check (indexer and property sets) and
/// builds the connection from the builder's string: the builder and its settings move into the factory.
/// </summary>
internal static partial class HolderShapes
{
    public static IReadOnlyList<HolderShape> Builders { get; } = BuilderHolders().ToList();

    private static IEnumerable<HolderShape> BuilderHolders()
    {
        yield return new HolderShape(
            "Lazy GetConnection filling a SqlConnectionStringBuilder inside its null check, a form's caller passes it to a model and closes it",
            "Phuong203a/Cong-nghe-phan-mem@5bdbe70ea22a: WinFormsApp3/ConnectionSingleton.cs, WinFormsApp3/Form_Register.cs (model in minimal form)",
            new[]
            {
                """
                using System.Data.SqlClient;

                namespace WinFormsApp3
                {
                    public static class ConnectionSingleton
                    {
                        static SqlConnection conn;
                        public static SqlConnection GetConnection()
                        {

                            if (conn == null)
                            {
                                SqlConnectionStringBuilder builder = new SqlConnectionStringBuilder();
                                builder["Data Source"] = "PHUONGDAM\\SQLEXPRESS";
                                builder["integrated Security"] = true;
                                builder["Initial Catalog"] = "UserManagement";
                                builder.UserID = "PHUONGDAM\\DELL";
                                conn = new SqlConnection(builder.ConnectionString);
                                conn.Open();
                                return conn;
                            }
                            else
                                return conn;
                        }
                    }

                    public class UserModel
                    {
                        public string name;

                        public bool CheckIfUserExists(SqlConnection connection)
                        {
                            SqlCommand command = new SqlCommand("SELECT COUNT(*) FROM Users WHERE name = @name", connection);
                            command.Parameters.AddWithValue("@name", name);
                            return (int)command.ExecuteScalar() > 0;
                        }

                        public void InsertUser(SqlConnection connection)
                        {
                            SqlCommand command = new SqlCommand("INSERT INTO Users (name) VALUES (@name)", connection);
                            command.Parameters.AddWithValue("@name", name);
                            command.ExecuteNonQuery();
                        }
                    }

                    public class FormRegister
                    {
                        public string Register(string name)
                        {
                            UserModel userModel = new UserModel();
                            userModel.name = name;
                            SqlConnection sqlConnection = ConnectionSingleton.GetConnection();
                            bool isExisted = userModel.CheckIfUserExists(sqlConnection);
                            if (isExisted == true)
                            {
                                return "exists";
                            }

                            userModel.InsertUser(sqlConnection);
                            sqlConnection.Close();
                            return "registered";
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "Lazy GetConnection building its string with a SqlConnectionStringBuilder (user and password set as properties), commands built per caller",
            "thothang/CNPM_CK@743790485dd6: WindowsFormsApp1/ConnectionSingleton.cs (caller in minimal form)",
            new[]
            {
                """
                using System.Data.SqlClient;

                namespace WindowsFormsApp1
                {
                    public static class ConnectionSingleton
                    {
                        static SqlConnection conn;
                        public static SqlConnection GetConnection()
                        {
                            if (conn == null)
                            {
                                SqlConnectionStringBuilder builder = new SqlConnectionStringBuilder();
                                builder["Data Source"] = "MSI\\SQLEXPRESS";
                                builder["integrated Security"] = true;
                                builder["Initial Catalog"] = "CNPM_CK";
                                builder.UserID = "sa";
                                builder.Password = "secret";
                                conn = new SqlConnection(builder.ConnectionString);
                                conn.Open();
                                return conn;
                            }
                            else
                                return conn;
                        }
                    }

                    public class SanPhamModel
                    {
                        public int Count()
                        {
                            SqlCommand cmd = new SqlCommand("SELECT COUNT(*) FROM SanPham", ConnectionSingleton.GetConnection());
                            return (int)cmd.ExecuteScalar();
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);
    }
}
