using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// A class that copies the holder's public static connection into a field of its own in its constructor
/// (<c>public QueryBuilder() { sqlConnection = DbConnection.connection; }</c>) and opens and closes the copy in each
/// method. The copy is made when the object is built, as a field initializer makes it: the factory fix removes the
/// field and the constructor's statement, and each method that read the copy takes and disposes one connection from
/// the factory for its unit of work.
/// </summary>
public class ConstructorCopyFixTests
{
    /// <summary>
    /// balda38/test-app@73f4f4b3413e: test-app/Core/DbConnection.cs (a public static <c>SqlConnection</c> built in the
    /// static constructor from a configured string) and test-app/Core/QueryBuilder.cs (the copy set in the constructor;
    /// <c>Execute</c> opens it in a <c>try</c> and closes it in the <c>finally</c>) — in minimal form (the
    /// configuration read and <c>HttpException</c> replaced by what the test references have).
    /// </summary>
    [Fact]
    public Task A_copy_set_in_the_constructor_becomes_a_connection_per_method() => Verify.VerifyAsync(
        new[]
        {
            """
            using System;
            using System.Data.SqlClient;

            public static class DbConnection
            {
                public static SqlConnection {|SC0001:connection|};

                static DbConnection()
                {
                    try
                    {
                        string connectionString = Environment.GetEnvironmentVariable("MSSQL") ?? "Server=.;Database=app";
                        connection = new SqlConnection(connectionString);
                    }
                    catch (SqlException e)
                    {
                        throw new InvalidOperationException("Could not connect. " + e.Message, e);
                    }
                }
            }
            """,
            """
            using System;
            using System.Data;
            using System.Data.SqlClient;

            public class QueryBuilder
            {
                private SqlConnection sqlConnection;
                private CommandType commandType = CommandType.Text;

                public QueryBuilder()
                {
                    sqlConnection = DbConnection.connection;
                }

                public DataTable Execute(string query)
                {
                    try
                    {
                        sqlConnection.Open();
                        SqlDataAdapter sqlAdapter = new SqlDataAdapter();
                        sqlAdapter.SelectCommand = new SqlCommand(query, sqlConnection);
                        sqlAdapter.SelectCommand.CommandType = commandType;
                        DataTable result = new DataTable();
                        sqlAdapter.Fill(result);
                        return result;
                    }
                    catch (SqlException e)
                    {
                        throw new InvalidOperationException("Query failed. " + e.Message, e);
                    }
                    finally
                    {
                        sqlConnection.Close();
                    }
                }
            }
            """,
        },
        new[]
        {
            """
            using System;
            using System.Data.SqlClient;

            public static class DbConnection
            {
                private static string connectionString;

                public static SqlConnection OpenConnection()
                {
                    var connection = new SqlConnection(connectionString);
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

                static DbConnection()
                {
                    try
                    {
                        string connectionString = Environment.GetEnvironmentVariable("MSSQL") ?? "Server=.;Database=app";
                        DbConnection.connectionString = connectionString;
                    }
                    catch (SqlException e)
                    {
                        throw new InvalidOperationException("Could not connect. " + e.Message, e);
                    }
                }
            }
            """,
            """
            using System;
            using System.Data;
            using System.Data.SqlClient;

            public class QueryBuilder
            {
                private CommandType commandType = CommandType.Text;

                public QueryBuilder()
                {
                }

                public DataTable Execute(string query)
                {
                    try
                    {
                        SqlDataAdapter sqlAdapter = new SqlDataAdapter();
                        using var connection = DbConnection.OpenConnection();
                        sqlAdapter.SelectCommand = new SqlCommand(query, connection);
                        sqlAdapter.SelectCommand.CommandType = commandType;
                        DataTable result = new DataTable();
                        sqlAdapter.Fill(result);
                        return result;
                    }
                    catch (SqlException e)
                    {
                        throw new InvalidOperationException("Query failed. " + e.Message, e);
                    }
                }
            }
            """,
        });

    /// <summary>
    /// A constructor that hands the field on before it sets it saw null there: that statement would get a new
    /// connection from a factory, so the field is not a copy and no fix is offered (the guard and data-source fixes
    /// decline on the store as before).
    /// </summary>
    [Fact]
    public Task A_field_read_before_the_constructor_sets_it_is_not_a_copy() => Verify.VerifyNoFixAsync(
        """
        using System;
        using System.Data.SqlClient;

        public static class DbConnection
        {
            public static SqlConnection {|SC0001:connection|} = new SqlConnection("Server=.;Database=app");
        }

        public class QueryBuilder
        {
            private SqlConnection sqlConnection;

            public QueryBuilder()
            {
                Console.WriteLine(Describe(sqlConnection));
                sqlConnection = DbConnection.connection;
            }

            private static string Describe(SqlConnection c) => c is null ? "unset" : c.DataSource;

            public int Count()
            {
                sqlConnection.Open();
                using var command = new SqlCommand("SELECT COUNT(*) FROM t", sqlConnection);
                var count = (int)command.ExecuteScalar();
                sqlConnection.Close();
                return count;
            }
        }
        """);
}
