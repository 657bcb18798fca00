namespace StaleConn.EndToEnd.Tests.Infrastructure;

/// <summary>Paths inside the repository these tests were built from.</summary>
public static class RepositoryLayout
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string File(params string[] relative) => Path.Combine(new[] { Root }.Concat(relative).ToArray());

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(directory.FullName, "StaleConn.Analyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No StaleConn.Analyzers.sln above {AppContext.BaseDirectory}: run the tests from the repository.");
    }
}
