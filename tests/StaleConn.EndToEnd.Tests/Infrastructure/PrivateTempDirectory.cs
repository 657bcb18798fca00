namespace StaleConn.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Points TMPDIR of this test process, and so of every child it starts (mariadb-install-db, mariadbd, dotnet), at a
/// directory of its own. A shared /tmp is cleaned by other processes on a busy machine; MariaDB's bootstrap keeps
/// temporary table files there and fails when one disappears.
/// </summary>
public static class PrivateTempDirectory
{
    private static readonly Lazy<string> Directory = new(Create);

    public static string EnsureForChildProcesses() => Directory.Value;

    private static string Create()
    {
        var path = Path.Combine(Path.GetTempPath(), $"staleconn-e2e-tmp-{Environment.ProcessId}");
        System.IO.Directory.CreateDirectory(path);
        Environment.SetEnvironmentVariable("TMPDIR", path);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                System.IO.Directory.Delete(path, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        };
        return path;
    }
}
