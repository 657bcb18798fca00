using Microsoft.CodeAnalysis.CSharp;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Corpus;
using StaleConn.CodeFixes.Tests.Infrastructure;

namespace StaleConn.CodeFixes.Tests.Behaviour;

/// <summary>
/// A static member built, opened and closed again by the unit of work itself, once per queue message
/// (<c>conn = new NpgsqlConnection(connstring); conn.Open(); ... conn.Close();</c>). Before, the guard fix (first, for a
/// console consumer) became <c>conn = new ConnectionGuard&lt;NpgsqlConnection&gt;(() =&gt; ...)</c> in that method: a new
/// guard per message, each keeping its connection open, none ever disposed — Npgsql's pool (100) ran dry after 100
/// messages, where the old code closed each connection. The bench counted it as working. The guard and data-source fixes
/// now decline with <see cref="NoFixReason.BuiltOnEveryOpen"/>; the factory fix (one pooled connection per call,
/// disposed at its end, as the code already did) comes first.
/// </summary>
/// <remarks>jovnascimento/RFID-IF2_MS@a3fc59574751: MS_Ilog/Ilog.cs (the same in MS_Itag, MS_RRlog, MS_RRtag).</remarks>
public class BuiltAndClosedPerMessageTests
{
    private const string Consumer = """
        using System;
        using Npgsql;

        class Receive
        {
            private static string connstring = "Server=localhost;Port=5432;User Id=postgres;Password=password;Database=RFID;";
            private static NpgsqlConnection? conn;

            private static void Tag(string sql)
            {
                conn = new NpgsqlConnection(connstring);
                conn.Open();

                string dml = sql;

                using (NpgsqlCommand cmd = new NpgsqlCommand(dml, conn))
                {
                    try
                    {
                        cmd.ExecuteNonQuery();
                        conn.Close();
                    }
                    catch (Exception e)
                    {
                        conn.Close();
                        Console.WriteLine("Erro: " + e);
                    }
                }
            }

            public static void Main()
            {
                string? line;
                while ((line = Console.ReadLine()) != null)
                {
                    Tag(line);
                }
            }
        }
        """;

    /// <summary>The same member built once by a worker that then loops over it: one connection, the guard's shape.</summary>
    private const string Worker = """
        using System;
        using System.Threading;
        using Npgsql;

        class Receive
        {
            private static string connstring = "Server=localhost;Port=5432;User Id=postgres;Password=password;Database=RFID;";
            private static NpgsqlConnection? conn;

            public static void Main()
            {
                conn = new NpgsqlConnection(connstring);
                conn.Open();
                while (true)
                {
                    using (NpgsqlCommand cmd = new NpgsqlCommand("DELETE FROM tags WHERE seen < now() - interval '1 day'", conn))
                    {
                        cmd.ExecuteNonQuery();
                    }

                    Thread.Sleep(60000);
                }

                conn.Close();
            }
        }
        """;

    [Fact]
    public async Task The_guard_declines_a_member_built_and_closed_per_message()
    {
        Assert.Equal(new[] { NoFixReason.BuiltOnEveryOpen }, await ReasonsAsync(Consumer, FixMode.Guard));
    }

    [Fact]
    public async Task The_factory_fix_takes_a_member_built_and_closed_per_message()
    {
        Assert.Empty(await ReasonsAsync(Consumer, FixMode.ConnectionFactory));
    }

    [Fact]
    public async Task A_worker_that_builds_it_once_before_its_loop_keeps_the_guard()
    {
        Assert.Empty(await ReasonsAsync(Worker, FixMode.Guard));
    }

    /// <summary>The reasons of the findings of one source that <paramref name="mode"/> leaves unfixed.</summary>
    internal static Task<IReadOnlyList<NoFixReason>> ReasonsAsync(string source, FixMode mode) => ReasonsAsync(new[] { source }, mode);

    /// <summary>The same for a project of several files.</summary>
    internal static async Task<IReadOnlyList<NoFixReason>> ReasonsAsync(string[] sources, FixMode mode) =>
        (await ShapeFixRuns.FixEachAsync(
            new HolderShape("built and closed per message", "jovnascimento/RFID-IF2_MS", sources, LanguageVersion.CSharp10),
            mode)).NotFixed;
}
