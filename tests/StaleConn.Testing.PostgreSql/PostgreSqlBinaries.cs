using System;
using System.IO;
using System.Linq;

namespace StaleConn.Testing.PostgreSql;

/// <summary>Finds PostgreSQL's server binaries (Debian keeps them off PATH, in a folder per major version), or explains how to install them.</summary>
internal static class PostgreSqlBinaries
{
    private const string DebianRoot = "/usr/lib/postgresql";

    public static string Locate(string name)
    {
        if (Directory.Exists(DebianRoot))
        {
            // The newest major version first: /usr/lib/postgresql/15/bin/initdb.
            var candidates = Directory.EnumerateDirectories(DebianRoot)
                .Select(directory => (Version: int.TryParse(Path.GetFileName(directory), out var major) ? major : -1, Path: Path.Combine(directory, "bin", name)))
                .Where(candidate => File.Exists(candidate.Path))
                .OrderByDescending(candidate => candidate.Version);
            foreach (var candidate in candidates)
            {
                return candidate.Path;
            }
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new PostgreSqlServerException(
            $"PostgreSQL's '{name}' was not found (searched {DebianRoot}/*/bin and PATH). The runtime integration tests start " +
            "their own PostgreSQL server: run eng/test.sh (it apt-installs postgresql), or install it with `apt-get install -y postgresql`.");
    }
}
