using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;
using VerifyOwned = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.HeldByLongLivedOwnerAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// A constructor that builds a command over no connection and then binds it to the kept connection (<c>_command = new
/// SqlCommand(); _command.Connection = _connection;</c>), each method opening the connection, setting the command's text
/// (and parameters) and running it. The binding goes and each function binds the same command to its unit's connection
/// before its first use, as for a command built over the connection (<see cref="KeptCommandRebindFixTests"/>); the
/// command's type, parameters and the values an earlier call left in them stay as the author kept them.
/// </summary>
public class BoundAtConstructionCommandFixTests
{
    /// <summary>
    /// 44685740-1/ejercictacionUTNLabo2 (field28) conexionDB/conexionConsole/ConexionDB.cs: a static class whose static
    /// constructor builds the connection and the command and binds them; <c>delete</c> clears the parameters before its
    /// <c>try</c>, <c>add</c> does not (it sends the ones a delete left, unused, as before). Minimal form.
    /// </summary>
    [Fact]
    public Task A_command_bound_in_a_static_constructor_is_bound_in_each_method() => Verify.VerifyAsync("""
        using System.Data.SqlClient;

        public static class ConexionDB
        {
            private static SqlConnection {|SC0001:_connection|};
            private static SqlCommand _command;
            private static string _connectionString;

            static ConexionDB()
            {
                _connectionString = "Server=.;Database=segundo_parcial_labo2;Trusted_Connection=True;";
                _connection = new SqlConnection(_connectionString);
                _command = new SqlCommand();
                _command.Connection = _connection;
                _command.CommandType = System.Data.CommandType.Text;
            }

            public static int add(string nombre)
            {
                try
                {
                    _connection.Open();
                    _command.CommandText = $"INSERT INTO usuarios(nombre) VALUES ('{nombre}')";
                    return _command.ExecuteNonQuery();
                }
                finally
                {
                    _connection.Close();
                }
            }

            public static int delete(int id)
            {
                _command.Parameters.Clear();
                try
                {
                    _connection.Open();
                    _command.CommandText = "DELETE FROM usuarios WHERE id = @id";
                    _command.Parameters.AddWithValue("@id", id);
                    return _command.ExecuteNonQuery();
                }
                finally
                {
                    _connection.Close();
                }
            }
        }
        """, """
        using System.Data.SqlClient;

        public static class ConexionDB
        {
            private static SqlConnection OpenConnection()
            {
                var connection = new SqlConnection(_connectionString);
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
            private static SqlCommand _command;
            private static string _connectionString;

            static ConexionDB()
            {
                _connectionString = "Server=.;Database=segundo_parcial_labo2;Trusted_Connection=True;";
                _command = new SqlCommand();
                _command.CommandType = System.Data.CommandType.Text;
            }

            public static int add(string nombre)
            {
                using var connection = OpenConnection();
                _command.Connection = connection;
                _command.CommandText = $"INSERT INTO usuarios(nombre) VALUES ('{nombre}')";
                return _command.ExecuteNonQuery();
            }

            public static int delete(int id)
            {
                using var connection = OpenConnection();
                _command.Connection = connection;
                _command.Parameters.Clear();
                _command.CommandText = "DELETE FROM usuarios WHERE id = @id";
                _command.Parameters.AddWithValue("@id", id);
                return _command.ExecuteNonQuery();
            }
        }
        """);

    /// <summary>
    /// hannsy09/CashGuardAtmSystem@a5dfc5fa5a5d FullViewMinistatement.cs: an instance constructor builds the connection
    /// and <c>_command = new MySqlCommand(); _command.Connection = _connection;</c>, and a method opens, sets the text and
    /// parameters, runs it and closes in its <c>finally</c>. Here kept by a bot for the program's life (the form is
    /// not a long-lived owner) and opened once, left open (a connection closed in each <c>finally</c> is opened per
    /// operation, which SC0007 no longer reports), in minimal form.
    /// </summary>
    [Fact]
    public Task A_command_bound_in_an_instance_constructor_is_bound_in_each_method() => VerifyOwned.VerifyAsync("""
        using System.Data;
        using MySqlConnector;

        public class Ministatement
        {
            private readonly MySqlConnection {|SC0007:_connection|};
            private MySqlCommand _command;

            public Ministatement()
            {
                _connection = new MySqlConnection("datasource=127.0.0.1;port=3306;username=root;password=;database=account");
                _command = new MySqlCommand();
                _command.Connection = _connection;
            }

            public string Balance(string accountNumber)
            {
                if (_connection.State != ConnectionState.Open)
                    _connection.Open();
                _command.CommandText = "SELECT `Balance` FROM signup WHERE `Account Number` = @AccountNumber";
                _command.Parameters.Clear();
                _command.Parameters.AddWithValue("@AccountNumber", accountNumber);
                return _command.ExecuteScalar()?.ToString();
            }
        }

        public class BalanceBot
        {
            private readonly Ministatement _statement = new Ministatement();

            public string OnBalance(string account) => _statement.Balance(account);
        }
        """, """
        using System.Data;
        using MySqlConnector;
        using StaleConn;

        public class Ministatement
        {
            private readonly ConnectionGuard<MySqlConnection> _connection;
            private MySqlCommand _command;

            public Ministatement()
            {
                _connection = new ConnectionGuard<MySqlConnection>(() => new MySqlConnection("datasource=127.0.0.1;port=3306;username=root;password=;database=account"));
                _command = new MySqlCommand();
            }

            public string Balance(string accountNumber)
            {
                using var lease = _connection.Acquire();
                _command.Connection = lease.Connection;
                _command.CommandText = "SELECT `Balance` FROM signup WHERE `Account Number` = @AccountNumber";
                _command.Parameters.Clear();
                _command.Parameters.AddWithValue("@AccountNumber", accountNumber);
                return _command.ExecuteScalar()?.ToString();
            }
        }

        public class BalanceBot
        {
            private readonly Ministatement _statement = new Ministatement();

            public string OnBalance(string account) => _statement.Balance(account);
        }
        """);
}
