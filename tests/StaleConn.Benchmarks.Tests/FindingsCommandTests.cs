using StaleConn.Benchmarks.Findings;

namespace StaleConn.Benchmarks.Tests;

/// <summary>The findings command on small folders laid out like the restored real-code folders (one repository each).</summary>
public sealed class FindingsCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "staleconn-findings-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    // The "database helper" of many bots and Windows services: one static connection every caller shares.
    [Fact]
    public async Task Prints_a_static_holder_as_one_line_with_its_folder_file_line_and_member_then_the_rule_total()
    {
        var shop = Write("Shop", "Data/Db.cs", """
            using MySqlConnector;

            namespace Shop.Data
            {
                public static class Db
                {
                    public static MySqlConnection Shared = new MySqlConnection("Server=localhost");

                    public static int Count()
                    {
                        using var command = new MySqlCommand("SELECT COUNT(*) FROM orders", Shared);
                        return System.Convert.ToInt32(command.ExecuteScalar());
                    }
                }
            }
            """);
        Write("Shop", "Shop.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><Nullable>enable</Nullable></PropertyGroup></Project>");

        var (code, lines) = await RunAsync(shop);

        Assert.Equal(0, code);
        Assert.Equal(
            [
                "SC0001 Shop Data/Db.cs:7 Shared Static field 'Shared' of type MySqlConnection holds a database connection for the life of the process; once it sits idle longer than the server's wait_timeout the next command fails",
                "total SC0001 1",
                "total 1 findings in 1 of 1 folders (0 without C# files)",
            ],
            lines);
    }

    // senapeksin/CustomProject (rand32) commits Visual Studio's local history: nine copies of its holder under
    // CustomProject.Common/.vshistory/. The SDK leaves hidden folders out of a build (`**/.*/**`), so does the bench.
    [Fact]
    public async Task Leaves_out_files_in_hidden_folders_as_the_sdk_does()
    {
        const string holder = """
            using MySqlConnector;

            public static class Tools
            {
                public static MySqlConnection Shared = new MySqlConnection("Server=localhost");

                public static int Count()
                {
                    using var command = new MySqlCommand("SELECT COUNT(*) FROM orders", Shared);
                    return System.Convert.ToInt32(command.ExecuteScalar());
                }
            }
            """;
        var project = Write("Custom", "Common/Tools.cs", holder);
        Write("Custom", "Common/.vshistory/Tools.cs/2022-05-26_12_51_17_050.cs", holder.Replace("class Tools", "class ToolsCopy"));

        var (code, lines) = await RunAsync(project);

        Assert.Equal(0, code);
        Assert.Equal("total 1 findings in 1 of 1 folders (0 without C# files)", lines[^1]);
        Assert.Single(lines, line => line.StartsWith("SC0001 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Counts_folders_without_findings_and_without_code_and_prints_no_line_for_them()
    {
        var perUse = Write("PerUse", "Orders.cs", """
            using MySqlConnector;

            public sealed class Orders
            {
                private readonly string _connectionString;

                public Orders(string connectionString) => _connectionString = connectionString;

                public int Count()
                {
                    using var connection = new MySqlConnection(_connectionString);
                    connection.Open();
                    using var command = new MySqlCommand("SELECT COUNT(*) FROM orders", connection);
                    return System.Convert.ToInt32(command.ExecuteScalar());
                }
            }
            """);
        var noCode = Write("Php", "index.php", "<?php echo 'no C# here';");

        var (code, lines) = await RunAsync(perUse, noCode);

        Assert.Equal(0, code);
        Assert.Equal(["total 0 findings in 0 of 2 folders (1 without C# files)"], lines);
    }

    // harbingerofme/TWIRC@6c44972642c1 (TWIRC/TWIRC/Program.cs, DatabaseConnector.cs): a bot's static holder of
    // System.Data.SQLite connections. The bench's references must bind SQLiteConnection for any rule to see it; a local
    // SQLite file has no server to drop it, so it is reported only where the user includes SQLite.
    [Fact]
    public async Task Binds_System_Data_SQLite_and_reports_its_connection_only_with_the_include_sqlite_option()
    {
        var bot = Write("Bot", "Program.cs", """
            using System.Data.SQLite;

            public static class Program
            {
                public static SQLiteConnection Database = new SQLiteConnection("Data Source=db.sqlite;Version=3;");

                public static int Count()
                {
                    using var command = new SQLiteCommand("SELECT COUNT(*) FROM users", Database);
                    return System.Convert.ToInt32(command.ExecuteScalar());
                }
            }
            """);

        var (_, byDefault) = await RunAsync(bot);
        var (code, included) = await RunAsync(["--option", "staleconn.include_sqlite=true"], bot);

        Assert.Equal(["total 0 findings in 0 of 1 folders (0 without C# files)"], byDefault);
        Assert.Equal(0, code);
        Assert.Equal(
            [
                "SC0001 Bot Program.cs:5 Database Static field 'Database' of type SQLiteConnection holds a database connection for the life of the process; once it sits idle longer than the server's wait_timeout the next command fails",
                "total SC0001 1",
                "total 1 findings in 1 of 1 folders (0 without C# files)",
            ],
            included);
    }

    // HookDing/ServiceManager-GUI@d969666bdbb7 (Services/MySqlService.cs): a Windows service opens its connection in
    // OnStart and queries it on every call. ServiceBase is a package on .NET 8 and the framework's on .NET Framework;
    // the bench once left it unresolved, so the service read as a plain class and its field went unreported.
    [Fact]
    public async Task Reports_a_windows_service_field_because_ServiceBase_binds_as_in_a_real_build()
    {
        var service = Write("Svc", "Services/MySqlService.cs", """
            using System.ServiceProcess;
            using MySql.Data.MySqlClient;

            public class MySqlService : ServiceBase
            {
                private MySqlConnection connection;

                protected override void OnStart(string[] args)
                {
                    connection = new MySqlConnection("Server=localhost");
                    connection.Open();
                }

                public object Ping()
                {
                    using var command = new MySqlCommand("SELECT 1", connection);
                    return command.ExecuteScalar();
                }
            }
            """);

        var (code, lines) = await RunAsync(service);

        Assert.Equal(0, code);
        Assert.Equal(
            [
                "SC0002 Svc Services/MySqlService.cs:6 connection Field 'connection' of type MySqlConnection holds a database connection for as long as 'MySqlService' lives, and 'MySqlService' derives from ServiceBase (a Windows service lives as long as the process); once the connection sits idle longer than the server's wait_timeout the next command fails",
                "total SC0002 1",
                "total 1 findings in 1 of 1 folders (0 without C# files)",
            ],
            lines);
    }

    private string Write(string repository, string relativePath, string text)
    {
        var folder = Path.Combine(_root, repository);
        var path = Path.Combine(folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return folder;
    }

    private static Task<(int Code, string[] Lines)> RunAsync(params string[] folders) => RunAsync([], folders);

    private static async Task<(int Code, string[] Lines)> RunAsync(string[] options, params string[] folders)
    {
        var output = new StringWriter();
        var code = await FindingsCommand.RunAsync(folders.SelectMany(f => new[] { "--sources", f }).Concat(options).ToArray(), output, TextWriter.Null);
        return (code, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
