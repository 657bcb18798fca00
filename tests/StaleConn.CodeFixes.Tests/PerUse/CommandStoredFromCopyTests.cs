using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Corpus;
using StaleConn.CodeFixes.Tests.Infrastructure;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// A DAL method that takes the holder's connection into a local and keeps the command it creates in a field
/// (<c>MySqlConnection connection = db.Connection; command = connection.CreateCommand(); ... command.ExecuteNonQuery();</c>):
/// the unit's per-use scope ends after the connection's last use, so the command, used on through the field, would run on
/// a disposed connection. The fixes decline with <see cref="NoFixReason.ConnectionHandedToStoredObject"/>; the same method
/// with the command in a local is fixed.
/// </summary>
/// <remarks>
/// nkyokoo/unittesting@1a1b38ffcad6: UserService/UserServices.cs and UserService/DatabaseServices.cs keep
/// <c>connection</c>, <c>command</c> and the reader <c>dr</c> in fields, each method setting <c>connection =
/// db.Connection;</c> first (stop 28 tried making such a field a local of each method: the planner then fixed the folder
/// with <c>using (MySqlConnection connection = db.Connection) { command = connection.CreateCommand(); }</c> and the command
/// executed after the scope — this test keeps that from coming back). Holder in minimal form: a static lazy accessor.
/// </remarks>
public class CommandStoredFromCopyTests
{
    private const string Holder = """
        using System.Data.SqlClient;

        public static class Db
        {
            private static SqlConnection conn;

            public static SqlConnection GetConnection()
            {
                if (conn == null)
                {
                    conn = new SqlConnection("Server=.;Database=unittesting");
                    conn.Open();
                }

                return conn;
            }
        }
        """;

    private static string Dal(string commandDeclaration, string commandTarget) => $$"""
        using System;
        using System.Data.SqlClient;

        public class DatabaseServices
        {
            {{commandDeclaration}}

            public bool GetCars()
            {
                SqlConnection connection = Db.GetConnection();
                {{commandTarget}} = connection.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM cars";
                Console.WriteLine(command.ExecuteScalar());
                return true;
            }
        }
        """;

    [Fact]
    public async Task A_command_kept_in_a_field_declines_the_fix()
    {
        var notFixed = await NotFixedAsync(Dal("private SqlCommand command;", "command"));

        Assert.Equal(NoFixReason.ConnectionHandedToStoredObject, Assert.Single(notFixed));
    }

    [Fact]
    public async Task A_command_in_a_local_is_fixed()
    {
        var notFixed = await NotFixedAsync(Dal(string.Empty, "SqlCommand command"));

        Assert.Empty(notFixed);
    }

    private static async Task<IReadOnlyList<NoFixReason>> NotFixedAsync(string dal) =>
        (await ShapeFixRuns.FixEachAsync(
            new HolderShape("stored command", "nkyokoo/unittesting", new[] { Holder, dal }, LanguageVersion.CSharp7_3),
            FixMode.ConnectionFactory)).NotFixed;
}
