using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// DAL methods close the shared connection in <c>finally</c> only when it is not closed already (<c>if
/// (Connection.Get.State != ConnectionState.Closed) { Connection.Get.Close(); }</c>). Under the factory fix each unit of
/// work disposes its own connection, so the close goes, and the <c>if</c> around it goes too rather than stay empty (then the
/// emptied <c>finally</c>, and the connection's scope is the <c>try</c> block) — but only when its condition has no side
/// effects.
/// </summary>
public class EmptiedCloseIfFixTests
{
    /// <summary>dpolanco1/SGF@59b1cb61b99a: AccessLayer/Otros/Connection.cs, AccessLayer/Inventario/Dal_Marcas.cs (Insert).</summary>
    [Fact]
    public Task A_state_check_that_only_closed_the_connection_goes_with_the_close() => Verify.VerifyAsync(
        """
        using System;
        using System.Data;
        using System.Data.SqlClient;

        class Connection
        {
            private Connection()
            {
            }

            private static SqlConnection {|SC0001:_connection|} = null;

            public static SqlConnection Get
            {
                get
                {
                    if (_connection == null)
                        _connection = new SqlConnection("Data Source=db;Initial Catalog=SGF;Integrated Security=True");
                    return _connection;
                }
            }
        }

        public class Dal_Marcas
        {
            public void Insert(string codigo)
            {
                try
                {
                    SqlCommand command = new SqlCommand("Inv.Spr_Insert_Marcas", Connection.Get);
                    command.CommandType = CommandType.StoredProcedure;

                    Connection.Get.Open();

                    command.Parameters.Add(new SqlParameter("@Codigo", codigo));
                    command.ExecuteNonQuery();
                }
                catch (Exception)
                {
                    throw;
                }
                finally
                {
                    if (Connection.Get.State != ConnectionState.Closed)
                    {
                        Connection.Get.Close();
                    }
                }
            }
        }
        """,
        """
        using System;
        using System.Data;
        using System.Data.SqlClient;

        class Connection
        {
            private Connection()
            {
            }

            public static SqlConnection Get
            {
                get
                {
                    return new SqlConnection("Data Source=db;Initial Catalog=SGF;Integrated Security=True");
                }
            }
        }

        public class Dal_Marcas
        {
            public void Insert(string codigo)
            {
                try
                {
                    using var connection = Connection.Get;
                    SqlCommand command = new SqlCommand("Inv.Spr_Insert_Marcas", connection);
                    command.CommandType = CommandType.StoredProcedure;

                    connection.Open();

                    command.Parameters.Add(new SqlParameter("@Codigo", codigo));
                    command.ExecuteNonQuery();
                }
                catch (Exception)
                {
                    throw;
                }
            }
        }
        """);

    /// <summary>
    /// The same <c>finally</c> with a condition that also counts (<c>Audit.Closing()</c>): removing the <c>if</c> would
    /// drop the call, so the emptied statement stays.
    /// </summary>
    [Fact]
    public Task A_state_check_whose_condition_calls_something_stays() => Verify.VerifyAsync(
        """
        using System;
        using System.Data;
        using System.Data.SqlClient;

        static class Audit
        {
            public static int Closings;

            public static bool Closing() => ++Closings > 0;
        }

        class Connection
        {
            private static SqlConnection {|SC0001:_connection|} = new SqlConnection("Data Source=db;Initial Catalog=SGF;Integrated Security=True");

            public static SqlConnection Get => _connection;
        }

        public class Dal_Marcas
        {
            public void Insert(string codigo)
            {
                try
                {
                    Connection.Get.Open();
                    new SqlCommand("Inv.Spr_Insert_Marcas", Connection.Get).ExecuteNonQuery();
                }
                finally
                {
                    if (Audit.Closing() && Connection.Get.State != ConnectionState.Closed)
                    {
                        Connection.Get.Close();
                    }
                }
            }
        }
        """,
        """
        using System;
        using System.Data;
        using System.Data.SqlClient;

        static class Audit
        {
            public static int Closings;

            public static bool Closing() => ++Closings > 0;
        }

        class Connection
        {
            public static SqlConnection Get
            {
                get
                {
                    return new SqlConnection("Data Source=db;Initial Catalog=SGF;Integrated Security=True");
                }
            }
        }

        public class Dal_Marcas
        {
            public void Insert(string codigo)
            {
                using var connection = Connection.Get;
                try
                {
                    connection.Open();
                    new SqlCommand("Inv.Spr_Insert_Marcas", connection).ExecuteNonQuery();
                }
                finally
                {
                    if (Audit.Closing() && connection.State != ConnectionState.Closed)
                    {
                    }
                }
            }
        }
        """);
}
