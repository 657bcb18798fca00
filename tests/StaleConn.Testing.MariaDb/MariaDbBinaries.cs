using System;
using System.IO;

namespace StaleConn.Testing.MariaDb;

/// <summary>Finds MariaDB's server binaries, or explains how to install them.</summary>
internal static class MariaDbBinaries
{
    private static readonly string[] Directories = { "/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin", "/usr/local/mysql/bin" };

    public static string Locate(string name)
    {
        var searchPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var directory in searchPath)
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        foreach (var directory in Directories)
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new MariaDbServerException(
            $"'{name}' was not found (searched PATH and /usr/sbin). The runtime integration tests start their own MariaDB " +
            "server: run eng/test.sh (it apt-installs mariadb-server), or install it with `apt-get install -y mariadb-server`.");
    }
}
