using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Guard;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Behaviour;

/// <summary>
/// An open in a <c>try</c> whose only catch throws what it caught (<c>catch (Exception) { throw; }</c>): a failed open
/// reaches the callers as if nothing caught it, so a lease acquired before the <c>try</c> changes nothing they see. Since
/// stop 36 (<see cref="NoFixReason.LeaseOutsideOpenCatch"/>) such a catch counted as handling the failure and the fixes
/// declined; a catch that reports before it rethrows declined too until stop 41, and now gets its lease inside the <c>try</c>.
/// </summary>
public class RethrowOnlyCatchTests
{
    /// <summary>
    /// 44685740-1/ejercictacionUTNLabo2 (field28) conexionDB/conexionConsole/ConexionDB.cs: every method opens the static
    /// connection in a <c>try</c> whose catch is <c>catch (Exception) { throw; }</c> and closes it in its <c>finally</c>.
    /// Minimal form (two of its five methods), as <see cref="BoundAtConstructionCommandFixTests"/> without the catches.
    /// </summary>
    [Fact]
    public Task A_static_opened_in_a_try_that_only_rethrows_gets_its_fix() => Verify.VerifyAsync("""
        using System;
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
                catch (Exception)
                {
                    throw;
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
                catch (Exception)
                {
                    throw;
                }
                finally
                {
                    _connection.Close();
                }
            }
        }
        """, """
        using System;
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
                try
                {
                    using var connection = OpenConnection();
                    _command.Connection = connection;
                    _command.CommandText = $"INSERT INTO usuarios(nombre) VALUES ('{nombre}')";
                    return _command.ExecuteNonQuery();
                }
                catch (Exception)
                {
                    throw;
                }
            }

            public static int delete(int id)
            {
                using var connection = OpenConnection();
                _command.Connection = connection;
                _command.Parameters.Clear();
                try
                {
                    _command.CommandText = "DELETE FROM usuarios WHERE id = @id";
                    _command.Parameters.AddWithValue("@id", id);
                    return _command.ExecuteNonQuery();
                }
                catch (Exception)
                {
                    throw;
                }
            }
        }
        """);

    /// <summary>
    /// The same holder's <c>delete</c>, whose <c>_command.Parameters.Clear()</c> before the <c>try</c> puts the lease before
    /// it, with the catch forms the index shows around such opens: <c>throw;</c> (44685740-1/ejercictacionUTNLabo2), <c>throw
    /// ex;</c> (amingolmahalle/RandomGenerateDataBetweenTwoNumber GeneratorData/DAL/ControlUtility.cs <c>FillCmb</c>, around
    /// <c>GetConnection.Open()</c>), and a bare <c>catch { throw; }</c> (joshuahysu/newThreadWatchDog ThreadWatchDog.cs).
    /// </summary>
    [Theory]
    [InlineData("catch (Exception) { throw; }", false)]
    [InlineData("catch (Exception ex) { throw ex; }", false)]
    [InlineData("catch { throw; }", false)]
    [InlineData("catch (Exception) { throw; }", true)]
    [InlineData("catch (Exception ex) { throw ex; }", true)]
    public async Task A_catch_that_only_rethrows_does_not_decline(string catchClause, bool perUse) =>
        Assert.Empty(await BuiltAndClosedPerMessageTests.ReasonsAsync(Delete(catchClause), perUse ? FixMode.ConnectionFactory : FixMode.Guard));

    /// <summary>
    /// Catches that do something a lease before the <c>try</c> would skip: report, then rethrow (siddyv6/Alert-PDC
    /// IntruderAlertSystem/dbstuff.cs, <c>MessageBox.Show("Can not open connection ! "); throw E;</c>, here a console
    /// line); wrap the failure in another exception (Thrase/DBLab2020 Executesql.cs, <c>throw new
    /// Exception(e.Message);</c>); and a filter, which runs code before the exception goes on. These declined with
    /// <see cref="NoFixReason.LeaseOutsideOpenCatch"/> until stop 41; now the lease is taken first in the <c>try</c> and
    /// the kept command's binding follows it there (<see cref="CaughtFirstCalls"/>, <see cref="CaughtFirstCallTests"/>),
    /// so the catch still meets a failed connect.
    /// </summary>
    [Theory]
    [InlineData("catch (SqlException e) { Console.WriteLine(\"Can not open connection ! \"); throw e; }")]
    [InlineData("catch (SqlException e) { throw new Exception(e.Message); }")]
    [InlineData("catch (Exception ex) when (Log(ex)) { throw; }")]
    [InlineData("catch (SqlException) { throw; } catch (Exception ex) { Console.WriteLine(ex.Message); throw; }")]
    public async Task A_catch_that_does_more_than_rethrow_gets_the_lease_inside_its_try(string catchClause) =>
        Assert.Empty(await BuiltAndClosedPerMessageTests.ReasonsAsync(Delete(catchClause), FixMode.Guard));

    private static string Delete(string catchClause) => $$"""
        using System;
        using System.Data.SqlClient;

        public static class ConexionDB
        {
            private static SqlConnection _connection;
            private static SqlCommand _command;

            static ConexionDB()
            {
                _connection = new SqlConnection("Server=.;Database=segundo_parcial_labo2;Trusted_Connection=True;");
                _command = new SqlCommand();
                _command.Connection = _connection;
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
                {{catchClause}}
                finally
                {
                    _connection.Close();
                }
            }

            private static bool Log(Exception ex)
            {
                Console.WriteLine(ex.Message);
                return false;
            }
        }
        """;
}
