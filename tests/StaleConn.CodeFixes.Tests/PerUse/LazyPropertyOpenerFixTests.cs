using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// Openers and closers that reach the member through the holder's lazy property, not the field
/// (Anwar101293/Projet_magasin_sport@a032aabf1976, Database.cs and Vue/FormConnexion.cs, fresh40): before, <c>Open()</c>
/// was read as a unit of work of its own, so the factory fix made it open and dispose a connection of its own while the
/// login's command ran on the unit's connection, never opened — every login threw. They are the holder's opener and
/// closer now, as when they read the field (LarePaharinen/RentCottage, rand31): their calls go and the factory opens.
/// </summary>
public class LazyPropertyOpenerFixTests
{
    [Fact]
    public Task An_opener_through_the_lazy_property_goes_and_the_factory_opens() => Verify.VerifyAsync(
        """
        using MySql.Data.MySqlClient;

        public static class Database
        {
            private static MySqlConnection {|SC0001:connection|};
            public static MySqlConnection Connection
            {
                get
                {
                    if (connection == null)
                    {
                        connection = new MySqlConnection("server=localhost;database=shop");
                    }
                    return connection;
                }
            }
            public static void Open()
            {
                if (Connection.State != System.Data.ConnectionState.Open)
                {
                    Connection.Open();
                }
            }
            public static void Close()
            {
                if (Connection.State != System.Data.ConnectionState.Closed)
                {
                    Connection.Close();
                }
            }
        }

        public class FormConnexion
        {
            public bool LogIn(string user)
            {
                var cmd = new MySqlCommand("SELECT 1 FROM users WHERE name = @u", Database.Connection);
                cmd.Parameters.AddWithValue("@u", user);
                Database.Open();
                var reader = cmd.ExecuteReader();
                var found = reader.Read();
                reader.Close();
                Database.Close();
                return found;
            }
        }
        """,
        """
        using MySql.Data.MySqlClient;

        public static class Database
        {
            public static MySqlConnection Connection
            {
                get
                {
                    var connection = new MySqlConnection("server=localhost;database=shop");
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

        public class FormConnexion
        {
            public bool LogIn(string user)
            {
                using var connection = Database.Connection;
                var cmd = new MySqlCommand("SELECT 1 FROM users WHERE name = @u", connection);
                cmd.Parameters.AddWithValue("@u", user);
                var reader = cmd.ExecuteReader();
                var found = reader.Read();
                reader.Close();
                return found;
            }
        }
        """);
}
