using Microsoft.CodeAnalysis.CSharp;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;
using StaleConn.CodeFixes.Tests.Corpus;
using StaleConn.CodeFixes.Tests.Infrastructure;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// A reader run inside a <c>try</c> but kept in a local declared before it and read after it
/// (https://github.com/BlyZeYT/Moby-Discord-Bot/blob/0ef51cb38d8f8ff83ba2cd15f9e57cf6326c3f78 — <c>Database.cs</c>,
/// <c>GetPlaylistTracksAsync</c>: <c>MySqlDataReader reader; try { reader = await new MySqlCommand(..., _connection)
/// .ExecuteReaderAsync(); } catch (Exception ex) { log; yield break; } using (reader) { while (await reader.ReadAsync())
/// yield return ...; }</c>). The unit's range ends with the <c>try</c>: a lease there ends before the rows are read
/// (another unit could run a command on the connection under the open reader), a per-use connection is disposed under
/// it. Every fix declines; a count kept the same way holds no connection and is fixed.
/// </summary>
public class ReaderStoredBeforeLeaseTests
{
    private const string Holder = """
        using System;
        using System.Collections.Generic;
        using System.Data;
        using System.Threading.Tasks;
        using MySqlConnector;

        public sealed class Tracks
        {
            private static readonly MySqlConnection _connection = new MySqlConnection("Server=db;Database=moby");

            public static async Task StartAsync()
            {
                await _connection.OpenAsync();
            }

            BODY
        }
        """;

    private const string ReaderReadAfterTry = """
        public async IAsyncEnumerable<string> GetTracksAsync(int trackId)
            {
                MySqlDataReader reader;
                try
                {
                    reader = await new MySqlCommand($"SELECT Url FROM tracks WHERE Track_Id = {trackId}", _connection).ExecuteReaderAsync();
                }
                catch (Exception ex)
                {
                    Console.Error.WriteLine(ex);
                    yield break;
                }

                using (reader)
                {
                    while (await reader.ReadAsync())
                    {
                        yield return reader.GetString(0);
                    }
                }
            }
        """;

    private const string CountReadAfterTry = """
        public async Task<long> CountAsync(int trackId)
            {
                long count;
                try
                {
                    count = (long)(await new MySqlCommand($"SELECT COUNT(*) FROM tracks WHERE Track_Id = {trackId}", _connection).ExecuteScalarAsync())!;
                }
                catch (Exception ex)
                {
                    Console.Error.WriteLine(ex);
                    return -1;
                }

                return count;
            }
        """;

    [Theory]
    [InlineData(nameof(FixMode.Guard))]
    [InlineData(nameof(FixMode.ConnectionFactory))]
    public async Task A_reader_read_after_the_range_declines(string mode) =>
        Assert.Contains(NoFixReason.ReaderOutlivesConnection, await NotFixedAsync(Holder.Replace("BODY", ReaderReadAfterTry), Enum.Parse<FixMode>(mode)));

    [Theory]
    [InlineData(nameof(FixMode.Guard))]
    [InlineData(nameof(FixMode.ConnectionFactory))]
    public async Task A_value_read_after_the_range_is_no_reason_to_decline(string mode) =>
        Assert.DoesNotContain(NoFixReason.ReaderOutlivesConnection, await NotFixedAsync(Holder.Replace("BODY", CountReadAfterTry), Enum.Parse<FixMode>(mode)));

    private static async Task<IReadOnlyList<NoFixReason>> NotFixedAsync(string source, FixMode mode) =>
        (await ShapeFixRuns.FixEachAsync(
            new HolderShape("reader stored before the lease", "Moby", new[] { source }, LanguageVersion.CSharp12),
            mode)).NotFixed;
}
