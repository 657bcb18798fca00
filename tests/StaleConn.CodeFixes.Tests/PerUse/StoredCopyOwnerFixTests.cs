using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.HeldByLongLivedOwnerAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// SC0007 on a DAL's copy of the holder's accessor (the DAL kept by a static owner): the first fix is the holder's
/// factory fix, which removes every copy — fixing the copy alone would leave the shared connection behind the accessor.
/// </summary>
public class StoredCopyOwnerFixTests
{
    /// <summary>
    /// Hiep2301/Project-Semester-1@5342650d1cbf: src/DAL/Order/OrderDAL.cs (the copy), src/DAL/DbConfig.cs, and
    /// src/ConsolePL/Program.cs with src/BL/OrderBL.cs (a static field keeps the business object that keeps the DAL) —
    /// in minimal form. The DAL here opens the copy once and keeps it open; the original's try/finally around each query
    /// is opened per operation, which SC0007 no longer reports (as SC0002).
    /// </summary>
    [Fact]
    public Task The_copys_finding_gets_the_holders_factory_fix() => Verify.VerifyAsync(
        new[]
        {
            """
            using MySqlConnector;

            public class DbConfig
            {
                private static MySqlConnection? connection;

                public static MySqlConnection GetConnection()
                {
                    if (connection == null)
                    {
                        connection = new MySqlConnection("server=localhost;database=bookstore;");
                    }
                    return connection;
                }
            }
            """,
            """
            using MySqlConnector;

            public class OrderDAL
            {
                private MySqlConnection {|SC0007:connection|} = DbConfig.GetConnection();

                public long CountOrders()
                {
                    if (connection.State != System.Data.ConnectionState.Open)
                    {
                        connection.Open();
                    }
                    var cmd = connection.CreateCommand();
                    cmd.CommandText = "select count(*) from orders";
                    return (long)cmd.ExecuteScalar()!;
                }
            }
            """,
            """
            using System;

            public class OrderBL
            {
                private OrderDAL orderDal = new OrderDAL();

                public long CountOrders()
                {
                    return orderDal.CountOrders();
                }
            }

            public class Program
            {
                static OrderBL orderBl = new OrderBL();

                static void Main(string[] args)
                {
                    MainMenu();
                }

                static void MainMenu()
                {
                    while (true)
                    {
                        Console.Write("Press a key to count the orders");
                        Console.ReadKey();
                        Console.WriteLine(orderBl.CountOrders());
                    }
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
            using MySqlConnector;

            public class OrderDAL
            {
                public long CountOrders()
                {
                    using var connection = DbConfig.GetConnection();
                    if (connection.State != System.Data.ConnectionState.Open)
                    {
                        connection.Open();
                    }
                    var cmd = connection.CreateCommand();
                    cmd.CommandText = "select count(*) from orders";
                    return (long)cmd.ExecuteScalar()!;
                }
            }
            """,
            """
            using System;

            public class OrderBL
            {
                private OrderDAL orderDal = new OrderDAL();

                public long CountOrders()
                {
                    return orderDal.CountOrders();
                }
            }

            public class Program
            {
                static OrderBL orderBl = new OrderBL();

                static void Main(string[] args)
                {
                    MainMenu();
                }

                static void MainMenu()
                {
                    while (true)
                    {
                        Console.Write("Press a key to count the orders");
                        Console.ReadKey();
                        Console.WriteLine(orderBl.CountOrders());
                    }
                }
            }
            """,
        });
}
