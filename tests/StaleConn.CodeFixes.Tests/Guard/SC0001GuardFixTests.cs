using Microsoft.CodeAnalysis.CSharp;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Guard;

public class SC0001GuardFixTests
{
    [Fact]
    public Task Static_connection_used_from_static_methods_takes_one_lease_per_method() => Verify.VerifyAsync("""
        using System;
        using MySqlConnector;

        public static class Database
        {
            private static readonly MySqlConnection {|SC0001:Connection|} = new MySqlConnection("Server=db");

            public static int CountOrders()
            {
                Connection.Open();
                using var command = new MySqlCommand("SELECT COUNT(*) FROM orders", Connection);
                return Convert.ToInt32(command.ExecuteScalar());
            }

            public static void Shutdown()
            {
                Connection.Close();
            }
        }
        """, """
        using System;
        using MySqlConnector;
        using StaleConn;

        public static class Database
        {
            private static readonly ConnectionGuard<MySqlConnection> Connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("Server=db"));

            public static int CountOrders()
            {
                using var lease = Connection.Acquire();
                using var command = new MySqlCommand("SELECT COUNT(*) FROM orders", lease.Connection);
                return Convert.ToInt32(command.ExecuteScalar());
            }

            public static void Shutdown()
            {
                Connection.Close();
            }
        }
        """);
}
